"""The connection pool and per-connection database settings.

The pool holds DATABASE_POOL_SIZE connections and no overflow; a request that waits longer than
DATABASE_POOL_TIMEOUT for one gets a 503 with Retry-After (forum.errors), never a hang.

SQLite: WAL (readers never wait for the writer), a busy timeout, foreign keys on. A transaction
that writes starts with BEGIN IMMEDIATE: a deferred transaction that reads, then writes while
another connection holds the write lock fails at once with "database is locked" whatever the
timeout (SQLite cannot upgrade a stale read snapshot), whereas IMMEDIATE waits its turn up to
busy_timeout. A request that writes (forum.transactions decides which, and commits them) runs its
reads outside a transaction, each statement on the latest commits, and takes the write lock with
its first write (`_before_write`): SQLite has one writer at a time, and a reply held that lock
while its reader was signed in, its permissions checked and its Markdown rendered, before it wrote
anything (issue #23). Each statement reading the latest commits is PostgreSQL's READ COMMITTED, which every
service is written for: numbers and counters move in SQL (UPDATE ... RETURNING, counters.add),
never from a value read earlier. Commands and background work begin IMMEDIATE at once; pages that
only read, deferred (one snapshot for the page).
"""

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from forum.transactions import request_writes

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _begin_statement() -> str | None:
    """How a SQLite transaction begins: deferred for a request that only reads (Socket.IO events
    run in a request context of the socket's GET: they only read); not at all for a request that
    writes (its first write begins it, `_before_write`); IMMEDIATE for all work outside requests
    (CLI commands, the mail sender)."""
    if has_request_context():
        return None if request_writes() else "BEGIN"
    return "BEGIN IMMEDIATE"


def _is_read(statement: str, context: Any) -> bool:
    """Whether a statement needs no write lock: a read, a pragma, or the BEGIN `_on_begin` sends.
    Anything else counts as a write, so no write ever runs outside the request's transaction."""
    head = statement.lstrip()[:6].upper()
    if head in ("SELECT", "PRAGMA") or head.startswith("BEGIN"):  # BEGIN: ours, from _on_begin
        return True
    if head.startswith("WITH"):  # a CTE: SQLAlchemy knows what it compiled
        return context is not None and not (context.isinsert or context.isupdate or context.isdelete)
    return False


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
        statement = _begin_statement()
        if statement is not None:
            connection.exec_driver_sql(statement)

    @event.listens_for(engine, "before_cursor_execute")
    def _before_write(connection, cursor, statement, parameters, context, executemany) -> None:
        """The first write of a request that writes begins its transaction, IMMEDIATE."""
        dbapi_connection = connection.connection.dbapi_connection
        if not dbapi_connection.in_transaction and not _is_read(statement, context):
            dbapi_connection.execute("BEGIN IMMEDIATE")


def init_database(app: Flask) -> None:
    from forum.extensions import db

    with app.app_context():
        configure_engine(db.engine)
