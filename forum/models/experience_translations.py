"""Linked translations of documented experiences: the record's text in another language.

A record is written in its source language (`Experience.language`); a translation holds the same
translatable text (title, summary, Markdown sections with their sanitized HTML) in one of the
other content languages, at most one per language. It has its own review status and remembers
the source revision it was made from, with a fingerprint of the source's translatable text then:
when the source's text changes, the fingerprints differ and the translation is out of date until
a translator marks it updated (forum.services.experience_translations).
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow

TRANSLATION_STATUSES = ("draft", "in_review", "published")


class ExperienceTranslation(Base):
    __tablename__ = "experience_translations"
    # One translation per language: a second one into the same language is refused.
    __table_args__ = (UniqueConstraint("experience_id", "language",
                                       name="uq_experience_translations_experience_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    experience_id: Mapped[int] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600), default="")
    # As on the record: Markdown source of each section and its sanitized HTML, rendered on write.
    sections: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    sections_html: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    # The source's revision number when the translation was made (or last marked updated), and a
    # sha256 of the source's translatable text then (experience_translations.source_fingerprint).
    source_revision: Mapped[int] = mapped_column(Integer)
    source_fingerprint: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    # `Experience.translations`, ordered by language code: the record page loads them with the record.
    experience: Mapped["Experience"] = relationship(  # noqa: F821
        backref=backref("translations", cascade="all, delete-orphan", order_by="ExperienceTranslation.language"))
    created_by: Mapped["User"] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    translators: Mapped[list["ExperienceTranslator"]] = relationship(
        cascade="all, delete-orphan", order_by="ExperienceTranslator.position")

    @property
    def translator_ids(self) -> set[int]:
        return {t.user_id for t in self.translators}

    @property
    def translator_users(self) -> list["User"]:  # noqa: F821
        return [t.user for t in self.translators]

    def __repr__(self) -> str:
        return f"<ExperienceTranslation {self.experience_id} {self.language} {self.status}>"


class ExperienceTranslator(Base):
    """A member who wrote (part of) a translation: its creator and whoever saved a change of its
    text. They are its editors, and are credited ("Translated from English by ...")."""

    __tablename__ = "experience_translators"

    translation_id: Mapped[int] = mapped_column(
        ForeignKey("experience_translations.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    user: Mapped["User"] = relationship()  # noqa: F821
