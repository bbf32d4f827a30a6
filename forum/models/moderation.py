"""Moderation: community moderators, flags, suspensions, notifications and the audit log."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow

FLAG_REASONS = ("spam", "off_topic", "abusive", "misinformation", "other")
FLAG_STATUSES = ("open", "dismissed", "upheld")


class CommunityModerator(Base):
    """A member an admin made moderator of one community (powers limited to it)."""

    __tablename__ = "community_moderators"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    user: Mapped["User"] = relationship(foreign_keys=[user_id])  # noqa: F821


class Flag(Base):
    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("post_id", "flagger_id", name="uq_flags_post_flagger"),
        Index("ix_flags_status_post", "status", "post_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    flagger_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    post: Mapped["Post"] = relationship()  # noqa: F821
    flagger: Mapped["User"] = relationship(foreign_keys=[flagger_id])  # noqa: F821


class Suspension(Base):
    """The history of suspensions; `User.suspended_until` holds the one in force."""

    __tablename__ = "suspensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(500))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class Notification(Base):
    """Something a user should hear about (a flag's outcome, a moderator's warning, ...)."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_created", "user_id", "created_at"),
        # The few whose mail is still to be written, found by the mail sender after each commit.
        Index("ix_notifications_mail_pending", "id", sqlite_where=text("mail_pending"),
              postgresql_where=text("mail_pending")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"), nullable=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"), nullable=True)
    # The cooperation project it is about (status changes, milestones due, new focal points).
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"), nullable=True)
    # The documented experience it is about (its status, its editors, its publication).
    experience_id: Mapped[int | None] = mapped_column(ForeignKey("experiences.id", ondelete="SET NULL"),
                                                      nullable=True)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Waiting for the daily digest mail (forum.services.mail_delivery.send_digests).
    digest_pending: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # Its immediate mail is still to be written (forum.services.mail_delivery.render_pending): set
    # in the transaction that makes the notification, cleared in the one that queues its mail.
    mail_pending: Mapped[bool] = mapped_column(Boolean, default=False)

    actor: Mapped["User | None"] = relationship(foreign_keys=[actor_id])  # noqa: F821
    thread: Mapped["Thread | None"] = relationship(foreign_keys=[thread_id])  # noqa: F821
    post: Mapped["Post | None"] = relationship(foreign_keys=[post_id])  # noqa: F821
    project: Mapped["Project | None"] = relationship(foreign_keys=[project_id])  # noqa: F821
    experience: Mapped["Experience | None"] = relationship(foreign_keys=[experience_id])  # noqa: F821

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class AuditEntry(Base):
    """One moderation or admin action. Append-only: rows are never updated or deleted."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_action_created", "action", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(48))
    target_type: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column(Integer)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), nullable=True, index=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    # Before/after values of what changed (titles, bodies, communities, dates).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped["User | None"] = relationship()  # noqa: F821


class AuditLogIsAppendOnly(Exception):
    pass


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_changes(mapper, connection, target) -> None:
    raise AuditLogIsAppendOnly("audit entries are never changed or deleted")
