"""Immediate notification mail is written by the mail sender after the commit (issue #23): the
reply's transaction only marks its notifications `mail_pending`. Same mails as before, in each
reader's language; none for a rolled-back write; none lost when the process dies after the commit."""

import re

from sqlalchemy import func, select

from forum import mail, outbox
from forum.extensions import db
from forum.models import EmailPreference, Notification, QueuedMail, Thread, User
from forum.services import mail_delivery
from forum.services.posts import do_create_post
from forum.services.subscriptions import do_set_thread_subscription
from tests.conftest import form_post
from tests.factories import make_community, make_thread, make_user


def _watched_thread(app, author_id: int) -> tuple[int, dict[str, int]]:
    """A thread by `author_id`, watched by three members with immediate mail, in three languages."""
    with app.test_request_context(method="POST"):
        author = db.session.get(User, author_id)
        thread = make_thread(author, make_community(), title="Cold chain in the Andes")
        watchers = {}
        for name, locale in (("lucia", "es"), ("joao", "pt"), ("amelie", "fr")):
            user = make_user(name, email=f"{name}@example.org")
            user.locale = locale
            db.session.add(EmailPreference(user_id=user.id, kind="watched_post", mode="immediate"))
            do_set_thread_subscription(user, thread, level="watch")
            watchers[locale] = user.id
        db.session.commit()
        return thread.id, watchers


def _mail_count() -> int:
    return db.session.scalar(select(func.count()).select_from(QueuedMail))


def _pending_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(Notification.mail_pending.is_(True)))


def _reply_as_a_new_member(thread_id: int, body: str) -> None:
    """A member who watches nothing replies (in the caller's request context, not committed)."""
    author = make_user("writer")
    db.session.commit()
    do_create_post(author, db.session.get(Thread, thread_id), body=body)


def test_a_reply_through_the_form_writes_no_mail_and_the_sender_mails_each_reader_in_their_language(
        app, client, auth, member, count_queries):
    thread_id, watchers = _watched_thread(app, member.id)
    auth.login("member")
    with count_queries() as queries:
        response = form_post(client, f"/t/{thread_id}/reply", {"body": "We kept the vaccines at 2-8 °C."},
                             page=f"/t/{thread_id}/reply")
    assert response.status_code == 302
    assert not [s for s in queries.statements if "mail_queue" in s]  # nothing rendered in the request
    assert mail.sender.flush(30)
    with app.app_context():
        rows = {row.language: row for row in db.session.scalars(select(QueuedMail))}
        assert sorted(rows) == ["es", "fr", "pt"]
        assert not db.session.scalar(select(func.count()).select_from(Notification)
                                     .where(Notification.mail_pending.is_(True)))
        for locale, user_id in watchers.items():
            row = rows[locale]
            assert row.user_id == user_id and row.sent_at is not None
            assert "2-8 °C" in row.text and "Cold chain in the Andes" in row.subject
            # Its own unsubscribe link: it names this reader and this kind.
            user, kind = mail_delivery.unsubscribe_kind(row.unsubscribe_url.rsplit("/", 1)[1])
            assert (user.id, kind) == (user_id, "watched_post")
        assert "publicó en" in rows["es"].subject and "publicou em" in rows["pt"].subject
        assert "a publié" in rows["fr"].subject
    page = client.get("/dev/mail").get_data(as_text=True)
    assert len(re.findall(r'<a href="/dev/mail/\d+">', page)) == 3


def test_a_rolled_back_reply_mails_nobody(app, member):
    thread_id, _watchers = _watched_thread(app, member.id)
    with app.test_request_context(method="POST"):
        _reply_as_a_new_member(thread_id, "A reply that is rolled back")
        assert _pending_count() == 4  # the three watchers and the thread's author
        db.session.rollback()
    assert mail.sender.flush(30)
    with app.app_context():
        assert mail_delivery.deliver_due() == (0, 0)
        assert _mail_count() == 0
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_mail_of_a_process_that_died_after_the_commit_is_written_by_send_pending(app, member, runner):
    thread_id, _watchers = _watched_thread(app, member.id)
    with app.test_request_context(method="POST"):
        _reply_as_a_new_member(thread_id, "A reply whose process dies after the commit")
        # The process dies between the commit and the mail sender: nothing is handed over.
        db.session.info.pop("forum_outbox", None)
        assert not outbox.pending(db.session)
        db.session.commit()
    assert mail.sender.flush(30)
    with app.app_context():
        assert _mail_count() == 0
        assert _pending_count() == 4  # the three watchers and the thread's author
    result = runner.invoke(args=["notify", "send-pending"])
    assert result.exit_code == 0 and result.output.strip() == "sent 4, failed 0"
    with app.app_context():
        assert _mail_count() == 4
        db.session.rollback()  # SQLite: our read transaction would hold the sender's write back
        # Written once: another sender finds nothing left to write.
        assert mail_delivery.render_pending() == 0 and _mail_count() == 4


def test_readers_in_one_language_share_the_text_and_each_keeps_their_name_and_link(app, member):
    """The mail is rendered once per language and notification, then each reader's greeting and
    unsubscribe link are put in: a name with markup is text in the plain mail and escaped in the
    HTML one, and no reader gets another's name or link."""
    with app.test_request_context(method="POST"):
        author = db.session.get(User, member.id)
        thread = make_thread(author, make_community(), title="Cold chain in the Andes")
        names = {"ana": "Ana <b>Solís</b> & Co", "bea": "Bea Prado"}
        for username, display_name in names.items():
            user = make_user(username, email=f"{username}@example.org", display_name=display_name)
            user.locale = "es"
            db.session.add(EmailPreference(user_id=user.id, kind="watched_post", mode="immediate"))
            do_set_thread_subscription(user, thread, level="watch")
        db.session.commit()
        do_create_post(db.session.get(User, member.id), db.session.get(Thread, thread.id),
                       body="Las neveras solares aguantaron.")
        db.session.commit()
    assert mail.sender.flush(30)
    with app.app_context():
        rows = {row.to.split("@")[0]: row for row in db.session.scalars(select(QueuedMail))
                if row.to.split("@")[0] in names}
        assert sorted(rows) == ["ana", "bea"]
        ana, bea = rows["ana"], rows["bea"]
        assert "Ana <b>Solís</b> & Co" in ana.text
        assert "Ana &lt;b&gt;Solís&lt;/b&gt; &amp; Co" in ana.html and "<b>Solís</b>" not in ana.html
        assert "Bea Prado" in bea.text and "Ana" not in bea.text and "Ana" not in bea.html
        assert ana.unsubscribe_url != bea.unsubscribe_url
        for row in (ana, bea):
            assert row.unsubscribe_url in row.text
            assert row.unsubscribe_url.replace("&", "&amp;") in row.html
            assert "reader-" not in row.text and "reader-" not in row.html  # every placeholder filled
            assert "Las neveras solares aguantaron." in row.text
