"""Accounts: registration, confirmation, passwords, sessions and API tokens."""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

import argon2.profiles
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from forum import content, oidc, outbox, tokens
from forum.errors import NotFound, ValidationError
from forum.extensions import db
from forum.links import absolute as absolute_url
from forum.mail import in_background
from forum.models import ApiToken, User, utcnow
from forum.realtime.events import queue_socket_check
from forum.services import mail_delivery, organizations, sessions
from forum.services import validation as v


@cache
def _hasher_for(profile: str) -> tuple[PasswordHasher, str]:
    """The argon2id hasher of a named argon2-cffi profile, and a hash of a dummy password made
    with it: verified when no account matches, so a missing account costs the same time."""
    hasher = PasswordHasher.from_parameters(getattr(argon2.profiles, profile))
    return hasher, hasher.hash("horizonte-dummy-password")


def _hasher() -> PasswordHasher:
    return _hasher_for(current_app.config["PASSWORD_HASH_PROFILE"])[0]


TOKEN_PREFIX = "hz_"  # noqa: S105  (a label, not a secret)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def password_matches(user: User | None, password: str) -> bool:
    """Whether `password` is the account's. An account made by institutional sign-in has no
    password (an empty hash): it is checked against the dummy hash, so it costs the same time."""
    try:
        hasher, dummy_hash = _hasher_for(current_app.config["PASSWORD_HASH_PROFILE"])
        has_password = user is not None and bool(user.password_hash)
        return hasher.verify(user.password_hash if has_password else dummy_hash, password) and has_password
    except (VerificationError, InvalidHashError):
        return False


def may_sign_in(user: User) -> bool:
    """Whether the account may open a session, with a password or with a provider (forum.oidc): a
    deactivated or deleted account may not; a suspended one may, to read (it cannot write)."""
    return not user.is_deactivated and not user.is_deleted


def find_user_by_login(login: str) -> User | None:
    login = (login or "").strip() if isinstance(login, str) else ""
    if not login or len(login) > 254 or not login.isprintable():
        return None
    if "@" in login:
        return db.session.scalar(select(User).where(User.email == login.lower()))
    return db.session.scalar(select(User).where(User.username_key == login.lower()))


def authenticate(login: str, password: str) -> User | None:
    """The user whose email or username and password match, else None (one answer for all failures).

    An address in an institutional provider's domain is refused with PasswordsTurnedOff (forum.oidc)
    before any lookup, as typed; a username, only once its password matched: the refusal then tells
    nothing to someone without the password."""
    if isinstance(login, str) and "@" in login:
        oidc.check_password_allowed(login.strip())
    if not isinstance(password, str) or len(password) > v.PASSWORD_MAX:
        return None
    user = find_user_by_login(login)
    if not password_matches(user, password) or not may_sign_in(user):
        return None
    oidc.check_password_allowed(user.email)
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_seen_at = utcnow()
    return user


@dataclass(frozen=True)
class AccountMail:
    """An account mail to write and send after the commit: which one, and the address it is for.

    The request hands over only the address; the mail sender looks the account up, renders the
    mail in its owner's language, writes it to the durable queue and sends it. So the request does
    the same work whether or not the address has an account, and its timing tells nothing.
    """

    kind: str  # a key of ACCOUNT_MAILS
    email: str


def _queue_account_mail(kind: str, email: str) -> None:
    outbox.queue(db.session, "account_mail", AccountMail(kind, email))


def _confirm_links(user: User) -> dict[str, str]:
    token = tokens.sign("confirm-email", {"uid": user.id, "email": user.email})
    return {"confirm_url": absolute_url("auth.confirm_email", token=token)}


def _already_registered_links(user: User) -> dict[str, str]:
    return {"login_url": absolute_url("auth.login"), "reset_url": absolute_url("auth.forgot_password")}


def _reset_links(user: User) -> dict[str, str]:
    token = tokens.sign("reset-password", {"uid": user.id, "fp": _password_fingerprint(user)})
    return {"reset_url": absolute_url("auth.reset_password", token=token)}


# kind (also the template's name under mail/) -> its subject and the links it carries.
ACCOUNT_MAILS: dict[str, tuple[LazyString, Callable[[User], dict[str, str]]]] = {
    "confirm_email": (_l("Confirm your email address"), _confirm_links),
    "already_registered": (_l("Someone tried to register with your email"), _already_registered_links),
    "reset_password": (_l("Reset your password"), _reset_links),
}


def send_account_mail(job: AccountMail) -> None:
    """(The mail sender's thread, which commits.) Queue the mail if the address has an account; the
    mail sender sends it after that commit, and `flask notify send-pending` retries it like any other."""
    user = db.session.scalar(select(User).where(User.email == job.email))
    if user is None:
        return
    subject, links = ACCOUNT_MAILS[job.kind]
    language = mail_delivery.mail_locale(user)
    with force_locale(language):
        context = links(user)
        text = render_template(f"mail/{job.kind}.txt", user=user, **context)
        html = render_template(f"mail/{job.kind}.html", user=user, **context)
        subject_text = str(subject)
    mail_delivery.queue_rows([mail_delivery.mail_row(user, subject_text, text, html, language)])


