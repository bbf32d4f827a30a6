"""JSON API v1 moderation: flags, the review queue, actions on posts, threads and users, the audit log.

The permission matrix runs every action as every persona on their own and on others' objects:
allowed → 2xx and the change is in the database (with exactly one audit entry); refused →
401/403 and nothing at all changed (rows, fields, counters, audit, notifications, events).
"""

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from forum.extensions import db
from forum.models import (
    ApiToken,
    AuditEntry,
    Community,
    CommunityModerator,
    Flag,
    LoginSession,
    Notification,
    Post,
    Suspension,
    Thread,
    User,
    utcnow,
)
from forum.realtime.events import Event
from forum.services import accounts, sessions
from forum.services.accounts import do_create_token
from forum.services.flags import do_flag_post
from forum.services.moderation import do_hide_post, do_moderator_delete_post
from forum.services.sanctions import do_add_community_moderator, do_deactivate_user, do_suspend_user
from tests.conftest import MATRIX_BACKEND, make_test_config, starting_rows
from tests.factories import make_community, make_post, make_thread, make_user
from tests.test_api_support import API, assert_error, bearer, get_post, get_thread, get_user, row_counts, sent_events

_serial = itertools.count(1)
UNTIL = (date.today() + timedelta(days=30)).isoformat()


def _unique(text: str) -> str:
    """Distinct bodies: the same text twice within minutes is refused as a duplicate."""
    return f"{text} ({next(_serial)})"


# ---------- the world: two communities, one account per persona ----------

PERSONAS = ("anonymous", "suspended", "newbie", "member", "cmod_here", "cmod_other", "moderator", "admin")
MEMBERS = {"suspended", "newbie", "member"}
MODERATORS_HERE = {"cmod_here", "moderator", "admin"}
SITE_MODERATORS = {"moderator", "admin"}


@dataclass(frozen=True)
class World:
    here: int  # "vaccines": every arranged thread is here; cmod_here moderates it
    there: int  # "logistics": cmod_other moderates it; the destination of moves
    ids: dict[str, int]
    tokens: dict[str, str] = field(repr=False)

    def headers(self, persona: str) -> dict[str, str]:
        return {} if persona == "anonymous" else bearer(self.tokens[persona])


def build_moderation_world(app) -> World:
    with app.app_context():
        users = {
            "admin": make_user("admin", role="admin"),
            "moderator": make_user("moderator", role="moderator"),
            "member": make_user("member"),
            "newbie": make_user("newbie", trust_level=0),
            "suspended": make_user("suspended"),
            "cmod_here": make_user("cmod_here"),
            "cmod_other": make_user("cmod_other"),
            "other": make_user("other"),
            "flagger": make_user("flagger"),
            "flagger2": make_user("flagger2"),
            "flagger3": make_user("flagger3"),
        }
        here = make_community("vaccines", name="Vaccines")
        there = make_community("logistics", name="Logistics")
        do_add_community_moderator(users["admin"], users["cmod_here"], here)
        do_add_community_moderator(users["admin"], users["cmod_other"], there)
        # A member row with a suspension in force.
        users["suspended"].suspended_until = utcnow() + timedelta(days=7)
        users["suspended"].suspension_reason = "Spamming"
        tokens = {name: do_create_token(user, "tests")[1] for name, user in users.items()}
        db.session.commit()
        return World(here.id, there.id, {name: user.id for name, user in users.items()}, tokens)


@pytest.fixture
def world(app) -> World:
    return starting_rows(app, "moderation-world", lambda: build_moderation_world(app))


def _user(world: World, name: str) -> User:
    return db.session.get(User, world.ids[name])


@contextmanager
def _unsuspended(user: User) -> Iterator[None]:
    """Let the suspended persona own content written before its suspension."""
    until, reason = user.suspended_until, user.suspension_reason
    user.suspended_until = user.suspension_reason = None
    yield
    user.suspended_until, user.suspension_reason = until, reason


def arrange_post(app, world: World, owner: str = "other", state: str | None = None) -> tuple[int, int]:
    """A thread by `other` in "vaccines" with a reply by `owner`; returns (thread id, reply id)."""
    with app.app_context():
        author = _user(world, owner)
        thread = make_thread(_user(world, "other"), db.session.get(Community, world.here),
                             title="Cold chain on river routes")
        with _unsuspended(author):
            post = make_post(author, thread, _unique(f"A reply by {owner}"))
        admin = _user(world, "admin")
        if state == "hidden":
            do_hide_post(admin, post, reason="Off topic")
        elif state == "deleted":
            do_moderator_delete_post(admin, post, reason="Spam")
        elif state == "flagged":
            do_flag_post(_user(world, "flagger"), post, reason="spam", note="Selling pills")
        db.session.commit()
        return thread.id, post.id


def arrange_thread(app, world: World, owner: str = "other", state: str | None = None) -> tuple[int, int]:
    """A thread by `owner` in "vaccines" with a reply by `other`; returns (thread id, reply id)."""
    with app.app_context():
        author = _user(world, owner)
        with _unsuspended(author):
            thread = make_thread(author, db.session.get(Community, world.here), title="Cold chain on river routes")
        reply = make_post(_user(world, "other"), thread, _unique("A reply by other"))
        if state == "locked":
            thread.is_locked = True
        elif state == "pinned":
            thread.is_pinned = True
        db.session.commit()
        return thread.id, reply.id


def arrange_user(app, world: World, target: str, state: str | None = None) -> int:
    with app.app_context():
        admin, user = _user(world, "admin"), _user(world, target)
        if state == "suspended":
            do_suspend_user(admin, user, until=UNTIL, reason="Spam")
        elif state == "deactivated":
            do_deactivate_user(admin, user, reason="Spam")
        db.session.commit()
        return user.id


def set_columns(app, model, ident: int, **values) -> None:
    with app.app_context():
        db.session.execute(update(model).where(model.id == ident).values(**values))
        db.session.commit()


def snapshot(app) -> dict[str, Any]:
    """Everything a moderation action could change, to prove that a refused one changed nothing."""
    with app.app_context():
        def rows(*columns):
            return db.session.execute(select(*columns).order_by(columns[0])).all()

        return {
            **row_counts(app),
            "post_rows": rows(Post.id, Post.thread_id, Post.number, Post.source, Post.html, Post.deleted_at,
                              Post.deleted_by_id, Post.hidden_at, Post.hidden_by_id, Post.hidden_reason),
            "thread_rows": rows(Thread.id, Thread.community_id, Thread.title, Thread.slug, Thread.is_pinned,
                                Thread.is_locked, Thread.slow_mode_seconds, Thread.post_count,
                                Thread.last_post_number, Thread.deleted_at),
            "user_rows": rows(User.id, User.role, User.suspended_until, User.suspension_reason, User.deactivated_at,
                              User.post_count, User.unread_notification_count),
            "login_rows": rows(LoginSession.id, LoginSession.ended_at),
            "token_rows": rows(ApiToken.id, ApiToken.revoked_at),
            "community_rows": rows(Community.id, Community.thread_count, Community.post_count),
            "flag_rows": rows(Flag.id, Flag.post_id, Flag.flagger_id, Flag.status, Flag.resolved_at),
            "suspension_rows": rows(Suspension.id, Suspension.until, Suspension.lifted_at),
            "audit": rows(AuditEntry.id, AuditEntry.action),
            "notifications": rows(Notification.id, Notification.user_id, Notification.kind),
            "community_moderators": rows(CommunityModerator.user_id, CommunityModerator.community_id),
        }


def last_audit_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(AuditEntry.id))) or 0


def audit_since(app, after_id: int) -> list[tuple[str, int | None, str, int]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.target_type, AuditEntry.target_id)
            .where(AuditEntry.id > after_id).order_by(AuditEntry.id))]


def notifications_of(app, user_id: int, kind: str | None = None) -> list[Notification]:
    with app.app_context():
        query = select(Notification).where(Notification.user_id == user_id).order_by(Notification.id)
        if kind:
            query = query.where(Notification.kind == kind)
        found = list(db.session.scalars(query))
        db.session.expunge_all()
        return found


def flag_statuses(app, post_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Flag.status).where(Flag.post_id == post_id).order_by(Flag.id)))


def moderate(client, world: World, persona: str, kind: str, target: Any, body: dict[str, Any]):
    return client.post(f"{API}/moderation/{kind}/{target}", headers=world.headers(persona), json=body)


# ---------- the permission matrix ----------


@dataclass(frozen=True)
class Action:
    kind: str  # "posts", "threads", "users", "flag", "queue", "log"
    name: str
    body: dict[str, Any] | None = None
    state: str | None = None  # the precondition arranged before the request
    audit: str | None = None  # the audit action the service must record
    own: bool = True  # whether an "own object" variant exists


ACTIONS = {a.kind + ":" + a.name: a for a in [
    Action("flag", "flag", {"reason": "spam", "note": "Selling pills"}),
    Action("queue", "queue", own=False),
    Action("log", "log", own=False),
    Action("posts", "hide", {"action": "hide", "reason": "Off topic"}, audit="post.hide"),
    Action("posts", "restore", {"action": "restore", "reason": "Reviewed"}, "hidden", "post.restore"),
    Action("posts", "delete", {"action": "delete", "reason": "Spam"}, audit="post.delete"),
    Action("posts", "undelete", {"action": "undelete", "reason": "By mistake"}, "deleted", "post.undelete"),
    Action("posts", "dismiss", {"action": "dismiss", "reason": "Not spam"}, "flagged", "flags.dismiss"),
    Action("posts", "warn", {"action": "warn", "message": "Please stay on topic."}, audit="user.warn"),
    Action("posts", "suspend_author", {"action": "suspend_author", "until": UNTIL, "reason": "Spam"},
           audit="user.suspend"),
    Action("threads", "lock", {"action": "lock", "reason": "Heated"}, audit="thread.lock"),
    Action("threads", "unlock", {"action": "unlock"}, "locked", "thread.unlock"),
    Action("threads", "pin", {"action": "pin"}, audit="thread.pin"),
    Action("threads", "unpin", {"action": "unpin"}, "pinned", "thread.unpin"),
    Action("threads", "rename", {"action": "rename", "title": "A clearer title"}, audit="thread.rename"),
    Action("threads", "move", {"action": "move", "community": "logistics"}, audit="thread.move"),
    Action("threads", "close", {"action": "close", "message": "Answered, closing."}, audit="thread.close"),
    Action("threads", "slow_mode", {"action": "slow_mode", "seconds": 30}, audit="thread.slow_mode"),
    Action("threads", "split", {"action": "split", "title": "A thread of its own"}, audit="thread.split"),
    Action("users", "suspend", {"action": "suspend", "until": UNTIL, "reason": "Spam"}, audit="user.suspend"),
    # Lifting one's own suspension and reactivating oneself have their own tests below.
    Action("users", "unsuspend", {"action": "unsuspend"}, "suspended", "user.unsuspend", own=False),
    Action("users", "warn", {"action": "warn", "message": "Mind the rules."}, audit="user.warn"),
    Action("users", "deactivate", {"action": "deactivate", "reason": "Spam"}, audit="user.deactivate"),
    Action("users", "reactivate", {"action": "reactivate"}, "deactivated", "user.reactivate", own=False),
    Action("users", "set_role", {"action": "set_role", "role": "moderator"}, audit="user.role"),
]}


