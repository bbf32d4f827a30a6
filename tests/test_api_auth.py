"""JSON API v1 authentication: personal tokens, the session cookie (with CSRF), anonymous access."""

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ApiToken, User
from forum.services.accounts import do_revoke_token
from forum.services.sessions import end_sessions
from tests.test_api_support import (
    API,
    assert_error,
    bearer,
    build_world,
    get_post,
    issue_token,
    login,
    row_counts,
    sent_events,
    uid,
)

ME_KEYS = {"id", "username", "display_name", "country", "email", "organization", "sector", "role", "locale",
           "bio", "is_verified", "post_count", "created_at"}


@pytest.fixture
def world(app, member):
    return build_world(app, member, member)


def _writes(world):
    """Every write of the API: (method, path, json) with a valid body."""
    return [
        ("post", f"{API}/communities/{world.slug}/threads", {"title": "A new thread", "body": "Body"}),
        ("post", f"{API}/threads/{world.thread_id}/posts", {"body": "A reply"}),
        ("patch", f"{API}/posts/{world.reply_id}", {"body": "Edited"}),
        ("delete", f"{API}/posts/{world.reply_id}", None),
    ]


WRITE_NAMES = ["create_thread", "reply", "edit", "delete"]


def _write(client, world, index, **kwargs):
    method, path, body = _writes(world)[index]
    return getattr(client, method)(path, json=body, **kwargs) if body is not None else getattr(client, method)(
        path, **kwargs)


def _unchanged(app, world, before):
    assert row_counts(app) == before
    reply = get_post(app, world.reply_id)
    assert (reply.source, reply.deleted_at, reply.revision_count) == ("A first reply", None, 0)


# ---------- tokens ----------


def test_me_with_a_token(app, client, member):
    response = client.get(f"{API}/me", headers=bearer(issue_token(app, member)))

    assert response.status_code == 200
    user = response.get_json()["user"]
    assert set(user) >= ME_KEYS
    assert {k: user[k] for k in ("id", "username", "email", "role", "is_verified", "country", "sector")} == {
        "id": uid(member), "username": "member", "email": "member@example.org", "role": "member",
        "is_verified": True, "country": "BR", "sector": "government"}
    assert not {"password_hash", "login_key", "tokens", "last_seen_at"} & set(user)


def test_token_scheme_is_case_insensitive(app, client, member):
    raw = issue_token(app, member)
    response = client.get(f"{API}/me", headers={"Authorization": f"bearer {raw}"})
    assert response.status_code == 200
    assert response.get_json()["user"]["username"] == "member"


def test_token_made_by_the_cli_works(app, client, runner, moderator):
    result = runner.invoke(args=["users", "token", "moderator"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip()
    assert raw.startswith("hz_")
    response = client.get(f"{API}/me", headers=bearer(raw))
    assert response.status_code == 200
    assert response.get_json()["user"]["role"] == "moderator"


def test_tokens_are_stored_hashed(app, member):
    raw = issue_token(app, member)
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == uid(member)))
        assert token.token_hash != raw and raw not in token.token_hash and len(token.token_hash) == 64
        assert token.prefix == raw[:10]


@pytest.mark.parametrize("authorization", [
    "Bearer hz_" + "A" * 43,                 # right shape, never issued
    "Bearer not-a-token",
    "Bearer hz_",
    "Bearer hz_" + "x" * 200,
    "Bearer",
    "Basic bWVtYmVyOnBhc3N3b3Jk",
    "Token hz_" + "A" * 43,
    "garbage",
])
def test_invalid_token_is_401_even_on_reads(app, client, member, authorization):
    world = build_world(app, member)
    for path in ("/me", "/communities", f"/communities/{world.slug}/threads", f"/threads/{world.thread_id}"):
        assert_error(client.get(f"{API}{path}", headers={"Authorization": authorization}), 401, "invalid_token")


def test_altered_token_is_401(app, client, member):
    raw = issue_token(app, member)
    forged = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    assert_error(client.get(f"{API}/me", headers=bearer(forged)), 401, "invalid_token")
    assert client.get(f"{API}/me", headers=bearer(raw)).status_code == 200


@pytest.mark.parametrize(("index", "name"), list(enumerate(WRITE_NAMES)), ids=WRITE_NAMES)
def test_invalid_token_cannot_write(app, client, world, captured_events, index, name):
    before = row_counts(app)
    assert_error(_write(client, world, index, headers=bearer("hz_" + "A" * 43)), 401, "invalid_token")
    _unchanged(app, world, before)
    assert sent_events(captured_events) == []


def test_revoked_token_is_401(app, client, world, member, captured_events):
    revoked, kept = issue_token(app, member, "old"), issue_token(app, member, "new")
    assert client.get(f"{API}/me", headers=bearer(revoked)).status_code == 200
    with app.app_context():
        user = db.session.get(User, uid(member))
        token = db.session.scalar(select(ApiToken).where(ApiToken.name == "old"))
        do_revoke_token(user, token.id)
        db.session.commit()
    before = row_counts(app)

    assert_error(client.get(f"{API}/me", headers=bearer(revoked)), 401, "invalid_token")
    assert_error(client.get(f"{API}/communities", headers=bearer(revoked)), 401, "invalid_token")
    assert_error(client.post(f"{API}/threads/{world.thread_id}/posts", headers=bearer(revoked),
                             json={"body": "Still here?"}), 401, "invalid_token")

    _unchanged(app, world, before)
    assert sent_events(captured_events) == []
    # the user's other token still works
    assert client.get(f"{API}/me", headers=bearer(kept)).get_json()["user"]["username"] == "member"


