"""JSON API v1 writes with a personal token: create a thread, reply, edit, delete, and the events each sends."""

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Post, PostRevision, Thread
from forum.realtime.events import Event
from tests.test_api_support import (
    API,
    assert_error,
    bearer,
    build_world,
    get_community,
    get_post,
    get_thread,
    get_user,
    issue_token,
    row_counts,
    sent_events,
    uid,
)

HOSTILE = (
    "**Cold** chain <script>alert(1)</script> [click](javascript:alert(1)) "
    '<a href="javascript:alert(2)">raw</a> [guide](https://example.org/guide)'
)


@pytest.fixture
def world(app, member):
    return build_world(app, member)


@pytest.fixture
def headers(app, member):
    return bearer(issue_token(app, member))


def _parse(value: str) -> datetime:
    assert value.endswith("Z")
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _assert_sanitized(html: str) -> None:
    assert "<strong>Cold</strong>" in html
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # the only real link is the https one; the raw <a href="javascript:..."> is shown as text
    assert re.findall(r"<a\b[^>]*>", html) == ['<a href="https://example.org/guide" rel="nofollow ugc noopener">']
    assert '&lt;a href="javascript:alert(2)"&gt;' in html
    assert '<a href="https://example.org/guide" rel="nofollow ugc noopener">guide</a>' in html


# ---------- create a thread ----------


def test_create_thread(app, client, world, headers, member, captured_events):
    before = row_counts(app)

    response = client.post(f"{API}/communities/vaccines/threads", headers=headers,
                           json={"title": "  Cold   chain on  river routes ", "body": HOSTILE, "kind": "question"})

    assert response.status_code == 201
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"thread", "post"}
    thread, post = body["thread"], body["post"]
    assert thread["title"] == "Cold chain on river routes"  # whitespace collapsed
    assert thread["slug"] == "cold-chain-on-river-routes"
    assert (thread["kind"], thread["community"], thread["is_pinned"], thread["is_locked"]) == (
        "question", "vaccines", False, False)
    assert (thread["post_count"], thread["last_post_number"]) == (1, 1)
    assert thread["author"] == {"id": uid(member), "username": "member", "display_name": "Member",
                                "country": "BR"}
    assert (post["number"], post["thread_id"], post["is_deleted"], post["edited_at"], post["revision_count"]) == (
        1, thread["id"], False, None, 0)
    assert post["author"] == thread["author"]
    _assert_sanitized(post["html"])
    assert _parse(thread["created_at"]) <= _parse(post["created_at"]) == _parse(thread["last_activity_at"])

    after = row_counts(app)
    assert (after["threads"], after["posts"]) == (before["threads"] + 1, before["posts"] + 1)
    stored = get_post(app, post["id"])
    assert stored.source == HOSTILE and stored.html == post["html"]
    assert get_community(app, world.community_id).thread_count == 2
    # The new thread reads back the same.
    shown = client.get(f"{API}/threads/{thread['id']}").get_json()
    assert shown["thread"] == thread and shown["posts"] == [post]
    # One event, for the community's page; nobody can be in the new thread's room yet.
    assert sent_events(captured_events) == [
        Event("thread.created", f"community:{world.community_id}", thread)]


def test_create_thread_kind_defaults_to_discussion(app, client, world, headers):
    response = client.post(f"{API}/communities/vaccines/threads", headers=headers,
                           json={"title": "Without a kind", "body": "Body"})
    assert response.status_code == 201
    assert response.get_json()["thread"]["kind"] == "discussion"


@pytest.mark.parametrize("kind", ["discussion", "question", "offer", "request"])
def test_member_may_create_every_kind_but_announcements(app, client, world, headers, kind):
    response = client.post(f"{API}/communities/vaccines/threads", headers=headers,
                           json={"title": f"A {kind} thread", "body": "Body", "kind": kind})
    assert response.status_code == 201
    assert response.get_json()["thread"]["kind"] == kind


# ---------- reply ----------


def test_reply_numbers_increment_and_counters_follow(app, client, world, headers, member, captured_events):
    url = f"{API}/threads/{world.thread_id}/posts"

    first = client.post(url, headers=headers, json={"body": HOSTILE})
    second = client.post(url, headers=headers, json={"body": "Second *reply*"})

    assert (first.status_code, second.status_code) == (201, 201)
    assert set(first.get_json()) == {"post"}
    one, two = first.get_json()["post"], second.get_json()["post"]
    assert (one["number"], two["number"]) == (2, 3)
    assert one["thread_id"] == two["thread_id"] == world.thread_id
    _assert_sanitized(one["html"])
    assert two["html"] == "<p>Second <em>reply</em></p>\n"
    assert (two["is_deleted"], two["edited_at"], two["revision_count"]) == (False, None, 0)
    assert two["author"]["id"] == uid(member)

    thread = get_thread(app, world.thread_id)
    assert (thread.post_count, thread.last_post_number, thread.last_post_author_id) == (3, 3, uid(member))
    assert get_community(app, world.community_id).post_count == 3
    assert get_user(app, uid(member)).post_count == 3
    shown = client.get(f"{API}/threads/{world.thread_id}").get_json()
    assert [p["number"] for p in shown["posts"]] == [1, 2, 3]
    assert shown["posts"][1:] == [one, two]
    assert sent_events(captured_events) == [
        Event("post.created", f"thread:{world.thread_id}", one),
        Event("post.created", f"thread:{world.thread_id}", two),
    ]


