"""The notifications page and API: lines for each kind, mark one or all read, the exact unread counter."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Notification, User
from forum.services.flags import resolve_flags
from forum.services.moderation import do_warn_user
from forum.services.notifications import do_notify
from forum.services.sanctions import do_suspend_user
from forum.services.subscriptions import do_set_thread_subscription
from tests.conftest import form_post
from tests.factories import make_community, make_post, make_thread, refetch
from tests.test_api_support import API, assert_error, bearer, issue_token, uid


def _notify_each_kind(app, member, moderator) -> dict[str, int]:
    """One notification of each kind the application sends, through the real services."""
    from datetime import timedelta

    from forum.models import Flag, utcnow

    with app.app_context():
        user = db.session.get(User, uid(member))
        mod = db.session.get(User, uid(moderator))
        thread = make_thread(mod, make_community("vaccines"), title="Cold chain on river routes")
        post = make_post(user, thread, "My reply")
        # Replying watches the thread; mute it so only the moderation kinds reach the member here.
        do_set_thread_subscription(user, thread, level="mute")
        do_warn_user(mod, user, message="Please keep it civil.", post=post)
        other_post = make_post(mod, thread, "A post someone flagged")
        db.session.add(Flag(post_id=other_post.id, flagger_id=user.id, reason="spam", note="", status="open",
                            created_at=utcnow()))
        db.session.flush()
        resolve_flags(mod, other_post, "upheld")
        do_suspend_user(mod, user, until=(utcnow() + timedelta(days=3)).date().isoformat(), reason="Spam links")
        db.session.commit()
        rows = db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()
        return {n.kind: n.id for n in rows}


def test_each_kind_has_a_readable_line_with_a_link(app, client, auth, member, moderator):
    ids = _notify_each_kind(app, member, moderator)
    assert set(ids) == {"moderator_warning", "flag_outcome", "suspension"}
    auth.login("member")
    html = client.get("/notifications").get_data(as_text=True)
    assert "Moderator sent you a warning about your post in “Cold chain on river routes”." in html
    assert "Please keep it civil." in html
    assert "A moderator reviewed the post you flagged in “Cold chain on river routes”." in html
    assert "Your account was suspended by a moderator." in html and "Spam links" in html
    assert html.count('href="/p/') >= 2 and 'href="/settings">Your account was suspended' in html
    assert html.count("badge-unread") == 3
    assert re.search(r'Notifications <span class="count-badge" data-unread-count="3">', html)


def test_mark_one_then_all_read_keeps_the_counter_exact(app, client, auth, member, moderator):
    ids = _notify_each_kind(app, member, moderator)
    auth.login("member")
    response = form_post(client, f"/notifications/{ids['suspension']}/read", {"next": "/notifications"},
                         page="/notifications")
    assert response.status_code == 302
    html = client.get("/notifications").get_data(as_text=True)
    assert html.count("badge-unread") == 2 and 'data-unread-count="2"' in html
    # Marking it again changes nothing; someone else's notification cannot be marked.
    form_post(client, f"/notifications/{ids['suspension']}/read", {}, page="/notifications")
    with app.app_context():
        assert refetch(User, uid(member)).unread_notification_count == 2
    assert 'data-unread-count="2"' in client.get("/notifications?unread=1").get_data(as_text=True)

    response = form_post(client, "/notifications/read-all", {}, page="/notifications")
    assert response.status_code == 302
    html = client.get("/notifications").get_data(as_text=True)
    assert "badge-unread" not in html and "count-badge" not in html
    with app.app_context():
        assert refetch(User, uid(member)).unread_notification_count == 0
        assert db.session.scalar(select(db.func.count()).select_from(Notification)
                                 .where(Notification.user_id == uid(member), Notification.read_at.is_(None))) == 0


def test_marking_needs_csrf_and_ownership(app, client, auth, member, other_member, moderator):
    ids = _notify_each_kind(app, member, moderator)
    auth.login("other")
    assert client.post(f"/notifications/{ids['suspension']}/read").status_code == 400  # no CSRF token
    form_post(client, f"/notifications/{ids['suspension']}/read", {}, page="/notifications")
    form_post(client, "/notifications/read-all", {}, page="/notifications")
    with app.app_context():
        assert refetch(User, uid(member)).unread_notification_count == 3
    auth.logout()
    assert client.get("/notifications").status_code in (302, 401)  # as /settings: the login page or 401


def test_pages_newest_first(app, client, auth, member, count_queries):
    with app.app_context():
        for i in range(30):
            do_notify(uid(member), "custom", message=f"Message {i:02d}")
        db.session.commit()
    auth.login("member")
    with count_queries() as counter:
        html = client.get("/notifications").get_data(as_text=True)
    assert html.index("Message 29") < html.index("Message 28") and "Message 04" not in html
    assert counter.count <= 4, counter.statements  # user, count, page (joined), nothing per row
    assert "Message 04" in client.get("/notifications?page=2").get_data(as_text=True)
    assert client.get("/notifications?page=3").status_code == 404


# ---------- API ----------


def test_api_lists_and_marks(app, client, member, moderator):
    ids = _notify_each_kind(app, member, moderator)
    headers = bearer(issue_token(app, member))
    body = client.get(f"{API}/notifications", headers=headers).get_json()
    assert (body["total"], body["unread_count"], body["page"], body["pages"]) == (3, 3, 1, 1)
    item = body["items"][0]
    assert set(item) == {"id", "kind", "text", "detail", "url", "message", "actor", "thread_id", "post_id",
                         "project_id", "experience_id", "is_read", "created_at", "read_at"}
    assert item["kind"] == "suspension" and item["url"] == "/settings" and item["is_read"] is False

    response = client.post(f"{API}/notifications/read", headers=headers, json={"ids": [ids["suspension"], 999999]})
    assert response.status_code == 200 and response.get_json() == {"unread_count": 2}
    unread = client.get(f"{API}/notifications?unread=1", headers=headers).get_json()
    assert unread["total"] == 2 and all(not i["is_read"] for i in unread["items"])
    assert client.post(f"{API}/notifications/read", headers=headers, json={"all": True}).get_json() == {
        "unread_count": 0}
    assert client.get(f"{API}/me", headers=headers).get_json()["user"]["unread_notification_count"] == 0


@pytest.mark.parametrize(("body", "code"), [
    ({}, "invalid"),
    ({"all": False}, "invalid"),
    ({"ids": [1], "all": True}, "invalid"),
    ({"ids": "1"}, "wrong_type"),
    ({"ids": [True]}, "wrong_type"),
    ({"ids": list(range(1, 102))}, "too_many"),
    ({"other": 1}, "unknown_field"),
])
def test_api_mark_read_errors(app, client, member, body, code):
    assert_error(client.post(f"{API}/notifications/read", headers=bearer(issue_token(app, member)), json=body),
                 422, code)


def test_api_needs_a_user(client):
    assert_error(client.get(f"{API}/notifications"), 401, "unauthorized")
    assert_error(client.post(f"{API}/notifications/read", json={"all": True}), 401, "unauthorized")
