"""Cooperation projects: countries agreeing to work together, modelled on PAHO's CCHD projects and
SEGIB's SIDICSS records of South-South projects.

A project names its countries with a role each (offering, receiving, partner), its participating
organizations, its focal points (members from those countries), themes (communities), support types,
dates planned and actual, milestones and optional budget lines per country. Its status moves
proposed -> agreed -> in_progress -> completed, or to cancelled (forum/services/projects.py).

Every change keeps a revision (a JSON snapshot); what the list filters on is copied into
`project_facets` (one row per facet value), rewritten by the service on every change, so the list
filters and counts with one indexed query on both backends.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow

PROJECT_STATUSES = ("proposed", "agreed", "in_progress", "completed", "cancelled")
PROJECT_FACETS = ("country", "role", "status", "theme", "modality", "year")

# The themes (communities) a project is about; indexed both ways.
project_themes = Table(
    "project_themes",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Project(Base):
    __tablename__ = "projects"
    __table_args__ = (Index("ix_projects_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80))
    # Markdown source and its sanitized HTML, rendered once at write time (forum.content).
    summary: Mapped[str] = mapped_column(Text, default="")
    summary_html: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    objectives_html: Mapped[str] = mapped_column(Text, default="")
    # A key of forum.experience_reference.MODALITIES, or None while undecided.
    modality: Mapped[str | None] = mapped_column(String(24), nullable=True)
    # Keys of forum.models.SUPPORT_TYPES, in the order given (read and written whole).
    support_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    planned_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    planned_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    actual_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    actual_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Where it came from (an offer and a request of the cooperation board), where progress is
    # discussed, and the experience it was documented as.
    offer_thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="SET NULL"), nullable=True, index=True)
    request_thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="SET NULL"), nullable=True, index=True)
    discussion_thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="SET NULL"), nullable=True, index=True)
    # One experience per project (the unique constraint lets the experience page find its project).
    experience_id: Mapped[int | None] = mapped_column(
        ForeignKey("experiences.id", ondelete="SET NULL"), nullable=True, unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    revision_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    countries: Mapped[list["ProjectCountry"]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectCountry.position")
    organizations: Mapped[list["ProjectOrganization"]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectOrganization.position")
    focal_points: Mapped[list["ProjectFocalPoint"]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectFocalPoint.added_at, ProjectFocalPoint.user_id")
    themes: Mapped[list["Community"]] = relationship(  # noqa: F821
        secondary=project_themes, order_by="Community.position, Community.name")
    milestones: Mapped[list["ProjectMilestone"]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectMilestone.due_date, ProjectMilestone.id")
    budget_lines: Mapped[list["ProjectBudgetLine"]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectBudgetLine.id")
    created_by: Mapped["User | None"] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    offer_thread: Mapped["Thread | None"] = relationship(foreign_keys=[offer_thread_id])  # noqa: F821
    request_thread: Mapped["Thread | None"] = relationship(foreign_keys=[request_thread_id])  # noqa: F821
    discussion_thread: Mapped["Thread | None"] = relationship(foreign_keys=[discussion_thread_id])  # noqa: F821
    # `Experience.project` lets the experience page load its project in the same query.
    experience: Mapped["Experience | None"] = relationship(  # noqa: F821
        foreign_keys=[experience_id], backref=backref("project", uselist=False, viewonly=True))

    @property
    def country_codes(self) -> list[str]:
        return [c.country for c in self.countries]

    @property
    def focal_point_ids(self) -> set[int]:
        return {f.user_id for f in self.focal_points}

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.status} {self.title!r}>"


class ProjectCountry(Base):
    """A country of the project and its role: offering, receiving or partner."""

    __tablename__ = "project_countries"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProjectOrganization(Base):
    """An organization taking part (ministries, universities, agencies: forum.models.Organization)."""

    __tablename__ = "project_organizations"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    organization: Mapped["Organization"] = relationship()  # noqa: F821


class ProjectFocalPoint(Base):
    """A member who speaks for one of the project's countries (their own, User.country)."""

    __tablename__ = "project_focal_points"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped["User"] = relationship(foreign_keys=[user_id])  # noqa: F821


class ProjectStatusChange(Base):
    """One step of the status machine, with the note the step requires. The first row of a
    project (from_status None) is its creation as proposed."""

    __tablename__ = "project_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped["User | None"] = relationship()  # noqa: F821


class ProjectMilestone(Base):
    __tablename__ = "project_milestones"
    __table_args__ = (
        Index("ix_project_milestones_project_due", "project_id", "due_date"),
        # `flask notify milestones`: the open ones due soon.
        Index("ix_project_milestones_due_open", "due_date", "done_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date] = mapped_column(Date)
    done_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # One of the project's countries: the one that answers for it.
    responsible_country: Mapped[str] = mapped_column(String(2))
    # When the focal points were reminded that it is due (once; a new due date clears it).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship(viewonly=True)

    def is_overdue(self, today: date) -> bool:
        return self.done_date is None and self.due_date < today


class ProjectBudgetLine(Base):
    """What one country brings: an amount in a currency (ISO 4217), or a contribution in kind.

    Amounts are stored in hundredths (an integer), so they stay exact on SQLite, which has no
    decimal type; `amount` gives them back as a Decimal.
    """

    __tablename__ = "project_budget_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    amount_cents: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    currency: Mapped[str | None] = mapped_column(String(3), nullable=True)
    in_kind: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def amount(self) -> Decimal | None:
        return None if self.amount_cents is None else Decimal(self.amount_cents).scaleb(-2)


class ProjectRevision(Base):
    """A full JSON snapshot of the project after a change, who made it, what kind of change
    (`action`: created, edited, status, milestone, budget, focal_points, linked) and their note."""

    __tablename__ = "project_revisions"
    __table_args__ = (UniqueConstraint("project_id", "number", name="uq_project_revisions_project_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    action: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    editor: Mapped["User | None"] = relationship()  # noqa: F821


class ProjectFacet(Base):
    """Derived: one row per (project, facet, value), rewritten with every change of the project.

    Facets: country, role (every role some country has), status, theme (community slug),
    modality, year (every year the period covers). Filtering is `id IN (rows with facet=value)`,
    counting is one GROUP BY.
    """

    __tablename__ = "project_facets"
    __table_args__ = (Index("ix_project_facets_facet_value", "facet", "value"),)

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    facet: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)
