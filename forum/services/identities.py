"""Institutional sign-in (OpenID Connect, docs/sign-in.md): which account a provider's identity
opens, linking it, and creating the account of a newcomer.

The provider's answer has been verified by the caller (forum.web.oidc_views: signature, issuer,
audience, expiry, nonce). The rules here:

* an identity already linked, found by (provider, subject), opens its account;
* a signed-in member who signs in with a provider links that identity to their own account;
* otherwise the address decides, and only an address the provider says it verified
  (`email_verified`): the account with that address is linked, or, when there is none, the person
  creates one (`do_create_account`) after choosing a username and accepting the terms;
* an address in another provider's domain is refused (forum.oidc), and so is any account that may
  not sign in (`accounts.may_sign_in`, the rule of the password login too).
"""

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from forum import oidc
from forum.config import OidcProvider
from forum.errors import Conflict, Forbidden, NotFound, ValidationError
from forum.extensions import db
from forum.models import User, UserIdentity, utcnow
from forum.services import accounts
from forum.services import validation as v

SUBJECT_MAX = 255


@dataclass(frozen=True)
class ProviderClaims:
    """What a provider said about the person (the verified ID token, completed by its userinfo)."""

    provider: str
    subject: str
    email: str = ""
    email_verified: bool = False
    name: str = ""
    preferred_username: str = ""


@dataclass(frozen=True)
class NewAccount:
    """No account has this identity or its (verified) address: the person may create one."""

    claims: ProviderClaims
    suggested_username: str


def claims_from(provider: OidcProvider, values: dict) -> ProviderClaims:
    """The claims we use, checked: a `sub` of at most 255 printable ASCII characters (OpenID
    Connect Core 2), the address normalized, `email_verified` true only when it is the JSON true."""
    subject = values.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > SUBJECT_MAX or not (
            subject.isascii() and subject.isprintable()):
        raise Forbidden(_("%(provider)s did not say who you are.", provider=provider.label), code="no_subject")
    try:
        email = v.check_email(values.get("email") or "") if values.get("email") else ""
    except ValidationError:
        email = ""
    return ProviderClaims(
        provider=provider.name, subject=subject, email=email,
        email_verified=values.get("email_verified") is True,
        name=_text(values.get("name"), 80), preferred_username=_text(values.get("preferred_username"), 80))


def _text(value: object, length: int) -> str:
    if not isinstance(value, str):
        return ""
    return "".join(ch for ch in value if ch.isprintable()).strip()[:length]


def find_identity(provider: str, subject: str) -> UserIdentity | None:
    return db.session.scalar(select(UserIdentity).where(UserIdentity.provider == provider,
                                                        UserIdentity.subject == subject))


def identities_of(user: User) -> list[UserIdentity]:
    return list(db.session.scalars(select(UserIdentity).where(UserIdentity.user_id == user.id)
                                   .order_by(UserIdentity.created_at, UserIdentity.id)))


def _require_may_sign_in(user: User) -> None:
    if not accounts.may_sign_in(user):
        raise Forbidden(_("This account is closed: it cannot sign in."), code="account_closed")


def _link(user: User, provider: OidcProvider, claims: ProviderClaims) -> UserIdentity:
    if db.session.scalar(select(UserIdentity.id).where(UserIdentity.user_id == user.id,
                                                       UserIdentity.provider == provider.name)):
        raise Conflict(_("Your account here is already linked to another %(provider)s account.",
                         provider=provider.label), code="already_linked")
    now = utcnow()
    identity = UserIdentity(user_id=user.id, provider=provider.name, subject=claims.subject, email=claims.email,
                            created_at=now, last_login_at=now)
    db.session.add(identity)
    db.session.flush()
    return identity


