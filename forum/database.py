"""Per-connection database settings.

SQLite: WAL (readers never wait for the writer), a busy timeout, foreign keys on. Requests that
write start their transaction with BEGIN IMMEDIATE: a deferred transaction that reads, then
writes while another connection holds the write lock fails at once with "database is locked"
whatever the timeout (SQLite cannot upgrade a stale read snapshot), whereas IMMEDIATE waits its
turn up to busy_timeout.
"""

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 10_000
_WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _begin_statement() -> str:
    if has_request_context() and request.method not in _WRITE_METHODS:
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
