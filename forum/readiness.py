"""Whether this process may take traffic (`GET /readyz`), beside `GET /healthz` (it is alive).

Ready means: the database answers, its schema is at the migrations' head (a process started
before `flask db upgrade` finished, or from newer code than the database, is not ready), and
Redis answers when one is configured (without it, live events and rate limits do not cross
processes). Each check says only "ok" or what is wrong: no version, address or error text.
"""

from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from forum.extensions import db
from forum.schema_migrations import migration_heads

REDIS_TIMEOUT_SECONDS = 0.5


def _database() -> tuple[str, str]:
    """(database check, migrations check)."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return "unreachable", "unknown"
    try:
        applied = frozenset(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:  # no alembic_version table: never migrated
        db.session.rollback()
        return "ok", "not applied"
    return "ok", "ok" if applied == migration_heads() else "not current"


def _redis(app: Flask) -> str:
    url = app.config.get("REDIS_URL")
    if not url:
        return "not configured"
    key = f"readiness_redis:{url}"
    client = app.extensions.get(key)
    if client is None:
        client = app.extensions[key] = Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
    try:
        client.ping()
    except (RedisError, OSError):
        return "unreachable"
    return "ok"


def readiness(app: Flask) -> tuple[bool, dict[str, str]]:
    """(ready, {check: "ok" or what is wrong}) for the database, its migrations and Redis."""
    database, migrations = _database()
    checks = {"database": database, "migrations": migrations, "redis": _redis(app)}
    ready = all(value in ("ok", "not configured") for value in checks.values())
    return ready, checks
