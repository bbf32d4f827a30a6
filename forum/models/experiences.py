"""Documented experiences: a thread promoted into a structured, reviewed, citable record.

The record keeps its list-like fields (countries with roles, SDG targets, partner organizations,
Markdown sections) as JSON on the row: they are always read and written together. What pages
filter on is copied into `experience_facets` (one row per facet value) by the service on every
write, so the library filters and counts every facet with one indexed query on both backends.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow

EXPERIENCE_STATUSES = ("draft", "in_review", "published", "archived")
PEOPLE_ROLES = ("editor", "contributor", "contact")


class Experience(Base):
    __tablename__ = "experiences"
    __table_args__ = (Index("ix_experiences_status_published", "status", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A thread is promoted once: the unique constraint refuses a second experience for it.
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="SET NULL"), unique=True, nullable=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80))
    summary: Mapped[str] = mapped_column(String(600), default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    modality: Mapped[str | None] = mapped_column(String(24), nullable=True)
    # [{"code": "BR", "role": "offering"}, ...] in the order the editors gave.
    countries: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    partner_organizations: Mapped[list[str]] = mapped_column(JSON, default=list)
    sdg_targets: Mapped[list[str]] = mapped_column(JSON, default=list)
    start_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    start_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    is_ongoing: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(8), default="en")
    license: Mapped[str] = mapped_column(String(32), default="CC-BY-4.0")
    # Markdown source of each long section ({"context": "...", ...}) and its sanitized HTML.
    sections: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    sections_html: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    revision_count: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Two-person publishing: the moderator, not one of its editors, whose publishing approved the
    # record as it is now (None when an editor published it, with EXPERIENCE_PUBLISH_REVIEWERS=0).
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # When its contributors were told it is published: they are told once, never again when it is
    # republished after an archive or a round of changes.
    publication_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Derived (forum.services.experience_assessment): none, screened, assessed or good_practice.
    assessment_status: Mapped[str] = mapped_column(String(16), default="none", server_default="none")

    # `Thread.experience` (the record a thread became) lets the thread page load both in one query.
    thread: Mapped["Thread | None"] = relationship(  # noqa: F821
        foreign_keys=[thread_id], backref=backref("experience", uselist=False, viewonly=True))
    created_by: Mapped["User"] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    reviewed_by: Mapped["User | None"] = relationship(foreign_keys=[reviewed_by_id])  # noqa: F821
    themes: Mapped[list["ExperienceTheme"]] = relationship(
        cascade="all, delete-orphan", order_by="ExperienceTheme.position")
    people: Mapped[list["ExperiencePerson"]] = relationship(
        cascade="all, delete-orphan", order_by="ExperiencePerson.position")
    evidence: Mapped[list["ExperienceEvidence"]] = relationship(
        cascade="all, delete-orphan", order_by="ExperienceEvidence.position")
    # Good-practice screening and the countries' validations (forum.models.assessment).
    screening: Mapped["ExperienceScreening | None"] = relationship(  # noqa: F821
        cascade="all, delete-orphan", uselist=False, passive_deletes=True)
    validations: Mapped[list["ExperienceValidation"]] = relationship(  # noqa: F821
        cascade="all, delete-orphan", passive_deletes=True, order_by="ExperienceValidation.country")

    def people_with_role(self, role: str) -> list["User"]:  # noqa: F821
        return [p.user for p in self.people if p.role == role]

    @property
    def editor_ids(self) -> set[int]:
        return {p.user_id for p in self.people if p.role == "editor"}

    def __repr__(self) -> str:
        return f"<Experience {self.id} {self.status} {self.title!r}>"


class ExperienceTheme(Base):
    """A community the experience belongs to (the themes are the communities)."""

    __tablename__ = "experience_themes"

    experience_id: Mapped[int] = mapped_column(
        ForeignKey("experiences.id", ondelete="CASCADE"), primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    community: Mapped["Community"] = relationship()  # noqa: F821


class ExperiencePerson(Base):
    """A member credited on the record: an editor, a contributor (credited) or a contact."""

    __tablename__ = "experience_people"

    experience_id: Mapped[int] = mapped_column(
        ForeignKey("experiences.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    user: Mapped["User"] = relationship()  # noqa: F821


class ExperienceEvidence(Base):
    """A post quoted as evidence, copied when chosen so the published record does not drift."""

    __tablename__ = "experience_evidence"
    __table_args__ = (UniqueConstraint("experience_id", "post_id", name="uq_experience_evidence_experience_post"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    experience_id: Mapped[int] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"), nullable=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)

    author: Mapped["User"] = relationship()  # noqa: F821
    # The post as it is now: hidden or deleted since, its quote is not shown (permissions.can_read_evidence).
    post: Mapped["Post | None"] = relationship(viewonly=True)  # noqa: F821


class ExperienceRevision(Base):
    """A full JSON snapshot of the editable fields after an edit (number 1 is the draft as promoted)."""

    __tablename__ = "experience_revisions"
    __table_args__ = (UniqueConstraint("experience_id", "number", name="uq_experience_revisions_experience_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    experience_id: Mapped[int] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Why a published record was corrected ("corrected the period"): the public changelog is the
    # revisions that have one. Empty for the edits of a draft.
    change_note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    editor: Mapped["User"] = relationship()  # noqa: F821


class ExperienceTransition(Base):
    """One step of the workflow (who moved it, from where to where, with the reviewer's comment)."""

    __tablename__ = "experience_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    experience_id: Mapped[int] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped["User"] = relationship()  # noqa: F821


class ExperienceFacet(Base):
    """Derived: one row per (experience, facet, value), rewritten with every change of the record.

    Facets: country, theme (community slug), modality, sdg, year (every year the period covers),
    lang. Filtering is `id IN (rows with facet=value)`, counting is one GROUP BY.
    """

    __tablename__ = "experience_facets"
    __table_args__ = (Index("ix_experience_facets_facet_value", "facet", "value"),)

    experience_id: Mapped[int] = mapped_column(
        ForeignKey("experiences.id", ondelete="CASCADE"), primary_key=True)
    facet: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)