def expected(persona: str, action: Action, own: bool) -> tuple[int, str | None]:
    """(status, error code) the API must answer."""
    if persona == "anonymous":
        return 401, "unauthorized"
    if action.kind == "flag":
        if persona == "suspended":
            return 403, "suspended"
        return (409, "own_post") if own else (201, None)
    if action.kind in ("queue", "log"):
        return (403, "forbidden") if persona in MEMBERS else (200, None)
    if action.kind == "posts":
        if persona not in MODERATORS_HERE:
            return 403, "forbidden"
        if action.name == "suspend_author":  # suspensions reach the whole site
            if persona not in SITE_MODERATORS:
                return 403, "forbidden"
            return (409, "not_allowed") if own else (200, None)
        if action.name == "warn" and own:  # nobody warns themselves
            return 409, "not_allowed"
        return 200, None
    if action.kind == "threads":
        if persona not in MODERATORS_HERE:
            return 403, "forbidden"
        if action.name == "move" and persona == "cmod_here":  # does not moderate the destination
            return 403, "forbidden"
        return (201, None) if action.name == "split" else (200, None)
    # users
    if persona in MEMBERS:
        return 403, "forbidden"
    if action.name in ("suspend", "unsuspend", "warn"):
        if persona not in SITE_MODERATORS:
            return 403, "forbidden"
        return (409, "not_allowed") if own else (200, None)  # nobody sanctions or warns themselves
    if persona != "admin":
        return 403, "forbidden"
    if own and action.name == "deactivate":
        return 403, "forbidden"
    if own and action.name == "set_role":
        return 409, "not_allowed"
    return 200, None


MATRIX = [
    pytest.param(persona, key, own, id=f"{persona}-{key.replace(':', '-')}-{'own' if own else 'others'}")
    for key, action in ACTIONS.items()
    for own in ((False, True) if action.own else (False,))
    for persona in PERSONAS
    if not (own and persona == "anonymous")
]


def _arranged(app, arrange, world: World, owner: str, state: str | None):
    """What `arrange` makes for this owner and state, on top of the world: made once per process
    and copied in for every other case that starts from it (the eight personas act on the same
    thread of `other`; a post of one's own is hidden, deleted or warned about alike)."""
    key = f"moderation-world-{arrange.__name__}-{owner}-{state}"
    return starting_rows(app, key, lambda: arrange(app, world, owner, state))


def _arrange(app, world: World, persona: str, action: Action, own: bool):
    """Arrange the precondition; returns (ids of the objects involved, a function sending the request)."""
    owner = persona if own else "other"
    headers = world.headers(persona)
    if action.kind in ("queue", "log"):
        return {}, lambda client: client.get(f"{API}/moderation/{action.kind}", headers=headers)
    if action.kind in ("flag", "posts"):
        thread_id, post_id = _arranged(app, arrange_post, world, owner, action.state)
        ids = {"thread": thread_id, "post": post_id, "author": world.ids[owner]}
        url = f"{API}/posts/{post_id}/flags" if action.kind == "flag" else f"{API}/moderation/posts/{post_id}"
        return ids, lambda client: client.post(url, headers=headers, json=action.body)
    if action.kind == "threads":
        thread_id, reply_id = _arranged(app, arrange_thread, world, owner, action.state)
        body = {**action.body, "post_ids": [reply_id]} if action.name == "split" else action.body
        return {"thread": thread_id, "reply": reply_id}, lambda client: client.post(
            f"{API}/moderation/threads/{thread_id}", headers=headers, json=body)
    user_id = _arranged(app, arrange_user, world, owner, action.state)
    return {"user": user_id}, lambda client: client.post(
        f"{API}/moderation/users/{owner}", headers=headers, json=action.body)


def _assert_effect(app, world: World, persona: str, action: Action, ids: dict[str, int],
                   response) -> tuple[str, int] | None:
    """The allowed action really changed the database (and told who it should)."""
    actor = world.ids[persona]
    body = response.get_json()
    name = action.name
    if action.kind == "flag":
        with app.app_context():
            flag = db.session.scalar(select(Flag).where(Flag.post_id == ids["post"]))
            assert (flag.flagger_id, flag.reason, flag.note, flag.status) == (actor, "spam", "Selling pills", "open")
        assert body["flag"]["id"] == flag.id
        return
    if action.kind in ("queue", "log"):
        assert set(body) == {"items", "page", "pages", "total"}
        return
    if action.kind == "posts":
        post = get_post(app, ids["post"])
        author = get_user(app, ids["author"])
        if name == "hide":
            assert (post.is_hidden, post.hidden_by_id, post.hidden_reason) == (True, actor, "Off topic")
            assert body["post"]["is_hidden"] is True and body["post"]["html"]  # moderators see the post
        elif name == "restore":
            assert (post.is_hidden, post.hidden_by_id, post.hidden_reason) == (False, None, None)
        elif name == "delete":
            assert (post.is_deleted, post.deleted_by_id) == (True, actor)
            assert body["post"]["is_deleted"] is True and body["post"]["html"] is None
        elif name == "undelete":
            assert (post.is_deleted, post.deleted_by_id) == (False, None)
        elif name == "dismiss":
            assert flag_statuses(app, ids["post"]) == ["dismissed"]
            assert body["dismissed"] == 1
        elif name == "warn":
            warnings = notifications_of(app, author.id, "moderator_warning")
            if author.id == actor:  # nobody is notified of their own action
                assert warnings == []
            else:
                assert [(n.actor_id, n.post_id, n.message) for n in warnings] == [
                    (actor, ids["post"], "Please stay on topic.")]
        elif name == "suspend_author":
            assert author.is_suspended and author.suspension_reason == "Spam"
            assert body["user"]["is_suspended"] is True and body["suspension"]["reason"] == "Spam"
        target = ("user", author.id) if name in ("warn", "suspend_author") else ("post", ids["post"])
    elif action.kind == "threads":
        thread = get_thread(app, ids["thread"])
        if name in ("lock", "unlock"):
            assert thread.is_locked is (name == "lock")
        elif name in ("pin", "unpin"):
            assert thread.is_pinned is (name == "pin")
        elif name == "rename":
            assert (thread.title, thread.slug) == ("A clearer title", "a-clearer-title")
        elif name == "move":
            assert thread.community_id == world.there
            assert body["thread"]["community"] == "logistics"
        elif name == "close":
            assert thread.is_locked is True and thread.post_count == 3
            with app.app_context():
                last = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 3))
                assert (last.author_id, last.source) == (actor, "Answered, closing.")
        elif name == "slow_mode":
            assert thread.slow_mode_seconds == 30
        elif name == "split":
            new_id = body["thread"]["id"]
            assert new_id != thread.id and body["source"]["id"] == thread.id
            moved = get_post(app, ids["reply"])
            assert (moved.thread_id, moved.number) == (new_id, 1)
            assert thread.post_count == 1
        assert (body["source"] if name == "split" else body["thread"])["id"] == thread.id
        target = ("thread", ids["thread"])
    else:
        user = get_user(app, ids["user"])
        if name == "suspend":
            assert user.is_suspended and user.suspension_reason == "Spam"
        elif name == "unsuspend":
            assert not user.is_suspended and user.suspended_until is None
        elif name == "warn":
            expected_count = 0 if user.id == actor else 1
            assert len(notifications_of(app, user.id, "moderator_warning")) == expected_count
        elif name == "deactivate":
            assert user.is_deactivated
        elif name == "reactivate":
            assert not user.is_deactivated
        elif name == "set_role":
            assert user.role == "moderator"
        assert body["user"]["id"] == user.id
        target = ("user", ids["user"])
    assert response.status_code in (200, 201)
    return target


@MATRIX_BACKEND
@pytest.mark.parametrize(("persona", "key", "own"), MATRIX)
def test_permission_matrix(app, client, world, captured_events, persona, key, own):
    action = ACTIONS[key]
    status, code = expected(persona, action, own)
    ids, send = _arrange(app, world, persona, action, own)
    before = snapshot(app)
    before_audit = last_audit_id(app)
    captured_events.clear()

    response = send(client)

    if status >= 400:
        assert_error(response, status, code)
        assert snapshot(app) == before
        assert sent_events(captured_events) == []
        return
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    target = _assert_effect(app, world, persona, action, ids, response)
    if action.audit:  # exactly one audit entry, naming the action, the actor and the target
        assert audit_since(app, before_audit) == [(action.audit, world.ids[persona], *target)]
    else:
        assert audit_since(app, before_audit) == []


def test_the_matrix_covers_every_action_and_audit_name():
    assert {a.audit for a in ACTIONS.values() if a.audit} == {
        "post.hide", "post.restore", "post.delete", "post.undelete", "flags.dismiss", "user.warn", "user.suspend",
        "user.unsuspend", "user.deactivate", "user.reactivate", "user.role", "thread.lock", "thread.unlock",
        "thread.pin", "thread.unpin", "thread.rename", "thread.move", "thread.close", "thread.slow_mode",
        "thread.split"}
    assert {a.name for a in ACTIONS.values() if a.kind == "threads"} == {
        "lock", "unlock", "pin", "unpin", "rename", "move", "close", "slow_mode", "split"}


# ---------- flags ----------


def test_flag_answers_201_with_the_flag(app, client, world, captured_events):
    _thread_id, post_id = arrange_post(app, world)
    captured_events.clear()
    before = row_counts(app)

    response = client.post(f"{API}/posts/{post_id}/flags", headers=world.headers("member"),
                           json={"reason": "other", "note": "  Copied   from a blog  "})

    assert response.status_code == 201
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"flag"}
    flag = body["flag"]
    assert set(flag) == {"id", "post_id", "reason", "note", "status", "flagger", "created_at", "resolved_at"}
    assert (flag["post_id"], flag["reason"], flag["note"], flag["status"], flag["resolved_at"]) == (
        post_id, "other", "Copied from a blog", "open", None)
    assert flag["flagger"] == {"id": world.ids["member"], "username": "member", "display_name": "Member",
                               "country": "BR"}
    assert flag["created_at"].endswith("Z")
    assert row_counts(app) == before
    assert get_post(app, post_id).is_hidden is False  # one flag hides nothing
    assert sent_events(captured_events) == []  # flags are private until a moderator acts


