"""Request parsing shared by the API views."""

from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from forum.errors import BadRequest, ValidationError
from forum.permissions import require_signed_in
from forum.services.validation import MAX_PAGE, check_int, has_no_controls


def json_body(allowed: set[str]) -> dict[str, Any]:
    """The request's JSON object, refusing fields the endpoint does not name (no mass assignment)."""
    if not request.is_json:
        raise BadRequest(_("Send JSON with Content-Type: application/json."), code="not_json")
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # thousands of nested brackets: refuse, do not crash
        data = None
    if not isinstance(data, dict):
        raise BadRequest(_("The body must be a JSON object."), code="invalid_json")
    _refuse_control_characters(data)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError(unknown[0], _("Unknown field: %(name)s.", name=unknown[0]), code="unknown_field")
    return data


def _refuse_control_characters(data: dict[str, Any]) -> None:
    """No control character in any name or text of the body (tabs and line breaks allowed in text):
    the request boundary's rule (forum.boundary) for JSON. The error names the top-level field."""
    stack: list[tuple[str | None, Any]] = [(None, data)]
    while stack:  # iterative: a body nested a thousand deep must not exhaust the stack
        field, value = stack.pop()
        if isinstance(value, str):
            if not has_no_controls(value):
                raise ValidationError(field, _("This text contains characters that are not allowed."))
        elif isinstance(value, dict):
            for key, item in value.items():
                if not has_no_controls(key, multiline=False):
                    raise ValidationError(field, _("This text contains characters that are not allowed."))
                stack.append((field or key, item))
        elif isinstance(value, list):
            stack.extend((field, item) for item in value)


def page_param() -> int:
    return check_int(request.args.get("page", "1"), "page", minimum=1, maximum=MAX_PAGE)


def signed_in_user():
    return require_signed_in(current_user)


def paginated(items: list, page: int, pages: int, total: int) -> dict[str, Any]:
    return {"items": items, "page": page, "pages": pages, "total": total}