def test_tokens_need_no_csrf_header(app, client, world, member):
    response = client.post(f"{API}/threads/{world.thread_id}/posts", headers=bearer(issue_token(app, member)),
                           json={"body": "No CSRF needed"})
    assert response.status_code == 201


def test_tokens_do_not_work_on_web_pages(app, client, member):
    """A token is for the API only: a page still sees an anonymous visitor."""
    response = client.get("/", headers=bearer(issue_token(app, member)))
    assert response.status_code == 200
    assert b">member<" not in response.data
    # while the same page, with the session cookie, names the user
    login(client, "member")
    assert b">member<" in client.get("/").data


# ---------- anonymous ----------


def test_anonymous_reads_work(app, client, world):
    assert client.get(f"{API}/communities").status_code == 200
    assert client.get(f"{API}/communities/{world.slug}/threads").status_code == 200
    response = client.get(f"{API}/threads/{world.thread_id}")
    assert response.status_code == 200
    assert [p["number"] for p in response.get_json()["posts"]] == [1, 2]
    assert client.get(f"{API}/threads/{world.thread_id}?after=1").status_code == 200


def test_anonymous_me_is_401(app, client):
    assert_error(client.get(f"{API}/me"), 401, "unauthorized")


@pytest.mark.parametrize(("index", "name"), list(enumerate(WRITE_NAMES)), ids=WRITE_NAMES)
def test_anonymous_write_is_401(app, client, world, captured_events, index, name):
    before = row_counts(app)
    assert_error(_write(client, world, index), 401, "unauthorized")
    _unchanged(app, world, before)
    assert sent_events(captured_events) == []


# ---------- the session cookie ----------


def test_cookie_session_reads_me(app, client, member):
    login(client, "member")
    response = client.get(f"{API}/me")
    assert response.status_code == 200
    assert response.get_json()["user"]["username"] == "member"


@pytest.mark.parametrize(("index", "name"), list(enumerate(WRITE_NAMES)), ids=WRITE_NAMES)
def test_cookie_write_without_csrf_header_is_refused(app, client, auth, world, captured_events, index, name):
    login(client, "member")
    before = row_counts(app)

    assert_error(_write(client, world, index), 400, "csrf_failed")
    assert_error(_write(client, world, index, headers={"X-CSRFToken": "not-the-token"}), 400, "csrf_failed")

    _unchanged(app, world, before)
    assert sent_events(captured_events) == []


@pytest.mark.parametrize(("index", "name", "status"), [(0, "create_thread", 201), (1, "reply", 201),
                                                       (2, "edit", 200), (3, "delete", 200)],
                         ids=WRITE_NAMES)
def test_cookie_write_with_csrf_header_succeeds(app, client, auth, world, captured_events, index, name, status):
    login(client, "member")
    token = auth.csrf_token("/")

    response = _write(client, world, index, headers={"X-CSRFToken": token})

    assert response.status_code == status, response.get_data(as_text=True)
    assert len(sent_events(captured_events)) == 1


def test_cookie_session_with_an_invalid_token_does_not_fall_back_to_the_cookie(app, client, auth, world):
    login(client, "member")
    headers = {"Authorization": "Bearer hz_" + "A" * 43, "X-CSRFToken": auth.csrf_token("/")}
    before = row_counts(app)

    assert_error(client.get(f"{API}/me", headers=headers), 401, "invalid_token")
    assert_error(client.post(f"{API}/threads/{world.thread_id}/posts", headers=headers, json={"body": "x"}),
                 401, "invalid_token")

    _unchanged(app, world, before)


def test_valid_token_is_accepted_alongside_a_session_cookie(app, client, member, other_member):
    """A request that sends a valid token acts as the token's user, whatever cookie it also carries.

    (Flask-Login loads the cookie's user first and never calls the request loader, so the API must
    resolve the token itself rather than refuse a valid one as "invalid or revoked".)
    """
    login(client, "member")
    response = client.get(f"{API}/me", headers=bearer(issue_token(app, other_member)))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["user"]["username"] == "other"


def test_logged_out_cookie_is_anonymous(app, client, auth, member):
    login(client, "member")
    assert client.get(f"{API}/me").status_code == 200
    assert auth.logout().status_code == 302
    assert_error(client.get(f"{API}/me"), 401, "unauthorized")


def test_ending_all_sessions_ends_the_cookie_but_not_tokens(app, client, member):
    login(client, "member")
    raw = issue_token(app, member)
    with app.test_request_context(method="POST"):
        end_sessions(db.session.get(User, uid(member)))
        db.session.commit()
    assert_error(client.get(f"{API}/me"), 401, "unauthorized")
    other = app.test_client()
    assert other.get(f"{API}/me", headers=bearer(raw)).status_code == 200