def test_flagging_twice_is_409(app, client, world):
    _thread_id, post_id = arrange_post(app, world)
    url = f"{API}/posts/{post_id}/flags"
    assert client.post(url, headers=world.headers("member"), json={"reason": "spam"}).status_code == 201
    before = snapshot(app)

    assert_error(client.post(url, headers=world.headers("member"), json={"reason": "abusive"}), 409,
                 "already_flagged")

    assert snapshot(app) == before
    assert flag_statuses(app, post_id) == ["open"]


@pytest.mark.parametrize(("body", "status", "code"), [
    ({}, 422, "invalid"),
    ({"reason": "boring"}, 422, "invalid"),
    ({"reason": "SPAM"}, 422, "invalid"),
    ({"reason": 5}, 422, "wrong_type"),
    ({"reason": ["spam"]}, 422, "wrong_type"),
    ({"reason": "other"}, 422, "required"),  # "other" needs a note
    ({"reason": "other", "note": "   "}, 422, "required"),
    ({"reason": "spam", "note": "x" * 501}, 422, "too_long"),
    ({"reason": "spam", "note": 42}, 422, "wrong_type"),
    ({"reason": "spam", "status": "upheld"}, 422, "unknown_field"),
    ({"reason": "spam", "flagger_id": 1}, 422, "unknown_field"),
    ({"reason": "spam", "post_id": 1}, 422, "unknown_field"),
    (["spam"], 400, "invalid_json"),
], ids=lambda value: str(value)[:30])
def test_flag_validation(app, client, world, body, status, code):
    _thread_id, post_id = arrange_post(app, world)
    before = snapshot(app)

    assert_error(client.post(f"{API}/posts/{post_id}/flags", headers=world.headers("member"), json=body),
                 status, code)

    assert snapshot(app) == before


def test_flag_errors_name_the_field(app, client, world):
    _thread_id, post_id = arrange_post(app, world)
    error = assert_error(client.post(f"{API}/posts/{post_id}/flags", headers=world.headers("member"),
                                     json={"reason": "spam", "note": 42}), 422, "wrong_type")
    assert "note" in error["message"]


def test_flag_unknown_post_and_non_json(app, client, world):
    headers = world.headers("member")
    assert_error(client.post(f"{API}/posts/999999/flags", headers=headers, json={"reason": "spam"}), 404,
                 "not_found")
    assert_error(client.post(f"{API}/posts/99999999999/flags", headers=headers, json={"reason": "spam"}), 404,
                 "not_found")
    _thread_id, post_id = arrange_post(app, world)
    assert_error(client.post(f"{API}/posts/{post_id}/flags", headers=headers, data="reason=spam"), 400,
                 "not_json")


def test_flag_threshold_hides_the_post_until_review(app, client, world, captured_events):
    assert app.config["FLAG_THRESHOLD"] == 3
    thread_id, post_id = arrange_post(app, world)
    before_audit = last_audit_id(app)
    captured_events.clear()
    url = f"{API}/posts/{post_id}/flags"

    for flagger in ("flagger", "flagger2"):
        assert client.post(url, headers=world.headers(flagger), json={"reason": "spam"}).status_code == 201
    # The same member twice counts once.
    assert_error(client.post(url, headers=world.headers("flagger2"), json={"reason": "abusive"}), 409,
                 "already_flagged")
    assert get_post(app, post_id).is_hidden is False
    assert sent_events(captured_events) == []

    third = client.post(url, headers=world.headers("flagger3"), json={"reason": "abusive"})

    assert third.status_code == 201
    post = get_post(app, post_id)
    assert (post.is_hidden, post.hidden_by_id) == (True, None)  # hidden by the flags, pending review
    assert flag_statuses(app, post_id) == ["open", "open", "open"]
    assert audit_since(app, before_audit) == [("post.auto_hide", None, "post", post_id)]
    events = sent_events(captured_events)
    assert [(e.name, e.room) for e in events] == [
        ("post.hidden", f"thread:{thread_id}"), ("post.updated", f"thread:{thread_id}:moderators")]
    assert events[0].payload["html"] is None and events[0].payload["is_hidden"] is True
    assert "hidden_reason" not in events[0].payload
    assert events[1].payload["html"] == post.html and events[1].payload["is_hidden"] is True

    def shown(persona):
        response = client.get(f"{API}/threads/{thread_id}", headers=world.headers(persona))
        assert response.status_code == 200
        return next(p for p in response.get_json()["posts"] if p["id"] == post_id)

    for persona in ("anonymous", "member", "cmod_other", "newbie"):
        seen = shown(persona)
        assert (seen["is_hidden"], seen["html"]) == (True, None), persona
        assert "hidden_reason" not in seen
    # Its moderators review it; its author ("other") still reads what was hidden.
    for persona in ("moderator", "admin", "cmod_here", "other"):
        seen = shown(persona)
        assert (seen["is_hidden"], seen["html"]) == (True, post.html), persona
        assert (seen["hidden_reason"], seen["hidden_pending_review"]) == (None, True)
    # A hidden post cannot be flagged again; it waits in the queue.
    assert client.post(url, headers=world.headers("member"), json={"reason": "spam"}).status_code == 403
    queue = client.get(f"{API}/moderation/queue", headers=world.headers("moderator")).get_json()
    assert [item["post"]["id"] for item in queue["items"]] == [post_id]


# ---------- flag outcomes ----------


def _flag(app, world, post_id: int, *flaggers: str, reason: str = "spam") -> None:
    with app.app_context():
        post = db.session.get(Post, post_id)
        for flagger in flaggers:
            do_flag_post(_user(world, flagger), post, reason=reason, note="")
        db.session.commit()


@pytest.mark.parametrize(("body", "outcome"), [
    ({"action": "hide", "reason": "Spam"}, "upheld"),
    ({"action": "delete", "reason": "Spam"}, "upheld"),
    ({"action": "dismiss"}, "dismissed"),
    ({"action": "restore"}, "dismissed"),  # restoring a post the flags had hidden
])
def test_flaggers_hear_the_outcome(app, client, world, captured_events, body, outcome):
    _thread_id, post_id = arrange_post(app, world)
    flaggers = ("flagger", "flagger2", "flagger3") if body["action"] == "restore" else ("flagger", "flagger2")
    _flag(app, world, post_id, *flaggers)
    captured_events.clear()

    response = moderate(client, world, "moderator", "posts", post_id, body)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert flag_statuses(app, post_id) == [outcome] * len(flaggers)
    for flagger in flaggers:
        notes = notifications_of(app, world.ids[flagger], "flag_outcome")
        assert [(n.actor_id, n.post_id) for n in notes] == [(world.ids["moderator"], post_id)]
        assert ("took action" if outcome == "upheld" else "left it") in notes[0].message
        assert get_user(app, world.ids[flagger]).unread_notification_count == 1
    assert notifications_of(app, world.ids["other"]) == []  # the author is not told about the flags
    rooms = [e.room for e in sent_events(captured_events) if e.name == "notification"]
    assert rooms == [f"user:{world.ids[f]}" for f in flaggers]
    with app.app_context():
        flags = list(db.session.scalars(select(Flag).where(Flag.post_id == post_id)))
        assert all(f.resolved_by_id == world.ids["moderator"] and f.resolved_at is not None for f in flags)


def test_dismissing_shows_a_post_the_flags_had_hidden(app, client, world, captured_events):
    thread_id, post_id = arrange_post(app, world)
    _flag(app, world, post_id, "flagger", "flagger2", "flagger3")
    assert get_post(app, post_id).is_hidden
    captured_events.clear()

    response = moderate(client, world, "cmod_here", "posts", post_id, {"action": "dismiss", "reason": "Fine"})

    assert response.status_code == 200
    assert response.get_json()["dismissed"] == 3
    assert get_post(app, post_id).is_hidden is False
    updated = [e for e in sent_events(captured_events) if e.name == "post.updated"]
    assert [(e.room, e.payload["is_hidden"], e.payload["html"] is not None) for e in updated] == [
        (f"thread:{thread_id}", False, True)]
    assert_error(moderate(client, world, "cmod_here", "posts", post_id, {"action": "dismiss"}), 409, "no_flags")


# ---------- the review queue ----------


def test_queue_lists_flagged_posts_with_their_authors_history(app, client, world):
    # `other` has one upheld flag and one past (lifted) suspension on record.
    _t, earlier = arrange_post(app, world)
    _flag(app, world, earlier, "flagger")
    assert moderate(client, world, "moderator", "posts", earlier, {"action": "hide", "reason": "Spam"}).status_code \
        == 200
    assert moderate(client, world, "moderator", "users", "other",
                    {"action": "suspend", "until": UNTIL, "reason": "Spam links"}).status_code == 200
    assert moderate(client, world, "moderator", "users", "other", {"action": "unsuspend"}).status_code == 200
    thread_id, post_id = arrange_post(app, world)
    with app.app_context():
        post = db.session.get(Post, post_id)
        do_flag_post(_user(world, "flagger"), post, reason="spam", note="")
        do_flag_post(_user(world, "flagger2"), post, reason="abusive", note="Insults")
        db.session.commit()

    response = client.get(f"{API}/moderation/queue", headers=world.headers("moderator"))

    assert response.status_code == 200
    body = response.get_json()
    assert (body["page"], body["pages"], body["total"]) == (1, 1, 1)
    [item] = body["items"]
    assert set(item) == {"post", "thread", "flags", "reasons", "author"}
    assert item["post"]["id"] == post_id and item["post"]["html"]
    assert item["thread"] == {"id": thread_id, "title": "Cold chain on river routes", "community": "vaccines"}
    assert [(f["reason"], f["note"], f["flagger"]["username"]) for f in item["flags"]] == [
        ("spam", "", "flagger"), ("abusive", "Insults", "flagger2")]
    assert all(set(f) == {"id", "reason", "note", "flagger", "created_at"} for f in item["flags"])
    assert item["reasons"] == {"spam": 1, "abusive": 1}
    author = item["author"]
    assert (author["id"], author["username"]) == (world.ids["other"], "other")
    assert author["post_count"] == get_user(app, world.ids["other"]).post_count == 4
    assert author["upheld_flag_count"] == 1
    [suspension] = author["suspensions"]
    assert suspension["reason"] == "Spam links" and suspension["lifted_at"] is not None
    assert suspension["until"].startswith(UNTIL)


