"""Notification mail through a real local SMTP server: parts, language, unsubscribe, digest, retries."""

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from forum import mail
from forum.extensions import db
from forum.models import EmailPreference, Notification, QueuedMail, User, utcnow
from forum.services import mail_delivery
from forum.services.subscriptions import do_set_thread_subscription
from tests.conftest import form_post, make_test_config
from tests.factories import make_community, make_post, make_thread, make_user
from tests.smtp import _free_port, smtp_server  # noqa: F401  (fixture)
from tests.test_api_support import API, bearer, issue_token, uid


@pytest.fixture
def app_config(database_url, smtp_server):  # noqa: F811
    return make_test_config(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port,
                            SERVER_BASE_URL="http://forum.test")


def _parts(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_a_mention_mails_at_once_in_the_readers_language_with_one_click_unsubscribe(
        app, client, smtp_server):  # noqa: F811
    with app.test_request_context(method="POST"):
        ana = make_user("ana")
        lucia = make_user("lucia", email="lucia@example.org")
        lucia.locale = "es"
        thread = make_thread(ana, make_community(), title="Cadena de frío")
        db.session.commit()
        make_post(ana, thread, "Hola @lucia, ¿qué opinas?")
        db.session.commit()
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "lucia@example.org"
    with app.test_request_context(), force_locale("es"):
        line = _("%(name)s mentioned you in “%(thread)s”.", name="Ana", thread="Cadena de frío")
        subject = _("[Horizonte] %(line)s", line=line)
    assert message["Subject"] == subject and "mentioned you" not in subject  # the Spanish catalog's
    assert message["Content-Language"] == "es"
    text, html = _parts(message)
    assert "¿qué opinas?" in text and "¿qué opinas?" in html
    # The date is written by Babel in the forced locale: a Spanish month with "de".
    assert re.search(r"\d{1,2} de [a-z]+ de \d{4}", text), text
    unsubscribe = re.search(r"<(http://[^>]+)>", message["List-Unsubscribe"]).group(1)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text and unsubscribe in html
    path = unsubscribe.removeprefix("http://localhost").removeprefix("http://forum.test")
    assert path.startswith("/unsubscribe/")

    assert "Unsubscribe" in client.get(path).get_data(as_text=True)  # GET only asks
    with app.app_context():
        assert db.session.scalar(select(EmailPreference)) is None
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    assert client.post(tampered, data={"List-Unsubscribe": "One-Click"}).status_code == 404
    # RFC 8058: the mail client's POST, without cookie or CSRF token.
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert mail.sender.flush()  # it records the outcome after the SMTP server's answer
    with app.app_context():
        pref = db.session.scalar(select(EmailPreference))
        assert (pref.kind, pref.mode) == ("mention", "never")
        queued = db.session.scalar(select(QueuedMail))
        assert queued.sent_at is not None and queued.attempts == 1


def test_never_sends_nothing_and_daily_waits_for_the_grouped_digest(app, client, auth, member, smtp_server,  # noqa: F811
                                                                    runner):
    with app.test_request_context(method="POST"):
        ana, bea = make_user("ana"), make_user("bea")
        me = db.session.get(User, uid(member))
        mail_delivery.do_set_email_preferences(me, {"reply": "never"})
        one, two = (make_thread(ana, make_community(), title=t) for t in ("Thread one", "Thread two"))
        for thread in (one, two):
            do_set_thread_subscription(me, thread, level="watch")
        db.session.commit()
        make_post(bea, one, "First in one")
        make_post(bea, one, "Second in one")
        make_post(ana, two, "First in two")
        db.session.commit()
    with app.app_context():
        pending = db.session.scalars(select(Notification).where(Notification.user_id == uid(member))).all()
        assert len(pending) == 3 and all(n.digest_pending for n in pending)  # watched_post: daily
    result = runner.invoke(args=["notify", "digest"])
    assert result.exit_code == 0, result.output
    mails = [m for m in smtp_server.wait_for(1) if m["To"] == "member@example.org"]
    assert len(mails) == 1
    text, html = _parts(mails[0])
    assert "3 notifications" in mails[0]["Subject"]
    assert text.count("New posts in threads you watch") == 1
    assert text.count("Thread one\n") == 1 and text.count("Thread two\n") == 1
    assert html.count("<h3") == 2 and html.count("<li>") == 3
    assert mails[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with app.app_context():
        assert not db.session.scalar(select(db.func.count()).select_from(Notification)
                                     .where(Notification.digest_pending.is_(True)))
    assert runner.invoke(args=["notify", "digest"]).output.startswith("digests 0")


def test_a_failing_server_keeps_the_notification_and_the_mail_is_retried(app, smtp_server, runner):  # noqa: F811
    app.config["MAIL_PORT"] = _free_port()  # nobody listens there
    with app.test_request_context(method="POST"):
        ana, bea = make_user("ana"), make_user("bea")
        thread = make_thread(ana, make_community())
        db.session.commit()
        make_post(bea, thread, "A reply Ana hears of at once")
        db.session.commit()
    assert mail.sender.flush()  # the mail sender tried once, after the commit
    with app.app_context():
        assert db.session.scalar(select(Notification.kind)) == "reply"
        row = db.session.scalar(select(QueuedMail))
        assert (row.attempts, row.sent_at, row.failed_at) == (1, None, None)
        assert "Error" in row.last_error and row.next_attempt_at > utcnow()
    # Not due yet: the backoff holds it.
    assert runner.invoke(args=["notify", "send-pending"]).output.strip() == "sent 0, failed 0"
    app.config["MAIL_PORT"] = smtp_server.port
    with app.app_context():
        assert mail_delivery.deliver_due(now=utcnow() + timedelta(hours=1)) == (1, 0)
        row = db.session.scalar(select(QueuedMail))
        assert row.sent_at is not None and row.attempts == 2 and row.last_error == ""
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "ana@example.org" and "replied" in message["Subject"]


def test_gives_up_after_max_attempts_with_the_error(app, runner):
    app.config["MAIL_PORT"] = _free_port()
    with app.test_request_context(method="POST"):
        ana, bea = make_user("ana"), make_user("bea")
        make_post(bea, make_thread(ana, make_community()), "Reply")
        db.session.commit()
        later = utcnow()
        for _ in range(mail_delivery.MAX_ATTEMPTS):
            later += timedelta(days=1)
            mail_delivery.deliver_due(now=later)
        row = db.session.scalar(select(QueuedMail))
        assert row.attempts == mail_delivery.MAX_ATTEMPTS and row.failed_at is not None and row.last_error
        db.session.rollback()  # SQLite: our read transaction would hold the sender's write back
        assert mail_delivery.deliver_due(now=later + timedelta(days=1)) == (0, 0)


def test_email_settings_page_and_api(app, client, auth, member):
    auth.login("member")
    page = client.get("/settings/notifications").get_data(as_text=True)
    assert 'name="mode-mention" value="immediate" checked' in page
    assert 'name="mode-watched_post" value="daily" checked' in page
    response = form_post(client, "/settings/email", {"mode-mention": "daily", "mode-new_thread": "never"},
                         page="/settings")
    assert response.status_code == 302
    assert 'name="mode-mention" value="daily" checked' in client.get("/settings/notifications").get_data(as_text=True)
    headers = bearer(issue_token(app, member))
    got = client.get(f"{API}/me/email-preferences", headers=headers).get_json()["email_preferences"]
    assert got["mention"] == "daily" and got["new_thread"] == "never" and got["reply"] == "immediate"
    response = client.patch(f"{API}/me/email-preferences", json={"email_preferences": {"match": "never"}},
                            headers=headers)
    assert response.get_json()["email_preferences"]["match"] == "never"
    bad = client.patch(f"{API}/me/email-preferences", json={"email_preferences": {"match": "hourly"}},
                       headers=headers)
    assert bad.status_code == 422
