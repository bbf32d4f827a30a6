"""Small pieces the views share."""

from urllib.parse import urlsplit

from flask import flash, redirect, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forum.errors import NotFound, ValidationError
from forum.services.validation import MAX_ID, MAX_PAGE, check_int, check_optional_int, has_no_controls
from forum.transactions import fail


def page_arg(name: str = "page") -> int:
    """The ?page= number: 1 when absent; a page that cannot exist (not a whole number, or out of
    range) is a 404, as a page beyond the last is."""
    try:
        return check_int(request.args.get(name, "1"), name, minimum=1, maximum=MAX_PAGE)
    except ValidationError:
        raise NotFound(_("This page does not exist.")) from None


def id_arg(name: str) -> int | None:
    """An object id from the query string (?quote=12), None when absent; a 422 naming the parameter
    when it is not one."""
    return check_optional_int(request.args.get(name), name, minimum=1, maximum=MAX_ID)


def safe_next(target: str | None, default: str = "/") -> str:
    """A path on this site, or the default: `next=` must never send a user elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if not has_no_controls(target, multiline=False):  # a header cannot carry them
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def redirect_with_error(url: str, message: str) -> Response:
    """Back to `url` (303) with `message` flashed as an error, the request's writes rolled back:
    for actions whose refusal is shown on the page they came from rather than on a form. The
    redirect is a success to the transaction boundary, hence `fail()`."""
    flash(message, "error")
    fail()
    return redirect(url, 303)