def test_another_member_replies(app, client, world, other_member, captured_events):
    response = client.post(f"{API}/threads/{world.thread_id}/posts", json={"body": "Hello"},
                           headers=bearer(issue_token(app, other_member)))
    assert response.status_code == 201
    post = response.get_json()["post"]
    assert (post["number"], post["author"]["username"]) == (2, "other")
    # The thread's author hears of the reply (forum.services.post_notifications), then the thread does.
    assert [(e.name, e.room) for e in sent_events(captured_events)][-1] == ("post.created", f"thread:{world.thread_id}")
    assert [e.name for e in sent_events(captured_events)][:-1] == ["notification"]


# ---------- edit ----------


def test_edit_own_post(app, client, world, headers, captured_events):
    reply = client.post(f"{API}/threads/{world.thread_id}/posts", headers=headers,
                        json={"body": "Original text"}).get_json()["post"]
    captured_events.clear()

    response = client.patch(f"{API}/posts/{reply['id']}", headers=headers, json={"body": HOSTILE})

    assert response.status_code == 200
    assert set(response.get_json()) == {"post"}
    post = response.get_json()["post"]
    assert (post["id"], post["number"], post["revision_count"], post["is_deleted"]) == (reply["id"], 2, 1, False)
    _assert_sanitized(post["html"])
    assert post["edited_at"] is not None and _parse(post["edited_at"]) >= _parse(post["created_at"])
    assert post["created_at"] == reply["created_at"]
    with app.app_context():
        revisions = list(db.session.scalars(select(PostRevision).where(PostRevision.post_id == reply["id"])))
        assert [(r.number, r.source) for r in revisions] == [(1, "Original text")]
    assert get_post(app, reply["id"]).source == HOSTILE
    assert client.get(f"{API}/threads/{world.thread_id}").get_json()["posts"][1] == post
    assert sent_events(captured_events) == [Event("post.updated", f"thread:{world.thread_id}", post)]

    again = client.patch(f"{API}/posts/{reply['id']}", headers=headers, json={"body": "Third version"})
    assert again.status_code == 200
    assert again.get_json()["post"]["revision_count"] == 2
    assert again.get_json()["post"]["html"] == "<p>Third version</p>\n"


def test_edit_opening_post(app, client, world, headers, captured_events):
    response = client.patch(f"{API}/posts/{world.opening_post_id}", headers=headers, json={"body": "New opening"})
    assert response.status_code == 200
    post = response.get_json()["post"]
    assert (post["number"], post["html"], post["revision_count"]) == (1, "<p>New opening</p>\n", 1)
    assert [(e.name, e.room) for e in sent_events(captured_events)] == [("post.updated", f"thread:{world.thread_id}")]


def test_edit_with_the_same_body_changes_nothing(app, client, world, headers, captured_events):
    source = get_post(app, world.opening_post_id).source
    before = row_counts(app)

    response = client.patch(f"{API}/posts/{world.opening_post_id}", headers=headers, json={"body": source})

    assert response.status_code == 200
    post = response.get_json()["post"]
    assert (post["revision_count"], post["edited_at"]) == (0, None)
    assert row_counts(app) == before
    assert sent_events(captured_events) == []


# ---------- delete ----------


def test_delete_reply_is_soft(app, client, world, headers, member, captured_events):
    reply = client.post(f"{API}/threads/{world.thread_id}/posts", headers=headers,
                        json={"body": "To be deleted"}).get_json()["post"]
    captured_events.clear()
    before = row_counts(app)

    response = client.delete(f"{API}/posts/{reply['id']}", headers=headers)

    assert response.status_code == 200
    post = response.get_json()["post"]
    assert (post["id"], post["number"], post["is_deleted"], post["html"]) == (reply["id"], 2, True, None)
    after = row_counts(app)
    assert after == {**before, "deleted_posts": before["deleted_posts"] + 1}  # no row removed
    stored = get_post(app, reply["id"])
    assert stored.deleted_at is not None and stored.deleted_by_id == uid(member)
    assert stored.source == "To be deleted"  # kept for moderators
    thread = get_thread(app, world.thread_id)
    assert (thread.post_count, thread.last_post_number, thread.deleted_at) == (1, 2, None)
    assert get_community(app, world.community_id).post_count == 1
    assert get_user(app, uid(member)).post_count == 1

    shown = client.get(f"{API}/threads/{world.thread_id}").get_json()
    assert (shown["thread"]["post_count"], shown["thread"]["last_post_number"]) == (1, 2)
    assert [(p["number"], p["is_deleted"], p["html"]) for p in shown["posts"]] == [
        (1, False, "<p>How do you keep vaccines cold on river routes?</p>\n"), (2, True, None)]
    assert shown["posts"][1] == post
    assert sent_events(captured_events) == [Event("post.deleted", f"thread:{world.thread_id}", post)]