def test_queue_pages_25_oldest_first(app, client, world):
    with app.app_context():
        thread = make_thread(_user(world, "other"), db.session.get(Community, world.here))
        posts = [make_post(_user(world, "other"), thread, _unique("Reply")) for _ in range(26)]
        for post in posts:
            do_flag_post(_user(world, "flagger"), post, reason="spam", note="")
        db.session.commit()
        ids = [p.id for p in posts]
    headers = world.headers("admin")

    first = client.get(f"{API}/moderation/queue", headers=headers).get_json()
    second = client.get(f"{API}/moderation/queue?page=2", headers=headers).get_json()
    beyond = client.get(f"{API}/moderation/queue?page=3", headers=headers).get_json()

    assert [i["post"]["id"] for i in first["items"]] == ids[:25]
    assert (first["page"], first["pages"], first["total"]) == (1, 2, 26)
    assert [i["post"]["id"] for i in second["items"]] == ids[25:]
    assert (beyond["items"], beyond["total"]) == ([], 26)
    for page in ("0", "-1", "abc", "1.5"):
        assert_error(client.get(f"{API}/moderation/queue?page={page}", headers=headers), 422,
                     "wrong_type" if page in ("abc", "1.5") else "out_of_range")


def test_community_moderators_see_only_their_communities_in_the_queue(app, client, world):
    _t, here_post = arrange_post(app, world)
    _flag(app, world, here_post, "flagger")
    with app.app_context():
        thread = make_thread(_user(world, "other"), db.session.get(Community, world.there))
        there_post = make_post(_user(world, "other"), thread, _unique("Elsewhere"))
        do_flag_post(_user(world, "flagger"), there_post, reason="spam", note="")
        db.session.commit()
        there_post_id = there_post.id

    def queue(persona):
        body = client.get(f"{API}/moderation/queue", headers=world.headers(persona)).get_json()
        return [item["post"]["id"] for item in body["items"]], body["total"]

    assert queue("cmod_here") == ([here_post], 1)
    assert queue("cmod_other") == ([there_post_id], 1)
    assert queue("moderator") == ([here_post, there_post_id], 2)
    for persona in ("member", "newbie", "suspended"):
        assert_error(client.get(f"{API}/moderation/queue", headers=world.headers(persona)), 403, "forbidden")
    assert_error(client.get(f"{API}/moderation/queue"), 401, "unauthorized")


# ---------- actions on posts ----------


def test_hide_sends_the_html_only_to_moderators(app, client, world, captured_events):
    thread_id, post_id = arrange_post(app, world)
    captured_events.clear()

    response = moderate(client, world, "moderator", "posts", post_id, {"action": "hide", "reason": "  Off   topic "})

    assert response.status_code == 200
    post = response.get_json()["post"]
    assert (post["is_hidden"], post["hidden_reason"]) == (True, "Off topic")
    stored = get_post(app, post_id)
    assert post["html"] == stored.html
    events = sent_events(captured_events)
    assert [(e.name, e.room) for e in events] == [
        ("post.hidden", f"thread:{thread_id}"), ("post.updated", f"thread:{thread_id}:moderators")]
    public, private = events[0].payload, events[1].payload
    assert (public["id"], public["is_hidden"], public["html"]) == (post_id, True, None)
    assert "hidden_reason" not in public
    assert (private["html"], private["hidden_reason"]) == (stored.html, "Off topic")
    # Members reading the thread get the placeholder.
    shown = client.get(f"{API}/threads/{thread_id}", headers=world.headers("member")).get_json()["posts"][1]
    assert (shown["is_hidden"], shown["html"]) == (True, None)


def test_restore_sends_the_post_back_to_the_thread(app, client, world, captured_events):
    thread_id, post_id = arrange_post(app, world, state="hidden")
    captured_events.clear()

    response = moderate(client, world, "cmod_here", "posts", post_id, {"action": "restore"})

    assert response.status_code == 200
    post = response.get_json()["post"]
    stored = get_post(app, post_id)
    assert (post["is_hidden"], post["html"]) == (False, stored.html)
    assert "hidden_reason" not in post
    assert sent_events(captured_events) == [Event("post.updated", f"thread:{thread_id}", post)]
    shown = client.get(f"{API}/threads/{thread_id}", headers=world.headers("member")).get_json()["posts"][1]
    assert shown["html"] == stored.html


@pytest.mark.parametrize(("state", "body", "code"), [
    ("hidden", {"action": "hide", "reason": "Again"}, "already_hidden"),
    (None, {"action": "restore"}, "not_hidden"),
    ("deleted", {"action": "delete", "reason": "Again"}, "deleted"),
    ("deleted", {"action": "hide", "reason": "Deleted"}, "deleted"),
    (None, {"action": "undelete"}, "not_deleted"),
    (None, {"action": "dismiss"}, "no_flags"),
])
def test_post_actions_conflict_with_the_current_state(app, client, world, state, body, code):
    _thread_id, post_id = arrange_post(app, world, state=state)
    before = snapshot(app)

    assert_error(moderate(client, world, "moderator", "posts", post_id, body), 409, code)

    assert snapshot(app) == before


def test_moderator_deleting_their_own_post_is_audited(app, client, world):
    """Every moderation action leaves one audit entry, whoever wrote the post.

    do_moderator_delete_post relies on do_delete_post for the audit entry, and do_delete_post
    skips it when the actor is the author, so a moderator's own post vanishes from the log.
    """
    _thread_id, post_id = arrange_post(app, world, owner="moderator")
    before_audit = last_audit_id(app)

    response = moderate(client, world, "moderator", "posts", post_id, {"action": "delete", "reason": "Duplicate"})

    assert response.status_code == 200
    assert get_post(app, post_id).is_deleted
    assert audit_since(app, before_audit) == [("post.delete", world.ids["moderator"], "post", post_id)]


def test_delete_and_undelete_keep_the_counters(app, client, world):
    thread_id, post_id = arrange_post(app, world)
    author = world.ids["other"]
    counts = (get_thread(app, thread_id).post_count, get_user(app, author).post_count)

    deleted = moderate(client, world, "moderator", "posts", post_id, {"action": "delete", "reason": "Spam"})
    assert deleted.status_code == 200
    assert (get_thread(app, thread_id).post_count, get_user(app, author).post_count) == (
        counts[0] - 1, counts[1] - 1)
    assert get_post(app, post_id).deleted_by_id == world.ids["moderator"]
    # Members no longer see the text; the number stays.
    shown = client.get(f"{API}/threads/{thread_id}", headers=world.headers("member")).get_json()["posts"][1]
    assert (shown["id"], shown["is_deleted"], shown["html"]) == (post_id, True, None)

    restored = moderate(client, world, "moderator", "posts", post_id, {"action": "undelete"})
    assert restored.status_code == 200
    assert restored.get_json()["post"]["is_deleted"] is False
    assert (get_thread(app, thread_id).post_count, get_user(app, author).post_count) == counts


def test_warn_through_a_post_notifies_its_author(app, client, world, captured_events):
    _thread_id, post_id = arrange_post(app, world)
    captured_events.clear()

    response = moderate(client, world, "cmod_here", "posts", post_id,
                        {"action": "warn", "message": "Please   keep it civil."})

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"post", "user"}
    assert (body["post"]["id"], body["user"]["username"], body["user"]["is_suspended"]) == (post_id, "other", False)
    [note] = notifications_of(app, world.ids["other"], "moderator_warning")
    assert (note.actor_id, note.post_id, note.message) == (world.ids["cmod_here"], post_id, "Please keep it civil.")
    assert [(e.name, e.room) for e in sent_events(captured_events)] == [("notification", f"user:{world.ids['other']}")]
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.warn"))
        assert (entry.community_id, entry.details, entry.reason) == (
            world.here, {"post_id": post_id}, "Please keep it civil.")


def test_suspend_author_through_a_post(app, client, world):
    thread_id, post_id = arrange_post(app, world)

    response = moderate(client, world, "moderator", "posts", post_id,
                        {"action": "suspend_author", "until": UNTIL, "reason": "Spam links"})

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"post", "user", "suspension"}
    user = body["user"]
    assert set(user) == {"id", "username", "display_name", "country", "role", "suspended_until",
                         "suspension_reason", "is_suspended", "is_deactivated"}
    assert (user["username"], user["role"], user["is_suspended"], user["suspension_reason"]) == (
        "other", "member", True, "Spam links")
    assert user["suspended_until"] == f"{UNTIL}T23:59:59Z"  # a date means the end of that day
    assert body["suspension"]["until"] == user["suspended_until"]
    [note] = notifications_of(app, world.ids["other"], "suspension")
    assert "Spam links" in note.message
    # The author can read, not write.
    headers = world.headers("other")
    assert client.get(f"{API}/threads/{thread_id}", headers=headers).status_code == 200
    assert_error(client.post(f"{API}/threads/{thread_id}/posts", headers=headers, json={"body": "Hi"}), 403,
                 "suspended")


@pytest.mark.parametrize(("body", "code", "field_name"), [
    ({"action": "hide"}, "required", None),
    ({"action": "hide", "reason": "  "}, "required", None),
    ({"action": "hide", "reason": 42}, "wrong_type", "reason"),
    ({"action": "hide", "reason": "x" * 501}, "too_long", None),
    ({"action": "delete"}, "required", None),
    ({"action": "warn"}, "required", None),
    ({"action": "warn", "message": {"text": "x"}}, "wrong_type", "message"),
    ({"action": "suspend_author", "reason": "Spam"}, "required", None),
    ({"action": "suspend_author", "until": "2001-01-01", "reason": "Spam"}, "in_the_past", None),
    ({"action": "suspend_author", "until": "next week", "reason": "Spam"}, "invalid", None),
    ({"action": "suspend_author", "until": "9999-12-31", "reason": "Spam"}, "invalid", None),
    ({"action": "suspend_author", "until": 1893456000, "reason": "Spam"}, "wrong_type", "until"),
    ({"action": "suspend_author", "until": UNTIL}, "required", None),
    ({"action": "explode"}, "unknown_action", "action"),
    ({"action": "Hide", "reason": "x"}, "unknown_action", "action"),
    ({"action": ["hide"]}, "wrong_type", "action"),
    ({"reason": "No action"}, "required", "action"),
    ({"action": "hide", "reason": "x", "hidden_by_id": 1}, "unknown_field", "hidden_by_id"),
    ({"action": "hide", "reason": "x", "message": "Not for hide"}, "unknown_field", "message"),
    ({"action": "restore", "until": UNTIL}, "unknown_field", "until"),
    ({"action": "warn", "message": "Hi", "reason": "x"}, "unknown_field", "reason"),
    ({"action": "hide", "reason": "x", "title": "Thread field"}, "unknown_field", "title"),
], ids=lambda value: str(value)[:40])
def test_post_action_validation(app, client, world, body, code, field_name):
    _thread_id, post_id = arrange_post(app, world)
    before = snapshot(app)

    error = assert_error(moderate(client, world, "moderator", "posts", post_id, body), 422, code)

    if field_name:
        assert field_name in error["message"]
    assert snapshot(app) == before


