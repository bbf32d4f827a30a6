"""Good-practice assessment of experiences and their validation by the countries involved.

PAHO's two steps: a basic screening (a checklist a reviewer records) and a technical assessment
(each core attribute scored 1-4 with a justification, by at least two assessors). SEGIB's rule for
shared records: each country involved validates what the record says about it, through the
members an admin named to speak for it (country focal points).

What pages filter and list on is derived and kept on the record (`Experience.assessment_status`)
and in `experience_facets`, by forum.services.experience_assessment, in the writer's transaction.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow

# The checklist of the basic screening, in the order the form asks.
SCREENING_CHECKS = ("results_documented", "implemented_one_year", "consent_obtained", "contacts_available")
ASSESSMENT_STATUSES = ("none", "screened", "assessed", "good_practice")
VALIDATION_STATUSES = ("pending", "validated", "changes_requested")


class ExperienceScreening(Base):
    """The basic screening of a record (one, re-recorded by whoever reviews it again)."""

    __tablename__ = "experience_screenings"

    experience_id: Mapped[int] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"), primary_key=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    results_documented: Mapped[bool] = mapped_column(Boolean, default=False)
    implemented_one_year: Mapped[bool] = mapped_column(Boolean, default=False)  # or completed
    consent_obtained: Mapped[bool] = mapped_column(Boolean, default=False)  # of the people quoted
    contacts_available: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str] = mapped_column(Text, default="")
    screened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reviewer: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def is_passed(self) -> bool:
        return all(getattr(self, check) for check in SCREENING_CHECKS)


class ExperienceScore(Base):
    """One assessor's score of one core attribute, with the justification they wrote (plain text)."""

    __tablename__ = "experience_scores"

    experience_id: Mapped[int] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"), primary_key=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
                                             index=True)
    attribute: Mapped[str] = mapped_column(String(32), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    justification: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    assessor: Mapped["User"] = relationship()  # noqa: F821


class ExperienceValidation(Base):
    """Whether one country involved confirmed what the record says about it: its role, the period
    and the partner organizations. `facts` keeps what was decided on, so a later edit of those
    facts puts the country back to pending (forum.services.experience_assessment)."""

    __tablename__ = "experience_validations"

    experience_id: Mapped[int] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    comment: Mapped[str] = mapped_column(Text, default="")  # the change a focal point asked for
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decided_by: Mapped["User | None"] = relationship()  # noqa: F821


class CountryFocalPoint(Base):
    """A member an admin named to speak for a country (any country: a ministry's liaison may be
    registered elsewhere, e.g. at a regional office). A member may speak for several."""

    __tablename__ = "country_focal_points"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped["User"] = relationship(foreign_keys=[user_id])  # noqa: F821
