"""SQLite takes one writer at a time: a request that writes holds the write lock from its first
write to its commit, not from its first read (forum.database). Each case watches the lock from a
second connection to the same file, as another gunicorn worker would."""

import sqlite3

import pytest
from sqlalchemy import select, text, update

from forum.extensions import db
from forum.models import Thread, User
from tests.factories import make_community, make_thread


def _lock_is_free(path: str) -> bool:
    """Whether another connection could begin writing now (without waiting)."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    finally:
        other.close()


# SQLite's single write lock is the subject: PostgreSQL locks rows (tests/test_concurrency.py).
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def sqlite_path(app, database_url):
    return database_url.removeprefix("sqlite:///")


@pytest.fixture
def thread_id(app, member):
    with app.test_request_context(method="POST"):
        thread = make_thread(db.session.get(User, member.id), make_community())
        db.session.commit()
        return thread.id


def test_a_writing_request_reads_without_the_lock_and_takes_it_with_its_first_write(app, sqlite_path,
                                                                                      thread_id):
    with app.test_request_context(method="POST"):
        thread = db.session.get(Thread, thread_id)
        assert thread is not None and db.session.scalar(select(User.username)) == "member"
        assert _lock_is_free(sqlite_path)  # reading: another worker may write meanwhile
        db.session.execute(update(Thread).where(Thread.id == thread_id).values(title="Renamed"))
        assert not _lock_is_free(sqlite_path)  # the first write took it
        assert db.session.scalar(select(Thread.title).where(Thread.id == thread_id)) == "Renamed"
        db.session.rollback()
        assert _lock_is_free(sqlite_path)
        assert db.session.scalar(select(Thread.title).where(Thread.id == thread_id)) != "Renamed"


def test_every_write_of_a_request_is_one_transaction(app, sqlite_path, thread_id):
    """The reads before it stay outside; the writes after the first, and the reads among them,
    are in the one transaction a rollback undoes."""
    with app.test_request_context(method="POST"):
        db.session.execute(update(Thread).where(Thread.id == thread_id).values(title="First"))
        db.session.execute(text("UPDATE threads SET is_pinned = 1 WHERE id = :id"), {"id": thread_id})
        nested = db.session.begin_nested()
        db.session.execute(update(Thread).where(Thread.id == thread_id).values(is_locked=True))
        nested.rollback()
        db.session.rollback()
    with app.app_context():
        row = db.session.execute(select(Thread.title, Thread.is_pinned, Thread.is_locked)
                                 .where(Thread.id == thread_id)).one()
        assert row.title != "First" and not row.is_pinned and not row.is_locked


def test_a_page_that_only_reads_sees_one_snapshot(app, sqlite_path, thread_id):
    """A GET reads in one deferred transaction: a commit by another worker in between does not
    change what the page already read (and does not wait for it)."""
    with app.test_request_context(method="GET"):
        before = db.session.scalar(select(Thread.title).where(Thread.id == thread_id))
        other = sqlite3.connect(sqlite_path, timeout=0, isolation_level=None)
        other.execute("UPDATE threads SET title = 'Changed elsewhere' WHERE id = ?", (thread_id,))
        other.close()
        assert db.session.scalar(select(Thread.title).where(Thread.id == thread_id)) == before
        db.session.rollback()
