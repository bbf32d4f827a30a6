"""One error family for the whole application.

Services raise these; the handlers registered here turn them into an HTML page or, under /api/,
into `{"error": {"code", "message"}}` with the matching status. A bad input never becomes a 500.
"""

import functools
import logging
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)
E = TypeVar("E", bound=Exception)


class ForumError(Exception):
    status = 400
    code = "bad_request"
    default_message = _l("The request could not be understood.")

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        self.message = str(message) if message is not None else str(self.default_message)
        if code:
            self.code = code
        self.headers = headers or {}
        super().__init__(self.message)


class BadRequest(ForumError):
    pass


class ValidationError(ForumError):
    """An input that breaks a rule; `field` names the form field it belongs to."""

    status = 422
    code = "invalid"
    default_message = _l("Some values are not valid.")

    def __init__(self, field: str | None, message: str, *, code: str | None = None) -> None:
        self.field = field
        super().__init__(message, code=code)


class Unauthorized(ForumError):
    status = 401
    code = "unauthorized"
    default_message = _l("Please log in to do that.")


class Forbidden(ForumError):
    status = 403
    code = "forbidden"
    default_message = _l("You are not allowed to do that.")


class NotFound(ForumError):
    status = 404
    code = "not_found"
    default_message = _l("We could not find that page.")


class Conflict(ForumError):
    status = 409
    code = "conflict"
    default_message = _l("That conflicts with the current state.")


class PayloadTooLarge(ForumError):
    status = 413
    code = "too_large"
    default_message = _l("The request is too large.")


class RateLimited(ForumError):
    status = 429
    code = "rate_limited"
    default_message = _l("Too many requests. Please wait a moment and try again.")


class ServiceUnavailable(ForumError):
    status = 503
    code = "busy"
    default_message = _l("The service is busy. Please try again in a moment.")


def wants_json() -> bool:
    return request.path.startswith("/api/")


def busy_response(exc: PoolTimeoutError) -> Response:
    """503 + Retry-After for a request that found every pooled connection busy for
    DATABASE_POOL_TIMEOUT: shed it rather than queue it further. The page is drawn as for a
    visitor, since the user cannot be loaded without a connection."""
    from forum.extensions import login_manager

    log.warning("database pool exhausted: %s", exc)
    g._login_user = login_manager.anonymous_user()
    return error_response(503, "busy", str(ServiceUnavailable.default_message), {"Retry-After": "1"})


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> Response:
    if wants_json():
        response = jsonify({"error": {"code": code, "message": message}})
    else:
        response = Response(
            render_template("error.html", status=status, code=code, message=message),
            mimetype="text/html",
        )
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


_HTTP_CODES = {
    400: ("bad_request", _l("The request could not be understood.")),
    401: ("unauthorized", _l("Please log in to do that.")),
    403: ("forbidden", _l("You are not allowed to do that.")),
    404: ("not_found", _l("We could not find that page.")),
    405: ("method_not_allowed", _l("That method is not allowed here.")),
    413: ("too_large", _l("The request is too large.")),
    415: ("unsupported_media_type", _l("Send JSON with Content-Type: application/json.")),
    429: ("rate_limited", _l("Too many requests. Please wait a moment and try again.")),
    500: ("server_error", _l("Something went wrong on our side. It has been logged; please try again.")),
}


def _busy_safe(handler: Callable[[E], Response]) -> Callable[[E], Response]:
    """An error page needs the user (their language, the menu): when no pooled connection is free
    for that either, the answer is the 503 of an exhausted pool, not a 500 from the handler."""
    @functools.wraps(handler)
    def wrapper(exc: E) -> Response:
        try:
            return handler(exc)
        except PoolTimeoutError as busy:
            return busy_response(busy)

    return wrapper


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ForumError)
    @_busy_safe
    def handle_forum_error(exc: ForumError):
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.errorhandler(CSRFError)
    @_busy_safe
    def handle_csrf(exc: CSRFError):
        return error_response(
            400, "csrf_failed", str(_l("Your form expired or was sent from elsewhere. Please try again."))
        )

    @app.errorhandler(HTTPException)
    @_busy_safe
    def handle_http(exc: HTTPException):
        status = exc.code or 500
        code, message = _HTTP_CODES.get(status, ("error", exc.description or exc.name))
        headers = {}
        if status == 429:
            # Flask-Limiter's exception carries the limit; its headers include Retry-After.
            original = exc.get_response()
            for key in ("Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
                if key in original.headers:
                    headers[key] = original.headers[key]
        if status == 405:
            headers["Allow"] = ", ".join(getattr(exc, "valid_methods", None) or [])
        return error_response(status, code, str(message), headers)

    @app.errorhandler(PoolTimeoutError)
    def handle_pool_timeout(exc: PoolTimeoutError):
        return busy_response(exc)

    @app.errorhandler(OperationalError)
    @_busy_safe
    def handle_operational(exc: OperationalError):
        # SQLite's "database is locked" after busy_timeout: tell the client to retry.
        if "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower():
            log.warning("database busy: %s", exc.orig)
            return error_response(503, "busy", str(ServiceUnavailable.default_message), {"Retry-After": "1"})
        raise exc


class UnsupportedMediaType(ForumError):
    status = 415
    code = "unsupported_type"
    default_message = _l("This type of file is not accepted.")
