"""Fixtures: a real database per test (SQLite file, and PostgreSQL when configured), the app,
clients, personas, captured events and a query counter.

Every test that uses `app` runs once per backend: `sqlite` always, `postgresql` when
TEST_DATABASE_URL is set (skipped with a reason otherwise; under CI=true it must be set).
"""

import atexit
import gc
import itertools
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.ctx import RequestContext
from flask.testing import EnvironBuilder
from flask_wtf.csrf import generate_csrf
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from forum import create_app, mail, outbox
from forum.extensions import db, limiter
from forum.realtime import events
from forum.services import legal, site_settings
from forum.web.fragments import EXTENSION as FRAGMENTS
from tests.factories import make_user
from tests.live import TEMPLATE_CACHE_DIR

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("TEST_DATABASE_URL")
REDIS_URL = os.environ.get("TEST_REDIS_URL")


def _driver_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def require_service(value: str | None, name: str) -> str:
    """The service URL, or a skip with a reason (a failure under CI, where it must be set)."""
    if value:
        return value
    if IN_CI:
        pytest.fail(f"{name} must be set in CI: the suite must run against it, not skip")
    pytest.skip(f"{name} is not set: no {name.split('_')[1].lower()} server to test against")


@pytest.fixture(scope="session")
def pg_database(worker_id: str) -> Iterator[str]:
    """One PostgreSQL database per test process, created for the session and dropped after it."""
    yield from _pg_database(f"horizonte_test_{worker_id}_{os.getpid()}")


@pytest.fixture(scope="session")
def pg_shared_database(worker_id: str) -> Iterator[str]:
    """A second one, for the tests that share a live server (`shared_app`): `app` empties the
    first before every test, which would pull the rows from under a server that outlives a test."""
    yield from _pg_database(f"horizonte_test_{worker_id}_{os.getpid()}_shared")


def _pg_database(name: str) -> Iterator[str]:
    base = _driver_url(require_service(PG_URL, "TEST_DATABASE_URL"))
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def worker_id(request) -> str:
    return getattr(request.config, "workerinput", {}).get("workerid", "main")


BACKENDS = ["sqlite", "postgresql"]
# For the few long walks whose subject is not the database (a permission rule decided in Python,
# a server process killed and restarted): once, on PostgreSQL when there is one (what production
# runs), else on SQLite; every other test runs on both.
ONE_DATABASE = "postgresql" if PG_URL else "sqlite"
ONE_BACKEND = pytest.mark.parametrize("database_url", [ONE_DATABASE], indirect=True)
# For the permission matrices (hundreds of short cases, each a rule decided in Python about an
# action whose own tests run on both databases): SQLite, where a case costs a third of what it
# costs on PostgreSQL (a server round trip for each of its fifty statements).
MATRIX_BACKEND = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


# Which families run on PostgreSQL as well as SQLite. A family runs on both when its subject is SQL
# that the two databases can answer differently: search (FTS5 and tsvector), counters, locking and
# concurrent writes, migrations and backups, money and dates in projects, experiences' records and
# facets, the aggregates of the home, country, chart and directory pages, notifications' grouping,
# cooperation's matching, data export and deletion across every table, the page cache's revisions.
# The families below run on SQLite only: their subject is a rule decided in Python (who may
# moderate what, what an account or a token may do, rate limits, sessions), the HTTP face of
# services whose own tests run on both (the web and API pages of projects, experiences,
# organizations, threads, people), or text and formatting (translations, dates and numbers,
# content language, page weight). PostgreSQL still meets every one of their routes in CI: the
# route walkers (tests/test_route_access.py: every GET route as every persona; tests/test_route_inputs.py:
# every parameter, form and JSON field with hostile values) and Schemathesis (every API operation)
# run there. This keeps `.ci/run` inside its 8 minutes (issue #17): the PostgreSQL variants of
# these families cost about 500 s of worker time.
SQLITE_ONLY_MODULES = frozenset({
    # rules decided in Python (the permission matrices and their neighbours)
    "test_web_moderation", "test_api_moderation", "test_web_accounts", "test_api_errors", "test_api_auth",
    "test_api_permissions", "test_sessions", "test_administration", "test_oidc", "test_legal",
    "test_ratelimits", "test_api_ratelimit", "test_drafts_ratelimit", "test_search_ratelimit",
    # HTTP faces of services tested on both databases
    "test_api_experiences", "test_web_experiences", "test_web_projects", "test_api_projects",
    "test_web_organizations", "test_api_organizations", "test_api_read", "test_api_write", "test_web_threads",
    "test_web_forms", "test_people_profiles", "test_web_people_experiences", "test_avatars", "test_uploads",
    "test_bookmarks", "test_messages", "test_drafts",
    # text, formatting and page shape
    "test_untranslated", "test_i18n", "test_times_and_numbers", "test_content_language", "test_page_weight",
    "test_pages_performance", "test_fragments", "test_metrics",
})