def test_post_moderation_of_missing_posts_and_bad_bodies(app, client, world):
    _thread_id, post_id = arrange_post(app, world)
    headers = world.headers("moderator")
    for missing in (999999, 2**31, 10**20):
        assert_error(client.post(f"{API}/moderation/posts/{missing}", headers=headers,
                                 json={"action": "hide", "reason": "x"}), 404, "not_found")
    url = f"{API}/moderation/posts/{post_id}"
    assert_error(client.post(url, headers=headers, data="action=hide"), 400, "not_json")
    assert_error(client.post(url, headers=headers, data="{", content_type="application/json"), 400, "invalid_json")
    assert_error(client.post(url, headers=headers, json=[{"action": "hide"}]), 400, "invalid_json")
    assert_error(client.post(url, headers=headers, data="null", content_type="application/json"), 400,
                 "invalid_json")


# ---------- actions on threads ----------


def _thread_events(captured_events) -> list[tuple[str, str]]:
    return [(e.name, e.room) for e in sent_events(captured_events)]


@pytest.mark.parametrize(("body", "check"), [
    ({"action": "lock", "reason": "Heated"}, ("is_locked", True)),
    ({"action": "pin"}, ("is_pinned", True)),
    ({"action": "rename", "title": "  Cold chain:   a summary "}, ("title", "Cold chain: a summary")),
    ({"action": "slow_mode", "seconds": 120}, ("slow_mode_seconds", 120)),
])
def test_thread_changes_are_announced(app, client, world, captured_events, body, check):
    thread_id, _reply = arrange_thread(app, world)
    captured_events.clear()

    response = moderate(client, world, "cmod_here", "threads", thread_id, body)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert set(response.get_json()) == {"thread"}
    thread = response.get_json()["thread"]
    assert getattr(get_thread(app, thread_id), check[0]) == check[1]
    if check[0] != "slow_mode_seconds":
        assert thread[check[0]] == check[1]
    assert thread == client.get(f"{API}/threads/{thread_id}").get_json()["thread"]
    assert sent_events(captured_events) == [
        Event("thread.updated", f"community:{world.here}", thread),
        Event("thread.updated", f"thread:{thread_id}", thread),
    ]


def test_rename_records_before_and_after(app, client, world):
    thread_id, _reply = arrange_thread(app, world)
    before_audit = last_audit_id(app)

    response = moderate(client, world, "moderator", "threads", thread_id,
                        {"action": "rename", "title": "Vaccine cold chain", "reason": "Clearer"})

    assert response.status_code == 200
    assert (response.get_json()["thread"]["title"], response.get_json()["thread"]["slug"]) == (
        "Vaccine cold chain", "vaccine-cold-chain")
    with app.app_context():
        [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.id > before_audit))
        assert (entry.action, entry.reason, entry.community_id) == ("thread.rename", "Clearer", world.here)
        assert entry.details == {"before": "Cold chain on river routes", "after": "Vaccine cold chain"}


def test_move_announces_to_both_communities_and_moves_the_counters(app, client, world, captured_events):
    thread_id, _reply = arrange_thread(app, world)
    here, there = get_community_counts(app, world.here), get_community_counts(app, world.there)
    captured_events.clear()

    response = moderate(client, world, "moderator", "threads", thread_id, {"action": "move", "community": "logistics"})

    assert response.status_code == 200
    thread = response.get_json()["thread"]
    assert thread["community"] == "logistics"
    assert get_thread(app, thread_id).community_id == world.there
    assert get_community_counts(app, world.here) == (here[0] - 1, here[1] - 2)
    assert get_community_counts(app, world.there) == (there[0] + 1, there[1] + 2)
    moved = {**thread, "moved_from": world.here}
    assert sent_events(captured_events) == [
        Event("thread.updated", f"community:{world.here}", moved),
        Event("thread.updated", f"community:{world.there}", moved),
        Event("thread.updated", f"thread:{thread_id}", moved),
    ]
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "thread.move"))
        assert entry.details == {"from": world.here, "to": world.there}


def get_community_counts(app, community_id: int) -> tuple[int, int]:
    with app.app_context():
        community = db.session.get(Community, community_id)
        return community.thread_count, community.post_count


def test_a_moderator_of_both_communities_may_move(app, client, world):
    with app.app_context():
        do_add_community_moderator(_user(world, "admin"), _user(world, "cmod_here"),
                                   db.session.get(Community, world.there))
        db.session.commit()
    thread_id, _reply = arrange_thread(app, world)

    response = moderate(client, world, "cmod_here", "threads", thread_id, {"action": "move", "community": "logistics"})

    assert response.status_code == 200
    assert get_thread(app, thread_id).community_id == world.there


def test_close_posts_the_message_and_locks(app, client, world, captured_events):
    thread_id, _reply = arrange_thread(app, world)
    captured_events.clear()

    response = moderate(client, world, "moderator", "threads", thread_id,
                        {"action": "close", "message": "Thanks all, **answered**."})

    assert response.status_code == 200
    thread = response.get_json()["thread"]
    assert (thread["is_locked"], thread["post_count"], thread["last_post_number"]) == (True, 3, 3)
    posts = client.get(f"{API}/threads/{thread_id}").get_json()["posts"]
    assert (posts[-1]["author"]["username"], posts[-1]["html"]) == (
        "moderator", "<p>Thanks all, <strong>answered</strong>.</p>\n")
    assert _thread_events(captured_events) == [
        ("post.created", f"thread:{thread_id}"),
        ("thread.updated", f"community:{world.here}"), ("thread.updated", f"thread:{thread_id}")]
    assert_error(client.post(f"{API}/threads/{thread_id}/posts", headers=world.headers("member"),
                             json={"body": "Late reply"}), 403, "thread_locked")
    assert_error(moderate(client, world, "moderator", "threads", thread_id,
                          {"action": "close", "message": "Again"}), 409, "unchanged")


def test_split_moves_the_chosen_replies_into_a_new_thread(app, client, world, captured_events):
    with app.app_context():
        thread = make_thread(_user(world, "other"), db.session.get(Community, world.here))
        replies = [make_post(_user(world, name), thread, _unique(f"Reply by {name}"))
                   for name in ("member", "other", "member", "other")]
        db.session.commit()
        thread_id, ids = thread.id, [p.id for p in replies]
    before = get_community_counts(app, world.here)
    captured_events.clear()

    response = moderate(client, world, "moderator", "threads", thread_id,
                        {"action": "split", "post_ids": [ids[3], ids[1]], "title": "Off-topic side discussion"})

    assert response.status_code == 201
    body = response.get_json()
    new, source = body["thread"], body["source"]
    assert (new["title"], new["community"], new["post_count"], new["last_post_number"]) == (
        "Off-topic side discussion", "vaccines", 2, 2)
    assert new["author"]["username"] == "other"  # the first moved post opens the new thread
    assert (source["id"], source["post_count"], source["last_post_number"]) == (thread_id, 3, 5)
    moved = [get_post(app, i) for i in (ids[1], ids[3])]
    assert [(p.thread_id, p.number) for p in moved] == [(new["id"], 1), (new["id"], 2)]
    kept = client.get(f"{API}/threads/{thread_id}").get_json()["posts"]
    assert [p["number"] for p in kept] == [1, 2, 4]  # the gaps stay, numbers are never reused
    assert [p["id"] for p in client.get(f"{API}/threads/{new['id']}").get_json()["posts"]] == [ids[1], ids[3]]
    assert get_community_counts(app, world.here) == (before[0] + 1, before[1])
    names = _thread_events(captured_events)
    assert names[0] == ("thread.created", f"community:{world.here}")
    assert names.count(("post.deleted", f"thread:{thread_id}")) == 2
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "thread.split"))
        assert entry.target_id == thread_id
        assert (entry.details["new_thread_id"], entry.details["post_ids"]) == (new["id"], [ids[1], ids[3]])


@pytest.mark.parametrize(("body", "code", "field_name"), [
    ({"action": "lock", "reason": 1}, "wrong_type", "reason"),
    ({"action": "rename"}, "required", None),
    ({"action": "rename", "title": "Hey"}, "too_short", None),
    ({"action": "rename", "title": "x" * 201}, "too_long", None),
    ({"action": "rename", "title": ["A list title"]}, "wrong_type", "title"),
    ({"action": "move"}, "required", "community"),
    ({"action": "move", "community": "atlantis"}, "unknown_community", None),
    ({"action": "move", "community": "Logistics"}, "unknown_community", None),
    ({"action": "move", "community": "logis\x00tics"}, "invalid", None),  # refused by json_body
    ({"action": "move", "community": "x" * 10000}, "unknown_community", None),
    ({"action": "move", "community": "vaccines"}, "unchanged", None),
    ({"action": "move", "community": 2}, "wrong_type", "community"),
    ({"action": "close"}, "required", None),
    ({"action": "close", "message": "   "}, "required", None),
    ({"action": "close", "message": False}, "wrong_type", "message"),
    ({"action": "slow_mode"}, "wrong_type", None),
    ({"action": "slow_mode", "seconds": -1}, "out_of_range", None),
    ({"action": "slow_mode", "seconds": 24 * 3600 + 1}, "out_of_range", None),
    ({"action": "slow_mode", "seconds": 10**30}, "out_of_range", None),
    ({"action": "slow_mode", "seconds": "60"}, "wrong_type", "seconds"),
    ({"action": "slow_mode", "seconds": 1.5}, "wrong_type", "seconds"),
    ({"action": "slow_mode", "seconds": True}, "wrong_type", "seconds"),
    ({"action": "split", "title": "A thread of its own"}, "invalid", None),
    ({"action": "split", "title": "A thread of its own", "post_ids": []}, "invalid", None),
    ({"action": "split", "title": "A thread of its own", "post_ids": "1"}, "wrong_type", "post_ids"),
    ({"action": "split", "title": "A thread of its own", "post_ids": [True]}, "wrong_type", "post_ids"),
    ({"action": "split", "title": "A thread of its own", "post_ids": ["1"]}, "wrong_type", "post_ids"),
    ({"action": "split", "title": "A thread of its own", "post_ids": [999999]}, "not_in_thread", None),
    ({"action": "split", "title": "A thread of its own", "post_ids": [-1]}, "not_in_thread", None),
    ({"action": "split", "post_ids": [1]}, "required", None),
    ({"action": "pin", "title": "Not for pin"}, "unknown_field", "title"),
    ({"action": "lock", "message": "Not for lock"}, "unknown_field", "message"),
    ({"action": "close", "message": "Closing", "reason": "x"}, "unknown_field", "reason"),
    ({"action": "lock", "is_locked": True}, "unknown_field", "is_locked"),
    ({"action": "lock", "community_id": 2}, "unknown_field", "community_id"),
    ({"action": "hide", "reason": "x"}, "unknown_action", "action"),
    ({"action": "delete"}, "unknown_action", "action"),
], ids=lambda value: str(value)[:40])
def test_thread_action_validation(app, client, world, body, code, field_name):
    thread_id, _reply = arrange_thread(app, world)
    before = snapshot(app)

    error = assert_error(moderate(client, world, "moderator", "threads", thread_id, body), 422, code)

    if field_name:
        assert field_name in error["message"]
    assert snapshot(app) == before


