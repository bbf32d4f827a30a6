"""Accounts' identities at OpenID Connect providers (institutional sign-in, docs/sign-in.md)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow
from forum.models.users import User


class UserIdentity(Base):
    """A provider's account linked to ours: a later sign-in finds the account by (provider,
    subject), never by email, since an address may change hands at the provider and `sub` may not."""

    __tablename__ = "user_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The provider's name in OIDC_PROVIDERS ("ministry"), and its `sub` claim (at most 255 ASCII
    # characters, OpenID Connect Core 2).
    provider: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(255))
    # The address the provider gave when the identity was linked (what linked it, for the record).
    email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User] = relationship()
