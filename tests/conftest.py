"""Fixtures: a real database per test (SQLite file, and PostgreSQL when configured), the app,
clients, personas, captured events and a query counter.

Every test that uses `app` runs once per backend: `sqlite` always, `postgresql` when
TEST_DATABASE_URL is set (skipped with a reason otherwise; under CI=true it must be set).
"""

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from forum import create_app, outbox
from forum.extensions import db, limiter
from tests.factories import make_user

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
    base = _driver_url(require_service(PG_URL, "TEST_DATABASE_URL"))
    name = f"horizonte_test_{worker_id}_{os.getpid()}"
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


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'forum.db'}"
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
    }
    config.update(overrides)
    return config


@pytest.fixture
def app_config(database_url: str) -> dict[str, Any]:
    """Override in a test module to change settings before the app is built."""
    return make_test_config(database_url)


@pytest.fixture
def app(app_config: dict[str, Any]):
    app = create_app(app_config)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            _reset_postgresql()
        db.create_all()
        if app.config["RATELIMIT_ENABLED"]:
            limiter.reset()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


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
    return _persona(app, "member", role="member")


@pytest.fixture
def other_member(app):
    return _persona(app, "other", role="member")


@pytest.fixture
def moderator(app):
    return _persona(app, "moderator", role="moderator")


@pytest.fixture
def admin(app):
    return _persona(app, "admin", role="admin")


@pytest.fixture
def unverified(app):
    return _persona(app, "unverified", role="member", is_verified=False)


def _persona(app, username: str, **kwargs):
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

    def login(self, login: str, password: str = PASSWORD, **extra):
        token = self.csrf_token("/login")
        return self.client.post("/login", data={"login": login, "password": password,
                                                "csrf_token": token, **extra})

    def logout(self):
        token = self.csrf_token("/")
        return self.client.post("/logout", data={"csrf_token": token})


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
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """Use as `with count_queries() as q: ...; assert q.count <= N`."""
    from contextlib import contextmanager

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
