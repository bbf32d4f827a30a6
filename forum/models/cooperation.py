"""Cooperation offers and requests: the structured fields of an `offer` or `request` thread,
and the pairs members marked as matched (or were told about)."""

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow

COOPERATION_KINDS = ("offer", "request")
COOPERATION_STATUSES = ("open", "matched", "closed")
SUPPORT_TYPES = ("technical_assistance", "training", "expert_exchange", "study_visit", "documents_tools",
                 "funding")

# The themes (communities) an offer or request is about; indexed both ways for the board's filter.
cooperation_themes = Table(
    "cooperation_themes",
    Base.metadata,
    Column("thread_id", ForeignKey("cooperation_details.thread_id", ondelete="CASCADE"), primary_key=True),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class CooperationDetails(Base):
    """One row per offer/request thread (one-to-one, keyed by the thread)."""

    __tablename__ = "cooperation_details"
    __table_args__ = (
        Index("ix_cooperation_details_status_kind", "status", "kind"),
        # Open offers and requests counted per country and kind from the index alone (country pages,
        # the home page), and a country's newest in id order.
        Index("ix_cooperation_details_status_country_kind", "status", "country", "kind"),
    )

    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True)
    # Copied from the thread so the board and the matcher filter without a join.
    kind: Mapped[str] = mapped_column(String(16))
    country: Mapped[str] = mapped_column(String(2), index=True)
    modality: Mapped[str] = mapped_column(String(16))
    open_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    # A request that asks to replicate a documented experience cites it ("we want to replicate this").
    replicates_experience_id: Mapped[int | None] = mapped_column(
        ForeignKey("experiences.id", ondelete="SET NULL"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # `Thread.cooperation` lets the thread page load both in one query.
    thread: Mapped["Thread"] = relationship(  # noqa: F821
        foreign_keys=[thread_id], backref=backref("cooperation", uselist=False, viewonly=True))
    themes: Mapped[list["Community"]] = relationship(secondary=cooperation_themes)  # noqa: F821
    facets: Mapped[list["CooperationFacet"]] = relationship(
        cascade="all, delete-orphan", order_by="CooperationFacet.value")

    def _values(self, facet: str) -> list[str]:
        return [f.value for f in self.facets if f.facet == facet]

    @property
    def support_types(self) -> list[str]:
        return self._values("support")

    @property
    def languages(self) -> list[str]:
        return self._values("language")


class CooperationFacet(Base):
    """A many-valued field (support type, language) as rows, so the board filters with an index."""

    __tablename__ = "cooperation_facets"
    __table_args__ = (Index("ix_cooperation_facets_facet_value", "facet", "value"),)

    thread_id: Mapped[int] = mapped_column(ForeignKey("cooperation_details.thread_id", ondelete="CASCADE"),
                                           primary_key=True)
    facet: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(32), primary_key=True)


MATCH_STATUSES = ("proposed", "accepted", "declined")


class CooperationMatch(Base):
    """A request and an offer linked. The request's side decides: its owner (or a moderator)
    accepts at once; the offer's owner only proposes, and the request's owner accepts or declines."""

    __tablename__ = "cooperation_matches"
    __table_args__ = (UniqueConstraint("request_id", "offer_id", name="uq_cooperation_matches_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="accepted")
    # Who accepted or declined a proposal, and when (the creator, when the request's side made it).
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class CooperationSuggestion(Base):
    """A pair whose owners were told about a suggested match, so they are told only once."""

    __tablename__ = "cooperation_suggestions"

    request_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True,
                                          index=True)
    score: Mapped[float] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


INTEREST_STATUSES = ("pending", "accepted", "declined", "withdrawn")


class CooperationInterest(Base):
    """A member from another country says "we are interested" in an open offer or request, with a
    short message and their organization. Its owner accepts (which proposes a cooperation project)
    or declines; a conversation between both carries the talk."""

    __tablename__ = "cooperation_interests"
    __table_args__ = (UniqueConstraint("thread_id", "user_id", name="uq_cooperation_interests_thread_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The member's country when they wrote (a profile may change later).
    country: Mapped[str] = mapped_column(String(2))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"),
                                                        nullable=True)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"),
                                                        nullable=True)
    # The cooperation project its acceptance proposed.
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped["User"] = relationship(foreign_keys=[user_id])  # noqa: F821
    organization: Mapped["Organization | None"] = relationship(foreign_keys=[organization_id])  # noqa: F821
    thread: Mapped["Thread"] = relationship(foreign_keys=[thread_id])  # noqa: F821


class BoardAlert(Base):
    """A board filter a member saved ("requests on immunization from Bolivia"): they hear of each
    new offer or request that fits it. An empty column matches anything."""

    __tablename__ = "board_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), nullable=True)
    support: Mapped[str | None] = mapped_column(String(32), nullable=True)
    modality: Mapped[str | None] = mapped_column(String(16), nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    theme: Mapped["Community | None"] = relationship(foreign_keys=[theme_id])  # noqa: F821