def do_sign_in(provider: OidcProvider, claims: ProviderClaims, *, signed_in: User | None = None) -> User | NewAccount:
    """The account this identity opens (linked now if it was not), or NewAccount; a Forbidden or a
    Conflict that says why not. The caller then opens the session (forum.services.sessions)."""
    identity = find_identity(provider.name, claims.subject)
    if identity is not None:
        if signed_in is not None and identity.user_id != signed_in.id:
            raise Conflict(_("This %(provider)s account is already linked to another account here.",
                             provider=provider.label), code="linked_elsewhere")
        user = identity.user
        _require_may_sign_in(user)
        identity.last_login_at = user.last_seen_at = utcnow()
        return user
    if signed_in is not None:  # a member links the provider from their settings: they are both
        _link(signed_in, provider, claims)
        return signed_in
    if not claims.email:
        raise Forbidden(_("%(provider)s did not give us a valid email address, so we cannot find or create your "
                          "account.", provider=provider.label), code="no_email")
    owner = oidc.provider_for_email(claims.email)
    if owner is not None and owner.name != provider.name:
        raise Forbidden(_("Addresses at %(domain)s sign in with %(owner)s, not with %(provider)s.",
                          domain=oidc.domain_of(claims.email), owner=owner.label, provider=provider.label),
                        code="other_provider")
    if not claims.email_verified:
        # Never link or create by an address nobody confirmed: whoever typed it at the provider
        # would take over the account of its owner here.
        raise Forbidden(_("%(provider)s has not confirmed your address %(email)s, so we cannot use it to find "
                          "or create your account. Confirm it with %(provider)s and try again, or log in with your "
                          "password and link %(provider)s in your settings.",
                          provider=provider.label, email=claims.email), code="email_not_verified")
    user = db.session.scalar(select(User).where(User.email == claims.email))
    if user is not None:
        _require_may_sign_in(user)
        _link(user, provider, claims)
        user.is_verified = True  # the provider confirmed the address
        user.last_seen_at = utcnow()
        return user
    return NewAccount(claims, suggest_username(claims))


def suggest_username(claims: ProviderClaims) -> str:
    """A free username from the provider's preferred_username, the address or the name."""
    base = "member"
    for source in (claims.preferred_username, claims.email.partition("@")[0], claims.name):
        ascii_text = unicodedata.normalize("NFKD", source).encode("ascii", "ignore").decode()
        cleaned = re.sub(r"[^A-Za-z0-9_-]+", "", ascii_text.replace(".", "_").replace(" ", "_"))[:26]
        if len(cleaned) >= 3:
            base = cleaned
            break
    candidates = [base] + [f"{base}{n}" for n in range(2, 100)]
    taken = set(db.session.scalars(select(User.username_key).where(
        User.username_key.in_([c.lower() for c in candidates]))))
    return next((c for c in candidates if c.lower() not in taken), "")


def do_create_account(provider: OidcProvider, claims: ProviderClaims, *, username: object, display_name: object,
                      country: object, sector: object, organization: object = "", locale: object = None,
                      accepts_terms: bool = False) -> User:
    """Create the account of a newcomer the provider vouches for (NewAccount): its address is
    confirmed, it has no password, and it accepts the current terms as a registration does."""
    from forum.services import legal, site_settings

    # Who may open an account is the site's choice, whoever vouches for the address (an
    # invitation to it is accepted from the invitation's link, forum.web.invitations).
    site_settings.check_registration_open()
    if legal.current_versions() and accepts_terms is not True:
        raise ValidationError("accept_terms", _("Accept the terms of use and the privacy notice to register."),
                              code="required")
    username_value = v.check_username(username)
    values = {"display_name": v.check_display_name(display_name) or username_value,
              "country": v.check_country(country), "sector": v.check_sector(sector),
              "organization": v.check_organization(organization), "locale": v.check_locale(locale)}
    if db.session.scalar(select(User.id).where(User.username_key == username_value.lower())):
        raise ValidationError("username", _("This username is taken."), code="taken")
    if not claims.email or not claims.email_verified:
        raise NotFound()
    if find_identity(provider.name, claims.subject) is not None or db.session.scalar(
            select(User.id).where(User.email == claims.email)):
        # Created or linked meanwhile (another tab): signing in again finds it.
        raise Conflict(_("An account was created for this address meanwhile: sign in with %(provider)s again.",
                         provider=provider.label), code="exists")
    user = accounts.add_account(email=claims.email, username=username_value, password_hash="", is_verified=True,
                                **values)
    if accepts_terms:
        legal.do_accept(user)
    _link(user, provider, claims)
    user.last_seen_at = utcnow()
    return user


def do_unlink(user: User, identity_id: object) -> UserIdentity:
    """Unlink one of the member's identities; only while they can still log in otherwise: with a
    password their address may use, or another identity."""
    ident = v.check_int(identity_id, "identity", minimum=1, maximum=v.MAX_ID)
    identity = db.session.get(UserIdentity, ident)
    if identity is None or identity.user_id != user.id:
        raise NotFound()
    others = [i for i in identities_of(user) if i.id != identity.id]
    has_password = bool(user.password_hash) and oidc.provider_for_email(user.email) is None
    if not has_password and not others:
        raise ValidationError("identity", _("Set a password first: without it or this link you could not log in."),
                              code="last_way_in")
    db.session.delete(identity)
    db.session.flush()
    return identity
