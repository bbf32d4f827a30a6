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
from tests.conftest import Auth, form_post
from tests.factories import make_community, make_experience, make_post, make_thread, make_user, refetch
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


def _rows(html: str) -> list[str]:
    """The rows of the notifications page, as their visible text (tags dropped, spaces collapsed)."""
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split())
            for row in re.findall(r'<li class="notification-group.*?</li>', html, re.S)]


def _unread_badge(html: str) -> str | None:
    found = re.search(r'data-unread-count="(\d+)"', html)
    return found.group(1) if found else None


def test_each_kind_has_a_readable_line_with_a_link(app, client, auth, member, moderator):
    ids = _notify_each_kind(app, member, moderator)
    assert set(ids) == {"moderator_warning", "flag_outcome", "suspension"}
    auth.login("member")
    html = client.get("/notifications").get_data(as_text=True)
    assert "Moderator sent you a warning about your post in “Cold chain on river routes”." in html
    assert "Please keep it civil." in html
    assert "A moderator reviewed the post you flagged in “Cold chain on river routes”." in html
    assert "Your account was suspended by a moderator." in html and "Spam links" in html
    # Moderation notices are never grouped: three rows, each unread one opened by a POST.
    assert len(_rows(html)) == 3 and html.count('class="notification-group is-unread"') == 3
    for ident in ids.values():
        assert f'action="/notifications/{ident}/open"' in html
    assert "Mark as read" not in html and html.count(">Mark read<") == 3
    assert re.search(r'id="notifications-link"[^>]*>.*?<span class="count-badge" data-unread-count="3">', html, re.S)
    # Once read they are plain links.
    form_post(client, "/notifications/read-all", {}, page="/notifications")
    html = client.get("/notifications").get_data(as_text=True)
    assert html.count('href="/p/') >= 2 and 'href="/settings">Your account was suspended' in html


def _replies_to(app, member) -> dict:
    """Three members reply to the member's thread (four replies: Ana twice), one mentions them in
    another thread; and a reply to a second thread of theirs. Real posts, real notifications."""
    with app.app_context():
        owner = db.session.get(User, uid(member))
        community = make_community()
        thread = make_thread(owner, community, title="Cold chain on river routes")
        other = make_thread(owner, community, title="Solar fridges")
        ana, luis, rosa = (make_user(name) for name in ("ana", "luis", "rosa"))
        first = make_post(luis, thread, "The first new reply")
        make_post(ana, thread, "Ana's first reply")
        make_post(rosa, thread, "Rosa's reply")
        make_post(ana, thread, "Ana's second reply")
        make_post(rosa, make_thread(ana, community, title="Boats"), "Have you seen this, @member?")
        make_post(luis, other, "About fridges")
        db.session.commit()
        return {"thread": thread.id, "first_post": first.id, "other": other.id}


def test_notifications_are_grouped_by_what_they_are_about(app, client, auth, member):
    _replies_to(app, member)
    auth.login("member")
    html = client.get("/notifications").get_data(as_text=True)
    rows = _rows(html)
    assert len(rows) == 3, rows
    assert rows[0].startswith("Unread: Luis replied in “Solar fridges”.")
    assert rows[1].startswith("Unread: Rosa mentioned you in “Boats”.")
    assert rows[2].startswith("Unread: 4 new replies in “Cold chain on river routes”"), rows[2]
    assert "Ana, Rosa and 1 other · just now" in rows[2]
    assert _unread_badge(html) == "6"
    # In Spanish, with the numbers and plurals of the language.
    client.set_cookie("lang", "es")
    rows = _rows(client.get("/notifications", headers={"Accept-Language": "es"}).get_data(as_text=True))
    assert any("4 respuestas nuevas en “Cold chain on river routes”" in row for row in rows), rows
    assert any("Ana, Rosa y 1 persona más" in row for row in rows), rows


def test_changes_to_one_record_show_the_newest_with_how_many(app, client, auth, member, moderator):
    with app.app_context():
        mod = db.session.get(User, uid(moderator))
        experience = make_experience(mod, db.session.get(User, uid(member)), make_community(), title="Solar fridges")
        do_notify(uid(member), "experience_editor", actor=mod, experience=experience)  # with what the record sent
        do_notify(uid(member), "experience_status", actor=mod, experience=experience, message="Add the costs.")
        db.session.commit()
        path = f"/experiences/{experience.id}"
    auth.login("member")
    html = client.get("/notifications").get_data(as_text=True)
    (row,) = [r for r in _rows(html) if "Solar fridges" in r]
    assert row.startswith("Unread: Moderator changed the status of the experience “Solar fridges”.")
    assert re.search(r"\b[2-9] updates · Moderator ·", row) and "Add the costs." in row
    opened = re.search(r'action="(/notifications/\d+/open)"', html).group(1)
    assert form_post(client, opened, {}, page="/notifications").headers["Location"] == path


