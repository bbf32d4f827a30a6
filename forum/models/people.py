"""What a profile adds to an account: expertise tags, languages spoken, an uploaded avatar."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, LargeBinary, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from forum.models.base import Base, UTCDateTime, utcnow

# Who claims which expertise; indexed both ways so the directory filters by tag with an index.
user_expertise = Table(
    "user_expertise",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("expertise_tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ExpertiseTag(Base):
    """A field of expertise ("Cold chain"), shared by everyone who names it."""

    __tablename__ = "expertise_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The key that makes "Cold chain", "cold-chain" and "COLD CHAIN" one tag (forum.services.profiles.tag_key).
    slug: Mapped[str] = mapped_column(String(48), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ExpertiseTag {self.slug}>"


class UserLanguage(Base):
    """A language a user speaks, as an ISO 639-1 code from forum.services.profiles.LANGUAGE_CODES."""

    __tablename__ = "user_languages"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(8), primary_key=True, index=True)


class Avatar(Base):
    """An uploaded avatar, re-encoded; in the database so every server process serves the same one."""

    __tablename__ = "avatars"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(32))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    # SHA-256 of `data`: the ETag, and the version in the avatar's URL.
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
