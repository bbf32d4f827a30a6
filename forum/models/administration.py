"""What administrators set up in the browser: invitations by email, and the site settings that
are safe to change while the site runs (forum.services.invitations, forum.services.site_settings)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow

# What an invitation makes of the person: a member, a member who moderates the invitation's
# communities (forum.models.CommunityModerator), a moderator everywhere, or an administrator.
INVITATION_ROLES = ("member", "community_moderator", "moderator", "admin")
INVITATION_STATUSES = ("pending", "accepted", "expired", "revoked")
REGISTRATION_MODES = ("open", "invitation", "closed")


class Invitation(Base):
    """An email address invited with a role and communities. The mailed link carries a signed id
    and a random key whose SHA-256 is `key_hash`: resending replaces the key (the older link stops
    working), accepting or revoking closes the invitation for good."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)  # lower-cased, as User.email
    role: Mapped[str] = mapped_column(String(24))
    # Joined on acceptance (and moderated, for `community_moderator`).
    community_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    message: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8))  # of the mail
    key_hash: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    created_by: Mapped["User | None"] = relationship(foreign_keys=[created_by_id])  # noqa: F821

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.accepted_at is not None:
            return "accepted"
        return "expired" if self.expires_at <= utcnow() else "pending"


class SiteSettings(Base):
    """One row (id 1), absent until an administrator first saves: the defaults apply until then."""

    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_name: Mapped[str] = mapped_column(String(60))
    tagline: Mapped[str] = mapped_column(String(160), default="")
    # Markdown source of the banner shown on every page, and its sanitized HTML (forum.content).
    announcement: Mapped[str] = mapped_column(Text, default="")
    announcement_html: Mapped[str] = mapped_column(Text, default="")
    # Goes up with each new text: a reader who hid the banner sees the next one.
    announcement_version: Mapped[int] = mapped_column(Integer, default=0)
    registration_mode: Mapped[str] = mapped_column(String(16), default="open")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
