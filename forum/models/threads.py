"""Threads: a title, a kind, and the numbered posts under it."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, event, text, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, scoped_session

from forum.models.base import Base, UTCDateTime, utcnow

THREAD_KINDS = ("discussion", "question", "offer", "request", "announcement")
# Kinds whose author (or a moderator) marks one reply as the answer.
ANSWERABLE_KINDS = ("question",)


class Thread(Base):
    __tablename__ = "threads"
    __table_args__ = (
        # The community page: pinned first, then by last activity.
        Index("ix_threads_community_listing", "community_id", "is_pinned", "last_activity_at"),
        # The same page filtered by the language threads are written in.
        Index("ix_threads_community_language_listing", "community_id", "language", "is_pinned", "last_activity_at"),
        # The few deleted threads, so counts can take them out without reading every thread.
        Index("ix_threads_deleted_at", "deleted_at", sqlite_where=text("deleted_at IS NOT NULL"),
              postgresql_where=text("deleted_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(16), default="discussion")
    # The language it is written in (forum.content_language): guessed from the opening post,
    # correctable by its author and moderators; None for threads older than the guess.
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    is_pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    is_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # Slow mode: at most one post per user every this many seconds (0: off).
    slow_mode_seconds: Mapped[int] = mapped_column(Integer, default=0)
    # Visible (not deleted) posts, the opening post included.
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    # The highest post number handed out; numbers are never reused.
    last_post_number: Mapped[int] = mapped_column(Integer, default=0)
    last_post_author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Moves with every change of the thread's row or of its posts (below): the key under which
    # its pages are kept for anonymous readers (forum.web.page_cache).
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The reply its author (or a moderator) marked as the answer, on a question
    # (forum.services.answers); indexed for the lists and the search filter "answered".
    answered_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", use_alter=True, ondelete="SET NULL"), nullable=True, index=True)

    community: Mapped["Community"] = relationship(foreign_keys=[community_id])  # noqa: F821
    author: Mapped["User"] = relationship(foreign_keys=[author_id])  # noqa: F821
    last_post_author: Mapped["User | None"] = relationship(foreign_keys=[last_post_author_id])  # noqa: F821
    # Read-only: the service sets answered_post_id (no flush-order cycle with Post.thread).
    answered_post: Mapped["Post | None"] = relationship(  # noqa: F821
        foreign_keys=[answered_post_id], viewonly=True)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_answered(self) -> bool:
        return self.answered_post_id is not None

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)

    def __repr__(self) -> str:
        return f"<Thread {self.id} {self.title!r}>"


_MOVED = "forum_revisions_moved"


def moved_revisions(session: Session) -> set[int]:
    """The threads whose revision this transaction already moved.

    Once per transaction is enough: readers see the thread's rows as they were before the commit
    or after it, never in between, so one new revision names every change the transaction makes.
    A reply moves it in the UPDATE that numbers the post (forum.services.posts.append_post), and
    its flushes then leave the thread's row alone (it used to be written twice per reply).
    """
    if isinstance(session, scoped_session):  # db.session, as the services pass it
        session = session()
    root = session.get_transaction()
    moved = session.info.get(_MOVED)
    if moved is None or moved[0] is not root:
        moved = session.info[_MOVED] = (root, set())
    return moved[1]


def touch(session: Session, thread_ids: Iterable[int | None]) -> None:
    """Move the revision of these threads: what their pages show has changed. The flush does it
    for the rows the ORM writes; a bulk UPDATE of posts (a reaction's counter) calls it."""
    moved = moved_revisions(session)
    ids = sorted({thread_id for thread_id in thread_ids if thread_id is not None} - moved)
    if ids:
        session.connection().execute(update(Thread).where(Thread.id.in_(ids)).values(revision=Thread.revision + 1))
        moved.update(ids)


@event.listens_for(Session, "after_soft_rollback")
def _forget_moved(session: Session, _previous_transaction) -> None:
    # A rolled-back savepoint may have taken a move with it: the next change moves it again.
    session.info.pop(_MOVED, None)


@event.listens_for(Session, "after_flush")
def _move_revisions(session: Session, _context) -> None:
    from forum.models.posts import Post, PostReaction

    changed: set[int | None] = set()
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, Post):
            changed.add(row.thread_id)
        elif isinstance(row, Thread) and row not in session.new:
            changed.add(row.id)
        elif isinstance(row, PostReaction):
            post = session.identity_map.get(session.identity_key(Post, row.post_id)) if row.post_id else None
            changed.add(post.thread_id if post is not None else None)
    touch(session, changed)
