"""Invitations by email (/moderation/invitations): an administrator invites an address with a role
and communities; the invitee registers through the mailed link, or accepts it while signed in.

The rules:

* Only administrators invite, resend and revoke (`permissions.can_invite`). One open invitation per
  address at a time: resend or revoke it rather than sending another.
* The link is signed (forum.tokens, SECRET_KEY) and carries the invitation's id and a random key
  whose SHA-256 is kept: it expires after `INVITATION_DAYS` (both the signature and the row say
  so), works once (accepting closes the invitation), and resending replaces the key, so only the
  newest link works. A revoked, accepted or expired invitation answers a clear page, never a form.
* Registering through it: the address is the invitation's (not typed, so not changed) and counts
  as confirmed, since the link reached that mailbox; the terms are accepted as in any
  registration. It works whatever the registration mode (forum.services.site_settings).
* An address that already has an account accepts while signed in as that account.
* On acceptance the person joins the invitation's communities; `community_moderator` also
  moderates them; `moderator` and `admin` become the account's role, which an invitation only
  ever raises (a moderator invited as a member stays a moderator).
* Inviting, resending, revoking and accepting are in the audit log (without the address: the log
  is read by every moderator, the address only by administrators, here).
"""

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.orm import joinedload

from forum import permissions, tokens
from forum.errors import Conflict, ForumError, NotFound, ValidationError
from forum.extensions import db
from forum.links import absolute as absolute_url
from forum.models import INVITATION_ROLES, INVITATION_STATUSES, Community, CommunityModerator, Invitation, User
from forum.models.base import utcnow
from forum.services import audit, mail_delivery
from forum.services import validation as v

INVITATION_DAYS = 14
TOKEN_PURPOSE = "invitation"  # noqa: S105  (a salt's name, not a secret)
MESSAGE_MAX = 1000
MAX_COMMUNITIES = 50
PER_PAGE = 50
# An invitation raises the account's role to its own, never lowers it.
ROLE_RANK = {"member": 0, "moderator": 1, "admin": 2}


class InvitationClosed(ForumError):
    """The link was right, but the invitation no longer opens anything (410 Gone)."""

    status = 410
    code = "invitation_closed"


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _new_link(invitation: Invitation) -> str:
    """A fresh key for the invitation (the previous link stops working) and the link carrying it."""
    key = secrets.token_urlsafe(24)
    invitation.key_hash = _key_hash(key)
    token = tokens.sign(TOKEN_PURPOSE, {"i": invitation.id, "k": key})
    return absolute_url("invitations.accept", token=token)


# ---------- checks ----------


def check_role(value: object) -> str:
    text = v.check_text(value, "role").strip()
    if text not in INVITATION_ROLES:
        raise ValidationError("role", _("Choose a role."), code="invalid_choice")
    return text


