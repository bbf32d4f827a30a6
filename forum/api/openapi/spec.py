"""The small vocabulary the domain modules of forum.api.openapi describe their operations in.

An operation names its view (`endpoint`, as in `url_for("api.<endpoint>")`), so tests/test_openapi.py
can hold the document equal to the routes: every (endpoint, method) of the `api` blueprint has an
operation, every operation a route, with the same path, the same path parameters and, for a JSON
body, the same fields as the view's `json_body(allowed=...)`.

Error answers are added by rule rather than by hand, from what every API request goes through
(forum.api.blueprint, forum.boundary, forum.errors):
* 401: any operation (a bearer token that was sent must be valid; `signed_in` ones also want a user);
* 422: any operation (a control character in a path parameter or the query string is refused
  before the view runs; a JSON body or a query parameter that breaks a rule);
* 400 and 413: operations with a body (not JSON, not an object, the CSRF header missing from a
  cookie session's write; a body over 1 MB);
* 404: operations with a path parameter;
* 403: signed-in operations (a suspended, unverified or deactivated account; a rule of the action);
* 503: any operation (the database busy or its pool exhausted);
* 429: the rate-limited ones.
An operation adds the others it answers (`errors=`): 409, 415, a 403 or 404 that the rule misses.
"""

from dataclasses import dataclass, field
from typing import Any

Schema = dict[str, Any]

# ---------- schema helpers ----------

STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}
NUMBER: Schema = {"type": "number"}
BOOLEAN: Schema = {"type": "boolean"}
ANY: Schema = {}
# serializers.iso: an ISO 8601 time in UTC ("2026-03-01T12:00:00Z")
DATETIME: Schema = {"type": "string", "format": "date-time"}
DATE: Schema = {"type": "string", "format": "date"}
ID: Schema = {"type": "integer", "minimum": 1}


def nullable(schema: Schema) -> Schema:
    """The schema, or null (OpenAPI 3.1: a list of types, or anyOf for a reference)."""
    if "$ref" in schema or "type" not in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    out = {**schema, "type": [*types, "null"]}
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def array(items: Schema, **extra: Any) -> Schema:
    return {"type": "array", "items": items, **extra}


def enum(*values: str) -> Schema:
    return {"type": "string", "enum": list(values)}


def obj(properties: dict[str, Schema] | None = None, *, required: list[str] | tuple[str, ...] | str = (),
        optional: dict[str, Schema] | None = None, additional: Any = None, description: str | None = None
        ) -> Schema:
    """An object. `required`: the names that are always present ("*": every name of `properties`);
    `optional`: properties present only sometimes."""
    props = dict(properties or {})
    names = list(props) if required == "*" else list(required)
    props.update(optional or {})
    out: Schema = {"type": "object", "properties": props}
    if names:
        out["required"] = names
    if additional is not None:
        out["additionalProperties"] = additional
    if description:
        out["description"] = description
    return out


def strict(properties: dict[str, Schema], *, optional: dict[str, Schema] | None = None) -> Schema:
    """An object whose `properties` are always all present, and that has no other."""
    return obj(properties, required="*", optional=optional, additional=False)


def page_of(items: Schema, **more: Schema) -> Schema:
    """helpers.paginated: {items, page, pages, total} (and `more`)."""
    return strict({"items": array(items), "page": INTEGER, "pages": INTEGER, "total": INTEGER, **more})


# ---------- parameters ----------

MAX_ID = 2**31 - 1  # forum.services.validation.MAX_ID: larger ids do not match the route (404)
MAX_PAGE = 1_000_000  # forum.services.validation.MAX_PAGE

PATH_PARAMETERS: dict[str, tuple[Schema, str]] = {
    "slug": ({"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "maxLength": 64},
             "The community's or organization's address."),
    "username": ({"type": "string", "pattern": r"^[A-Za-z0-9_-]{3,30}$"}, "A member's username."),
    "code": ({"type": "string", "pattern": "^[A-Za-z]{2}$"}, "An ISO 3166-1 alpha-2 country code."),
    "lang": ({"type": "string", "pattern": "^[a-z]{2,3}$"}, "A language code (en, es, pt, fr, ...)."),
    "key": ({"type": "string", "pattern": r"^(reply|thread|message|experience):[a-z0-9][a-z0-9-]{0,99}$"},
            "The draft's place: reply:<thread id>, thread:<community slug>, message:<conversation id>, "
            "message:new, experience:<id>."),
    "token": ({"type": "string", "maxLength": 64}, "The compendium job's token."),
    "kind": (enum("helpful", "thanks", "same_here"), "The reaction."),
}


def path_parameter(name: str, values: list[str] | None = None) -> Schema:
    """`<int:x_id>` is an integer id (10 ASCII digits at most, forum.boundary.IdConverter);
    `<any(a, b):name>` an enumeration; the others from PATH_PARAMETERS."""
    if values is not None:
        schema, description = enum(*values), "What to do."
    elif name.endswith("_id"):
        schema, description = {"type": "integer", "minimum": 1, "maximum": MAX_ID}, "An id."
    else:
        schema, description = PATH_PARAMETERS[name]
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": description}


def query(name: str, schema: Schema | None = None, description: str = "", *, required: bool = False) -> Schema:
    out: Schema = {"name": name, "in": "query", "schema": schema or STRING}
    if description:
        out["description"] = description
    if required:
        out["required"] = True
    return out


PAGE = query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}, "The page, from 1.")