def test_opening_a_group_reads_it_and_leads_to_the_first_new_post(app, client, auth, member, other_member):
    made = _replies_to(app, member)
    auth.login("member")
    html = client.get("/notifications").get_data(as_text=True)
    group_id = re.findall(r'action="/notifications/(\d+)/open"', html)[2]
    response = form_post(client, f"/notifications/{group_id}/open", {}, page="/notifications")
    assert response.status_code == 302 and response.headers["Location"] == f"/p/{made['first_post']}"
    html = client.get("/notifications").get_data(as_text=True)
    assert _unread_badge(html) == "2"
    rows = _rows(html)
    assert rows[2].startswith("4 replies in “Cold chain on river routes”") and "Unread" not in rows[2]
    assert f'href="/p/{made["first_post"]}"' not in html  # a read group leads to its newest post
    with app.app_context():
        assert refetch(User, uid(member)).unread_notification_count == 2
    # Someone else's notification: not found, and nothing changes; a POST needs its CSRF token.
    other = app.test_client()
    Auth(other).login("other")
    assert form_post(other, f"/notifications/{group_id}/open", {}, page="/notifications").status_code == 404
    assert other.post(f"/notifications/{group_id}/open").status_code == 400


def test_the_small_action_reads_a_group_and_mark_all_reads_every_one(app, client, auth, member):
    _replies_to(app, member)
    auth.login("member")
    html = client.get("/notifications").get_data(as_text=True)
    mention_id = re.findall(r'action="/notifications/(\d+)/read"', html)[1]
    response = form_post(client, f"/notifications/{mention_id}/read", {"next": "/notifications?unread=1"},
                         page="/notifications")
    assert response.status_code == 302 and response.headers["Location"] == "/notifications?unread=1"
    html = client.get("/notifications?unread=1").get_data(as_text=True)
    assert _unread_badge(html) == "5" and len(_rows(html)) == 2 and "Boats" not in html

    response = form_post(client, "/notifications/read-all", {}, page="/notifications")
    assert response.status_code == 302
    html = client.get("/notifications").get_data(as_text=True)
    assert _unread_badge(html) is None and "is-unread" not in html and "Mark all as read" not in html
    assert "You have no unread notifications." in client.get("/notifications?unread=1").get_data(as_text=True)
    with app.app_context():
        assert refetch(User, uid(member)).unread_notification_count == 0
        assert db.session.scalar(select(db.func.count()).select_from(Notification)
                                 .where(Notification.user_id == uid(member), Notification.read_at.is_(None))) == 0


def test_marking_needs_csrf_and_ownership(app, client, auth, member, other_member, moderator):
    ids = _notify_each_kind(app, member, moderator)
    auth.login("other")
    assert client.post(f"/notifications/{ids['suspension']}/read").status_code == 400  # no CSRF token
    assert form_post(client, f"/notifications/{ids['suspension']}/read", {}, page="/notifications").status_code == 404
    form_post(client, "/notifications/read-all", {}, page="/notifications")
    with app.app_context():
        assert refetch(User, uid(member)).unread_notification_count == 3
    auth.logout()
    assert client.get("/notifications").status_code in (302, 401)  # as /settings: the login page or 401


def _many_groups(app, member, threads: int, per_thread: int) -> None:
    with app.app_context():
        owner = db.session.get(User, uid(member))
        actors = [make_user() for _ in range(3)]
        community = make_community()
        for t in range(threads):
            thread = make_thread(actors[0], community, title=f"Thread {t:02d}")
            for i in range(per_thread):
                do_notify(owner.id, "watched_post", actor=actors[i % 3], thread=thread)
            do_notify(owner.id, "custom", message=f"Message {t:02d}")
        db.session.commit()


def test_a_page_of_groups_costs_the_same_queries_however_many(app, client, auth, member, count_queries):
    _many_groups(app, member, threads=2, per_thread=2)
    auth.login("member")
    with count_queries() as small:
        assert client.get("/notifications").status_code == 200
    _many_groups(app, member, threads=15, per_thread=9)
    with count_queries() as large:
        html = client.get("/notifications").get_data(as_text=True)
    assert len(_rows(html)) == 25 and "9 new posts in “Thread 14”" in html
    assert large.count == small.count <= 5, large.statements  # user, groups' count, groups, their rows


def test_pages_of_groups_newest_first(app, client, auth, member):
    with app.app_context():
        for i in range(30):
            do_notify(uid(member), "custom", message=f"Message {i:02d}")
        db.session.commit()
    auth.login("member")
    html = client.get("/notifications").get_data(as_text=True)
    assert html.index("Message 29") < html.index("Message 28") and "Message 04" not in html
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
