"""Drafts: kept per member and place through the API and on failed submits, restored in the forms,
deleted by a successful post, private, listed on /drafts, pruned after 90 days."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from forum.extensions import db
from forum.models import Draft, Thread, User, utcnow
from tests.conftest import Auth, form_post
from tests.factories import make_experience
from tests.test_api_support import API, assert_error, bearer, build_world, issue_token, login, uid

TEXT = "Half a reply about solar fridges on river routes"


@pytest.fixture
def world(app, member):
    return build_world(app, member)


def _csrf(client) -> dict[str, str]:
    return {"X-CSRFToken": Auth(client).csrf_token("/")}


def _put(client, key: str, **fields):
    return client.put(f"{API}/drafts/{key}", json=fields, headers=_csrf(client))


def test_a_draft_is_saved_restored_listed_and_deleted(client, world, member):
    login(client, "member")
    key = f"reply:{world.thread_id}"
    saved = _put(client, key, body=TEXT)
    assert saved.status_code == 200, saved.get_data(as_text=True)
    draft = saved.get_json()["draft"]
    assert draft["key"] == key and draft["body"] == TEXT and draft["updated_at"]
    assert "title" not in draft
    assert client.get(f"{API}/drafts/{key}").get_json()["draft"]["body"] == TEXT
    assert [d["key"] for d in client.get(f"{API}/drafts").get_json()["drafts"]] == [key]

    # Back on the thread page (a reload, another device): the reply form holds the text.
    page = client.get(f"/t/{world.thread_id}", follow_redirects=True).get_data(as_text=True)
    assert f"{TEXT}</textarea>" in page and "draft-notice" in page and "js/drafts" in page
    assert f"{TEXT}</textarea>" in client.get(f"/t/{world.thread_id}/reply").get_data(as_text=True)

    assert client.delete(f"{API}/drafts/{key}", headers=_csrf(client)).status_code == 204
    assert_error(client.get(f"{API}/drafts/{key}"), 404, "not_found")
    # Empty text deletes rather than keeps.
    assert _put(client, key, body=TEXT).status_code == 200
    assert _put(client, key, body="  ").status_code == 204
    assert client.get(f"{API}/drafts").get_json()["drafts"] == []


def test_a_failed_reply_keeps_its_text_without_javascript_and_a_sent_one_deletes_it(app, client, world, member):
    login(client, "member")
    too_long = TEXT + " " + "a" * 50_000
    failed = form_post(client, f"/t/{world.thread_id}/reply", {"body": too_long})
    assert failed.status_code == 422
    assert TEXT in failed.get_data(as_text=True)  # the form shows it again, with its error
    assert client.get(f"{API}/drafts/reply:{world.thread_id}").get_json()["draft"]["body"] == too_long

    # A locked thread: refused, and still kept.
    with app.app_context():
        db.session.execute(update(Thread).where(Thread.id == world.thread_id).values(is_locked=True))
        db.session.commit()
    refused = form_post(client, f"/t/{world.thread_id}/reply", {"body": TEXT}, page="/")
    assert refused.status_code == 403
    assert client.get(f"{API}/drafts/reply:{world.thread_id}").get_json()["draft"]["body"] == TEXT
    with app.app_context():
        db.session.execute(update(Thread).where(Thread.id == world.thread_id).values(is_locked=False))
        db.session.commit()

    sent = form_post(client, f"/t/{world.thread_id}/reply", {"body": TEXT + ", finished."})
    assert sent.status_code == 302
    assert_error(client.get(f"{API}/drafts/reply:{world.thread_id}"), 404, "not_found")


def test_drafts_are_private(app, client, world, member, other_member):
    login(client, "member")
    assert _put(client, f"reply:{world.thread_id}", body=TEXT).status_code == 200
    other = app.test_client()
    login(other, "other")
    assert_error(other.get(f"{API}/drafts/reply:{world.thread_id}"), 404, "not_found")
    assert_error(other.delete(f"{API}/drafts/reply:{world.thread_id}", headers=_csrf(other)), 404, "not_found")
    assert other.get(f"{API}/drafts").get_json()["drafts"] == []
    for path in ("/drafts", f"/t/{world.thread_id}", f"/t/{world.thread_id}/reply"):
        assert TEXT not in other.get(path, follow_redirects=True).get_data(as_text=True), path
    # A token reads its owner's drafts, and no one else's.
    assert app.test_client().get(f"{API}/drafts/reply:{world.thread_id}",
                                 headers=bearer(issue_token(app, member))).status_code == 200
    assert_error(app.test_client().get(f"{API}/drafts"), 401, "unauthorized")
    # Saving to the same place as another member makes a draft of one's own.
    assert _put(other, f"reply:{world.thread_id}", body="Mine").status_code == 200
    assert client.get(f"{API}/drafts/reply:{world.thread_id}").get_json()["draft"]["body"] == TEXT


def test_bad_keys_fields_and_sizes_are_refused(client, world, member):
    login(client, "member")
    for key in ("bogus", "reply:abc", "reply:", "experience:new", "message:old", "REPLY:1", "thread:Caps"):
        assert_error(_put(client, key, body=TEXT), 422, "invalid_key")
        assert_error(client.get(f"{API}/drafts/{key}"), 422, "invalid_key")
    assert_error(_put(client, "reply:999999", body=TEXT), 404, "not_found")
    assert_error(_put(client, "thread:no-such-community", body=TEXT), 404, "not_found")
    key = f"reply:{world.thread_id}"
    assert_error(_put(client, key, title="A reply has no title", body=TEXT), 422, "unknown_field")
    assert_error(_put(client, key, body=TEXT, fields={"role": "admin"}), 422, "unknown_field")
    assert_error(_put(client, key, body=["not", "text"]), 422, "invalid")
    assert_error(_put(client, key, body="a\x00b"), 422, "invalid")
    assert_error(_put(client, key, body="a" * 100_001), 413, "draft_too_large")
    assert _put(client, key, body="a" * 100_000).status_code == 200


def test_the_drafts_page_lists_and_deletes(app, client, world, member):
    login(client, "member")
    assert _put(client, f"reply:{world.thread_id}", body=TEXT).status_code == 200
    assert _put(client, f"thread:{world.slug}", title="Cold boxes", body="Which cold boxes last?").status_code == 200
    assert _put(client, "message:new", body="Hello", fields={"to": "other", "subject": "Fridges"}).status_code == 200
    home = client.get("/").get_data(as_text=True)
    assert 'href="/drafts"' in home
    page = client.get("/drafts").get_data(as_text=True)
    assert TEXT in page and "Cold boxes" in page and "Fridges" in page
    assert f'href="/t/{world.thread_id}/reply"' in page and f'href="/c/{world.slug}/new"' in page
    assert "<time" in page
    deleted = form_post(client, "/drafts/delete", {"key": f"reply:{world.thread_id}"}, page="/drafts")
    assert deleted.status_code == 303
    assert TEXT not in client.get("/drafts").get_data(as_text=True)
    assert form_post(client, "/drafts/delete", {"key": "bogus"}, page="/drafts").status_code == 422
    assert client.get("/drafts", follow_redirects=False).status_code == 200
    assert app.test_client().get("/drafts").status_code in (302, 401)


def test_new_thread_and_message_forms_restore_and_sending_deletes(app, client, world, member, other_member):
    login(client, "member")
    assert _put(client, f"thread:{world.slug}", title="Cold boxes", body="Which cold boxes last?").status_code == 200
    page = client.get(f"/c/{world.slug}/new").get_data(as_text=True)
    assert 'value="Cold boxes"' in page and "Which cold boxes last?</textarea>" in page
    created = form_post(client, f"/c/{world.slug}/new", {"title": "Cold boxes", "body": "Which cold boxes last?",
                                                          "kind": "discussion"})
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    assert_error(client.get(f"{API}/drafts/thread:{world.slug}"), 404, "not_found")

    # A new conversation refused (no recipient) keeps its text; sent, its draft is gone.
    failed = form_post(client, "/messages/new", {"to": "", "subject": "Fridges", "body": "Hello there"})
    assert failed.status_code == 422
    kept = client.get(f"{API}/drafts/message:new").get_json()["draft"]
    assert kept["body"] == "Hello there" and kept["fields"] == {"subject": "Fridges"}
    assert "Hello there</textarea>" in client.get("/messages/new").get_data(as_text=True)
    sent = form_post(client, "/messages/new", {"to": "other", "subject": "Fridges", "body": "Hello there"})
    assert sent.status_code == 302
    assert_error(client.get(f"{API}/drafts/message:new"), 404, "not_found")
    conversation_id = int(sent.headers["Location"].rstrip("/").rsplit("/", 1)[1].split("#")[0])
    assert _put(client, f"message:{conversation_id}", body="And one more").status_code == 200
    assert "And one more</textarea>" in client.get(f"/messages/{conversation_id}").get_data(as_text=True)
    other = app.test_client()
    login(other, "other")
    assert "And one more" not in other.get(f"/messages/{conversation_id}").get_data(as_text=True)
    assert form_post(client, f"/messages/{conversation_id}", {"body": "And one more"},
                     page=f"/messages/{conversation_id}").status_code == 302
    assert_error(client.get(f"{API}/drafts/message:{conversation_id}"), 404, "not_found")


def test_an_experience_edit_is_kept_and_restored_over_the_record(app, client, world, member, moderator,
                                                                 other_member):
    with app.app_context():
        from forum.models import Community

        community = db.session.scalar(select(Community).where(Community.slug == world.slug))
        experience = make_experience(db.session.get(User, uid(moderator)), db.session.get(User, uid(member)),
                                     community, status="draft")
        db.session.commit()
        experience_id = experience.id
    login(client, "moderator")
    key = f"experience:{experience_id}"
    saved = _put(client, key, title="Cold chain, revised", fields={"summary": "Revised summary", "lessons": "Plan"})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert saved.get_json()["draft"]["fields"] == {"summary": "Revised summary", "lessons": "Plan"}
    page = client.get(f"/experiences/{experience_id}/edit").get_data(as_text=True)
    assert 'value="Cold chain, revised"' in page and "Revised summary</textarea>" in page
    # Only those who may edit the record keep drafts of it.
    other = app.test_client()
    login(other, "other")
    assert_error(_put(other, key, fields={"summary": "x"}), 404, "not_found")
    # A refused save (a required field left out) keeps what was sent; a saved edit deletes it.
    refused = form_post(client, f"/experiences/{experience_id}/edit", {"title": "Cold chain, again"})
    assert refused.status_code == 422
    assert client.get(f"{API}/drafts/{key}").get_json()["draft"]["title"] == "Cold chain, again"
    edited = client.patch(f"{API}/experiences/{experience_id}", json={"title": "Cold chain, again"},
                          headers=_csrf(client))
    assert edited.status_code == 200, edited.get_data(as_text=True)
    assert_error(client.get(f"{API}/drafts/{key}"), 404, "not_found")


def test_old_drafts_expire_and_are_pruned(app, client, runner, world, member):
    login(client, "member")
    assert _put(client, f"reply:{world.thread_id}", body=TEXT).status_code == 200
    with app.app_context():
        db.session.execute(update(Draft).values(updated_at=utcnow() - timedelta(days=91)))
        db.session.commit()
    assert_error(client.get(f"{API}/drafts/reply:{world.thread_id}"), 404, "not_found")
    assert TEXT not in client.get(f"/t/{world.thread_id}", follow_redirects=True).get_data(as_text=True)
    result = runner.invoke(args=["drafts", "prune"])
    assert result.exit_code == 0 and "deleted 1" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
