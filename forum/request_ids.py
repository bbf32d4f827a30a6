"""One id per request, in the `X-Request-Id` response header and on error pages, so that what a
member reports ("Reference: 3f2a…") finds the request in the proxy's and the server's logs.

A proxy in front (nginx's `$request_id`) may send its own id: it is kept when it looks like one
(8 to 64 letters, digits, `.`, `_` or `-`), so both logs name the same request; anything else is
replaced by a new random id, never echoed.
"""

import re
import uuid

from flask import Flask, Response, g, request

HEADER = "X-Request-Id"
_ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id() -> str:
    """The current request's id (made on first use: an error raised before any hook ran has one too)."""
    if "request_id" not in g:
        given = request.headers.get(HEADER, "")
        g.request_id = given if _ACCEPTED.fullmatch(given) else uuid.uuid4().hex
    return g.request_id


def init_request_ids(app: Flask) -> None:
    app.jinja_env.globals["request_id"] = request_id

    @app.after_request
    def _header(response: Response) -> Response:
        response.headers[HEADER] = request_id()
        return response
