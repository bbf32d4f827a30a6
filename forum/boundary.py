"""The request boundary: what a request's path, query string and form names must be before any
view reads them.

Two kinds of input crashed views that trusted them (issue #16, findings 6 and 7):

* Numbers. `str.isdigit()` is True for "²" and for a 5,000-digit string, and `int()` then raises
  (or reads "١٢" as 12). Path ids go through `IdConverter` (ASCII digits, at most MAX_ID: an id
  PostgreSQL's INTEGER cannot hold is a 404, never an overflow); every other number from a request
  goes through `validation.check_int`.
* Control characters. PostgreSQL refuses NUL in text where SQLite stores it, and no parameter of
  ours needs any other control character. `refuse_control_characters` turns them away from path
  parameters, query strings (names and values) and form field names before any view runs, with a
  422 that names the parameter. JSON bodies are checked where they are read
  (`api.helpers.json_body`), and form values by the validators they all go through
  (`validation.check_text`), so a form comes back with what was typed next to its error instead
  of an error page. One function decides what is a control character: `validation.has_no_controls`.
"""

from typing import Any

from flask import Flask, current_app, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter, Map

from forum.errors import ValidationError
from forum.services.validation import MAX_ID, has_no_controls


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: at most 10 ASCII digits and at most MAX_ID, else the route does
    not match (404). werkzeug's own converter matches `\\d+`, which includes "١٢" (routed as 12)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def _refuse(name: str) -> ValidationError:
    return ValidationError(name[:40] if has_no_controls(name, multiline=False) else None,
                           _("This text contains characters that are not allowed."))


def refuse_control_characters() -> None:
    """422 for a control character in a path parameter, a query-string name or value, or a form
    field's name (form values: see the module's docstring)."""
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and not has_no_controls(value, multiline=False):
            raise _refuse(name)
    for name, value in request.args.items(multi=True):
        if not (has_no_controls(name, multiline=False) and has_no_controls(value, multiline=False)):
            raise _refuse(name)
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        for name in request.form:
            if not has_no_controls(name, multiline=False):
                raise _refuse(name)


# The views whose forms may carry an attached file (docs/uploads.md): their bodies may be as large as
# UPLOAD_MAX_BYTES and the form around it, where every other request stops at MAX_CONTENT_LENGTH.
FILE_ENDPOINTS = frozenset({"threads.create", "threads.reply", "threads.edit_post", "messages.new",
                            "messages.reply", "experiences.edit", "api.create_upload"})
MULTIPART_OVERHEAD = 256 * 1024


def allow_file_sized_bodies() -> None:
    """Runs before anything reads the body (refuse_control_characters reads the form's names)."""
    if request.method == "POST" and request.endpoint in FILE_ENDPOINTS:
        request.max_content_length = current_app.config["UPLOAD_MAX_BYTES"] + MULTIPART_OVERHEAD


def init_boundary(app: Flask) -> None:
    """Call before any blueprint is registered: rules take their converter when they are added."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(allow_file_sized_bodies)
    app.before_request(refuse_control_characters)
