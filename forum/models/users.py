"""Accounts and the personal API tokens that act for them."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, case, literal
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow

ROLES = ("member", "moderator", "admin")
SECTORS = (
    "government",
    "academia",
    "civil_society",
    "international_org",
    "health_professional",
    "private_sector",
    "other",
)


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased: addresses are compared case-insensitively.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    username: Mapped[str] = mapped_column(String(30))
    # username.lower(), the key that makes "Ana" and "ana" the same account name.
    username_key: Mapped[str] = mapped_column(String(30), unique=True)
    # Read and written through `display_name`, which names a deleted account "Deleted member".
    _display_name: Mapped[str] = mapped_column("display_name", String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    country: Mapped[str] = mapped_column(String(2))
    # The organization as the member wrote it, and the record it is linked to (when there is one).
    organization: Mapped[str] = mapped_column(String(120), default="")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), nullable=True, index=True)
    sector: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16), default="member")
    locale: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # Markdown source of the bio, and the sanitized HTML rendered from it at write time.
    bio: Mapped[str] = mapped_column(Text, default="")
    bio_html: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[str] = mapped_column(String(120), default="")
    # An IANA zone name ("America/Lima"), checked with zoneinfo; None: not set.
    timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Privacy: the email is shown to nobody unless this is set, and then only to signed-in members.
    show_email_to_members: Mapped[bool] = mapped_column(Boolean, default=False)
    # Privacy: anonymous visitors see only the name and avatar (and the directory leaves the profile out).
    profile_members_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # SHA-256 of the uploaded avatar (forum.models.people.Avatar); None: initials are drawn instead.
    # Kept here so pages build avatar URLs without reading the image table.
    avatar_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    is_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    # Replies of theirs marked as the answer to a question (forum.services.answers).
    accepted_answer_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The suspension in force (history in `suspensions`): may log in and read, not write.
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    suspension_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # Deactivated (banned) accounts cannot log in and their tokens stop working.
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The member deleted their account (forum.services.account_data): its personal fields are
    # erased, it is deactivated for good, and what it wrote and kept shows as a deleted member's.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The versions of the terms of use and privacy notice last accepted (history: legal_consents):
    # on the row, so asking again after a change costs a page no query (forum.services.legal).
    terms_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    privacy_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    unread_notification_count: Mapped[int] = mapped_column(Integer, default=0)
    # 0: new member (tighter limits until 24 hours old with 3 posts); 1: member. Moderators can set it.
    trust_level: Mapped[int] = mapped_column(Integer, default=0)

    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user")
    organization_record: Mapped["Organization | None"] = relationship(  # noqa: F821
        foreign_keys=[organization_id])
    expertise: Mapped[list["ExpertiseTag"]] = relationship(  # noqa: F821
        secondary="user_expertise", order_by="ExpertiseTag.slug"
    )
    languages: Mapped[list["UserLanguage"]] = relationship(  # noqa: F821
        cascade="all, delete-orphan", order_by="UserLanguage.code"
    )

    # The login this request acts for (set by forum.services.sessions, never stored on the row):
    # Flask-Login puts get_id() in the session and remember-me cookies, so every cookie names its
    # login, and ending that login on the server ends the cookie and any copy of it.
    login_key = None  # str | None (unannotated: not a column)
    login_session_id = None  # int | None

    def get_id(self) -> str:
        """Flask-Login's alternative id: "<user id>:<login key>"."""
        if self.login_key is None:
            raise RuntimeError("log in through forum.services.sessions.do_log_in, which names the login")
        return f"{self.id}:{self.login_key}"

    @hybrid_property
    def display_name(self) -> str:
        """The name shown for the account; a deleted account's, in the reader's language."""
        if self.deleted_at is not None:
            return deleted_member_name()
        return self._display_name

    @display_name.inplace.setter
    def _display_name_setter(self, value: str) -> None:
        self._display_name = value

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls):
        """In a query, the same: the stored name, or the placeholder in the request's language."""
        return case((cls.deleted_at.is_not(None), literal(deleted_member_name(), String)),
                    else_=cls._display_name).label("display_name")

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > utcnow()

    @property
    def is_deactivated(self) -> bool:
        return self.deactivated_at is not None

    @property
    def is_active(self) -> bool:  # Flask-Login refuses to log in inactive users
        return self.deactivated_at is None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_moderator(self) -> bool:
        return self.role in ("moderator", "admin")

    def __repr__(self) -> str:
        return f"<User {self.username}>"


def deleted_member_name() -> str:
    """"Deleted member" in the language of the request (in English outside one)."""
    from flask import has_app_context
    from flask_babel import gettext

    return gettext("Deleted member") if has_app_context() else "Deleted member"


class LoginSession(Base):
    """One login of a browser. Its key is in the signed cookie; logout, "log out everywhere", a
    password change, a suspension that ends sessions or a lost role set `ended_at`, and from then
    on the cookie, and any copy of it, is refused (a signed cookie alone cannot be revoked)."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the random key the cookie carries: a copy of this table opens no session.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The browser and system ("Firefox 145 · Windows", sessions.describe_browser), so a member can
    # tell their logins apart; the User-Agent header itself is not kept.
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ApiToken(Base):
    """A personal token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, shown so a user can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User] = relationship(back_populates="tokens")
