"""Communities of practice and who belongs to them.

A community's name and description are written once (`name`, `description`, the original) and may
be translated per interface language (`name_i18n`, `description_i18n`: {"es": "…"}). The
translations live on the row as JSON, so every page that shows a community shows it in the
reader's language without one more query; `localized_name()` and `localized_description()` are the
one rule (the reader's language, else the original)."""

from datetime import datetime

from flask_babel import get_locale
from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow


class Community(Base):
    __tablename__ = "communities"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    name_i18n: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    description_i18n: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    position: Mapped[int] = mapped_column(Integer, default=0, index=True)
    # Counters kept in the same transaction as the writes that change them.
    thread_count: Mapped[int] = mapped_column(Integer, default=0)
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    member_count: Mapped[int] = mapped_column(Integer, default=0)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The thread most recently active, shown on the home page without another query per row.
    last_thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="SET NULL", use_alter=True), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Archived: still readable (its threads and links keep working), closed to anything new
    # (forum.permissions.is_archived), and listed apart from the others.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    last_thread: Mapped["Thread | None"] = relationship(foreign_keys=[last_thread_id])  # noqa: F821

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def localized_name(self, locale: str | None = None) -> str:
        """The name in `locale` (default: the reader's language), else the original name."""
        return localized_text(self.name_i18n, self.name, locale)

    def localized_description(self, locale: str | None = None) -> str:
        """The description in `locale` (default: the reader's language), else the original one."""
        return localized_text(self.description_i18n, self.description, locale)

    def __repr__(self) -> str:
        return f"<Community {self.slug}>"


def localized_text(translations: dict[str, str] | None, original: str, locale: str | None = None) -> str:
    """The one rule: the text in `locale` (default: the interface language of this request, or of
    the mail being written under `force_locale`), else the original. Also for rows read as columns
    (search results) rather than as Community objects."""
    if locale is None:
        current = get_locale()
        locale = str(current) if current is not None else "en"
    return (translations or {}).get(locale) or original


class Membership(Base):
    __tablename__ = "memberships"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
