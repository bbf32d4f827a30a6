"""Side effects wait for the commit: a rolled-back write sends nothing."""

import pytest
from sqlalchemy import select

from forum import mail
from forum.errors import ValidationError
from forum.extensions import db
from forum.models import QueuedMail
from forum.realtime.events import Event
from tests.factories import make_community, make_post, make_thread, make_user


def test_events_are_sent_after_commit_only(ctx, captured_events):
    author = make_user("ana")
    community = make_community("vaccines")
    thread = make_thread(author, community)
    assert captured_events == []  # queued, not sent: nothing is committed yet
    db.session.commit()
    names = [(kind, payload.name, payload.room) for kind, payload in captured_events if kind == "event"]
    assert names == [("event", "thread.created", f"community:{community.id}")]
    captured_events.clear()

    make_post(author, thread, "A reply")
    db.session.commit()
    assert [(p.name, p.room, p.payload["number"]) for _k, p in captured_events] == [
        ("post.created", f"thread:{thread.id}", 2)]


def test_a_rolled_back_write_announces_nothing(ctx, captured_events):
    author = make_user("ana")
    community = make_community("vaccines")
    thread = make_thread(author, community)
    db.session.commit()
    captured_events.clear()

    make_post(author, thread, "This reply will be rolled back")
    with pytest.raises(ValidationError):
        make_post(author, thread, "")  # the request fails half-way
    db.session.rollback()
    db.session.commit()
    assert captured_events == []


def test_mail_waits_for_the_commit_too(ctx, captured_events):
    from forum.services.accounts import AccountMail, do_register

    do_register(email="new@example.org", username="newcomer", password="a long passphrase here",
                country="PE", sector="academia")
    assert captured_events == []
    db.session.rollback()
    db.session.commit()
    assert captured_events == []
    assert mail.sender.flush() and queued_mail() == []
    do_register(email="new@example.org", username="newcomer", password="a long passphrase here",
                country="PE", sector="academia")
    db.session.commit()
    assert captured_events == [("account_mail", AccountMail("confirm_email", "new@example.org"))]
    # The mail sender writes it to the durable queue (and sends it) after the commit.
    assert mail.sender.flush() and queued_mail() == [("new@example.org", "Confirm your email address")]
    assert isinstance(Event("x", "y", {}), Event)


def queued_mail() -> list[tuple[str, str]]:
    db.session.rollback()  # a fresh snapshot: the mail sender wrote on a session of its own
    return [(row.to, row.subject) for row in db.session.scalars(select(QueuedMail))]
