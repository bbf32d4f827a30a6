"""Helpers shared by the JSON API tests (tests/test_api_*.py). This module holds no tests."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, inspect, select

from forum.extensions import db
from forum.models import Community, Post, PostRevision, Thread, User
from forum.realtime.events import Event
from forum.services.accounts import do_create_token
from tests.conftest import PASSWORD, Auth
from tests.factories import make_community, make_post, make_thread

API = "/api/v1"


def uid(persona) -> int:
    """A persona's user id, read from its identity key.

    The conftest personas are detached after a commit, so their attributes are expired and
    `persona.id` would raise DetachedInstanceError; the identity key stays readable.
    """
    return inspect(persona).identity[0]


def issue_token(app, persona, name: str = "t") -> str:
    """A new personal API token for a persona; returns the raw value."""
    with app.app_context():
        user = db.session.get(User, uid(persona))
        _token, raw = do_create_token(user, name)
        db.session.commit()
        return raw


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def assert_error(response, status: int, code: str) -> dict[str, Any]:
    """The response is the API's error JSON, exactly `{"error": {"code", "message"}}`."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"].strip()
    return body["error"]


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            "threads": db.session.scalar(select(func.count()).select_from(Thread)),
            "posts": db.session.scalar(select(func.count()).select_from(Post)),
            "revisions": db.session.scalar(select(func.count()).select_from(PostRevision)),
            "deleted_posts": db.session.scalar(
                select(func.count()).select_from(Post).where(Post.deleted_at.is_not(None))),
        }


def sent_events(captured: list[tuple[str, Any]]) -> list[Event]:
    """The real-time events among what was sent after commits (mail is ignored)."""
    events = [payload for kind, payload in captured if kind == "event"]
    assert all(isinstance(e, Event) for e in events)
    return events


def login(client, username: str, password: str = PASSWORD):
    """Log in through the real login form (POST /login), with the CSRF token of the home page.

    Same as conftest's `auth.login`, but does not need the /login template to render.
    """
    token = Auth(client).csrf_token("/")
    response = client.post("/login", data={"login": username, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return response


@dataclass(frozen=True)
class World:
    community_id: int
    slug: str
    thread_id: int
    opening_post_id: int
    reply_id: int | None


def build_world(app, author, replier=None, *, slug: str = "vaccines") -> World:
    """A community with one thread by `author` and, when `replier` is given, one reply by them."""
    with app.app_context():
        author_row = db.session.get(User, uid(author))
        community = make_community(slug, name=slug.capitalize())
        thread = make_thread(author_row, community, body="How do you keep vaccines cold on river routes?")
        reply = make_post(db.session.get(User, uid(replier)), thread, "A first reply") if replier else None
        db.session.commit()
        opening = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 1))
        return World(community.id, community.slug, thread.id, opening.id, reply.id if reply else None)


def get_post(app, post_id: int) -> Post:
    with app.app_context():
        post = db.session.get(Post, post_id)
        db.session.expunge(post)
        return post


def get_thread(app, thread_id: int) -> Thread:
    with app.app_context():
        thread = db.session.get(Thread, thread_id)
        db.session.expunge(thread)
        return thread


def get_community(app, community_id: int) -> Community:
    with app.app_context():
        community = db.session.get(Community, community_id)
        db.session.expunge(community)
        return community


def get_user(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user
