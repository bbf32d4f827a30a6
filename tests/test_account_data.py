"""A member's own data (issue #22, privacy): downloaded as a ZIP of JSON files, then the account
deleted, its posts kept under "Deleted member" or removed, everything personal erased, every
login and token ended, and the moderators' audit entries left with the action only."""

import io
import json
import threading
import time
import zipfile
from dataclasses import dataclass

import pytest
from sqlalchemy import func, insert, select, text, update

from forum.extensions import db
from forum.models import (
    ApiToken,
    AuditEntry,
    Community,
    Conversation,
    Draft,
    LoginSession,
    Message,
    Notification,
    Post,
    QueuedMail,
    Thread,
    Upload,
    User,
    UserIdentity,
)
from forum.services.accounts import do_create_token, do_update_profile
from forum.services.bookmarks import Target, do_save_bookmark
from forum.services.drafts import do_save_draft
from forum.services.messages import do_start_conversation
from forum.services.moderation import do_warn_user
from forum.services.uploads import do_upload, markdown_for, storage
from tests.conftest import PASSWORD, Auth, form_post, settle_background
from tests.factories import make_community, make_post, make_thread, make_user

CHECKLIST = "Cold chain checklist: 2-8 °C, logged twice a day.\n".encode()


@dataclass
class World:
    member_id: int
    token: str
    own_thread: int  # started by the member, replied to by someone else
    lone_thread: int  # started by the member, nobody replied
    others_thread: int  # someone else's, with the member's reply
    reply_id: int
    conversation_id: int
    community_id: int


@pytest.fixture
def world(app) -> World:
    with app.test_request_context(method="POST"):
        community = make_community("vaccines", name="Vaccines")
        ana = make_user("ana", password=PASSWORD, display_name="Ana Souza", country="BR")
        do_update_profile(ana, bio="Nurse in **Manaus**.", position="Cold chain lead")
        bruno = make_user("bruno", display_name="Bruno Lima", country="PE")
        moderator = make_user("moder", role="moderator")
        upload = do_upload(ana, CHECKLIST, "checklist.txt")
        own = make_thread(ana, community, title="River routes", body=f"Our fridges. {markdown_for(upload)}")
        make_post(bruno, own, "We use solar fridges.")
        lone = make_thread(ana, community, title="Lone question", body="Anyone tried ice-lined boxes?")
        others = make_thread(bruno, community, title="Vaccine stock-outs", body="How do you plan stock?")
        reply = make_post(ana, others, "We count weekly, by district.")
        conversation = do_start_conversation(ana, to="bruno", subject="Visit", body="Can we meet in Lima?")
        do_save_draft(ana, f"reply:{others.id}", {"body": "Half a thought about"})
        do_save_bookmark(ana, Target("thread", others.id))
        do_warn_user(moderator, ana, message="Please stay on topic, Ana Souza.")
        _token, raw = do_create_token(ana, "script")
        db.session.commit()
        return World(ana.id, raw, own.id, lone.id, others.id, reply.id, conversation.id, community.id)


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def _archive(response) -> dict[str, object]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        return {name: (json.loads(archive.read(name)) if name.endswith(".json") else archive.read(name))
                for name in archive.namelist()}


def test_a_member_downloads_their_data_as_json_files_and_their_uploads(app, client, world):
    files = _archive(client.get("/api/v1/me/export", headers=bearer(world.token)))
    profile = files["profile.json"]
    assert profile["username"] == "ana" and profile["display_name"] == "Ana Souza"
    assert profile["bio"] == "Nurse in **Manaus**." and profile["email"].startswith("ana")
    assert "password_hash" not in profile and "username_key" not in profile
    assert {t["title"] for t in files["threads.json"]} == {"River routes", "Lone question"}
    assert "We count weekly, by district." in [p["source"] for p in files["posts.json"]]
    assert {p["thread_title"] for p in files["posts.json"]} >= {"Vaccine stock-outs"}
    [conversation] = files["messages.json"]
    assert conversation["subject"] == "Visit"
    assert conversation["messages"][0] == {**conversation["messages"][0], "author": "ana",
                                           "source": "Can we meet in Lima?"}
    assert files["drafts.json"][0]["data"] == {"body": "Half a thought about"}
    assert files["bookmarks.json"][0]["thread_id"] == world.others_thread
    assert "Please stay on topic, Ana Souza." in [n["message"] for n in files["notifications.json"]]
    assert files["api_tokens.json"][0]["name"] == "script" and "token_hash" not in files["api_tokens.json"][0]
    [upload] = files["files.json"]
    assert files[f"files/{upload['id']}-checklist.txt"] == CHECKLIST


