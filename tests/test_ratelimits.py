"""Rate limits on login, registration, password reset, posting and the member picker's
suggestions: 429 with Retry-After."""

import uuid

import pytest

from tests.conftest import REDIS_URL, form_post, make_test_config, require_service

LIMITS = {"RATELIMIT_LOGIN": "2 per minute", "RATELIMIT_REGISTER": "1 per minute",
          "RATELIMIT_PASSWORD_RESET": "1 per minute", "RATELIMIT_POST": "1 per minute",
          "RATELIMIT_MEMBER_SUGGEST": "2 per minute"}


@pytest.fixture(params=["memory", "redis"])
def app_config(request, database_url):
    storage = {}
    if request.param == "redis":
        storage = {"RATELIMIT_STORAGE_URI": require_service(REDIS_URL, "TEST_REDIS_URL"),
                   "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    return make_test_config(database_url, RATELIMIT_ENABLED=True, **LIMITS, **storage)


def _assert_limited(response) -> None:
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many requests" in response.get_data(as_text=True)


def test_login_is_limited(client, auth, member):
    assert auth.login("member", "wrong password 1").status_code == 401
    assert auth.login("member", "wrong password 2").status_code == 401
    _assert_limited(auth.login("member"))  # even the right password waits


def test_member_suggestions_are_limited_per_member(client, auth, member):
    auth.login("member")
    assert [client.get("/people/suggest", query_string={"q": q}).status_code for q in ("me", "mem")] == [200, 200]
    limited = client.get("/people/suggest", query_string={"q": "memb"})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0


def test_registration_is_limited(client):
    data = {"email": "a@example.org", "username": "first", "password": "a long passphrase", "country": "CL",
            "sector": "academia"}
    assert form_post(client, "/register", data).status_code == 200
    _assert_limited(form_post(client, "/register", {**data, "email": "b@example.org", "username": "second"}))


def test_password_reset_is_limited(client):
    assert form_post(client, "/password/forgot", {"email": "x@example.org"}).status_code == 200
    _assert_limited(form_post(client, "/password/forgot", {"email": "y@example.org"}))


def test_posting_is_limited_with_a_clear_page(app, client, auth, member):
    from forum.extensions import db
    from tests.factories import make_community

    with app.app_context():
        make_community("vaccines")
        db.session.commit()
    auth.login("member")
    first = form_post(client, "/c/vaccines/new", {"title": "First thread here", "body": "One", "kind": "discussion"})
    assert first.status_code == 302
    _assert_limited(form_post(client, "/c/vaccines/new", {"title": "Second thread", "body": "Two",
                                                          "kind": "discussion"}))
