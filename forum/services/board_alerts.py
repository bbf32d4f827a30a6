"""Saved board filters ("requests on immunization from Bolivia"): a member hears of every new offer
or request that fits one, on the site and by mail like other notifications (kind `board_alert`).

Matching a new offer/request against every saved filter is one indexed query: a filter's empty
column matches anything, and a many-valued field (themes, support types, languages) fits when the
offer/request has the filter's value among its own.
"""

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.errors import Conflict, NotFound, ValidationError
from forum.extensions import db
from forum.models import BoardAlert, Community, CooperationDetails, User, utcnow
from forum.serializers import iso
from forum.services import validation as v
from forum.services.notifications import notify_many

ALERTS_MAX = 20
COLUMNS = ("kind", "country", "support", "modality", "language", "status")


def do_save_alert(user: User, filters: dict[str, str]) -> BoardAlert:
    """Save the board's filters (as `cooperation.parse_board_filters` checked them)."""
    permissions.require_write(user)
    if not filters:
        raise ValidationError("filters", _("Choose at least one filter to be alerted about."), code="required")
    theme = None
    if "theme" in filters:
        theme = db.session.scalar(select(Community).where(Community.slug == filters["theme"]))
        if theme is None:
            raise ValidationError("theme", _("There is no community called %(slug)s.", slug=filters["theme"][:64]))
    values = {name: filters.get(name) for name in COLUMNS}

    def same_as(column, value) -> Any:
        return column.is_(None) if value is None else column == value

    same = select(BoardAlert.id).where(BoardAlert.user_id == user.id,
                                       same_as(BoardAlert.theme_id, theme.id if theme else None),
                                       *[same_as(getattr(BoardAlert, name), value) for name, value in values.items()])
    if db.session.scalar(same):
        raise Conflict(_("You already saved this search."), code="already_saved")
    count = db.session.scalar(select(func.count()).select_from(BoardAlert).where(BoardAlert.user_id == user.id)) or 0
    if count >= ALERTS_MAX:
        raise Conflict(_("You can save at most %(n)d searches.", n=ALERTS_MAX), code="too_many")
    alert = BoardAlert(user_id=user.id, theme_id=theme.id if theme else None, created_at=utcnow(), **values)
    db.session.add(alert)
    db.session.flush()
    return alert


def load_alert(user: User, alert_id: object) -> BoardAlert:
    ident = v.check_int(alert_id, "alert_id", minimum=1, maximum=v.MAX_ID)
    alert = db.session.get(BoardAlert, ident)
    if alert is None or alert.user_id != user.id:  # another member's alert is not even there
        raise NotFound()
    return alert


def do_delete_alert(user: User, alert: BoardAlert) -> None:
    permissions.require_signed_in(user)
    if alert.user_id != user.id:
        raise NotFound()
    db.session.delete(alert)


def alerts_of(user: User) -> list[BoardAlert]:
    return list(db.session.scalars(
        select(BoardAlert).options(joinedload(BoardAlert.theme)).where(BoardAlert.user_id == user.id)
        .order_by(BoardAlert.created_at, BoardAlert.id)))


def filters_of(alert: BoardAlert) -> dict[str, str]:
    """The alert as board filters (its link: the board showing what it watches)."""
    filters = {name: getattr(alert, name) for name in COLUMNS if getattr(alert, name)}
    if alert.theme is not None:
        filters["theme"] = alert.theme.slug
    return filters


def _fits(details: CooperationDetails):
    """The SQL condition of the alerts this offer/request fits."""
    def any_or(column, values: list) -> Any:
        return or_(column.is_(None), column.in_(values)) if values else column.is_(None)

    return and_(
        or_(BoardAlert.kind.is_(None), BoardAlert.kind == details.kind),
        or_(BoardAlert.country.is_(None), BoardAlert.country == details.country),
        or_(BoardAlert.modality.is_(None), BoardAlert.modality == details.modality),
        or_(BoardAlert.status.is_(None), BoardAlert.status == details.status),
        any_or(BoardAlert.theme_id, [c.id for c in details.themes]),
        any_or(BoardAlert.support, details.support_types),
        any_or(BoardAlert.language, details.languages),
    )


def notify_alerts(details: CooperationDetails) -> int:
    """Tell each member with a fitting alert (once, however many of their alerts fit) about a new
    offer or request; never its author. Two queries and the notifications' own."""
    author_id = details.thread.author_id
    user_ids = set(db.session.scalars(select(BoardAlert.user_id).join(User, User.id == BoardAlert.user_id)
                                      .where(_fits(details), BoardAlert.user_id != author_id,
                                             User.deactivated_at.is_(None)).distinct()))
    if not user_ids:
        return 0
    author = db.session.get(User, author_id)
    made = notify_many(dict.fromkeys(user_ids, "board_alert"), actor=author, thread=details.thread)
    return len(made)


def serialize_alert(alert: BoardAlert) -> dict[str, Any]:
    return {"id": alert.id, "filters": filters_of(alert), "created_at": iso(alert.created_at)}