outbox.register_sender("account_mail", lambda job: in_background(partial(send_account_mail, job)))


def do_register(
    *,
    email: object,
    username: object,
    password: object,
    country: object,
    sector: object,
    organization: object = "",
    display_name: object = "",
    locale: object = None,
    role: str = "member",
    trust_level: int = 0,
    is_verified: bool = False,
    send_confirmation: bool = True,
    accepts_terms: bool | None = None,
    by_invitation: bool = False,
) -> User | None:
    """Create an account and mail its confirmation link.

    When the email already belongs to an account, nothing is created and its owner gets a mail
    instead; the caller shows the same page either way, so the form never tells who is registered.
    A person who registers (`accepts_terms` given: the form, the API) accepts the current terms
    of use and privacy notice, once there are any; accounts made by an administrator's command are
    asked at their first page. A person registers only while the registration mode lets them
    (forum.services.site_settings), unless an invitation brought them (`by_invitation`).
    """
    from forum.services import legal, site_settings

    if accepts_terms is not None and not by_invitation:
        site_settings.check_registration_open()
    if accepts_terms is not None and legal.current_versions() and accepts_terms is not True:
        raise ValidationError("accept_terms", _("Accept the terms of use and the privacy notice to register."),
                              code="required")
    username_value = v.check_username(username)
    email_value = v.check_email(email)
    check_email_takes_password(email_value)
    password_value = v.check_password(password, username=username_value, email=email_value)
    country_value = v.check_country(country)
    sector_value = v.check_sector(sector)
    organization_value = v.check_organization(organization)
    display_value = v.check_display_name(display_name) or username_value
    locale_value = v.check_locale(locale)
    role_value = v.check_role(role)

    if db.session.scalar(select(User.id).where(User.username_key == username_value.lower())):
        raise ValidationError("username", _("This username is taken."), code="taken")
    existing = db.session.scalar(select(User).where(User.email == email_value))
    if existing is not None:
        hash_password(password_value)  # the same work as a new account: timing tells nothing
        if send_confirmation:  # written and sent after the response, like a new account's mail
            _queue_account_mail("already_registered", email_value)
            return None
        raise ValidationError("email", _("This email is already registered."), code="taken")

    user = add_account(email=email_value, username=username_value, display_name=display_value,
                       password_hash=hash_password(password_value), country=country_value, sector=sector_value,
                       organization=organization_value, locale=locale_value, role=role_value,
                       trust_level=trust_level, is_verified=is_verified)
    if accepts_terms:
        legal.do_accept(user)
    if send_confirmation and not is_verified:
        do_send_confirmation(user)
    return user


def add_account(*, email: str, username: str, display_name: str, password_hash: str, country: str, sector: str,
                organization: str, locale: str | None, role: str = "member", trust_level: int = 0,
                is_verified: bool = False) -> User:
    """The row of a new account from checked values, flushed and linked to its organization: for
    `do_register` and for institutional sign-in (forum.services.identities; an empty hash: no password)."""
    user = User(
        email=email,
        username=username,
        username_key=username.lower(),
        display_name=display_name,
        password_hash=password_hash,
        country=country,
        sector=sector,
        organization=organization,
        locale=locale,
        role=role,
        trust_level=trust_level,
        unread_notification_count=0,
        is_verified=is_verified,
        post_count=0,
        bio="",
    )
    db.session.add(user)
    db.session.flush()
    organizations.link_member(user)
    return user


def do_send_confirmation(user: User) -> None:
    _queue_account_mail("confirm_email", user.email)


