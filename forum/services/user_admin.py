"""The administrators' list of accounts (/admin/users): every account, whatever its state, searched
by name, username or email and filtered by role, country and status, newest activity first.

Two queries a page (the count and the page), whatever the number of accounts. The filters are
read here, once (control characters never get this far: forum.boundary): an unknown value is a 422
naming the parameter, never an empty page that looks like an answer.
"""

import math
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, or_, select

from forum import permissions
from forum.errors import ValidationError
from forum.extensions import db
from forum.models import ROLES, User
from forum.models.base import utcnow
from forum.services import validation as v

PER_PAGE = 50
STATUSES = ("active", "unverified", "suspended", "deactivated", "deleted")
SORTS = ("last_seen", "newest", "name", "posts")


@dataclass
class UserFilters:
    q: str = ""
    role: str = ""
    country: str = ""
    status: str = ""
    sort: str = "last_seen"
    active: list[str] = field(default_factory=list)


@dataclass
class UserPage:
    users: list[User]
    page: int
    pages: int
    total: int


def read_filters(args) -> UserFilters:
    """The list's filters from the query string, each checked against what it may be."""
    filters = UserFilters()
    for name in ("q", "role", "country", "status", "sort"):  # control characters: forum.boundary refused them
        setattr(filters, name, (args.get(name) or "").strip() or getattr(UserFilters, name))
    filters.q = filters.q[:100]
    choices = {"role": ("", *ROLES), "status": ("", *STATUSES), "sort": SORTS}
    for name, allowed in choices.items():
        if getattr(filters, name) not in allowed:
            raise ValidationError(name, _("Choose one of the listed values."), code="invalid_choice")
    if filters.country:
        filters.country = v.check_country(filters.country)
    filters.active = [name for name in ("q", "role", "country", "status") if getattr(filters, name)]
    return filters


def _conditions(filters: UserFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.q:
        pattern = "%" + v.like_escape(filters.q.lower()) + "%"
        conditions.append(or_(User.username_key.like(pattern, escape="\\"), User.email.like(pattern, escape="\\"),
                              func.lower(User._display_name).like(pattern, escape="\\")))
    if filters.role:
        conditions.append(User.role == filters.role)
    if filters.country:
        conditions.append(User.country == filters.country)
    now = utcnow()
    live = and_(User.deactivated_at.is_(None), User.deleted_at.is_(None))
    conditions += {
        "": [],
        "active": [live, User.is_verified.is_(True), or_(User.suspended_until.is_(None), User.suspended_until <= now)],
        "unverified": [live, User.is_verified.is_(False)],
        "suspended": [live, User.suspended_until > now],
        "deactivated": [User.deactivated_at.is_not(None), User.deleted_at.is_(None)],
        "deleted": [User.deleted_at.is_not(None)],
    }[filters.status]
    return conditions


def list_users(viewer: object, filters: UserFilters, page: int) -> UserPage:
    permissions.require(permissions.is_admin(viewer))
    conditions = _conditions(filters)
    total = db.session.scalar(select(func.count()).select_from(User).where(*conditions)) or 0
    order = {
        "last_seen": [User.last_seen_at.desc().nulls_last(), User.id.desc()],
        "newest": [User.created_at.desc(), User.id.desc()],
        "name": [func.lower(User._display_name), User.id],
        "posts": [User.post_count.desc(), User.id],
    }[filters.sort]
    users = list(db.session.scalars(select(User).where(*conditions).order_by(*order)
                                    .offset((page - 1) * PER_PAGE).limit(PER_PAGE)))
    return UserPage(users, page, max(math.ceil(total / PER_PAGE), 1), total)


def status_of(user: User) -> str:
    """One word for the list's status column."""
    if user.deleted_at is not None:
        return "deleted"
    if user.deactivated_at is not None:
        return "deactivated"
    if user.is_suspended:
        return "suspended"
    return "active" if user.is_verified else "unverified"
