"""JSON API v1 permissions: others' posts, unverified accounts, announcements, locked and deleted threads."""

import pytest
from sqlalchemy import update

from forum.extensions import db
from forum.models import Thread, utcnow
from tests.test_api_support import (
    API,
    assert_error,
    bearer,
    build_world,
    get_post,
    get_thread,
    issue_token,
    row_counts,
    sent_events,
)


@pytest.fixture
def world(app, member, other_member):
    """A thread opened by `other_member`, with a reply by `member`."""
    return build_world(app, other_member, member)


def _set_thread(app, thread_id: int, **values) -> None:
    with app.app_context():
        db.session.execute(update(Thread).where(Thread.id == thread_id).values(**values))
        db.session.commit()


# ---------- other people's posts ----------


# `other_member` owns the opening post and `member` the reply: each intrudes on the other's post.
@pytest.mark.parametrize(("which", "intruder"), [("opening_post_id", "member"), ("reply_id", "other_member")])
def test_member_cannot_edit_or_delete_another_members_post(app, client, world, request, captured_events,
                                                           which, intruder):
    post_id = getattr(world, which)
    headers = bearer(issue_token(app, request.getfixturevalue(intruder)))
    original = get_post(app, post_id)
    before = row_counts(app)

    assert_error(client.patch(f"{API}/posts/{post_id}", headers=headers, json={"body": "Hijacked"}),
                 403, "forbidden")
    assert_error(client.delete(f"{API}/posts/{post_id}", headers=headers), 403, "forbidden")

    post = get_post(app, post_id)
    assert (post.source, post.html, post.revision_count, post.edited_at, post.deleted_at) == (
        original.source, original.html, 0, None, None)
    assert row_counts(app) == before
    assert get_thread(app, world.thread_id).post_count == 2
    assert sent_events(captured_events) == []


def test_admin_edits_anothers_post(app, client, world, admin):
    response = client.patch(f"{API}/posts/{world.reply_id}", headers=bearer(issue_token(app, admin)),
                            json={"body": "Fixed by an admin"})
    assert response.status_code == 200
    assert response.get_json()["post"]["html"] == "<p>Fixed by an admin</p>\n"


# ---------- unverified accounts ----------


def test_unverified_user_cannot_write(app, client, world, unverified, captured_events):
    headers = bearer(issue_token(app, unverified))
    before = row_counts(app)

    assert_error(client.post(f"{API}/communities/{world.slug}/threads", headers=headers,
                             json={"title": "Unverified thread", "body": "Body"}), 403, "email_unverified")
    assert_error(client.post(f"{API}/threads/{world.thread_id}/posts", headers=headers, json={"body": "Hi"}),
                 403, "email_unverified")
    assert_error(client.patch(f"{API}/posts/{world.reply_id}", headers=headers, json={"body": "Hi"}),
                 403, "email_unverified")
    assert_error(client.delete(f"{API}/posts/{world.reply_id}", headers=headers), 403, "email_unverified")

    assert row_counts(app) == before
    assert get_post(app, world.reply_id).source == "A first reply"
    assert sent_events(captured_events) == []
    # reading is fine, and /me says why writes fail
    assert client.get(f"{API}/threads/{world.thread_id}", headers=headers).status_code == 200
    me = client.get(f"{API}/me", headers=headers)
    assert me.status_code == 200
    assert me.get_json()["user"]["is_verified"] is False


# ---------- announcements ----------


def test_member_cannot_post_an_announcement(app, client, world, member, captured_events):
    before = row_counts(app)
    error = assert_error(
        client.post(f"{API}/communities/{world.slug}/threads", headers=bearer(issue_token(app, member)),
                    json={"title": "Official announcement", "body": "Body", "kind": "announcement"}),
        403, "kind_not_allowed")
    assert "moderators" in error["message"]
    assert row_counts(app) == before
    assert sent_events(captured_events) == []


@pytest.mark.parametrize("persona", ["moderator", "admin"])
def test_moderators_and_admins_post_announcements(app, client, world, request, captured_events, persona):
    headers = bearer(issue_token(app, request.getfixturevalue(persona)))
    response = client.post(f"{API}/communities/{world.slug}/threads", headers=headers,
                           json={"title": "Official announcement", "body": "Body", "kind": "announcement"})
    assert response.status_code == 201
    thread = response.get_json()["thread"]
    assert (thread["kind"], thread["author"]["username"]) == ("announcement", persona)
    assert [e.name for e in sent_events(captured_events)] == ["thread.created"]


# ---------- locked threads ----------


def test_locked_thread_refuses_member_replies(app, client, world, member, captured_events):
    _set_thread(app, world.thread_id, is_locked=True)
    before = row_counts(app)

    assert_error(client.post(f"{API}/threads/{world.thread_id}/posts", headers=bearer(issue_token(app, member)),
                             json={"body": "Let me in"}), 403, "thread_locked")

    assert row_counts(app) == before
    assert get_thread(app, world.thread_id).post_count == 2
    assert sent_events(captured_events) == []
    shown = client.get(f"{API}/threads/{world.thread_id}")
    assert shown.status_code == 200 and shown.get_json()["thread"]["is_locked"] is True


def test_moderator_replies_to_a_locked_thread(app, client, world, moderator, captured_events):
    _set_thread(app, world.thread_id, is_locked=True)

    response = client.post(f"{API}/threads/{world.thread_id}/posts", headers=bearer(issue_token(app, moderator)),
                           json={"body": "Closing note"})

    assert response.status_code == 201
    assert response.get_json()["post"]["number"] == 3
    events = [(e.name, e.room) for e in sent_events(captured_events)]
    assert [event for event in events if event[0] != "notification"] == [("post.created", f"thread:{world.thread_id}")]
    assert all(room.startswith("user:") for name, room in events if name == "notification")  # the watchers


# ---------- deleted threads ----------


def test_deleted_thread_is_404_for_members(app, client, world, member, captured_events):
    _set_thread(app, world.thread_id, deleted_at=utcnow())
    headers = bearer(issue_token(app, member))
    before = row_counts(app)

    assert_error(client.get(f"{API}/threads/{world.thread_id}"), 404, "not_found")
    assert_error(client.get(f"{API}/threads/{world.thread_id}", headers=headers), 404, "not_found")
    assert_error(client.get(f"{API}/threads/{world.thread_id}?after=0", headers=headers), 404, "not_found")
    assert_error(client.post(f"{API}/threads/{world.thread_id}/posts", headers=headers, json={"body": "Hello?"}),
                 404, "not_found")
    # even the member's own reply in it
    assert_error(client.patch(f"{API}/posts/{world.reply_id}", headers=headers, json={"body": "Edit"}),
                 404, "not_found")
    assert_error(client.delete(f"{API}/posts/{world.reply_id}", headers=headers), 404, "not_found")

    assert row_counts(app) == before
    assert get_post(app, world.reply_id).source == "A first reply"
    assert sent_events(captured_events) == []


def test_deleted_thread_is_visible_to_moderators_but_takes_no_replies(app, client, world, moderator):
    _set_thread(app, world.thread_id, deleted_at=utcnow())
    headers = bearer(issue_token(app, moderator))
    before = row_counts(app)

    shown = client.get(f"{API}/threads/{world.thread_id}", headers=headers)
    assert shown.status_code == 200
    assert [p["number"] for p in shown.get_json()["posts"]] == [1, 2]
    assert_error(client.post(f"{API}/threads/{world.thread_id}/posts", headers=headers, json={"body": "Hi"}),
                 404, "not_found")
    assert row_counts(app) == before
