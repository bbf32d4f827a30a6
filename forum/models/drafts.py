"""Drafts: the unsent text of a form, kept per member and place so it survives a reload or a device."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.models.base import Base, UTCDateTime, utcnow


class Draft(Base):
    """What a member typed in one place ("reply:42", "thread:health-workforce", "message:7",
    "experience:3"), field by field: {"title": ..., "body": ..., "summary": ...}.

    Private to its owner; replaced on every save; deleted by the successful post, thread, message or
    edit it was for, and after DRAFT_MAX_AGE_DAYS without a save (forum.services.drafts).
    """

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("user_id", "key"), Index("ix_drafts_updated_at", "updated_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
