"""The OpenAPI 3.1 document of /api/v1, kept by hand beside the views, one module per domain.

Why by hand and not generated: the views read their input with `json_body(allowed=...)` and the
services' `check_*` functions, not with schema classes a generator could read, and their answers
are dicts built by forum.serializers. A generator (apispec) would still need every schema written,
in docstrings or marshmallow classes, and would add a dependency to the served package. Here each
operation is a few lines of Python next to the others of its domain, and tests/test_openapi.py holds
the document equal to the code: every route of the `api` blueprint has an operation and every
operation a route (methods and path parameters included), each JSON body's properties are the
view's `json_body` fields, and the served document validates against the OpenAPI 3.1 schema.
Schemathesis (tests/test_schemathesis.py) checks the answers of a live server against it.
"""

import copy
import functools
import json
import re
from collections import Counter
from typing import Any

from forum.api.openapi import (
    components,
    cooperation,
    discussions,
    experiences,
    meta,
    moderation,
    people,
    projects,
    search,
)
from forum.api.openapi.spec import Operation, to_openapi

DOMAINS = (discussions, people, search, moderation, experiences, cooperation, projects, meta)
BASE_PATH = "/api/v1"
VERSION = "1"


def operations() -> list[tuple[str, Operation]]:
    """(tag, operation) of every domain, in the order of the document."""
    return [(domain.TAG, op) for domain in DOMAINS for op in domain.OPERATIONS]


@functools.cache
def _document() -> dict[str, Any]:
    ops = operations()
    per_endpoint = Counter(op.endpoint for _tag, op in ops)
    paths: dict[str, dict[str, Any]] = {}
    for tag, op in ops:
        operation_id = op.endpoint if per_endpoint[op.endpoint] == 1 else f"{op.endpoint}_{op.method}"
        paths.setdefault(op.path, {})[op.method] = to_openapi(op, tag, operation_id)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Horizonte API",
            "version": VERSION,
            "description": (
                "JSON under /api/v1: thin views over the same services as the pages.\n\n"
                "**Authentication**: a personal token (`Authorization: Bearer hz_...`) or the session cookie "
                "(writes then need the `X-CSRFToken` header). **Errors** are `{\"error\": {\"code\", \"message\"}}`. "
                "A lookup answers 404 for \"missing\" and \"not yours\" alike; a body with a field the endpoint "
                "does not name is refused (422 `unknown_field`). Every answer carries `X-Request-Id`."),
        },
        "servers": [{"url": BASE_PATH}],
        "tags": [{"name": domain.TAG, "description": (domain.__doc__ or "").strip()} for domain in DOMAINS],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": components.SCHEMAS, "responses": components.RESPONSES,
                       "securitySchemes": components.SECURITY_SCHEMES},
    }


def document() -> dict[str, Any]:
    """The whole document (a copy: callers may change it)."""
    return copy.deepcopy(_document())


@functools.cache
def document_json() -> bytes:
    """The document as served: built and encoded once per process (190 KB; encoding it took
    half a second a request under load)."""
    return json.dumps(_document(), ensure_ascii=False, separators=(",", ":")).encode()


def rule_to_path(rule: str) -> str:
    """A Flask rule of the blueprint as the document's path: "/api/v1/threads/<int:thread_id>" ->
    "/threads/{thread_id}"."""
    assert rule.startswith(BASE_PATH), rule
    return re.sub(r"<(?:[^<>:]+:)?([^<>:]+)>", r"{\1}", rule[len(BASE_PATH):])
