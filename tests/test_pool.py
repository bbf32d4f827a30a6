"""The connection pool: sized from the settings, and an exhausted pool answers 503 with
Retry-After (JSON or the HTML error page), never a 500 and never a hang (issue #16)."""

import pytest

from forum.database import default_pool_size, engine_options
from forum.extensions import db
from tests.conftest import make_test_config
from tests.test_api_support import API, bearer, issue_token


@pytest.fixture
def app_config(database_url):
    # One connection and no wait: the test holds it, and every request finds the pool taken.
    return make_test_config(database_url, DATABASE_POOL_SIZE=1, DATABASE_POOL_TIMEOUT=0)


def test_an_exhausted_pool_answers_503_with_retry_after_in_json_and_html(app, client, auth, member):
    token = issue_token(app, member)
    auth.login("member")
    with app.app_context():
        taken = db.engine.connect()
    try:
        api = client.get(f"{API}/me", headers=bearer(token))
        page = client.get("/")  # signed in: the error page is drawn as for a visitor, with no query
        form = client.post("/password/forgot", data={"email": "member@example.org"})  # its CSRF error page too
    finally:
        taken.close()
    assert (api.status_code, api.headers["Retry-After"]) == (503, "1")
    assert api.get_json()["error"]["code"] == "busy"
    for response in (page, form):
        assert (response.status_code, response.headers["Retry-After"]) == (503, "1")
        assert "The service is busy. Please try again in a moment." in response.get_data(as_text=True)
    assert client.get(f"{API}/me", headers=bearer(token)).status_code == 200  # free again


def test_the_pool_follows_the_settings_and_the_servers_threads(monkeypatch):
    sqlite, postgresql = "sqlite:////tmp/forum.db", "postgresql+psycopg://u@h/d"
    options = engine_options(make_test_config(postgresql, DATABASE_POOL_SIZE=7, DATABASE_POOL_TIMEOUT=2,
                                              SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True}))
    assert options == {"pool_size": 7, "max_overflow": 0, "pool_timeout": 2, "pool_pre_ping": True}
    monkeypatch.delenv("SERVER_THREADS", raising=False)
    assert (default_pool_size("postgresql"), default_pool_size("sqlite")) == (20, 5)
    monkeypatch.setenv("SERVER_THREADS", "3")  # gunicorn.conf.py exports --threads
    assert (default_pool_size("postgresql"), default_pool_size("sqlite")) == (3, 3)
    monkeypatch.setenv("SERVER_THREADS", "1000")
    assert (default_pool_size("postgresql"), default_pool_size("sqlite")) == (20, 5)
    config = make_test_config(sqlite, DATABASE_POOL_SIZE=None, DATABASE_POOL_TIMEOUT=5,
                              SQLALCHEMY_ENGINE_OPTIONS={})
    assert engine_options(config)["pool_size"] == 5
