"""The connection pool and per-connection database settings.

The pool holds DATABASE_POOL_SIZE connections and no overflow; a request that waits longer than
DATABASE_POOL_TIMEOUT for one gets a 503 with Retry-After (forum.errors), never a hang.

SQLite: WAL (readers never wait for the writer), a busy timeout, foreign keys on. Requests that
write start their transaction with BEGIN IMMEDIATE: a deferred transaction that reads, then
writes while another connection holds the write lock fails at once with "database is locked"
whatever the timeout (SQLite cannot upgrade a stale read snapshot), whereas IMMEDIATE waits its
turn up to busy_timeout. Which requests write is decided in one place, forum.transactions, which
also commits them.
"""

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from forum.transactions import request_writes

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _begin_statement() -> str:
    """IMMEDIATE for what may write: a request that commits (the same rule, forum.transactions),
    and all work outside requests (CLI commands, the mail sender). Socket.IO events run in a
    request context of the socket's GET: they begin deferred, as they only read."""
    if has_request_context() and not request_writes():
        return "BEGIN"
    return "BEGIN IMMEDIATE"


# A request holds at most one pooled connection, for milliseconds (mail and events leave from
# background threads), so the pool need not match gunicorn's threads, most of which hold WebSockets
# that use no connection between events. PostgreSQL: up to 20 per process (four processes fit its
# default max_connections of 100 with room for the CLI). SQLite: 5, as it takes one writer at a
# time; more connections only wait in its busy loop, which is not first come first served, while
# the pool's queue is (64 back-to-back posting clients, one process: p95 1.6-1.8 s with 5, 2.9-3.1 s
# with 20, the same throughput).
POOL_SIZE_MAX = {"postgresql": 20, "sqlite": 5}


def default_pool_size(backend: str) -> int:
    """POOL_SIZE_MAX, or the server's threads when fewer (gunicorn.conf.py exports SERVER_THREADS)."""
    largest = POOL_SIZE_MAX.get(backend, 20)
    threads = os.environ.get("SERVER_THREADS", "")
    return max(1, min(int(threads), largest)) if threads.isascii() and threads.isdigit() else largest


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """SQLALCHEMY_ENGINE_OPTIONS with the pool's size and timeout from the settings."""
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    backend = url.get_backend_name()
    if backend == "sqlite" and url.database in (None, "", ":memory:"):
        return options  # one shared in-memory connection: no pool to size
    size = config.get("DATABASE_POOL_SIZE") or default_pool_size(backend)
    return {"pool_size": int(size), "max_overflow": 0, "pool_timeout": int(config["DATABASE_POOL_TIMEOUT"]),
            **options}


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