def check_communities(value: object) -> list[Community]:
    """Ids (numbers or their text) of communities that are not archived, each once."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ValidationError("communities", _("Choose communities from the list."), code="wrong_type")
    if len(value) > MAX_COMMUNITIES:
        raise ValidationError("communities", _("Choose at most %(n)d communities.", n=MAX_COMMUNITIES),
                              code="too_many")
    ids = sorted({v.check_int(item, "communities", minimum=1, maximum=v.MAX_ID) for item in value})
    found = {c.id: c for c in db.session.scalars(select(Community).where(Community.id.in_(ids)))} if ids else {}
    if len(found) != len(ids):
        raise ValidationError("communities", _("Choose communities from the list."), code="unknown")
    if any(permissions.is_archived(c) for c in found.values()):
        raise ValidationError("communities", _("This community is archived: it is read-only."),
                              code="community_archived")
    return [found[i] for i in ids]


def check_message(value: object) -> str:
    text = v.check_text(value, "message").strip()
    if len(text) > MESSAGE_MAX:
        raise ValidationError("message", _("Use at most %(n)d characters.", n=MESSAGE_MAX), code="too_long")
    return text


# ---------- the administrators' side ----------


def do_invite(admin: User, *, email: object, role: object, communities: object = None, message: object = "",
              language: object = None) -> Invitation:
    """Invite an address and queue its mail (sent after the commit)."""
    permissions.require_signed_in(admin)
    permissions.require(permissions.can_invite(admin))
    email_value = v.check_email(email)
    role_value = check_role(role)
    chosen = check_communities(communities)
    if role_value == "community_moderator" and not chosen:
        raise ValidationError("communities", _("Choose the communities this person will moderate."),
                              code="required")
    message_value = check_message(message)
    language_value = v.check_locale(language) or "en"
    if db.session.scalar(select(Invitation.id).where(Invitation.email == email_value, *_open())):
        raise ValidationError("email", _("This address already has an invitation waiting: resend it or revoke it."),
                              code="taken")
    now = utcnow()
    invitation = Invitation(email=email_value, role=role_value, community_ids=[c.id for c in chosen],
                            message=message_value, language=language_value, key_hash="", created_by_id=admin.id,
                            created_at=now, sent_at=now, expires_at=now + timedelta(days=INVITATION_DAYS))
    db.session.add(invitation)
    db.session.flush()
    _queue_mail(invitation, admin, chosen)
    audit.record(admin, "invitation.create", "invitation", invitation.id,
                 details={"role": role_value, "communities": len(chosen)})
    return invitation


def do_resend(admin: User, invitation: Invitation) -> Invitation:
    """A new link (the older one stops working) and a new expiry, mailed again."""
    permissions.require_signed_in(admin)
    permissions.require(permissions.can_invite(admin))
    if invitation.status not in ("pending", "expired"):
        raise Conflict(_("This invitation is closed: it cannot be sent again."), code="invitation_closed")
    now = utcnow()
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=INVITATION_DAYS)
    _queue_mail(invitation, admin, invited_communities(invitation))
    audit.record(admin, "invitation.resend", "invitation", invitation.id)
    return invitation


def do_revoke(admin: User, invitation: Invitation) -> Invitation:
    permissions.require_signed_in(admin)
    permissions.require(permissions.can_invite(admin))
    if invitation.status not in ("pending", "expired"):
        raise Conflict(_("This invitation is closed: it cannot be revoked."), code="invitation_closed")
    invitation.revoked_at = utcnow()
    audit.record(admin, "invitation.revoke", "invitation", invitation.id)
    return invitation


def access_invitation(admin: User, invitation_id: int) -> Invitation:
    permissions.require_signed_in(admin)
    permissions.require(permissions.can_invite(admin))
    invitation = db.session.get(Invitation, invitation_id) if v.is_valid_id(invitation_id) else None
    if invitation is None:
        raise NotFound()
    return invitation


def _queue_mail(invitation: Invitation, inviter: User, communities: list[Community]) -> None:
    """Write the invitation's mail to the durable queue (forum.services.mail_delivery), in the
    invitation's language; the mail sender sends it after the commit."""
    link = _new_link(invitation)
    with force_locale(invitation.language):
        context = {"invitation": invitation, "inviter": inviter, "link": link, "days": INVITATION_DAYS,
                   "communities": [c.localized_name() for c in communities], "role": role_label(invitation.role)}
        subject = _("%(name)s invites you to Horizonte", name=inviter.display_name)
        text = render_template("mail/invitation.txt", **context)
        html = render_template("mail/invitation.html", **context)
    mail_delivery.queue_rows([mail_delivery.address_row(invitation.email, subject, text, html, invitation.language)])


def role_label(role: str) -> str:
    return {"member": _("Member"), "community_moderator": _("Moderator of its communities"),
            "moderator": _("Moderator"), "admin": _("Administrator")}.get(role, role)


def _open() -> tuple[ColumnElement[bool], ...]:
    return Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None)


def _status_conditions(status: str) -> list[ColumnElement[bool]]:
    now = utcnow()
    return {
        "": [],
        "pending": [*_open(), Invitation.expires_at > now],
        "accepted": [Invitation.accepted_at.is_not(None)],
        "expired": [*_open(), Invitation.expires_at <= now],
        "revoked": [Invitation.revoked_at.is_not(None)],
    }[status]


def check_status(value: object) -> str:
    text = (value if isinstance(value, str) else "").strip()
    if text not in ("", *INVITATION_STATUSES):
        raise ValidationError("status", _("Choose one of the listed values."), code="invalid_choice")
    return text


@dataclass
class InvitationPage:
    invitations: list[Invitation]
    page: int
    pages: int
    total: int


def list_invitations(admin: User, status: str, page: int) -> InvitationPage:
    """Newest first, with their inviters: two queries a page."""
    permissions.require(permissions.can_invite(admin))
    conditions = _status_conditions(status)
    total = db.session.scalar(select(func.count()).select_from(Invitation).where(and_(True, *conditions))) or 0
    rows = list(db.session.scalars(
        select(Invitation).options(joinedload(Invitation.created_by)).where(and_(True, *conditions))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        .offset((page - 1) * PER_PAGE).limit(PER_PAGE)))
    return InvitationPage(rows, page, max(math.ceil(total / PER_PAGE), 1), total)


# ---------- the invitee's side ----------