# ---------- operations ----------

@dataclass
class Operation:
    method: str  # "get", "post", ...
    path: str  # under /api/v1, with {name} parameters: "/threads/{thread_id}"
    endpoint: str  # the view's name in the api blueprint
    summary: str
    ok: dict[int, Schema | None]  # status -> the JSON body's schema (None: no body, or `content` given)
    signed_in: bool = True  # the view calls signed_in_user() (else a guest may ask)
    body: Schema | None = None  # the JSON body: an object whose properties are json_body's fields
    query: list[Schema] = field(default_factory=list)
    errors: tuple[int, ...] = ()  # answered besides those the rules add (see the module)
    rate_limited: bool = False
    description: str = ""
    content: dict[int, dict[str, Any]] = field(default_factory=dict)  # status -> content, for non-JSON
    headers: dict[int, dict[str, Any]] = field(default_factory=dict)  # status -> response headers
    multipart: Schema | None = None  # a multipart/form-data body instead of JSON
    no_error: tuple[int, ...] = ()  # statuses the rules add that this operation never answers
    path_values: dict[str, list[str]] = field(default_factory=dict)  # <any(...)> parameters
    example: dict[str, Any] | None = None  # a JSON body that works (shown in /api/docs; sent by Schemathesis)

    @property
    def path_names(self) -> list[str]:
        import re

        return re.findall(r"{([^}]+)}", self.path)


ERROR_RESPONSES = {
    400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict",
    413: "TooLarge", 415: "UnsupportedMediaType", 422: "Invalid", 429: "RateLimited", 503: "Busy",
}

# A cookie session's reads need the cookie; its writes also the X-CSRFToken header.
_READ_SECURITY = [{"bearer": []}, {"session": []}]
_WRITE_SECURITY = [{"bearer": []}, {"session": [], "csrf": []}]


def error_statuses(op: Operation) -> set[int]:
    statuses = {401, 422, 503, *op.errors}
    if op.body is not None or op.multipart is not None:
        statuses |= {400, 413}
    if op.path_names:
        statuses.add(404)
    if op.signed_in:
        statuses.add(403)
    if op.rate_limited:
        statuses.add(429)
    if op.method != "get" and op.signed_in:
        statuses.add(400)  # a cookie session's write without the CSRF header
    return statuses - set(op.no_error)


def to_openapi(op: Operation, tag: str, operation_id: str) -> dict[str, Any]:
    """The operation object of the document."""
    writes = op.method not in ("get", "head", "options")
    security = _WRITE_SECURITY if writes else _READ_SECURITY
    out: dict[str, Any] = {
        "operationId": operation_id,
        "summary": op.summary,
        "tags": [tag],
        "security": security if op.signed_in else [*security, {}],
    }
    if op.description:
        out["description"] = op.description
    parameters = [path_parameter(name, op.path_values.get(name)) for name in op.path_names] + list(op.query)
    if parameters:
        out["parameters"] = parameters
    if op.body is not None:
        media: dict[str, Any] = {"schema": op.body}
        if op.example is not None:
            media["example"] = op.example
        out["requestBody"] = {"required": True, "content": {"application/json": media}}
    elif op.multipart is not None:
        out["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": op.multipart}}}
    responses: dict[str, Any] = {}
    for status, schema in sorted(op.ok.items()):
        response: dict[str, Any] = {"description": _SUCCESS.get(status, "Done.")}
        if status in op.content:
            response["content"] = op.content[status]
        elif schema is not None:
            response["content"] = {"application/json": {"schema": schema}}
        if status in op.headers:
            response["headers"] = op.headers[status]
        responses[str(status)] = response
    for status in sorted(error_statuses(op)):
        responses[str(status)] = {"$ref": f"#/components/responses/{ERROR_RESPONSES[status]}"}
    out["responses"] = responses
    return out

_SUCCESS = {200: "Done.", 201: "Created.", 202: "Accepted: the work goes on in the background.",
            204: "Done; no body.", 301: "Moved permanently (see Location)."}
