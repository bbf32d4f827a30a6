"""Where a transaction ends: one rule for requests, CLI commands, Socket.IO events and mail jobs.

Handlers call `do_*` services and never commit or roll back themselves (STYLE.md: one request,
one transaction). The request's transaction ends after the view has built its response, in
`init_app`'s after_request hook:

* committed when the request writes (`request_writes`: POST, PUT, PATCH, DELETE, or a GET view
  marked `@writes`), answers below 400 and was not marked failed with `fail()`;
* rolled back otherwise: a read, an error page (Flask runs after_request for the responses of
  error handlers too), or a form shown again with its error status.

The body is built before the commit, so nothing has to be serialized "before the commit"; what
the commit triggers (counters at before_commit, mail and events at after_commit, forum.outbox)
runs through the same session as before. A commit that fails is answered as if the view had
raised it (a locked database: the 503 of forum.errors; anything else: the 500 page).

Code that runs outside a request (CLI commands, Socket.IO events, the mail sender's jobs) wraps
its work in `unit_of_work()`: commit when the block returns, roll back when it raises.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import Flask, Response, current_app, request

from forum.extensions import db

F = TypeVar("F", bound=Callable[..., Any])
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# In the WSGI environ rather than `g`: `g` lives as long as the application context, which tests
# (and Socket.IO events) share between requests.
_FAILED = "horizonte.transaction_failed"
_KEPT = "horizonte.kept_after_failure"


def writes(view: F) -> F:
    """Mark a GET view that writes (a mailed confirmation link, marking a conversation read).

    Its transaction then commits like a POST's, and begins IMMEDIATE on SQLite (forum.database),
    so it waits behind another writer (a request, the mail sender recording what it sent)
    instead of failing at once. An unmarked GET is rolled back: what it wrote is lost.
    """
    view.writes_on_get = True  # type: ignore[attr-defined]
    return view


def request_writes() -> bool:
    """Whether the current request may write: its method, or its view is marked `@writes`."""
    if request.method in WRITE_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "writes_on_get", False))


def fail() -> None:
    """Roll the current request's transaction back although its answer is a success (a redirect
    that carries the error in a flash message: forum.web.helpers.redirect_with_error)."""
    request.environ[_FAILED] = True


def keep_after_failure(write: Callable[[], None]) -> None:
    """Run `write` in a transaction of its own if this request's transaction is rolled back.

    For what a failed request must still keep (the text of a post refused for its length, a rate
    limit or a locked thread: forum.web.drafts.keeps_draft). It runs after the rollback, so it
    never keeps anything of the failed write; when it fails itself, it is logged and dropped.
    """
    request.environ.setdefault(_KEPT, []).append(write)


def _run_kept() -> None:
    for write in request.environ.pop(_KEPT, []):
        try:
            write()
            db.session.commit()
        except Exception:
            db.session.rollback()
            current_app.logger.exception("a write kept after a failed request failed")


def _end_request(response: Response) -> Response:
    if not (request_writes() and response.status_code < 400 and not request.environ.get(_FAILED)):
        db.session.rollback()
        _run_kept()
        return response
    try:
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        _run_kept()
        # The error handlers a view's exception would get (forum.errors); one that has none
        # propagates and becomes the 500 page, this hook rolling back again for it.
        return current_app.make_response(current_app.handle_user_exception(error))
    return response


def init_app(app: Flask) -> None:
    """Register the request boundary. Call it after every other after_request hook: Flask runs
    them in reverse order, so this one ends the transaction first and the response of a failed
    commit still gets the others (security headers)."""
    app.after_request(_end_request)


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit the session when the block returns, roll it back when it raises (and re-raise).

    Also a decorator (`@unit_of_work()`), as on the CLI commands.
    """
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