@pytest.mark.parametrize(("state", "body"), [
    ("locked", {"action": "lock"}), (None, {"action": "unlock"}),
    ("pinned", {"action": "pin"}), (None, {"action": "unpin"}),
])
def test_thread_toggles_refuse_no_change(app, client, world, state, body):
    thread_id, _reply = arrange_thread(app, world, state=state)
    before = snapshot(app)
    assert_error(moderate(client, world, "moderator", "threads", thread_id, body), 409, "unchanged")
    assert snapshot(app) == before


def test_split_refuses_the_opening_post_and_posts_of_other_threads(app, client, world):
    thread_id, reply_id = arrange_thread(app, world)
    _other_thread, other_reply = arrange_thread(app, world)
    with app.app_context():
        opening = db.session.scalar(select(Post.id).where(Post.thread_id == thread_id, Post.number == 1))
    before = snapshot(app)

    for post_ids, code in (([opening], "opening_post"), ([reply_id, opening], "opening_post"),
                           ([other_reply], "not_in_thread"), ([reply_id, other_reply], "not_in_thread")):
        assert_error(moderate(client, world, "moderator", "threads", thread_id,
                              {"action": "split", "post_ids": post_ids, "title": "A thread of its own"}), 422, code)

    assert snapshot(app) == before


@pytest.mark.parametrize("post_id", [2**31, 2**63, 10**30])
def test_split_with_out_of_range_ids_is_422_not_500(app, client, world, post_id):
    """A JSON number larger than any id must be refused like any id that is not in the thread.

    forum/services/moderation.py do_split_thread passes the ids straight to `Post.id.in_(...)`:
    PostgreSQL raises DataError "integer out of range" beyond 2**31 - 1 and SQLite OverflowError
    beyond 64 bits, both a 500.
    """
    thread_id, reply_id = arrange_thread(app, world)
    before = snapshot(app)

    response = moderate(client, world, "moderator", "threads", thread_id,
                        {"action": "split", "post_ids": [reply_id, post_id], "title": "A thread of its own"})

    assert_error(response, 422, "not_in_thread")
    assert snapshot(app) == before


def test_split_with_too_many_ids_is_422_not_500(app, client, world):
    """forum/services/moderation.py do_split_thread puts no bound on the number of ids: 70,000 ids
    (a 500 kB body, under MAX_CONTENT_LENGTH) exceed PostgreSQL's 65,535 query parameters and the
    OperationalError becomes a 500."""
    thread_id, reply_id = arrange_thread(app, world)
    before = snapshot(app)

    response = moderate(client, world, "moderator", "threads", thread_id,
                        {"action": "split", "post_ids": [reply_id, *range(100_000, 170_000)],
                         "title": "A thread of its own"})

    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert snapshot(app) == before


def test_looking_up_a_community_with_a_nul_character_is_not_found(app):
    """forum/services/communities.py access_community sends any text to the database: PostgreSQL
    refuses NUL characters with a DataError (GET /api/v1/communities/%00/threads is a 500)."""
    from forum.errors import NotFound
    from forum.services.communities import access_community

    with app.app_context(), pytest.raises(NotFound):
        access_community("\x00")


def test_thread_moderation_of_missing_or_deleted_threads(app, client, world):
    assert_error(moderate(client, world, "moderator", "threads", 999999, {"action": "lock"}), 404, "not_found")
    thread_id, _reply = arrange_thread(app, world)
    set_columns(app, Thread, thread_id, deleted_at=utcnow())
    # Members cannot see a deleted thread at all; moderators still moderate it.
    assert_error(moderate(client, world, "member", "threads", thread_id, {"action": "lock"}), 404, "not_found")
    assert moderate(client, world, "moderator", "threads", thread_id, {"action": "lock"}).status_code == 200


# ---------- actions on users ----------


def test_user_response_shape(app, client, world):
    """Times are UTC with a "Z", in the action's answer as in every later read.

    forum/services/sanctions.py check_until keeps the offset it was given ("+02:00"), so the
    answer built before the commit (and the audit entry's details) show another form of the time
    than the stored, UTC value read back later.
    """
    response = moderate(client, world, "moderator", "users", "Other",  # usernames are case-insensitive
                        {"action": "suspend", "until": "2099-06-30T12:00:00+02:00", "reason": "Spam"})

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"user", "suspension"}
    assert body["user"] == {"id": world.ids["other"], "username": "other", "display_name": "Other", "country": "BR",
                            "role": "member", "suspended_until": "2099-06-30T10:00:00Z",
                            "suspension_reason": "Spam", "is_suspended": True, "is_deactivated": False}
    assert set(body["suspension"]) == {"id", "until", "reason", "created_at", "lifted_at"}
    assert (body["suspension"]["until"], body["suspension"]["lifted_at"]) == ("2099-06-30T10:00:00Z", None)
    with app.app_context():
        [suspension] = db.session.scalars(select(Suspension).where(Suspension.user_id == world.ids["other"]))
        assert (suspension.created_by_id, suspension.reason) == (world.ids["moderator"], "Spam")

    lifted = moderate(client, world, "moderator", "users", "other", {"action": "unsuspend", "reason": "Appeal"})
    assert lifted.status_code == 200
    assert set(lifted.get_json()) == {"user"}
    assert lifted.get_json()["user"]["is_suspended"] is False
    assert lifted.get_json()["user"]["suspended_until"] is None
    with app.app_context():
        assert db.session.get(Suspension, suspension.id).lifted_by_id == world.ids["moderator"]


def test_unknown_usernames_are_404(app, client, world):
    for username in ("nobody", "other@example.org", "x" * 300, "ot%20her"):
        assert_error(moderate(client, world, "moderator", "users", username, {"action": "warn", "message": "Hi"}),
                     404, "not_found")
    # Control characters in a path are refused before any lookup (forum.boundary).
    for username in ("%00", "ot%0Aher"):
        assert_error(moderate(client, world, "moderator", "users", username, {"action": "warn", "message": "Hi"}),
                     422, "invalid")
    # Members are refused before anything is looked up.
    assert_error(moderate(client, world, "member", "users", "nobody", {"action": "warn", "message": "Hi"}),
                 403, "forbidden")
    assert_error(moderate(client, world, "anonymous", "users", "nobody", {"action": "warn", "message": "Hi"}),
                 401, "unauthorized")


@pytest.mark.parametrize(("body", "code", "field_name"), [
    ({"action": "suspend", "reason": "Spam"}, "required", None),
    ({"action": "suspend", "until": "", "reason": "Spam"}, "required", None),
    ({"action": "suspend", "until": "yesterday", "reason": "Spam"}, "invalid", None),
    ({"action": "suspend", "until": "2001-01-01T00:00:00Z", "reason": "Spam"}, "in_the_past", None),
    ({"action": "suspend", "until": "9999-12-31", "reason": "Spam"}, "invalid", None),
    ({"action": "suspend", "until": "0001-01-01T00:00:00+01:00", "reason": "Spam"}, "in_the_past", None),
    ({"action": "suspend", "until": "\ud800", "reason": "Spam"}, "invalid", None),
    ({"action": "suspend", "until": {"date": UNTIL}, "reason": "Spam"}, "wrong_type", "until"),
    ({"action": "suspend", "until": UNTIL}, "required", None),
    ({"action": "suspend", "until": UNTIL, "reason": 3}, "wrong_type", "reason"),
    ({"action": "suspend", "until": UNTIL, "reason": "Spam", "role": "admin"}, "unknown_field", "role"),
    ({"action": "warn"}, "required", None),
    ({"action": "warn", "message": "x" * 501}, "too_long", None),
    ({"action": "warn", "message": "Hi", "until": UNTIL}, "unknown_field", "until"),
    ({"action": "deactivate"}, "required", None),
    ({"action": "set_role"}, "invalid", None),
    ({"action": "set_role", "role": "superuser"}, "invalid", None),
    ({"action": "set_role", "role": 1}, "wrong_type", "role"),
    ({"action": "set_role", "role": "admin", "reason": "x"}, "unknown_field", "reason"),
    ({"action": "set_role", "role": "admin", "is_verified": True}, "unknown_field", "is_verified"),
    ({"action": "ban"}, "unknown_action", "action"),
    ({"action": None}, "required", "action"),
], ids=lambda value: str(value)[:40])
def test_user_action_validation(app, client, world, body, code, field_name):
    before = snapshot(app)

    error = assert_error(moderate(client, world, "admin", "users", "other", body), 422, code)

    if field_name:
        assert field_name in error["message"]
    assert snapshot(app) == before


@pytest.mark.parametrize("login", ["\x00", "a\x00b", "x\x00@example.org"])
def test_looking_up_a_login_with_a_nul_character_finds_nobody(app, login):
    """forum/services/accounts.py find_user_by_login sends any text to the database: PostgreSQL
    refuses NUL characters with a DataError (a 500 on POST /login with such a login, too)."""
    with app.app_context():
        assert accounts.find_user_by_login(login) is None


