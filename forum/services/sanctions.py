"""Sanctions and roles: suspensions, deactivation, roles and community moderators."""

from datetime import UTC, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from forum import dates, permissions
from forum.errors import Conflict, ValidationError
from forum.extensions import db
from forum.models import ApiToken, Community, CommunityModerator, Suspension, User, utcnow
from forum.realtime.events import queue_socket_check
from forum.services import audit, organizations, sessions
from forum.services import validation as v
from forum.services.notifications import do_notify


def check_until(value: object, field: str = "until") -> datetime:
    """A future date or date-time (ISO 8601; a date means the end of that day, UTC)."""
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(field, _("Give a date such as 2026-12-31.")) from None
        if len(text) == 10:  # a plain date: until the end of that day
            when = when.replace(hour=23, minute=59, second=59)
    else:
        raise ValidationError(field, _("Give a date such as 2026-12-31."), code="required")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if when <= utcnow():
        raise ValidationError(field, _("Choose a date in the future."), code="in_the_past")
    if when.year > 9999 - 1:
        raise ValidationError(field, _("Choose a nearer date."))
    return when.astimezone(UTC)


def _require_sanctionable(moderator: User, user: User) -> None:
    """Site moderators sanction members; only admins sanction moderators; nobody sanctions admins or themselves."""
    permissions.require_signed_in(moderator)
    permissions.require(permissions.can_sanction_users(moderator))
    protected = user.role == "admin" or (user.role == "moderator" and not permissions.is_admin(moderator))
    if user.id == moderator.id or protected:
        raise Conflict(_("You cannot change the suspension of this account."), code="not_allowed")


def do_suspend_user(moderator: User, user: User, *, until: object, reason: object) -> Suspension:
    """Suspend until a date: the user can log in and read, not post, flag or message."""
    _require_sanctionable(moderator, user)
    when = check_until(until)
    reason_text = v.check_line(reason, "reason", max_length=500, required=True)
    suspension = Suspension(user_id=user.id, until=when, reason=reason_text, created_by_id=moderator.id,
                            created_at=utcnow())
    db.session.add(suspension)
    user.suspended_until = when
    user.suspension_reason = reason_text
    queue_socket_check(db.session, user.id)  # a suspended moderator's powers end now, live rooms included
    audit.record(moderator, "user.suspend", "user", user.id, reason=reason_text,
                 details={"until": when.isoformat()})
    with force_locale(user.locale or "en"):  # stored as written: in the reader's language, the day as they write it
        message = _("Your account is suspended until %(until)s: %(reason)s", until=dates.until(when),
                    reason=reason_text)
    do_notify(user.id, "suspension", actor=moderator, message=message)
    return suspension


def do_lift_suspension(moderator: User, user: User, *, reason: object = "") -> None:
    _require_sanctionable(moderator, user)
    if not user.is_suspended:
        raise Conflict(_("This account is not suspended."), code="not_suspended")
    now = utcnow()
    for suspension in db.session.scalars(select(Suspension).where(
            Suspension.user_id == user.id, Suspension.lifted_at.is_(None), Suspension.until > now)):
        suspension.lifted_at = now
        suspension.lifted_by_id = moderator.id
    user.suspended_until = None
    user.suspension_reason = None
    audit.record(moderator, "user.unsuspend", "user", user.id,
                 reason=v.check_line(reason, "reason", max_length=500))


def do_deactivate_user(admin: User, user: User, *, reason: object) -> None:
    """Ban: the account cannot log in, its sessions, sockets and tokens stop working."""
    permissions.require_signed_in(admin)
    permissions.require(permissions.can_deactivate(admin, user))
    if user.is_deactivated:
        raise Conflict(_("This account is already deactivated."), code="unchanged")
    reason_text = v.check_line(reason, "reason", max_length=500, required=True)
    user.deactivated_at = utcnow()
    organizations.member_deactivated(user)
    sessions.end_sessions(user)
    # Revoked, not merely refused while deactivated: reactivation must not bring them back.
    db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=user.deactivated_at).execution_options(synchronize_session=False))
    audit.record(admin, "user.deactivate", "user", user.id, reason=reason_text)


def do_reactivate_user(admin: User, user: User, *, reason: object = "") -> None:
    permissions.require_signed_in(admin)
    permissions.require(permissions.is_admin(admin))
    if not user.is_deactivated:
        raise Conflict(_("This account is active."), code="unchanged")
    user.deactivated_at = None
    organizations.member_reactivated(user)
    audit.record(admin, "user.reactivate", "user", user.id, reason=v.check_line(reason, "reason", max_length=500))


def do_set_role(admin: User, user: User, *, role: object) -> None:
    permissions.require_signed_in(admin)
    permissions.require(permissions.is_admin(admin))
    new_role = v.check_role(role)
    if user.id == admin.id:
        raise Conflict(_("You cannot change your own role."), code="not_allowed")
    before = user.role
    if before == new_role:
        raise Conflict(_("Nothing to change."), code="unchanged")
    user.role = new_role
    if new_role == "member":
        sessions.end_sessions(user)  # lost powers end with the sessions that held them
    audit.record(admin, "user.role", "user", user.id, details={"before": before, "after": new_role})


def do_add_community_moderator(admin: User, user: User, community: Community) -> None:
    permissions.require_signed_in(admin)
    permissions.require(permissions.can_assign_community_moderators(admin))
    if db.session.get(CommunityModerator, (user.id, community.id)) is not None:
        raise Conflict(_("This person is already a moderator of this community."), code="unchanged")
    db.session.add(CommunityModerator(user_id=user.id, community_id=community.id, created_by_id=admin.id))
    audit.record(admin, "community.moderator.add", "user", user.id, community_id=community.id)


def do_remove_community_moderator(admin: User, user: User, community: Community) -> None:
    permissions.require_signed_in(admin)
    permissions.require(permissions.can_assign_community_moderators(admin))
    row = db.session.get(CommunityModerator, (user.id, community.id))
    if row is None:
        raise Conflict(_("Not a moderator of this community."), code="unchanged")
    db.session.delete(row)
    sessions.end_sessions(user)
    audit.record(admin, "community.moderator.remove", "user", user.id, community_id=community.id)


def community_moderators(community: Community) -> list[User]:
    return list(db.session.scalars(
        select(User).join(CommunityModerator, CommunityModerator.user_id == User.id)
        .where(CommunityModerator.community_id == community.id).order_by(User.username_key)))