def do_confirm_email(token: str) -> User:
    payload = tokens.read("confirm-email", token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = db.session.get(User, payload["uid"]) if isinstance(payload, dict) else None
    if user is None or user.email != payload.get("email"):
        raise NotFound(_("This confirmation link is invalid or has expired."), code="invalid_token")
    user.is_verified = True
    if user.organization_id is None:  # an unconfirmed account was only linked to existing records
        organizations.link_member(user)
    return user


def do_change_password(user: User, *, current_password: object, new_password: object) -> None:
    """Set a new password and end every other session (this one carries on)."""
    if not isinstance(current_password, str) or not password_matches(user, current_password):
        raise ValidationError("current_password", _("Your current password is not right."))
    user.password_hash = hash_password(
        v.check_password(new_password, "new_password", username=user.username, email=user.email)
    )
    sessions.end_sessions(user, keep_current=True)


def _password_fingerprint(user: User) -> str:
    # Part of the reset token: once the password changes, older links stop working.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def do_request_password_reset(email: object) -> None:
    """Mail a reset link if the address has an account; say nothing either way.

    The address is not looked up here: the mail sender does it after the response (AccountMail),
    so a known and an unknown address cost the request the same.
    """
    try:
        email_value = v.check_email(email)
    except ValidationError:
        return
    check_email_takes_password(email_value)  # by its domain alone: it tells nothing about accounts
    _queue_account_mail("reset_password", email_value)


def check_email_takes_password(email: str, field: str = "email") -> None:
    """A ValidationError on `field` when the address signs in with a provider (forum.oidc)."""
    try:
        oidc.check_password_allowed(email)
    except oidc.PasswordsTurnedOff as refused:
        raise ValidationError(field, refused.message, code=refused.code) from None


def user_for_reset_token(token: str) -> User:
    payload = tokens.read("reset-password", token, current_app.config["RESET_TOKEN_MAX_AGE"])
    user = db.session.get(User, payload["uid"]) if isinstance(payload, dict) else None
    if user is None or payload.get("fp") != _password_fingerprint(user):
        raise NotFound(_("This reset link is invalid or has expired."), code="invalid_token")
    oidc.check_password_allowed(user.email)  # a link mailed before the domain went to a provider
    return user


def do_reset_password(token: str, new_password: object) -> User:
    user = user_for_reset_token(token)
    user.password_hash = hash_password(
        v.check_password(new_password, "password", username=user.username, email=user.email)
    )
    sessions.end_sessions(user)
    # The link reached this mailbox, which proves the address.
    user.is_verified = True
    return user


def do_end_all_sessions(user: User) -> None:
    sessions.end_sessions(user)


UNSET: Any = object()  # "not sent": a partial update (PATCH /api/v1/me) leaves the field as it is


def do_update_profile(user: User, *, display_name: object = UNSET, country: object = UNSET,
                      sector: object = UNSET, organization: object = UNSET, bio: object = UNSET,
                      locale: object = UNSET, position: object = UNSET, expertise: object = UNSET,
                      languages: object = UNSET, timezone: object = UNSET,
                      show_email_to_members: object = UNSET, profile_members_only: object = UNSET) -> User:
    """Change the profile fields that are given; every value is checked before any is written."""
    from forum.services import profiles

    checks = {
        "display_name": lambda value: v.check_display_name(value) or user.username,
        "country": v.check_country,
        "sector": v.check_sector,
        "organization": v.check_organization,
        "bio": v.check_bio,
        "locale": v.check_locale,
        "position": v.check_position,
        "timezone": v.check_timezone,
        "show_email_to_members": lambda value: v.check_bool(value, "show_email_to_members"),
        "profile_members_only": lambda value: v.check_bool(value, "profile_members_only"),
        "expertise": v.check_expertise,
        "languages": v.check_languages,
    }
    given = {"display_name": display_name, "country": country, "sector": sector, "organization": organization,
             "bio": bio, "locale": locale, "position": position, "timezone": timezone,
             "show_email_to_members": show_email_to_members, "profile_members_only": profile_members_only,
             "expertise": expertise, "languages": languages}
    values = {name: checks[name](value) for name, value in given.items() if value is not UNSET}
    was = (user.organization, user.country)
    for name in ("display_name", "country", "sector", "organization", "locale", "position", "timezone",
                 "show_email_to_members", "profile_members_only"):
        if name in values:
            setattr(user, name, values[name])
    if "bio" in values:  # stored with its HTML, rendered once here (forum.content)
        user.bio = values["bio"]
        user.bio_html = content.render(values["bio"]) if values["bio"] else ""
    if "expertise" in values:
        profiles.set_expertise(user, values["expertise"])
    if "languages" in values:
        profiles.set_languages(user, values["languages"])
    # A record renamed by a moderator keeps its members: only a new text (or country) links again.
    if (user.organization, user.country) != was or user.organization_id is None:
        organizations.link_member(user)
    db.session.flush()  # a conflict surfaces here, not at the caller's commit
    return user


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def do_create_token(user: User, name: object = "") -> tuple[ApiToken, str]:
    """A new personal API token; the raw value is returned once and never stored."""
    label = v.check_line(name, "name", max_length=80) or _("API token")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=label, token_hash=_token_hash(raw), prefix=raw[:10])
    db.session.add(token)
    db.session.flush()
    return token, raw


def do_revoke_token(user: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id) if v.is_valid_id(token_id) else None
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound()
    token.revoked_at = utcnow()
    queue_socket_check(db.session, user.id)


def api_token_for(raw: str) -> ApiToken | None:
    """The unrevoked token of an active account that `raw` is, else None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _token_hash(raw), ApiToken.revoked_at.is_(None))
    )
    return token if token and not token.user.is_deactivated else None


def user_for_api_token(raw: str) -> User | None:
    token = api_token_for(raw)
    return token.user if token else None


def active_tokens(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc())
    ))