def pytest_collection_modifyitems(config, items) -> None:
    """Leave out the PostgreSQL variant of a SQLITE_ONLY_MODULES test whose SQLite variant runs (a
    test that runs on one database only, e.g. ONE_BACKEND, is never left out)."""
    def backend(item) -> str | None:
        callspec = getattr(item, "callspec", None)
        return callspec.params.get("database_url") if callspec is not None else None

    ids = {item.nodeid for item in items}
    dropped = [item for item in items
               if backend(item) == "postgresql" and item.module is not None
               and item.module.__name__.rsplit(".", 1)[-1] in SQLITE_ONLY_MODULES
               and item.nodeid.replace("postgresql", "sqlite") in ids]
    if dropped:
        gone = set(map(id, dropped))
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if id(item) not in gone]


def pytest_collection_finish(session) -> None:
    """Python's cycle collector, tuned for a test process: everything imported and collected so
    far (the app's modules, SQLAlchemy's mappers, the test items) is frozen out of its reach, and
    it runs after 100,000 new objects instead of 700. Each request of a test allocates thousands
    of short-lived objects (ORM rows, compiled templates' frames); with the default thresholds the
    collector walked the whole heap every few requests: a tenth of the suite's CPU time."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def _exit_without_teardown() -> None:
    """A test worker (pytest-xdist) leaves without tearing its interpreter down: freeing the heap
    of a whole run object by object took 6-9 s at the end of every suite. By the time the
    interpreter exits the worker has reported everything to the controller; what the other exit
    handlers would do (the background senders' last flush, logging's) is done here first."""
    settle_background()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if os.environ.get("PYTEST_XDIST_WORKER"):
    atexit.register(_exit_without_teardown)


@pytest.fixture(scope="session")
def sqlite_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("sqlite")


@pytest.fixture(params=BACKENDS)
def database_url(request) -> str:
    """An empty SQLite file (the same path for every test of this process), or this process's
    PostgreSQL database. The same URL for every test lets `app` build one app per configuration."""
    if request.param == "sqlite":
        path = request.getfixturevalue("sqlite_dir") / "forum.db"
        _remove_sqlite(path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("pg_database")


def make_test_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SERVER_NAME": None,
        "MAIL_SERVER": None,
        "RATELIMIT_ENABLED": False,
        "REDIS_URL": None,
        # argon2id at its cheapest: a persona costs microseconds, not a tenth of a second
        # (tests/test_config.py checks the production parameters).
        "PASSWORD_HASH_PROFILE": "CHEAPEST",
        # Pages rendered afresh: a test sees its own writes at once (tests/test_fragments.py
        # turns the cache on).
        "FRAGMENT_CACHE_SECONDS": 0,
        # The builders of many tests publish a record as the moderator who documented it (one of
        # its editors): two-person publishing, the default, is tested where it is the subject
        # (tests/test_experience_workflow.py).
        "EXPERIENCE_PUBLISH_REVIEWERS": 0,
        # Templates compiled once for the whole run: each worker builds several apps (one per
        # configuration) and starts servers, and each would compile every template it renders.
        "TEMPLATE_CACHE_DIR": TEMPLATE_CACHE_DIR,
        # Uploaded files of this test process, never the instance folder of the checkout.
        "UPLOAD_DIR": str(Path(tempfile.gettempdir()) / f"horizonte-test-uploads-{os.getpid()}"),
    }
    config.update(overrides)
    return config


@pytest.fixture
def app_config(database_url: str) -> dict[str, Any]:
    """Override in a test module to change settings before the app is built."""
    return make_test_config(database_url)


# Building the app costs about 0.3 s (werkzeug compiles every URL rule), so each test process
# keeps one app per configuration; `app` gives each test an empty database and the settings it
# was built with. Apps with rate limits on are built afresh: Flask-Limiter keeps its settings and
# its counters on the one `limiter` object, from the app last given to init_app.
_APPS: dict[str, Flask] = {}


def _app_for(app_config: dict[str, Any]) -> Flask:
    if app_config.get("RATELIMIT_ENABLED"):
        return create_app(app_config)
    key = repr(sorted(app_config.items()))
    app = _APPS.get(key)
    if app is None:
        app = _APPS[key] = create_app(app_config)
    limiter.enabled = False  # whatever the last app built said
    return app


def _empty_database(app: Flask) -> None:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            _empty_postgresql()
        else:
            _empty_sqlite()


@pytest.fixture
def app(app_config: dict[str, Any]):
    app = _app_for(app_config)
    settings = dict(app.config)
    _empty_database(app)
    with app.app_context():  # an empty database has no terms to accept (forum.services.legal)
        legal.forget_current({})
        site_settings.forget_current(site_settings.DEFAULTS)  # nor settings: the defaults
    # Pages kept by an earlier test name rows of its database (a thread's id and revision).
    app.extensions[FRAGMENTS].clear()
    with app.app_context():
        if app.config["RATELIMIT_ENABLED"] and limiter.storage.check():  # a test may point it at a dead Redis
            limiter.reset()
    yield app
    # What the test's commits handed to the background senders goes now, not into the next
    # test's database, and no job still holds a connection when the pool is disposed (it would be
    # left open).
    settle_background()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    app.config.clear()
    app.config.update(settings)


@contextmanager
def shared_app(request, backend: str, name: str) -> Iterator[Flask]:
    """An app on a database of its own, emptied once, for the tests that share one live server
    (a module's, or a test process's): starting gunicorn costs 2-5 s, a test of it well under one.

    The per-test `app` never touches this database (a SQLite file named after `name`, or the
    process's second PostgreSQL database), so the rows stay while the server serves them. The tests
    that share it each make their own rows (a thread, a user, a token) and never count on an empty
    database; what one test changes (a reply, a session ended) belongs to its own rows only.
    """
    if backend == "sqlite":
        url = f"sqlite:///{request.getfixturevalue('sqlite_dir') / f'shared-{name}.db'}"
    else:
        url = request.getfixturevalue("pg_shared_database")
    app = _app_for(make_test_config(url))
    _empty_database(app)
    try:
        yield app
    finally:
        settle_background()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def settle_background() -> None:
    """Wait until the background senders (mail, events, compendiums) have handled everything handed
    to them: before comparing rows that their work changes, and after each test. A job may retry a
    busy database for several seconds on a loaded machine."""
    from forum.services.experience_compendium import builder

    assert mail.sender.flush(60) and events.sender.flush(60) and builder.flush(120), "a background sender is stuck"


# ---------- an empty database for each test, without rebuilding the schema ----------

def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


_SQLITE_TEMPLATES: dict[str, Path] = {}


def _create_schema() -> None:
    """The models' tables, stamped with the migrations' head as `flask db upgrade` leaves them
    (tests/test_migrations.py holds the two schemas equal), so `/readyz` finds them current."""
    from forum.schema_migrations import migration_heads

    db.create_all()
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:head)"),
                     [{"head": head} for head in migration_heads()])


def _empty_sqlite() -> None:
    """Copy a freshly created schema over the database file (built once per process)."""
    path = Path(db.engine.url.database)
    db.engine.dispose()
    template = _SQLITE_TEMPLATES.get(str(path))
    if template is None:
        _remove_sqlite(path)
        _create_schema()
        db.engine.dispose()  # the last connection to close checkpoints the WAL into the file
        template = path.with_name(path.name + ".template")
        shutil.copyfile(path, template)
        _SQLITE_TEMPLATES[str(path)] = template
    _remove_sqlite(path)
    shutil.copyfile(template, path)


_SNAPSHOTS: dict[tuple[str, int, str], tuple[str, Any]] = {}


_APP_IDENTITIES = itertools.count(1)


def app_identity(app: Flask) -> int:
    """A number for this app, never reused by a later one (as `id()` may be, once an app built
    afresh for one test is collected): what is kept per app is kept under it."""
    return app.extensions.setdefault("tests_identity", next(_APP_IDENTITIES))


def starting_rows(app, key: str, build: Callable[[], Any]) -> Any:
    """The rows a family of tests starts from, built once per process and copied in for every
    other test of the family (a copy instead of a dozen registrations). `build` returns what the
    tests need to know of the rows (ids, tokens): the same value comes back with the copy.

    SQLite: a copy of the database file. PostgreSQL: a copy of every table in a schema of its own
    (the sequences' positions too), put back by a few server-side statements.
    """
    with app.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
        cache_key = (db.engine.url.render_as_string(hide_password=False), app_identity(app), key)
    found = _SNAPSHOTS.get(cache_key)
    if postgresql:
        with app.app_context(), db.engine.begin() as conn:
            if found:
                conn.exec_driver_sql(found[0])
                return found[1]
        value = build()
        settle_background()
        with app.app_context(), db.engine.begin() as conn:
            _SNAPSHOTS[cache_key] = (_save_postgresql_snapshot(conn, key), value)
        return value
    path = Path(cache_key[0].removeprefix("sqlite:///"))
    value = found[1] if found else build()
    settle_background()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # the last connection to close checkpoints the WAL into the file
    copy = path.with_name(f"{path.name}.{key}")
    if found:
        _remove_sqlite(path)
        shutil.copyfile(copy, path)
    else:
        shutil.copyfile(path, copy)
        _SNAPSHOTS[cache_key] = ("", value)
    return value


@dataclass(frozen=True)
class _Row:
    """An ORM object kept by `starting_objects` as its class and primary key."""

    model: type
    identity: tuple


def _as_rows(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _as_rows(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_as_rows(item) for item in value)
    if hasattr(value, "__mapper__"):
        return _Row(type(value), inspect(value).identity)
    return value


def _loaded(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _loaded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_loaded(item) for item in value)
    if isinstance(value, _Row):
        return db.session.get(value.model, value.identity)
    return value


def starting_objects(app, key: str, build: Callable[[], Any]) -> Any:
    """`starting_rows` for a builder that returns ORM objects (alone or in dicts, lists and tuples):
    its work is committed, each object is kept as its class and primary key, and every test gets
    them loaded in its own session (the caller's application context)."""
    db.session.commit()  # no connection of the caller's stays open on a file about to be replaced

    def build_and_commit() -> Any:
        value = build()
        db.session.commit()
        return _as_rows(value)

    return _loaded(starting_rows(app, key, build_and_commit))


def _save_postgresql_snapshot(conn, key: str) -> str:
    """Copy every table of the public schema into schema snapshot_<key>; return the statements
    that put the rows back (after emptying the tables, parents before children).

    A foreign key that closes a cycle (`use_alter`: a community's last thread) is copied as NULL
    and set once both tables are back; it is cleared before the tables are emptied."""
    schema = "snapshot_" + re.sub(r"\W", "_", key)
    conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}"')
    tables = set(conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")))
    tables.discard("alembic_version")
    ordered = sorted(tables - set(db.metadata.tables)) + [t.name for t in db.metadata.sorted_tables if t.name in tables]
    for name in ordered:
        conn.exec_driver_sql(f'CREATE TABLE "{schema}"."{name}" AS TABLE public."{name}"')
    clear, restore = [], []
    for table in db.metadata.sorted_tables:
        later = [c.name for fk in table.foreign_key_constraints if fk.use_alter for c in fk.columns]
        if table.name not in tables or not later:
            continue
        keys = [c.name for c in table.primary_key.columns]
        kept = f'"{schema}"."{table.name}__later"'
        columns = ", ".join(f'"{c}"' for c in keys + later)
        nulls = ", ".join(f'"{c}" = NULL' for c in later)
        values = ", ".join(f'"{c}" = k."{c}"' for c in later)
        same_row = " AND ".join(f't."{c}" = k."{c}"' for c in keys)
        conn.exec_driver_sql(f'CREATE TABLE {kept} AS SELECT {columns} FROM public."{table.name}"')
        conn.exec_driver_sql(f'UPDATE "{schema}"."{table.name}" SET {nulls}')
        clear.append(f'UPDATE public."{table.name}" SET {nulls}')
        restore.append(f'UPDATE public."{table.name}" AS t SET {values} FROM {kept} AS k WHERE {same_row}')
    positions = conn.execute(text("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"))
    statements = _without_foreign_key_checks() + clear + [f'DELETE FROM public."{name}"' for name in reversed(ordered)]
    # Columns by name: a schema rebuilt since (the migration tests leave one whose columns are in the
    # migrations' order) has the same columns, not always in the same order.
    columns: dict[str, list[str]] = defaultdict(list)
    for table, column in conn.execute(text(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = :schema "
            "ORDER BY table_name, ordinal_position"), {"schema": schema}):
        columns[table].append(f'"{column}"')
    statements += [f'INSERT INTO public."{name}" ({", ".join(columns[name])}) '
                   f'SELECT {", ".join(columns[name])} FROM "{schema}"."{name}"' for name in ordered]
    statements += restore
    statements += [f"SELECT setval('public.\"{name}\"', {last}, true)" if last is not None
                   else f"SELECT setval('public.\"{name}\"', 1, false)" for name, last in positions]
    return "; ".join(statements)


@dataclass
class _PostgresSchema:
    fingerprint: tuple
    tables: tuple[str, ...]  # every table, children before parents
    probe: str  # the tables that hold rows, and the sequences that handed out a number
    prefix: tuple[str, ...]  # what turns the foreign-key triggers off, when the role may


def _emptying(schema: _PostgresSchema, conn) -> str:
    """The statements that empty this test's tables: only those that hold rows (a test writes to
    a dozen of the eighty), and restart only the sequences it used. One probe query, then one
    script: about 5 ms where deleting from every table and restarting every sequence took 25."""
    filled, used = conn.exec_driver_sql(schema.probe).one()
    filled = set(filled or ())
    deletes = [f'DELETE FROM "{name}"' for name in schema.tables if name in filled]
    restarts = [f"SELECT setval('\"{name}\"', 1, false)" for name in sorted(used or ())]
    return "; ".join([*schema.prefix, *deletes, *restarts]) if deletes or restarts else ""


_PG_SCHEMAS: dict[str, _PostgresSchema] = {}
# Relations (tables, indexes, sequences) and columns of the public schema: a test that dropped or
# altered anything (the migration tests, a failed reindex) changes it, and the schema is rebuilt.
_PG_FINGERPRINT = text(
    "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    "        WHERE n.nspname = 'public'),"
    "       (SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
    "        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND a.attnum > 0"
    "        AND NOT a.attisdropped)"
)


def _empty_postgresql() -> None:
    """Delete every row and restart the sequences (milliseconds); rebuild the schema when it
    is not the one the models make (a third of a second)."""
    url = db.engine.url.render_as_string(hide_password=False)
    known = _PG_SCHEMAS.get(url)
    with db.engine.begin() as conn:
        fingerprint = tuple(conn.execute(_PG_FINGERPRINT).one())
        if known is not None and known.fingerprint == fingerprint:
            script = _emptying(known, conn)
            if script:
                conn.exec_driver_sql(script)
            return
    _reset_postgresql()
    _create_schema()
    with db.engine.begin() as conn:
        fingerprint = tuple(conn.execute(_PG_FINGERPRINT).one())
        tables = set(conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")))
    # Tables that are not models (the search index's word list) first: nothing refers to them.
    others = sorted(tables - set(db.metadata.tables) - {"alembic_version"})
    ordered = (*others, *(table.name for table in reversed(db.metadata.sorted_tables)))
    probe = ("SELECT array_remove(ARRAY[" + ", ".join(
        f"CASE WHEN EXISTS (SELECT 1 FROM \"{name}\") THEN '{name}' END" for name in ordered) + "], NULL), "
        "(SELECT array_agg(sequencename::text) FROM pg_sequences "
        "WHERE schemaname = 'public' AND last_value IS NOT NULL)")
    known = _PG_SCHEMAS[url] = _PostgresSchema(fingerprint, ordered, probe, tuple(_without_foreign_key_checks()))
    # A new schema's sequences may have been used by what built it (the stamp of the migrations):
    # start from nothing, as every later test will.
    with db.engine.begin() as conn:
        script = _emptying(known, conn)
        if script:
            conn.exec_driver_sql(script)


def _without_foreign_key_checks() -> list[str]:
    """What turns off the foreign-key triggers for the rest of the transaction, when the test role
    may (a superuser, as in CI): deleting a user then no longer looks for its rows in the forty
    tables that refer to users (a tenth of a second a test, twice). [] otherwise: the statements
    are ordered, children before parents, and work either way."""
    with db.engine.connect() as conn:
        allowed = conn.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
    return ["SET LOCAL session_replication_role = replica"] if allowed else []


def _reset_postgresql() -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture
def ctx(app):
    """An application context with the session ready, for tests that call services directly."""
    with app.test_request_context(method="POST"):
        yield
        db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# ---------- personas: real rows, one per role ----------

PASSWORD = "correct horse battery staple"


@pytest.fixture
def member(app):
    return persona(app, "member", role="member")


@pytest.fixture
def other_member(app):
    return persona(app, "other", role="member")


@pytest.fixture
def moderator(app):
    return persona(app, "moderator", role="moderator")


@pytest.fixture
def admin(app):
    return persona(app, "admin", role="admin")


@pytest.fixture
def unverified(app):
    return persona(app, "unverified", role="member", is_verified=False)


def persona(app, username: str, **kwargs):
    """A real user with the personas' password: for the fixtures above, and the shared sites' rows."""
    with app.app_context():
        user = make_user(username=username, password=PASSWORD, **kwargs)
        db.session.commit()
        db.session.refresh(user)  # loaded, so its plain attributes stay readable once detached
        db.session.expunge(user)
        return user


class Auth:
    """Logs a test client in through the real login form."""

    def __init__(self, client) -> None:
        self.client = client

    def csrf_token(self, path: str = "/login") -> str:
        page = self.client.get(path)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
        if match is None:
            match = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.get_data(as_text=True))
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def session_csrf_token(self) -> str:
        """The token any form of this client's session carries, made by Flask-WTF itself on the
        client's session instead of read from a rendered page: logging in and out is how most
        tests begin and end, and rendering /login or the home page for each cost a tenth of
        their time. The login page and its form are tested where they are the subject
        (tests/test_web_accounts.py, the browser and route tests)."""
        app = self.client.application
        with self.client.session_transaction() as session, \
                RequestContext(app, EnvironBuilder(app).get_environ(), session=session):
            return generate_csrf()

    def login(self, login: str, password: str = PASSWORD, **extra):
        return self.client.post("/login", data={"login": login, "password": password,
                                                "csrf_token": self.session_csrf_token(), **extra})

    def logout(self):
        return self.client.post("/logout", data={"csrf_token": self.session_csrf_token()})


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


def form_post(client, path: str, data: dict[str, Any], *, page: str | None = None, **kwargs):
    """POST a form the way a browser does: with the CSRF token of the page that shows it."""
    token = Auth(client).csrf_token(page or path)
    return client.post(path, data={**data, "csrf_token": token}, **kwargs)


# ---------- events and queries ----------


@pytest.fixture
def captured_events() -> Iterator[list[tuple[str, Any]]]:
    """Everything sent after a commit (mail and real-time events), in order."""
    captured: list[tuple[str, Any]] = []

    def observer(kind: str, payload: Any) -> None:
        captured.append((kind, payload))

    outbox.observers.append(observer)
    yield captured
    outbox.observers.remove(observer)


class QueryCounter:
    """The statements run on this thread (the test client's requests run here; the background
    senders' work on their own threads is not the request's)."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.thread = threading.get_ident()

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if threading.get_ident() != self.thread:
            return
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """Use as `with count_queries() as q: ...; assert q.count <= N`."""

    @contextmanager
    def counting():
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting


# ---------- live servers ----------


@pytest.fixture
def clients() -> Iterator[Any]:
    """`clients(url, token=..., cookies=...)` opens a real Socket.IO client (tests/live.py), closed
    after the test."""
    from tests.live import SocketClient

    opened: list[SocketClient] = []

    def open_client(url: str, **kwargs) -> SocketClient:
        client = SocketClient(url, **kwargs)
        opened.append(client)
        return client

    yield open_client
    for client in opened:
        client.close()


# ---------- a real browser ----------

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (tests/browser.py has the helpers): one browser per
    test process (starting it costs about a second, and five modules use it); each test opens
    contexts of its own, which share no cookies, storage or cache."""
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser_site(request, tmp_path_factory) -> Iterator[tuple[str, Any]]:
    """(base URL, tests.browser.Site): the small site of tests/browser.py served by gunicorn, on
    SQLite, once per test process for the browser tests that only read it (accessibility, layout).

    They request pages and log in. Logging in is the one thing that shows: each login is a row of
    the sessions list in the settings, so `member` starts with a second session of their own, and
    the list has a row with its End button whichever test logged in before; otherwise each test
    sees the site as built. A test that writes starts a site of its own.
    """
    from tests.browser import build_site
    from tests.live import live_server

    with shared_app(request, "sqlite", "browser-site") as app:
        persona(app, "member", role="member")
        persona(app, "other", role="member")
        persona(app, "moderator", role="moderator")
        persona(app, "admin", role="admin")
        site = build_site(app)
        assert Auth(app.test_client()).login("member").status_code == 302  # the other browser
        with live_server(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path_factory.mktemp("browser-site")) as server:
            yield server.url, site
