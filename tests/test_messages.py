"""Direct messages: privacy (404 for non-participants, moderators included, until a report),
blocking, notifications, Markdown, rate limit, forms that keep input, query counts."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Conversation, Message, Notification, User
from forum.services import messages as dm
from forum.services.accounts import do_create_token
from tests.conftest import form_post, make_test_config
from tests.test_api_support import API, assert_error, bearer


def _id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def token(app, username: str) -> dict[str, str]:
    with app.app_context():
        _t, raw = do_create_token(db.session.scalar(select(User).where(User.username == username)), "t")
        db.session.commit()
    return bearer(raw)


def start(app, sender: str, to: str, body: str = "Hello **there**") -> int:
    with app.test_request_context(method="POST"):
        author = db.session.scalar(select(User).where(User.username == sender))
        conversation = dm.do_start_conversation(author, to=to, subject="About the cold chain", body=body)
        db.session.commit()
        return conversation.id


def test_start_reply_and_notify_by_forms(app, client, auth, member, other_member):
    auth.login("member")
    response = form_post(client, "/messages/new", {"to": "other", "subject": "Visit", "body": "Hi *you*"})
    assert response.status_code == 302
    conversation_url = response.headers["Location"]
    page = client.get(conversation_url).get_data(as_text=True)
    assert "<em>you</em>" in page  # Markdown rendered at write time
    other_id = _id(app, "other")
    with app.app_context():
        message = db.session.scalar(select(Message))
        assert message.html.strip() == "<p>Hi <em>you</em></p>"
        notes = list(db.session.scalars(select(Notification).where(Notification.kind == "message")))
        assert [n.user_id for n in notes] == [other_id]
    auth.logout()
    auth.login("other")
    listing = client.get("/messages").get_data(as_text=True)
    assert "Visit" in listing and "Unread" in listing
    assert "sent you a message" in client.get("/notifications").get_data(as_text=True)
    reply = form_post(client, conversation_url, {"body": "Thanks"}, page=conversation_url)
    assert reply.status_code == 302
    assert "Unread" not in client.get("/messages").get_data(as_text=True)


def test_non_participants_get_404_until_a_report(app, client, auth, member, other_member, moderator, admin):
    conversation_id = start(app, "member", "other")
    third = None
    with app.app_context():
        from tests.factories import make_user

        third = make_user("third").username
        db.session.commit()
    for username in (third, "moderator", "admin"):
        auth.login(username)
        assert client.get(f"/messages/{conversation_id}").status_code == 404
        assert client.get("/messages/999999").status_code == 404
        assert form_post(client, f"/messages/{conversation_id}", {"body": "x"}, page="/").status_code == 404
        auth.logout()
        assert_error(client.get(f"{API}/conversations/{conversation_id}", headers=token(app, username)),
                     404, "not_found")
    # A participant reports it.
    auth.login("other")
    bad = form_post(client, f"/messages/{conversation_id}/report", {"reason": ""}, page="/")
    assert bad.status_code == 422
    ok = form_post(client, f"/messages/{conversation_id}/report", {"reason": "Insults"}, page="/")
    assert ok.status_code == 302
    auth.logout()
    for username, status in ((third, 404), ("moderator", 200), ("admin", 200)):
        auth.login(username)
        page = client.get(f"/messages/{conversation_id}")
        assert page.status_code == status
        if status == 200:
            assert "Hello <strong>there</strong>" in page.get_data(as_text=True)
            assert f'action="/messages/{conversation_id}"' not in page.get_data(as_text=True)  # no reply form
        auth.logout()
    # Moderators read, they do not write.
    assert_error(client.post(f"{API}/conversations/{conversation_id}/messages", headers=token(app, "moderator"),
                             json={"body": "Hello"}), 404, "not_found")
    reported = client.get(f"{API}/conversations/{conversation_id}", headers=token(app, "moderator"))
    assert reported.status_code == 200 and reported.get_json()["conversation"]["is_reported"] is True


def test_blocked_member_cannot_start_or_send(app, client, auth, member, other_member):
    conversation_id = start(app, "member", "other")
    auth.login("other")
    profile = client.get("/u/member").get_data(as_text=True)
    assert "Block Member" in profile
    assert form_post(client, "/u/member/block", {}, page="/u/member").status_code == 302
    assert "Unblock Member" in client.get("/u/member").get_data(as_text=True)
    auth.logout()
    auth.login("member")
    refused = form_post(client, f"/messages/{conversation_id}", {"body": "Are you there?"}, page="/")
    assert refused.status_code == 403
    assert "does not accept messages from you" in refused.get_data(as_text=True)
    assert "Are you there?" in refused.get_data(as_text=True)  # what was typed is kept
    new = form_post(client, "/messages/new", {"to": "other", "subject": "Again", "body": "Please"})
    assert new.status_code == 403 and "does not accept messages from you" in new.get_data(as_text=True)
    headers = token(app, "member")
    assert_error(client.post(f"{API}/conversations", headers=headers, json={"to": ["other"], "body": "Hi"}),
                 403, "blocked")
    assert_error(client.post(f"{API}/conversations/{conversation_id}/messages", headers=headers,
                             json={"body": "Hi"}), 403, "blocked")
    # The blocker may still write; unblocking lets the other write again.
    other = token(app, "other")
    assert client.post(f"{API}/conversations/{conversation_id}/messages", headers=other,
                       json={"body": "I can"}).status_code == 201
    assert client.delete(f"{API}/users/member/block", headers=other).get_json() == {"blocked": False}
    assert client.post(f"{API}/conversations/{conversation_id}/messages", headers=headers,
                       json={"body": "Now I can"}).status_code == 201
    assert client.post(f"{API}/users/member/block", headers=other).status_code == 201
    assert client.post(f"{API}/users/member/block", headers=other).status_code == 200
    other_id, member_id = _id(app, "other"), _id(app, "member")
    with app.test_request_context():
        from forum.permissions import is_blocked

        assert is_blocked(other_id, member_id)
        assert not is_blocked(member_id, other_id)


def test_new_conversation_form_keeps_input_on_errors(client, auth, member):
    auth.login("member")
    response = form_post(client, "/messages/new", {"to": "nobody-here", "subject": "Plan", "body": "Our **plan**"},
                         page="/messages/new")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "There is no member called nobody-here." in html
    assert 'value="nobody-here"' in html and 'value="Plan"' in html and "Our **plan**" in html
    assert 'aria-describedby="to-description to-error"' in html
    to_self = form_post(client, "/messages/new", {"to": "member", "body": "Me"}, page="/messages/new")
    assert to_self.status_code == 422


def test_api_conversation_flow(app, client, member, other_member):
    headers = token(app, "member")
    created = client.post(f"{API}/conversations", headers=headers,
                          json={"to": ["other"], "subject": "S", "body": "First"})
    assert created.status_code == 201
    conversation_id = created.get_json()["conversation"]["id"]
    assert [p["username"] for p in created.get_json()["conversation"]["participants"]] == ["member", "other"]
    other = token(app, "other")
    listed = client.get(f"{API}/conversations", headers=other).get_json()
    assert [(c["id"], c["unread"]) for c in listed["items"]] == [(conversation_id, True)]
    shown = client.get(f"{API}/conversations/{conversation_id}", headers=other).get_json()
    assert [m["source"] for m in shown["messages"]] == ["First"]
    assert client.get(f"{API}/conversations", headers=other).get_json()["items"][0]["unread"] is False
    assert_error(client.get(f"{API}/conversations"), 401, "unauthorized")


def test_pages_have_constant_queries(app, client, auth, member, other_member, count_queries):
    conversation_id = start(app, "member", "other")
    auth.login("member")
    with count_queries() as few_list:
        client.get("/messages")
    with count_queries() as few_show:
        client.get(f"/messages/{conversation_id}")
    with app.test_request_context(method="POST"):
        from tests.factories import make_user

        for i in range(6):
            make_user(f"peer{i}")
        db.session.commit()
    for i in range(6):
        start(app, "member", f"peer{i},other", body=f"Message {i}")
    with app.test_request_context(method="POST"):
        author = db.session.scalar(select(User).where(User.username == "other"))
        conversation = db.session.get(Conversation, conversation_id)
        for i in range(8):
            dm.do_send_message(author, conversation, body=f"Reply {i}")
        db.session.commit()
    with count_queries() as many_list:
        listing = client.get("/messages").get_data(as_text=True)
    with count_queries() as many_show:
        page = client.get(f"/messages/{conversation_id}").get_data(as_text=True)
    assert len(re.findall(r'class="card conversation', listing)) == 7
    assert page.count('class="message card"') == 9
    assert (many_list.count, many_show.count) == (few_list.count, few_show.count)


class TestRateLimit:
    @pytest.fixture
    def app_config(self, database_url):
        return make_test_config(database_url, RATELIMIT_ENABLED=True, RATELIMIT_MESSAGE="2 per minute")

    def test_messages_are_rate_limited(self, app, client, member, other_member):
        headers = token(app, "member")
        created = client.post(f"{API}/conversations", headers=headers, json={"to": ["other"], "body": "One"})
        assert created.status_code == 201
        conversation_id = created.get_json()["conversation"]["id"]
        url = f"{API}/conversations/{conversation_id}/messages"
        assert client.post(url, headers=headers, json={"body": "Two"}).status_code == 201
        assert_error(client.post(url, headers=headers, json={"body": "Three"}), 429, "rate_limited")
        # Another member has their own budget.
        assert client.post(url, headers=token(app, "other"), json={"body": "Mine"}).status_code == 201
