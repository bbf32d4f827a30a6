"""Bookmarks of posts, threads and experiences: the page and its buttons, the API, reminders, and
bookmarks of things the member may no longer read (never shown, never reminded)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Bookmark, Notification, Post, User
from forum.services.bookmarks import BOOKMARKS_PER_PAGE
from forum.services.moderation import do_hide_post
from tests.conftest import Auth, form_post
from tests.factories import make_community, make_experience, make_post, make_thread
from tests.test_api_support import API, assert_error, bearer, issue_token, uid


@pytest.fixture
def world(app, member, other_member, moderator):
    """A thread by `other` with a reply of theirs, and a published experience."""
    with app.app_context():
        other = db.session.get(User, uid(other_member))
        community = make_community("vaccines")
        thread = make_thread(other, community, title="Cold chain on rivers")
        reply = make_post(other, thread, "Solar fridges on the boats.")
        experience = make_experience(db.session.get(User, uid(moderator)), other, community, title="Solar fridges")
        db.session.commit()
        return {"thread": thread.id, "reply": reply.id, "experience": experience.id, "slug": thread.slug}


def test_a_member_bookmarks_from_the_pages_lists_sets_a_reminder_and_removes(app, client, auth, member, world):
    auth.login("member")
    thread_path = f"/t/{world['thread']}/{world['slug']}"
    page = client.get(thread_path).get_data(as_text=True)
    assert f'name="post_id" type="hidden" value="{world["reply"]}"' in page and 'name="thread_id"' in page
    for field, value, back in (("post_id", world["reply"], thread_path), ("thread_id", world["thread"], thread_path),
                               ("experience_id", world["experience"], f"/experiences/{world['experience']}")):
        response = form_post(client, "/bookmarks", {field: value, "next": back}, page=back)
        assert response.status_code == 303 and response.headers["Location"].endswith(back)
    page = client.get(thread_path).get_data(as_text=True)
    assert page.count('aria-pressed="true"') == 2  # the reply and the thread
    listing = client.get("/bookmarks").get_data(as_text=True)
    assert "Post #2 in Cold chain on rivers" in listing and "Solar fridges" in listing
    assert 'href="/bookmarks"' in client.get("/").get_data(as_text=True)  # the account menu
    with app.app_context():
        ids = db.session.scalars(select(Bookmark.id).where(Bookmark.user_id == uid(member))
                                 .order_by(Bookmark.id)).all()
    response = form_post(client, f"/bookmarks/{ids[0]}", {"remind_at": "2031-02-03", "note": "read again"},
                         page="/bookmarks")
    assert response.status_code == 303
    listing = client.get("/bookmarks").get_data(as_text=True)
    assert "read again" in listing and 'value="2031-02-03"' in listing
    assert form_post(client, f"/bookmarks/{ids[0]}", {"remind_at": "tomorrow"},
                     page="/bookmarks").status_code == 303  # refused with a flashed error
    assert form_post(client, f"/bookmarks/{ids[0]}/delete", {}, page="/bookmarks").status_code == 303
    with app.app_context():
        assert db.session.get(Bookmark, ids[0]) is None
        assert db.session.get(Bookmark, ids[1]).remind_at is None


def test_the_api_adds_lists_updates_and_deletes_only_ones_own(app, client, member, other_member, world):
    mine, theirs = bearer(issue_token(app, member)), bearer(issue_token(app, other_member))
    made = client.post(f"{API}/bookmarks", json={"post_id": world["reply"], "remind_at": "2031-01-05",
                                                 "note": "check the fridges"}, headers=mine)
    assert made.status_code == 201, made.get_json()
    bookmark = made.get_json()["bookmark"]
    assert (bookmark["kind"], bookmark["post_id"], bookmark["remind_at"]) == ("post", world["reply"], "2031-01-05")
    again = client.post(f"{API}/bookmarks", json={"post_id": world["reply"], "remind_at": None}, headers=mine)
    assert again.status_code == 200 and again.get_json()["bookmark"]["id"] == bookmark["id"]
    assert again.get_json()["bookmark"]["remind_at"] is None
    assert client.post(f"{API}/bookmarks", json={"thread_id": world["thread"]}, headers=mine).status_code == 201
    assert [b["kind"] for b in client.get(f"{API}/bookmarks", headers=mine).get_json()["bookmarks"]] == [
        "thread", "post"]
    assert client.get(f"{API}/bookmarks", headers=theirs).get_json()["bookmarks"] == []
    assert_error(client.delete(f"{API}/bookmarks/{bookmark['id']}", headers=theirs), 404, "not_found")
    assert_error(client.post(f"{API}/bookmarks", json={"post_id": world["reply"], "thread_id": world["thread"]},
                             headers=mine), 422, "invalid_target")
    assert_error(client.post(f"{API}/bookmarks", json={}, headers=mine), 422, "invalid_target")
    assert_error(client.post(f"{API}/bookmarks", json={"post_id": 10**8}, headers=mine), 404, "not_found")
    assert_error(client.post(f"{API}/bookmarks", json={"experience_id": world["experience"],
                                                       "remind_at": "5 May"}, headers=mine), 422, "invalid_date")
    assert client.get(f"{API}/bookmarks").status_code == 401
    assert client.delete(f"{API}/bookmarks/{bookmark['id']}", headers=mine).status_code == 204
    assert len(client.get(f"{API}/bookmarks", headers=mine).get_json()["bookmarks"]) == 1


def test_reminders_are_sent_once_and_never_for_what_the_member_may_no_longer_read(
        app, client, auth, runner, member, moderator, world):
    headers = bearer(issue_token(app, member))
    today = date.today().isoformat()
    for body in ({"thread_id": world["thread"], "note": "come back"}, {"post_id": world["reply"]},
                 {"experience_id": world["experience"], "remind_at": (date.today() + timedelta(days=3)).isoformat()}):
        body.setdefault("remind_at", today)
        assert client.post(f"{API}/bookmarks", json=body, headers=headers).status_code == 201
    with app.app_context():  # the reply is hidden after it was bookmarked
        do_hide_post(db.session.get(User, uid(moderator)), db.session.get(Post, world["reply"]), reason="spam")
        db.session.commit()
    listed = client.get(f"{API}/bookmarks", headers=headers).get_json()["bookmarks"]
    assert [b["kind"] for b in listed] == ["experience", "thread"]  # the hidden reply's bookmark is not shown
    auth.login("member")
    assert "Solar fridges on the boats" not in client.get("/bookmarks").get_data(as_text=True)

    result = runner.invoke(args=["notify", "bookmarks"])
    assert result.exit_code == 0 and "bookmarks 1," in result.output, result.output
    assert "bookmarks 0," in runner.invoke(args=["notify", "bookmarks"]).output  # once
    with app.app_context():
        sent = db.session.scalars(select(Notification).where(Notification.user_id == uid(member),
                                                             Notification.kind == "bookmark_reminder")).all()
        assert [(n.thread_id, n.post_id, n.message) for n in sent] == [(world["thread"], None, "come back")]
    page = client.get("/notifications").get_data(as_text=True)
    assert "A reminder of your bookmark: “Cold chain on rivers”." in page


def test_bookmarks_are_paged_on_the_page_and_in_the_api(app, client, auth, member, world):
    with app.app_context():
        author = db.session.get(User, uid(member))
        community = make_community("paged", name="Paged")
        threads = [make_thread(author, community, title=f"Paged thread {n:03d}")
                   for n in range(BOOKMARKS_PER_PAGE + 2)]
        db.session.add_all([Bookmark(user_id=author.id, thread_id=t.id) for t in threads])
        db.session.commit()
    auth.login("member")
    first = client.get("/bookmarks").get_data(as_text=True)
    second = client.get("/bookmarks?page=2").get_data(as_text=True)
    assert first.count("Paged thread") == BOOKMARKS_PER_PAGE and 'rel="next"' in first
    assert second.count("Paged thread") == 2
    assert client.get("/bookmarks?page=3").status_code == 404
    token = Auth(client).csrf_token("/")
    listed = client.get(f"{API}/bookmarks?page=2", headers={"X-CSRFToken": token}).get_json()
    expected = (2, 2, BOOKMARKS_PER_PAGE + 2, 2)
    assert (listed["page"], listed["pages"], listed["total"], len(listed["bookmarks"])) == expected
