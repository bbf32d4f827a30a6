"""Organizations as records: ministries, universities, civil-society groups and the agencies that
cooperate. Members belong to one (`User.organization_id`); projects and experiences name them.

Created by members and deduplicated by (country, folded name): "Ministério da Saúde" and
"MINISTERIO DA SAUDE" in Brazil are one record. A moderator merges two records that are the same
organization under different names; the merged one keeps its row, pointing at the one it became
(`merged_into_id`), so its old address still leads somewhere.

Experiences name their partner organizations as free text (`Experience.partner_organizations`);
`experience_organization_names` keeps each of those names folded, one row per (experience, name),
rewritten with the experience's facets, so an organization's page finds the experiences that name
it with one indexed query (docs/organizations.md gives the rule).
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow

ORGANIZATION_TYPES = ("ministry", "university", "civil_society", "international", "professional", "other")


class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = (
        UniqueConstraint("country", "name_key", name="uq_organizations_country_name"),
        # The list's name filter is a prefix of the folded name: `name_key LIKE 'minis%'` uses this
        # index on PostgreSQL whatever the database's collation (text_pattern_ops), a range on
        # SQLite (forum.services.organizations.name_prefix_clause).
        Index("ix_organizations_name_key", "name_key", postgresql_ops={"name_key": "text_pattern_ops"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    # forum.folding.fold(name): the key that makes two spellings of one name the same record.
    name_key: Mapped[str] = mapped_column(String(160))
    acronym: Mapped[str] = mapped_column(String(30), default="")
    # One of ORGANIZATION_TYPES: ministry or public agency, university or research centre, civil
    # society, international organization, professional association, other.
    type: Mapped[str] = mapped_column(String(24), default="other")
    country: Mapped[str] = mapped_column(String(2), index=True)
    website: Mapped[str] = mapped_column(String(300), default="")
    # Active (not deactivated) members linked to it, kept by the services so lists need no count query.
    member_count: Mapped[int] = mapped_column(Integer, default=0)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    merged_into: Mapped["Organization | None"] = relationship(remote_side=[id])

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.country} {self.name!r}>"


class ExperienceOrganizationName(Base):
    """Derived: a partner organization an experience names, folded (forum.folding.fold), rewritten
    with every change of the experience. Not a link to a record: records are created, renamed and
    merged after the experience was written, and the name still finds them."""

    __tablename__ = "experience_organization_names"

    experience_id: Mapped[int] = mapped_column(
        ForeignKey("experiences.id", ondelete="CASCADE"), primary_key=True)
    name_key: Mapped[str] = mapped_column(String(160), primary_key=True, index=True)