@pytest.mark.parametrize(("target", "persona", "status", "code"), [
    ("moderator", "moderator", 409, "not_allowed"),  # themselves
    ("cmod_here", "moderator", 200, None),  # a community moderator is a member site-wide
    ("admin", "moderator", 409, "not_allowed"),
    ("admin", "admin", 409, "not_allowed"),
])
def test_who_may_be_suspended(app, client, world, target, persona, status, code):
    response = moderate(client, world, persona, "users", target, {"action": "suspend", "until": UNTIL, "reason": "x"})
    if code:
        assert_error(response, status, code)
        assert get_user(app, world.ids[target]).suspended_until is None
    else:
        assert response.status_code == status


def test_only_admins_suspend_moderators(app, client, world):
    with app.app_context():
        _user(world, "member").role = "moderator"
        db.session.commit()
    assert_error(moderate(client, world, "moderator", "users", "member",
                          {"action": "suspend", "until": UNTIL, "reason": "x"}), 409, "not_allowed")
    assert moderate(client, world, "admin", "users", "member",
                    {"action": "suspend", "until": UNTIL, "reason": "x"}).status_code == 200


def test_a_suspended_moderator_cannot_lift_their_own_suspension(app, client, world):
    """An admin suspends a moderator; the moderator must not be able to undo it.

    forum/services/sanctions.py do_lift_suspension only asks can_sanction_users(moderator): it has
    neither do_suspend_user's self check nor its "only admins act on moderators" rule.
    """
    assert moderate(client, world, "admin", "users", "moderator",
                    {"action": "suspend", "until": UNTIL, "reason": "Abuse of powers"}).status_code == 200
    before = snapshot(app)

    response = moderate(client, world, "moderator", "users", "moderator", {"action": "unsuspend"})

    assert response.status_code in (403, 409), response.get_data(as_text=True)
    assert snapshot(app) == before
    assert get_user(app, world.ids["moderator"]).is_suspended


def test_unsuspending_a_member_who_is_not_suspended_is_409(app, client, world):
    assert_error(moderate(client, world, "moderator", "users", "other", {"action": "unsuspend"}), 409,
                 "not_suspended")
    assert_error(moderate(client, world, "admin", "users", "other", {"action": "reactivate"}), 409, "unchanged")
    arrange_user(app, world, "other", "deactivated")
    assert_error(moderate(client, world, "admin", "users", "other", {"action": "deactivate", "reason": "x"}), 409,
                 "unchanged")


def test_admins_cannot_deactivate_admins(app, client, world):
    with app.app_context():
        make_user("second_admin", role="admin")
        db.session.commit()
    before = snapshot(app)
    assert_error(moderate(client, world, "admin", "users", "second_admin", {"action": "deactivate", "reason": "x"}),
                 403, "forbidden")
    assert snapshot(app) == before


def test_set_role_promotes_and_demotes(app, client, world):
    promoted = moderate(client, world, "admin", "users", "member", {"action": "set_role", "role": "moderator"})
    assert promoted.status_code == 200
    assert promoted.get_json()["user"]["role"] == "moderator"
    # The new moderator's token now moderates.
    thread_id, _reply = arrange_thread(app, world)
    assert moderate(client, world, "member", "threads", thread_id, {"action": "pin"}).status_code == 200

    before_audit = last_audit_id(app)
    with app.test_request_context(method="POST"):
        login = sessions.do_log_in(db.session.get(User, world.ids["member"]))
        db.session.commit()
        login_id = login.id
    demoted = moderate(client, world, "admin", "users", "member", {"action": "set_role", "role": "member"})
    assert demoted.status_code == 200
    with app.app_context():  # lost powers end the sessions that held them
        assert db.session.get(LoginSession, login_id).ended_at is not None
    with app.app_context():
        [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.id > before_audit))
        assert (entry.action, entry.details) == ("user.role", {"before": "moderator", "after": "member"})
    assert_error(moderate(client, world, "member", "threads", thread_id, {"action": "unpin"}), 403, "forbidden")


def test_user_warning_is_a_notification(app, client, world, captured_events):
    captured_events.clear()
    response = moderate(client, world, "moderator", "users", "other", {"action": "warn", "message": "Last warning."})
    assert response.status_code == 200
    [note] = notifications_of(app, world.ids["other"], "moderator_warning")
    assert (note.actor_id, note.post_id, note.thread_id, note.message) == (
        world.ids["moderator"], None, None, "Last warning.")
    events = sent_events(captured_events)
    assert [(e.name, e.room, e.payload["kind"]) for e in events] == [
        ("notification", f"user:{world.ids['other']}", "moderator_warning")]


# ---------- suspensions and deactivation in force ----------


def _writes(client, headers, thread_id: int, post_id: int) -> list[Any]:
    return [
        client.post(f"{API}/communities/vaccines/threads", headers=headers,
                    json={"title": "A new thread", "body": _unique("Body")}),
        client.post(f"{API}/threads/{thread_id}/posts", headers=headers, json={"body": _unique("Reply")}),
        client.patch(f"{API}/posts/{post_id}", headers=headers, json={"body": _unique("Edited")}),
        client.post(f"{API}/posts/{post_id}/flags", headers=headers, json={"reason": "spam"}),
    ]


def test_a_suspended_members_token_reads_but_refuses_writes(app, client, world, captured_events):
    thread_id, own_post = arrange_post(app, world, owner="suspended")
    _t, others_post = arrange_post(app, world)
    headers = world.headers("suspended")
    before = snapshot(app)
    captured_events.clear()

    for response in _writes(client, headers, thread_id, own_post)[:3]:
        error = assert_error(response, 403, "suspended")
        assert "Spamming" in error["message"]
    assert_error(client.delete(f"{API}/posts/{own_post}", headers=headers), 403, "suspended")
    assert_error(client.post(f"{API}/posts/{others_post}/flags", headers=headers, json={"reason": "spam"}), 403,
                 "suspended")

    assert snapshot(app) == before
    assert sent_events(captured_events) == []
    assert client.get(f"{API}/threads/{thread_id}", headers=headers).status_code == 200
    assert client.get(f"{API}/me", headers=headers).status_code == 200


def test_an_expired_suspension_no_longer_blocks_writing(app, client, world):
    thread_id, own_post = arrange_post(app, world, owner="suspended")
    _t, others_post = arrange_post(app, world)
    set_columns(app, User, world.ids["suspended"], suspended_until=utcnow() - timedelta(seconds=1))
    headers = world.headers("suspended")

    statuses = [r.status_code for r in _writes(client, headers, thread_id, own_post)[:3]]
    statuses.append(client.post(f"{API}/posts/{others_post}/flags", headers=headers,
                                json={"reason": "spam"}).status_code)

    assert statuses == [201, 201, 200, 201]
    # ... and there is nothing left to lift.
    assert_error(moderate(client, world, "moderator", "users", "suspended", {"action": "unsuspend"}), 409,
                 "not_suspended")


def test_suspend_then_unsuspend_through_the_api(app, client, world):
    thread_id, _reply = arrange_thread(app, world)
    headers = world.headers("other")
    assert moderate(client, world, "moderator", "users", "other",
                    {"action": "suspend", "until": UNTIL, "reason": "Cooling off"}).status_code == 200
    assert_error(client.post(f"{API}/threads/{thread_id}/posts", headers=headers, json={"body": "Hi"}), 403,
                 "suspended")
    assert moderate(client, world, "moderator", "users", "other", {"action": "unsuspend"}).status_code == 200
    assert client.post(f"{API}/threads/{thread_id}/posts", headers=headers, json={"body": "Hi"}).status_code == 201


def test_a_deactivated_users_token_gets_401(app, client, world, captured_events):
    thread_id, _reply = arrange_thread(app, world)
    headers = world.headers("other")
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    captured_events.clear()

    response = moderate(client, world, "admin", "users", "other", {"action": "deactivate", "reason": "Spam ring"})

    assert response.status_code == 200
    assert response.get_json()["user"]["is_deactivated"] is True
    assert ("sockets.recheck", world.ids["other"]) in captured_events
    with app.app_context():  # revoked, so reactivating the account does not bring them back
        assert db.session.scalar(select(func.count()).select_from(ApiToken).where(
            ApiToken.user_id == world.ids["other"], ApiToken.revoked_at.is_(None))) == 0
    before = snapshot(app)
    assert_error(client.get(f"{API}/me", headers=headers), 401, "invalid_token")
    assert_error(client.get(f"{API}/threads/{thread_id}", headers=headers), 401, "invalid_token")
    assert_error(client.post(f"{API}/threads/{thread_id}/posts", headers=headers, json={"body": "Hi"}), 401,
                 "invalid_token")
    assert snapshot(app) == before


# ---------- posting rules: slow mode, new members, duplicates ----------


def test_slow_mode(app, client, world):
    thread_id, _reply = arrange_thread(app, world)
    assert moderate(client, world, "cmod_here", "threads", thread_id,
                    {"action": "slow_mode", "seconds": 60}).status_code == 200
    url = f"{API}/threads/{thread_id}/posts"

    assert client.post(url, headers=world.headers("member"), json={"body": "First"}).status_code == 201
    before = snapshot(app)
    second = client.post(url, headers=world.headers("member"), json={"body": "Second"})

    assert_error(second, 429, "slow_mode")
    assert 1 <= int(second.headers["Retry-After"]) <= 61
    assert snapshot(app) == before
    # Others are not held back by the member's post; moderators are exempt.
    assert client.post(url, headers=world.headers("newbie"), json={"body": "Newbie"}).status_code == 201
    for persona in ("cmod_here", "moderator", "admin"):
        assert [client.post(url, headers=world.headers(persona), json={"body": _unique(persona)}).status_code
                for _ in range(2)] == [201, 201], persona
    # Off again: the member may post.
    assert moderate(client, world, "moderator", "threads", thread_id,
                    {"action": "slow_mode", "seconds": 0}).status_code == 200
    assert client.post(url, headers=world.headers("member"), json={"body": "Second"}).status_code == 201


def test_slow_mode_window_passes(app, client, world):
    thread_id, _reply = arrange_thread(app, world)
    set_columns(app, Thread, thread_id, slow_mode_seconds=60)
    url = f"{API}/threads/{thread_id}/posts"
    assert client.post(url, headers=world.headers("member"), json={"body": "First"}).status_code == 201
    with app.app_context():
        db.session.execute(update(Post).where(Post.thread_id == thread_id, Post.author_id == world.ids["member"])
                           .values(created_at=utcnow() - timedelta(seconds=61)))
        db.session.commit()
    assert client.post(url, headers=world.headers("member"), json={"body": "Second"}).status_code == 201


