"""Per-connection database settings.

SQLite: WAL (readers never wait for the writer), a busy timeout, foreign keys on. Requests that
write start their transaction with BEGIN IMMEDIATE: a deferred transaction that reads, then
writes while another connection holds the write lock fails at once with "database is locked"
whatever the timeout (SQLite cannot upgrade a stale read snapshot), whereas IMMEDIATE waits its
turn up to busy_timeout.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 10_000
F = TypeVar("F", bound=Callable[..., Any])
_WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def writes(view: F) -> F:
    """Mark a GET view that writes (a mailed confirmation link, marking a conversation read).

    Its transaction then begins IMMEDIATE on SQLite like a POST's, so it waits behind another
    writer (a request, the mail sender recording what it sent) instead of failing at once.
    """
    view.writes_on_get = True  # type: ignore[attr-defined]
    return view


def _begin_statement() -> str:
    if has_request_context() and request.method not in _WRITE_METHODS:
        view = current_app.view_functions.get(request.endpoint or "")
        if not getattr(view, "writes_on_get", False):
            return "BEGIN"
    return "BEGIN IMMEDIATE"


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record) -> None:
        # Let us issue BEGIN ourselves (pysqlite's own implicit BEGIN is always deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql(_begin_statement())


def init_database(app: Flask) -> None:
    from forum.extensions import db

    with app.app_context():
        configure_engine(db.engine)
