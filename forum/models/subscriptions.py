"""Who hears about what: thread watches and mutes, community follows, email choices, the mail queue."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.models.base import Base, UTCDateTime, utcnow

SUBSCRIPTION_LEVELS = ("watch", "mute")
EMAIL_MODES = ("immediate", "daily", "never")


class ThreadSubscription(Base):
    """A user's choice about one thread: watch it (hear of every post) or mute it (hear nothing)."""

    __tablename__ = "thread_subscriptions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    level: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CommunityFollow(Base):
    """A user who hears of every new thread in a community."""

    __tablename__ = "community_follows"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"),
                                              primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EmailPreference(Base):
    """How a user wants one kind of notification by mail; no row: the kind's default."""

    __tablename__ = "email_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16))


class QueuedMail(Base):
    """A mail written in the transaction of what caused it and sent after commit, with retries.

    Durable: a crash or an SMTP outage between commit and sending loses nothing; the sender (after
    commit, or `flask notify send-pending`) retries with backoff and gives up after MAX attempts,
    keeping the last error.
    """

    __tablename__ = "mail_queue"
    __table_args__ = (Index("ix_mail_queue_pending", "sent_at", "failed_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=True,
                                                index=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text, default="")
    # The recipient's language (Content-Language) and the one-click unsubscribe URL, if any.
    language: Mapped[str] = mapped_column(String(8), default="")
    unsubscribe_url: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