def test_a_file_lost_by_the_store_leaves_the_rest_of_the_archive(app, client, world):
    """Found by Schemathesis (tests/test_schemathesis.py): one missing blob made the whole export a 500."""
    with app.app_context():
        for upload in db.session.scalars(select(Upload).where(Upload.uploader_id == world.member_id)):
            storage().delete(upload.sha256)
    files = _archive(client.get("/api/v1/me/export", headers=bearer(world.token)))
    [upload] = files["files.json"]
    assert files["profile.json"]["username"] == "ana"
    assert not [name for name in files if name.startswith("files/")]


def test_the_settings_page_offers_the_same_archive(app, client, world):
    auth = Auth(client)
    assert auth.login("ana").status_code == 302
    page = client.get("/settings/data").get_data(as_text=True)
    assert 'href="/settings/data/export"' in page and "Delete your account" in page
    files = _archive(client.get("/settings/data/export"))
    assert files["profile.json"]["username"] == "ana"


def test_only_the_member_downloads_their_data(app, client, world):
    assert client.get("/api/v1/me/export").status_code == 401
    assert client.get("/settings/data/export").status_code == 401  # the page that asks to log in


def test_deleting_keeps_the_posts_under_deleted_member_and_erases_the_rest(app, client, world):
    response = client.delete("/api/v1/me", json={"posts": "keep", "password": PASSWORD}, headers=bearer(world.token))
    assert response.status_code == 204, response.get_data(as_text=True)
    assert client.get("/api/v1/me", headers=bearer(world.token)).status_code == 401
    thread = client.get(f"/t/{world.others_thread}", follow_redirects=True).get_data(as_text=True)
    assert "We count weekly, by district." in thread and "Deleted member" in thread and "Ana Souza" not in thread
    spanish = client.get(f"/t/{world.others_thread}", follow_redirects=True,
                         headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Miembro eliminado" in spanish
    assert client.get("/u/ana").status_code == 404
    assert Auth(client).login("ana").status_code != 302
    with app.app_context():
        ana = db.session.get(User, world.member_id)
        assert ana.deleted_at is not None and ana.deactivated_at is not None
        assert (ana.username, ana.email) == (f"deleted-{ana.id}", f"deleted-{ana.id}@deleted.invalid")
        assert (ana.bio, ana.position, ana.country, ana.organization) == ("", "", "", "")
        assert db.session.scalar(select(func.count()).select_from(Draft).where(Draft.user_id == ana.id)) == 0
        assert db.session.scalar(select(func.count()).select_from(ApiToken)
                                 .where(ApiToken.user_id == ana.id, ApiToken.revoked_at.is_(None))) == 0
        assert db.session.scalar(select(func.count()).select_from(LoginSession)
                                 .where(LoginSession.user_id == ana.id, LoginSession.ended_at.is_(None))) == 0
        assert db.session.scalar(select(func.count()).select_from(Message).where(Message.author_id == ana.id)) == 1
        # The moderator's warning is still in the log: who did what when, not what it said.
        warned = db.session.scalars(select(AuditEntry).where(AuditEntry.target_type == "user",
                                                             AuditEntry.target_id == ana.id)).all()
        assert {e.action for e in warned} >= {"user.warn", "user.delete"}
        assert all(e.reason == "" and e.details == {} for e in warned)


def test_deleting_with_the_posts_removes_them_and_the_messages(app, client, world):
    response = client.delete("/api/v1/me", json={"posts": "remove", "password": PASSWORD},
                             headers=bearer(world.token))
    assert response.status_code == 204, response.get_data(as_text=True)
    others = client.get(f"/t/{world.others_thread}", follow_redirects=True).get_data(as_text=True)
    assert "We count weekly, by district." not in others and "How do you plan stock?" in others
    # Her thread that others replied to stays, its opening post deleted; her lone thread is gone.
    own = client.get(f"/t/{world.own_thread}", follow_redirects=True)
    assert own.status_code == 200
    assert "We use solar fridges." in own.get_data(as_text=True)
    assert "Our fridges." not in own.get_data(as_text=True)
    assert client.get(f"/t/{world.lone_thread}", follow_redirects=True).status_code == 404
    with app.app_context():
        community = db.session.get(Community, world.community_id)
        live_posts = db.session.scalar(
            select(func.count()).select_from(Post).join(Thread, Post.thread_id == Thread.id)
            .where(Thread.community_id == community.id, Post.deleted_at.is_(None), Thread.deleted_at.is_(None)))
        live_threads = db.session.scalar(select(func.count()).select_from(Thread).where(
            Thread.community_id == community.id, Thread.deleted_at.is_(None)))
        assert (community.post_count, community.thread_count) == (live_posts, live_threads) == (2, 2)
        assert db.session.get(Thread, world.own_thread).post_count == 1
        assert db.session.get(User, world.member_id).post_count == 0
        assert db.session.scalar(select(func.count()).select_from(Message).where(
            Message.conversation_id == world.conversation_id)) == 0
        assert db.session.get(Conversation, world.conversation_id).message_count == 0


PASSWORD_WRONG = "Your password is not right."
CHOOSE = "Choose whether your posts are kept or removed."


@pytest.mark.parametrize(("body", "message"), [
    ({"posts": "keep", "password": "not the password"}, PASSWORD_WRONG),
    ({"posts": "everything", "password": PASSWORD}, CHOOSE),
    ({"password": PASSWORD}, CHOOSE),
    ({"posts": "keep"}, PASSWORD_WRONG),
    ({"posts": ["keep"], "password": PASSWORD}, CHOOSE),
])
def test_a_wrong_password_or_choice_deletes_nothing(app, client, world, body, message):
    response = client.delete("/api/v1/me", json=body, headers=bearer(world.token))
    assert response.status_code == 422
    assert response.get_json()["error"]["message"] == message
    assert client.get("/api/v1/me", headers=bearer(world.token)).status_code == 200
    with app.app_context():
        assert db.session.get(User, world.member_id).deleted_at is None


def test_a_member_deletes_their_account_from_the_settings(app, client, world):
    auth = Auth(client)
    assert auth.login("ana").status_code == 302
    refused = form_post(client, "/settings/data/delete", {"posts": "keep", "password": "wrong"}, page="/settings/data")
    assert refused.status_code == 422 and "Your password is not right." in refused.get_data(as_text=True)
    done = form_post(client, "/settings/data/delete", {"posts": "keep", "password": PASSWORD}, page="/settings/data")
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert "Your account is deleted." in client.get("/").get_data(as_text=True)
    assert client.get("/settings").status_code == 401  # logged out
    with app.app_context():
        assert db.session.get(User, world.member_id).deleted_at is not None


def test_an_account_without_a_password_confirms_with_its_username(app, client, world):
    """Accounts made through an institutional provider (forum.services.identities) have no password."""
    assert Auth(client).login("ana").status_code == 302
    _set_password_hash(app, world.member_id, "")
    assert "type your username, ana, to confirm" in client.get("/settings/data").get_data(as_text=True)
    refused = client.delete("/api/v1/me", json={"posts": "keep", "password": "bruno"}, headers=bearer(world.token))
    assert refused.status_code == 422
    assert refused.get_json()["error"]["message"] == "Type your username to confirm."
    assert client.delete("/api/v1/me", json={"posts": "keep", "password": ""},
                         headers=bearer(world.token)).status_code == 422
    done = form_post(client, "/settings/data/delete", {"posts": "keep", "password": " Ana "}, page="/settings/data")
    assert done.status_code == 302, done.get_data(as_text=True)[:300]
    with app.app_context():
        assert db.session.get(User, world.member_id).deleted_at is not None


def _set_password_hash(app, user_id: int, value: str) -> None:
    with app.app_context():
        db.session.get(User, user_id).password_hash = value
        db.session.commit()


def test_the_archive_names_the_institutional_sign_ins(app, client, world):
    with app.app_context():
        db.session.add(UserIdentity(user_id=world.member_id, provider="ministry", subject="a-9",
                                    email="ana@saude.example"))
        db.session.commit()
    files = _archive(client.get("/api/v1/me/export", headers=bearer(world.token)))
    [identity] = files["institutional_sign_in.json"]
    assert (identity["provider"], identity["subject"], identity["email"]) == ("ministry", "a-9", "ana@saude.example")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_deleting_an_account_while_its_mail_is_being_written_waits_and_never_deadlocks(app, client, world):
    """The mail sender claims a notification (its row) and then queues the mail (whose key reaches
    the member's row); the deletion must take the rows in the same order, notifications before the
    member, or each waits for the other. PostgreSQL only: SQLite lets one writer in at a time."""
    settle_background()
    answer: list = []
    with app.app_context(), db.engine.connect() as sender:
        sender.begin()
        claimed = sender.execute(update(Notification).where(Notification.user_id == world.member_id)
                                 .values(mail_pending=False).returning(Notification.id)).all()
        assert claimed  # the moderator's warning, at least
        deleting = threading.Thread(target=lambda: answer.append(client.delete(
            "/api/v1/me", json={"posts": "keep", "password": PASSWORD}, headers=bearer(world.token))))
        deleting.start()
        waiting = ("SELECT count(*) FROM pg_stat_activity"
                   " WHERE wait_event_type = 'Lock' AND datname = current_database()")
        deadline = time.monotonic() + 10
        while sender.execute(text(waiting)).scalar() == 0 and time.monotonic() < deadline:
            time.sleep(0.02)  # until the deletion waits for the claimed rows
        sender.execute(insert(QueuedMail).values(user_id=world.member_id, to="ana@example.org",
                                                 subject="A warning", text="Please stay on topic."))
        sender.commit()
        deleting.join(30)
    assert answer and answer[0].status_code == 204, answer[0].get_data(as_text=True) if answer else "no answer"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QueuedMail)
                                 .where(QueuedMail.user_id == world.member_id)) == 0
