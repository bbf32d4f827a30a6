"""Posts and the revisions every edit leaves behind."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow

# Reactions a member gives another's post, in the order they are shown (docs/answers.md says why
# these three): "helpful" ranks nothing but tells the author and the readers what helped;
# "thanks" replaces a reply that only says thank you; "same_here" says "we face this too".
REACTION_KINDS = ("helpful", "thanks", "same_here")


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (
        # Numbers are the order of a thread and the key of catch-up: one number, one post.
        UniqueConstraint("thread_id", "number", name="uq_posts_thread_number"),
        # A member's latest posts: the same-text-twice check on every post, the profile's list.
        Index("ix_posts_author_created", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    # Sanitized HTML rendered from source at write time (forum.content.render).
    html: Mapped[str] = mapped_column(Text)
    # The language it is written in, guessed at each write (a short reply takes its thread's).
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revision_count: Mapped[int] = mapped_column(Integer, default=0)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # Hidden by a moderator: members see a placeholder, moderators see it greyed with the reason.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    hidden_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # How many members gave each reaction (REACTION_KINDS), moved with each PostReaction row in
    # the same transaction, so a page shows the counts without counting rows.
    helpful_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    thanks_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    same_here_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    thread: Mapped["Thread"] = relationship(foreign_keys=[thread_id])  # noqa: F821
    author: Mapped["User"] = relationship(foreign_keys=[author_id])  # noqa: F821

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def reaction_counts(self) -> dict[str, int]:
        return {kind: getattr(self, f"{kind}_count") or 0 for kind in REACTION_KINDS}

    def __repr__(self) -> str:
        return f"<Post {self.thread_id}#{self.number}>"


class PostRevision(Base):
    """The source a post had before an edit, who replaced it and when."""

    __tablename__ = "post_revisions"
    __table_args__ = (UniqueConstraint("post_id", "number", name="uq_post_revisions_post_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # When the replaced source was written (the post's creation or the previous edit).
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    editor: Mapped["User"] = relationship()  # noqa: F821


class PostReaction(Base):
    """One member's reaction of one kind to one post (at most one per member per kind per post)."""

    __tablename__ = "post_reactions"
    __table_args__ = (
        UniqueConstraint("post_id", "user_id", "kind", name="uq_post_reactions_post_user_kind"),
        # Who reacted, newest first (the post's reactions page).
        Index("ix_post_reactions_post_kind_created", "post_id", "kind", "created_at"),
        # A reader's own reactions on a page of posts.
        Index("ix_post_reactions_user_post", "user_id", "post_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped["User"] = relationship()  # noqa: F821
