"""PDF compendiums of published experiences built in the background (the larger selections).

A job keeps the selection as it was chosen (record ids in the library's order), the language and
the title; the builder (forum.services.experience_compendium) records its progress on the row and
writes the PDF under COMPENDIUM_DIR as `<token>.pdf`. The token, unguessable, is the job's address.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.models.base import Base, UTCDateTime, utcnow

COMPENDIUM_STATUSES = ("queued", "running", "done", "failed")


class CompendiumJob(Base):
    __tablename__ = "compendium_jobs"
    __table_args__ = (Index("ix_compendium_jobs_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    experience_ids: Mapped[list[int]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    # "preparing" (records written out one by one: done_count of total) then "layout" (the pages).
    stage: Mapped[str] = mapped_column(String(16), default="")
    done_count: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    page_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    @property
    def is_finished(self) -> bool:
        return self.status in ("done", "failed")

    def __repr__(self) -> str:
        return f"<CompendiumJob {self.id} {self.status} {self.done_count}/{self.total}>"