def invitation_for_token(token: object) -> Invitation:
    """The open invitation a link names; a clear error for any other (404 for a link that was never
    right, 410 for one that was: expired, replaced by a newer one, accepted or revoked)."""
    payload = tokens.read(TOKEN_PURPOSE, token, INVITATION_DAYS * 24 * 3600) \
        if isinstance(token, str) and len(token) <= 500 else None
    if payload is None:
        if isinstance(token, str) and len(token) <= 500 and tokens.read(TOKEN_PURPOSE, token, 10**10) is not None:
            raise InvitationClosed(_("This invitation has expired: ask the administrator who invited you to send "
                                     "it again."), code="invitation_expired")
        raise NotFound(_("This invitation link is not valid. Check that you copied all of it."), code="invalid_token")
    invitation_id, key = (payload.get("i"), payload.get("k")) if isinstance(payload, dict) else (None, None)
    invitation = db.session.get(Invitation, invitation_id) \
        if isinstance(invitation_id, int) and v.is_valid_id(invitation_id) and isinstance(key, str) else None
    if invitation is None:
        raise NotFound(_("This invitation link is not valid. Check that you copied all of it."), code="invalid_token")
    status = invitation.status
    if status == "revoked":
        raise InvitationClosed(_("This invitation was withdrawn by an administrator."), code="invitation_revoked")
    if status == "accepted":
        raise InvitationClosed(_("This invitation has already been used. Log in to your account."),
                               code="invitation_used")
    if status == "expired" or not hmac.compare_digest(invitation.key_hash, _key_hash(key)):
        # A link replaced by a newer one is, for its holder, an expired one.
        raise InvitationClosed(_("This invitation has expired: ask the administrator who invited you to send "
                                 "it again."), code="invitation_expired")
    return invitation


def invited_communities(invitation: Invitation) -> list[Community]:
    ids = invitation.community_ids or []
    return list(db.session.scalars(select(Community).where(Community.id.in_(ids))
                                   .order_by(Community.position, Community.name))) if ids else []


def account_for(invitation: Invitation) -> User | None:
    return db.session.scalar(select(User).where(User.email == invitation.email))


def do_register_invited(token: object, *, username: object, password: object, country: object, sector: object,
                        organization: object = "", display_name: object = "", locale: object = None,
                        accepts_terms: bool = False) -> User:
    """Create the invitee's account (its address confirmed by the invitation) and accept it."""
    from forum.services.accounts import do_register

    invitation = invitation_for_token(token)
    user = do_register(email=invitation.email, username=username, password=password, country=country,
                       sector=sector, organization=organization, display_name=display_name, locale=locale,
                       is_verified=True, send_confirmation=False, accepts_terms=accepts_terms, by_invitation=True)
    assert user is not None  # without a confirmation mail, a taken address is a ValidationError
    _accept(invitation, user)
    return user


def do_accept(user: User, token: object) -> Invitation:
    """A signed-in member accepts an invitation made out to their address."""
    permissions.require_signed_in(user)
    invitation = invitation_for_token(token)
    if user.email != invitation.email:
        raise Conflict(_("This invitation was sent to another email address than your account's."),
                       code="other_address")
    if user.is_deactivated:
        raise Conflict(_("This account is deactivated."), code="deactivated")
    _accept(invitation, user)
    return invitation


def _accept(invitation: Invitation, user: User) -> None:
    from forum.services.communities import do_join

    now = utcnow()
    # Once: of two acceptances at the same moment, the second finds it closed.
    closed = db.session.execute(
        update(Invitation).where(Invitation.id == invitation.id, *_open(), Invitation.expires_at > now)
        .values(accepted_at=now, accepted_by_id=user.id).execution_options(synchronize_session=False))
    if closed.rowcount != 1:
        raise InvitationClosed(_("This invitation has already been used. Log in to your account."),
                               code="invitation_used")
    invitation.accepted_at, invitation.accepted_by_id = now, user.id
    communities = invited_communities(invitation)
    for community in communities:
        do_join(user, community)
    if invitation.role == "community_moderator":
        for community in communities:
            if db.session.get(CommunityModerator, (user.id, community.id)) is None:
                db.session.add(CommunityModerator(user_id=user.id, community_id=community.id,
                                                  created_by_id=invitation.created_by_id))
    elif invitation.role in ROLE_RANK and ROLE_RANK[invitation.role] > ROLE_RANK.get(user.role, 0):
        user.role = invitation.role
    db.session.flush()
    audit.record(user, "invitation.accept", "invitation", invitation.id,
                 details={"role": invitation.role, "communities": len(communities)})