def test_delete_twice_is_refused_and_counts_once(app, client, world, headers, captured_events):
    reply = client.post(f"{API}/threads/{world.thread_id}/posts", headers=headers,
                        json={"body": "To be deleted"}).get_json()["post"]
    assert client.delete(f"{API}/posts/{reply['id']}", headers=headers).status_code == 200
    captured_events.clear()

    assert_error(client.delete(f"{API}/posts/{reply['id']}", headers=headers), 403, "forbidden")
    assert_error(client.patch(f"{API}/posts/{reply['id']}", headers=headers, json={"body": "Back"}), 403,
                 "forbidden")

    assert get_thread(app, world.thread_id).post_count == 1
    assert get_community(app, world.community_id).post_count == 1
    assert get_post(app, reply["id"]).source == "To be deleted"
    assert sent_events(captured_events) == []


def test_deleting_the_opening_post_of_a_thread_with_replies_is_a_conflict(app, client, world, headers,
                                                                          captured_events):
    client.post(f"{API}/threads/{world.thread_id}/posts", headers=headers, json={"body": "A reply"})
    captured_events.clear()
    before = row_counts(app)

    assert_error(client.delete(f"{API}/posts/{world.opening_post_id}", headers=headers), 409, "opening_post")

    assert row_counts(app) == before
    assert get_post(app, world.opening_post_id).deleted_at is None
    assert get_thread(app, world.thread_id).post_count == 2
    assert sent_events(captured_events) == []


def test_deleting_the_lone_opening_post_deletes_the_thread(app, client, world, headers, captured_events):
    response = client.delete(f"{API}/posts/{world.opening_post_id}", headers=headers)

    assert response.status_code == 200
    post = response.get_json()["post"]
    assert (post["number"], post["is_deleted"], post["html"]) == (1, True, None)
    with app.app_context():
        thread = db.session.get(Thread, world.thread_id)
        assert thread.deleted_at is not None and thread.post_count == 0
    community = get_community(app, world.community_id)
    assert (community.thread_count, community.post_count) == (0, 0)
    assert_error(client.get(f"{API}/threads/{world.thread_id}", headers=headers), 404, "not_found")
    assert client.get(f"{API}/communities/vaccines/threads").get_json()["items"] == []
    assert sent_events(captured_events) == [
        Event("thread.updated", f"community:{world.community_id}", {"id": world.thread_id, "is_deleted": True}),
        Event("post.deleted", f"thread:{world.thread_id}", post),
    ]


# ---------- moderators act on others' posts ----------


def test_moderator_edits_and_deletes_a_members_post(app, client, world, headers, moderator, captured_events):
    reply = client.post(f"{API}/threads/{world.thread_id}/posts", headers=headers,
                        json={"body": "Spam link"}).get_json()["post"]
    captured_events.clear()
    mod = bearer(issue_token(app, moderator))

    edited = client.patch(f"{API}/posts/{reply['id']}", headers=mod, json={"body": "[removed]"})
    deleted = client.delete(f"{API}/posts/{reply['id']}", headers=mod)

    assert edited.status_code == 200 and edited.get_json()["post"]["html"] == "<p>[removed]</p>\n"
    assert deleted.status_code == 200 and deleted.get_json()["post"]["is_deleted"] is True
    assert get_post(app, reply["id"]).deleted_by_id == uid(moderator)
    with app.app_context():
        revision = db.session.scalar(select(PostRevision).where(PostRevision.post_id == reply["id"]))
        assert (revision.source, revision.editor_id) == ("Spam link", uid(moderator))
    assert [e.name for e in sent_events(captured_events)] == ["post.updated", "post.deleted"]


def test_the_post_row_matches_the_response(app, client, world, headers):
    post = client.post(f"{API}/threads/{world.thread_id}/posts", headers=headers,
                       json={"body": "Line one\r\nLine two   \n\n"}).get_json()["post"]
    with app.app_context():
        stored = db.session.scalar(select(Post).where(Post.id == post["id"]))
        assert stored.source == "Line one\nLine two"  # CRLF normalized, trailing space trimmed
        assert stored.html == post["html"] == "<p>Line one\nLine two</p>\n"
