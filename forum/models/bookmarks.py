"""Bookmarks: a member's saved posts, threads and experiences, with an optional reminder date."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow


class Bookmark(Base):
    """One saved thing (exactly one of post, thread, experience) for one member.

    `remind_at`: the day `flask notify bookmarks` tells the member; `reminded_at`: when it did
    (each reminder is sent once; changing the date sends it again)."""

    __tablename__ = "bookmarks"
    __table_args__ = (
        UniqueConstraint("user_id", "post_id", name="uq_bookmarks_user_post"),
        UniqueConstraint("user_id", "thread_id", name="uq_bookmarks_user_thread"),
        UniqueConstraint("user_id", "experience_id", name="uq_bookmarks_user_experience"),
        CheckConstraint("(CASE WHEN post_id IS NULL THEN 0 ELSE 1 END)"
                        " + (CASE WHEN thread_id IS NULL THEN 0 ELSE 1 END)"
                        " + (CASE WHEN experience_id IS NULL THEN 0 ELSE 1 END) = 1",
                        name="one_target"),
        Index("ix_bookmarks_due", "remind_at", "reminded_at"),
        Index("ix_bookmarks_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), nullable=True,
                                                index=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), nullable=True,
                                                  index=True)
    experience_id: Mapped[int | None] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"),
                                                      nullable=True, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    remind_at: Mapped[date | None] = mapped_column(Date, nullable=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped["Post | None"] = relationship()  # noqa: F821
    thread: Mapped["Thread | None"] = relationship()  # noqa: F821
    experience: Mapped["Experience | None"] = relationship()  # noqa: F821