LINKS = "See [a](https://a.example) [b](https://b.example) [c](https://c.example)"
TWO_LINKS = "See [a](https://a.example) [b](https://b.example)"
IMAGE = "Look: ![x](/static/favicon.svg)"


@pytest.mark.parametrize(("body", "code"), [(LINKS, "too_many_links"), (IMAGE, "no_images")])
def test_new_members_post_under_trust_limits(app, client, world, body, code):
    thread_id, _reply = arrange_thread(app, world)
    before = snapshot(app)
    headers = world.headers("newbie")

    assert_error(client.post(f"{API}/threads/{thread_id}/posts", headers=headers, json={"body": body}), 422, code)
    assert_error(client.post(f"{API}/communities/vaccines/threads", headers=headers,
                             json={"title": "New member thread", "body": body}), 422, code)

    assert snapshot(app) == before
    # Two links are within the limit; an established member may post both.
    assert client.post(f"{API}/threads/{thread_id}/posts", headers=headers,
                       json={"body": TWO_LINKS}).status_code == 201
    for persona in ("member", "moderator"):
        assert client.post(f"{API}/threads/{thread_id}/posts", headers=world.headers(persona),
                           json={"body": body}).status_code == 201, persona


def test_the_same_text_twice_within_minutes_is_a_duplicate(app, client, world):
    thread_id, _reply = arrange_thread(app, world)
    other_thread, _r = arrange_thread(app, world)
    headers = world.headers("member")
    assert client.post(f"{API}/threads/{thread_id}/posts", headers=headers,
                       json={"body": "Same words"}).status_code == 201
    before = snapshot(app)

    assert_error(client.post(f"{API}/threads/{thread_id}/posts", headers=headers, json={"body": "Same words"}),
                 422, "duplicate")
    assert_error(client.post(f"{API}/threads/{other_thread}/posts", headers=headers, json={"body": "Same words"}),
                 422, "duplicate")

    assert snapshot(app) == before
    # Someone else may say the same; and after the window, so may the member.
    assert client.post(f"{API}/threads/{thread_id}/posts", headers=world.headers("other"),
                       json={"body": "Same words"}).status_code == 201
    with app.app_context():
        db.session.execute(update(Post).where(Post.author_id == world.ids["member"])
                           .values(created_at=utcnow() - timedelta(seconds=301)))
        db.session.commit()
    assert client.post(f"{API}/threads/{thread_id}/posts", headers=headers,
                       json={"body": "Same words"}).status_code == 201


# ---------- the audit log ----------


def _record(app, world, count: int, **kwargs) -> list[int]:
    from forum.services import audit

    with app.app_context():
        actor = _user(world, kwargs.pop("actor", "moderator"))
        entries = [audit.record(actor, kwargs.get("action", "thread.pin"), kwargs.get("target_type", "thread"),
                                kwargs.get("target_id", n + 1), community_id=kwargs.get("community_id", world.here),
                                reason=kwargs.get("reason", ""), details=kwargs.get("details"))
                   for n in range(count)]
        db.session.commit()
        return [e.id for e in entries]


def test_log_lists_entries_newest_first_50_per_page(app, client, world):
    ids = _record(app, world, 60)
    headers = world.headers("moderator")
    total = len(audit_since(app, 0))

    first = client.get(f"{API}/moderation/log", headers=headers)
    second = client.get(f"{API}/moderation/log?page=2", headers=headers).get_json()

    assert first.status_code == 200
    body = first.get_json()
    assert set(body) == {"items", "page", "pages", "total"}
    assert (body["page"], body["pages"], body["total"]) == (1, 2, total)
    assert len(body["items"]) == 50 and len(second["items"]) == total - 50
    assert [e["id"] for e in body["items"]][:60] == sorted(ids, reverse=True)[:50]
    all_ids = [e["id"] for e in body["items"] + second["items"]]
    assert all_ids == sorted(all_ids, reverse=True)
    entry = body["items"][0]
    assert set(entry) == {"id", "created_at", "actor", "action", "target_type", "target_id", "community_id",
                          "reason", "details", "action_label", "details_text"}
    assert (entry["action_label"], entry["details_text"]) == ("Thread pinned", [])
    assert (entry["action"], entry["target_type"], entry["target_id"], entry["community_id"]) == (
        "thread.pin", "thread", 60, world.here)
    assert entry["actor"] == {"id": world.ids["moderator"], "username": "moderator", "display_name": "Moderator",
                              "country": "BR"}
    assert entry["created_at"].endswith("Z")


def test_log_filters(app, client, world):
    thread_id, _reply = arrange_thread(app, world)
    assert moderate(client, world, "moderator", "threads", thread_id,
                    {"action": "rename", "title": "Renamed thread", "reason": "Typo"}).status_code == 200
    assert moderate(client, world, "cmod_here", "threads", thread_id, {"action": "lock"}).status_code == 200
    assert moderate(client, world, "moderator", "users", "other",
                    {"action": "warn", "message": "Careful"}).status_code == 200
    _t, post_id = arrange_post(app, world)
    _flag(app, world, post_id, "flagger", "flagger2", "flagger3")  # auto-hidden: no actor
    headers = world.headers("admin")

    def log(query):
        response = client.get(f"{API}/moderation/log?{query}", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return [(e["action"], (e["actor"] or {}).get("username"), e["target_type"], e["target_id"])
                for e in response.get_json()["items"]]

    assert log("action=thread.rename") == [("thread.rename", "moderator", "thread", thread_id)]
    assert log("actor=CMOD_HERE") == [("thread.lock", "cmod_here", "thread", thread_id)]
    assert log("target_type=thread") == [("thread.lock", "cmod_here", "thread", thread_id),
                                         ("thread.rename", "moderator", "thread", thread_id)]
    assert log(f"target_type=thread&target_id={thread_id}&actor=moderator") == [
        ("thread.rename", "moderator", "thread", thread_id)]
    assert log("action=post.auto_hide") == [("post.auto_hide", None, "post", post_id)]
    assert log("action=user.warn&target_type=user") == [("user.warn", "moderator", "user", world.ids["other"])]
    assert log("actor=nobody") == []
    assert log("action=") == log("")  # empty filters are no filters
    renamed = client.get(f"{API}/moderation/log?action=thread.rename", headers=headers).get_json()["items"][0]
    assert (renamed["reason"], renamed["details"]) == ("Typo", {"before": "Cold chain on river routes",
                                                                "after": "Renamed thread"})
    renamed_es = client.get(f"{API}/moderation/log?action=thread.rename", headers={
        **headers, "Accept-Language": "es"}).get_json()["items"][0]
    assert (renamed_es["action_label"], renamed_es["details_text"]) == (
        "Título del hilo cambiado", ["Antes: Cold chain on river routes", "Después: Renamed thread"])
    for query, code in (("target_id=abc", "wrong_type"), ("target_id=0", "out_of_range"),
                        ("target_id=99999999999", "out_of_range"), ("page=0", "out_of_range"),
                        ("page=x", "wrong_type"), ("action=" + "x" * 49, "too_long")):
        assert_error(client.get(f"{API}/moderation/log?{query}", headers=headers), 422, code)


def test_community_moderators_read_only_their_communities_log(app, client, world):
    here = _record(app, world, 2, community_id=world.here)
    _record(app, world, 2, community_id=world.there)
    _record(app, world, 1, action="user.warn", target_type="user", community_id=None)

    def ids(persona):
        body = client.get(f"{API}/moderation/log", headers=world.headers(persona)).get_json()
        return [e["id"] for e in body["items"]], {e["community_id"] for e in body["items"]}

    found, communities = ids("cmod_here")
    assert communities == {world.here} and set(here) <= set(found)
    _found, communities = ids("cmod_other")
    assert communities == {world.there}
    _found, communities = ids("moderator")
    assert communities == {world.here, world.there, None}
    for persona in ("member", "newbie", "suspended"):
        assert_error(client.get(f"{API}/moderation/log", headers=world.headers(persona)), 403, "forbidden")
    assert_error(client.get(f"{API}/moderation/log"), 401, "unauthorized")


# ---------- methods ----------


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_no_put_patch_or_delete_routes(app, client, world, method):
    thread_id, post_id = arrange_post(app, world)
    before = snapshot(app)
    headers = world.headers("admin")
    for url in (f"/moderation/posts/{post_id}", f"/moderation/threads/{thread_id}", "/moderation/users/other",
                "/moderation/log", "/moderation/queue", f"/posts/{post_id}/flags"):
        response = getattr(client, method)(f"{API}{url}", headers=headers, json={"action": "hide", "reason": "x"})
        assert_error(response, 405, "method_not_allowed")
        assert "POST" in response.headers["Allow"] or "GET" in response.headers["Allow"]
    assert snapshot(app) == before


def test_action_endpoints_do_not_answer_get(app, client, world):
    thread_id, post_id = arrange_post(app, world)
    headers = world.headers("admin")
    for url in (f"/moderation/posts/{post_id}", f"/moderation/threads/{thread_id}", "/moderation/users/other",
                f"/posts/{post_id}/flags"):
        assert_error(client.get(f"{API}{url}", headers=headers), 405, "method_not_allowed")


# ---------- rate limit on flags ----------


class TestFlagRateLimit:
    @pytest.fixture
    def app_config(self, database_url):
        return make_test_config(database_url, RATELIMIT_ENABLED=True, RATELIMIT_FLAG="2 per minute")

    def test_flags_beyond_the_limit_are_429(self, app, client, world, captured_events):
        posts = [arrange_post(app, world)[1] for _ in range(4)]
        headers = world.headers("member")

        def flag(post_id, persona="member"):
            return client.post(f"{API}/posts/{post_id}/flags", headers=world.headers(persona),
                               json={"reason": "spam"})

        assert [flag(p).status_code for p in posts[:2]] == [201, 201]
        before = snapshot(app)
        captured_events.clear()

        limited = flag(posts[2])

        assert_error(limited, 429, "rate_limited")
        retry_after = limited.headers.get("Retry-After")
        assert retry_after is not None and retry_after.isdigit() and 0 < int(retry_after) <= 60
        assert snapshot(app) == before
        assert sent_events(captured_events) == []
        # The budget is per user; reading and moderating are not flagging.
        assert flag(posts[2], "flagger").status_code == 201
        assert client.get(f"{API}/threads/{get_post(app, posts[3]).thread_id}", headers=headers).status_code == 200
        assert moderate(client, world, "moderator", "posts", posts[3],
                        {"action": "hide", "reason": "x"}).status_code == 200
