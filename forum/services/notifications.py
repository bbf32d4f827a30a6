"""Notifications: stored for the in-app list, announced live to the user's room after commit."""

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, case, distinct, func, insert, literal, select, tuple_, update
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.errors import NotFound, ValidationError
from forum.extensions import db
from forum.models import Notification, Post, Thread, User, utcnow
from forum.realtime.events import queue_event, user_room
from forum.serializers import iso, user_brief
from forum.services import counters
from forum.services import validation as v

# What one member's activity tells another: a member who blocked the actor hears none of it.
# (Moderation notices, such as warnings and suspensions, reach a member whoever they blocked.)
FROM_MEMBERS = frozenset({"mention", "quote", "reply", "watched_post", "new_thread", "message", "match",
                          "matched", "match_proposed", "match_declined", "interest", "interest_accepted",
                          "interest_declined", "board_alert", "reaction", "answer_accepted"})


def do_notify(user_id: int, kind: str, *, actor: User | None = None, post: Post | None = None,
              thread: Thread | None = None, message: str = "", project: Any = None,
              experience: Any = None) -> Notification | None:
    """Tell a user about something; never the actor about their own action."""
    made = notify_many({user_id: kind}, actor=actor, post=post, thread=thread, message=message, project=project,
                       experience=experience)
    return made[0] if made else None


def notify_many(kinds: dict[int, str], *, actor: User | None = None, post: Post | None = None,
                thread: Thread | None = None, message: str = "", project: Any = None,
                experience: Any = None) -> list[Notification]:
    """One notification per user ({user_id: kind}), in a constant number of queries however many.
    `project`: the cooperation project it is about (forum.models.Project), if any; `experience`:
    the documented experience (forum.models.Experience), whose title and page the line names.

    One INSERT ... RETURNING for the rows, one UPDATE for the unread counters, and the mail side
    (forum.services.mail_delivery): a notification mailed at once is marked `mail_pending`, and the
    mail sender writes its mail after the commit; a daily one waits for the digest.
    """
    kinds = {user_id: kind for user_id, kind in kinds.items() if actor is None or user_id != actor.id}
    social = [user_id for user_id, kind in kinds.items() if kind in FROM_MEMBERS]
    if actor is not None and social:
        for blocker_id in permissions.blocked_by_any(social, actor.id):
            del kinds[blocker_id]
    if not kinds:
        return []
    from forum.services import mail_delivery

    modes = mail_delivery.email_modes(kinds)
    now = utcnow()
    thread_id = thread.id if thread else (post.thread_id if post else None)
    rows = [{
        "user_id": user_id, "kind": kind, "actor_id": actor.id if actor else None,
        "post_id": post.id if post else None, "thread_id": thread_id, "message": message,
        "project_id": project.id if project is not None else None,
        "experience_id": experience.id if experience is not None else None,
        "created_at": now, "digest_pending": modes[user_id] == "daily",
        "mail_pending": modes[user_id] == "immediate",
    } for user_id, kind in sorted(kinds.items())]
    notifications = list(db.session.scalars(insert(Notification).returning(Notification), rows))
    for user_id in kinds:  # at commit, with every other shared row, in one order (forum.services.counters)
        counters.add(db.session, User, user_id, unread_notification_count=1)
    for notification in notifications:
        queue_event(db.session, "notification", user_room(notification.user_id), {
            "id": notification.id, "kind": notification.kind, "actor": user_brief(actor),
            "post_id": notification.post_id, "thread_id": notification.thread_id, "message": message,
            "project_id": notification.project_id, "experience_id": notification.experience_id,
            "created_at": iso(notification.created_at),
        })
    if any(modes[user_id] == "immediate" for user_id in kinds):
        mail_delivery.queue_pending_mail()
    return notifications


NOTIFICATIONS_PER_PAGE = 25
MAX_IDS = 100


def notifications_page(user: User, page: int, *, unread_only: bool = False,
                       per_page: int = NOTIFICATIONS_PER_PAGE) -> tuple[list[Notification], int, int]:
    """(notifications newest first, pages, total) with what each line needs loaded: two queries.
    The API's list: one item per notification (the page groups them, `groups_page`)."""
    query = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = list(db.session.scalars(
        query.options(*_line_loads())
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .offset((page - 1) * per_page).limit(per_page)
    ))
    return items, max(math.ceil(total / per_page), 1), total


def _line_loads() -> tuple:
    """What forum.notification_lines reads of a notification, loaded with it (nothing per row)."""
    return (joinedload(Notification.actor), joinedload(Notification.thread), joinedload(Notification.post),
            joinedload(Notification.project), joinedload(Notification.experience))


# ---------- groups: one row of the page per thing the notifications are about ----------
#
# A family gathers the kinds that speak of one target (a thread's new posts, an experience's
# changes...); its key is (family, target id, unread). Read and unread ones of one target are two
# groups, so "3 new replies" counts only what is new. Kinds whose own words matter (a moderator's
# warning, a suspension, a country asked to validate, a suggested match with its reasons) are never
# grouped: their family is SINGLE and their target their own id.

SINGLE, POSTS, MENTIONS, MESSAGES, EXPERIENCE, PROJECT, COOPERATION = range(7)
FAMILIES: dict[int, frozenset[str]] = {
    POSTS: frozenset({"reply", "watched_post", "new_thread"}),
    MENTIONS: frozenset({"mention", "quote"}),
    MESSAGES: frozenset({"message"}),  # a notification names no conversation: they lead to the inbox
    EXPERIENCE: frozenset({"experience_status", "experience_editor", "experience_published"}),
    PROJECT: frozenset({"project_status", "project_focal_point", "project_milestone"}),
    COOPERATION: frozenset({"interest", "interest_accepted", "interest_declined", "matched", "match_proposed",
                            "match_declined"}),
}
_TARGET_COLUMN = {POSTS: "thread_id", MENTIONS: "thread_id", MESSAGES: None, EXPERIENCE: "experience_id",
                  PROJECT: "project_id", COOPERATION: "thread_id"}
GROUP_RECENT = 6  # the newest of a group loaded with it: the line's names come from these
# Families whose row sums them up ("3 new replies in …") and leads to the first new one; the
# others show their newest line (forum.notification_lines.describe_group) and lead where it does.
SUMMED = {POSTS: "posts", MENTIONS: "mentions", MESSAGES: "messages"}


def _family_conditions() -> list[tuple[Any, int]]:
    conditions = []
    for family, kinds in FAMILIES.items():
        column = _TARGET_COLUMN[family]
        condition = Notification.kind.in_(sorted(kinds))
        if column is not None:
            condition = and_(condition, getattr(Notification, column).is_not(None))
        conditions.append((condition, family))
    return conditions


def _group_columns() -> tuple[Any, Any, Any]:
    """SQL for a notification's (family, target, unread): the same words for every query."""
    conditions = _family_conditions()
    family = case(*conditions, else_=literal(SINGLE))
    target = case(*[(condition, getattr(Notification, _TARGET_COLUMN[fam]) if _TARGET_COLUMN[fam] else literal(0))
                    for condition, fam in conditions], else_=Notification.id)
    unread = case((Notification.read_at.is_(None), 1), else_=0)
    return family, target, unread


def group_key(n: Notification) -> tuple[int, int, int]:
    """The (family, target, unread) of one loaded notification, as `_group_columns` computes it."""
    for family, kinds in FAMILIES.items():
        column = _TARGET_COLUMN[family]
        target = getattr(n, column) if column else 0
        if n.kind in kinds and target is not None:
            return family, target, int(n.read_at is None)
    return SINGLE, n.id, int(n.read_at is None)


@dataclass
class NotificationGroup:
    """One row of the notifications page: `count` notifications about one target."""

    family: int
    target: int
    is_unread: bool
    count: int
    actor_count: int  # distinct members who acted
    kind: str | None  # the kind all of them are, or None when they are of several
    latest_at: datetime
    recent: list[Notification]  # newest first, at most GROUP_RECENT
    first: Notification  # the oldest: an unread group leads to it (where the new posts begin)

    @property
    def newest(self) -> Notification:
        return self.recent[0]

    @property
    def summary(self) -> str | None:
        """"posts", "mentions" or "messages" for a row that sums them up; None for one that shows
        its newest line."""
        return SUMMED.get(self.family)

    @property
    def lead(self) -> Notification:
        """The notification the row's link follows: where the new ones begin for a summed unread
        group, else the newest (the one its line shows)."""
        return self.first if self.is_unread and self.family in SUMMED else self.newest

    @property
    def actors(self) -> list[User]:
        """The members who acted, newest first, each once (from the recent ones)."""
        seen: dict[int, User] = {}
        for n in self.recent:
            if n.actor is not None and n.actor_id not in seen:
                seen[n.actor_id] = n.actor
        return list(seen.values())


def groups_page(user: User, page: int, *, unread_only: bool = False,
                per_page: int = NOTIFICATIONS_PER_PAGE) -> tuple[list[NotificationGroup], int, int]:
    """(groups, newest first; pages; number of groups) in three queries however many notifications:
    the number of groups, the page of groups, and their recent notifications with what lines need."""
    family, target, unread = _group_columns()
    rows = (select(Notification.id, Notification.kind, Notification.actor_id, Notification.created_at,
                   family.label("family"),
                   target.label("target"), unread.label("unread"))
            .where(Notification.user_id == user.id))
    if unread_only:
        rows = rows.where(Notification.read_at.is_(None))
    rows = rows.subquery()
    keys = (rows.c.family, rows.c.target, rows.c.unread)
    total = db.session.scalar(select(func.count()).select_from(select(*keys).group_by(*keys).subquery())) or 0
    pages = max(math.ceil(total / per_page), 1)
    found = db.session.execute(
        select(*keys, func.count().label("count"), func.count(distinct(rows.c.actor_id)).label("actors"),
               func.min(rows.c.kind).label("kind"), func.max(rows.c.kind).label("other_kind"))
        .group_by(*keys).order_by(func.max(rows.c.created_at).desc(), func.max(rows.c.id).desc())
        .offset((page - 1) * per_page).limit(per_page)
    ).all()
    if not found:
        return [], pages, total
    partition = (family, target, unread)
    ranked = (select(Notification.id, family.label("family"), target.label("target"), unread.label("unread"),
                     func.row_number().over(partition_by=partition,
                                            order_by=(Notification.created_at.desc(), Notification.id.desc()))
                     .label("newest_rank"),
                     func.row_number().over(partition_by=partition,
                                            order_by=(Notification.created_at, Notification.id))
                     .label("oldest_rank"))
              .where(Notification.user_id == user.id,
                     tuple_(family, target, unread).in_([(r.family, r.target, r.unread) for r in found]))
              .subquery())
    loaded = db.session.execute(
        select(Notification, ranked.c.family, ranked.c.target, ranked.c.unread, ranked.c.newest_rank,
               ranked.c.oldest_rank)
        .join(ranked, ranked.c.id == Notification.id)
        .where((ranked.c.newest_rank <= GROUP_RECENT) | (ranked.c.oldest_rank == 1))
        .options(*_line_loads())
        .order_by(ranked.c.newest_rank)
    ).all()
    recent: dict[tuple, list[Notification]] = {}
    first: dict[tuple, Notification] = {}
    for n, fam, tgt, unr, newest_rank, oldest_rank in loaded:
        key = (fam, tgt, unr)
        if newest_rank <= GROUP_RECENT:
            recent.setdefault(key, []).append(n)
        if oldest_rank == 1:
            first[key] = n
    groups = []
    for r in found:
        key = (r.family, r.target, r.unread)
        if key not in recent:  # gone between the two queries (a deleted account's notifications)
            continue
        groups.append(NotificationGroup(family=r.family, target=r.target, is_unread=bool(r.unread), count=r.count,
                                        actor_count=r.actors, kind=r.kind if r.kind == r.other_kind else None,
                                        latest_at=recent[key][0].created_at,
                                        recent=recent[key], first=first.get(key, recent[key][-1])))
    return groups, pages, total


def do_open(user: User, notification_id: int) -> Notification:
    """Mark read the unread group a notification belongs to, as its reader follows it; returns
    the notification its link leads to (as `NotificationGroup.lead`). NotFound for another member's notification and a
    missing one alike."""
    n = _own(user, notification_id)
    family, target, _unread = group_key(n)
    fam, tgt, _unread_column = _group_columns()
    same_group = and_(Notification.user_id == user.id, Notification.read_at.is_(None), fam == family,
                      tgt == target)
    oldest_first = family in SUMMED
    first = db.session.scalars(
        select(Notification).where(same_group).options(*_line_loads())
        .order_by(*((Notification.created_at, Notification.id) if oldest_first
                    else (Notification.created_at.desc(), Notification.id.desc()))).limit(1)).first()
    db.session.execute(update(Notification).where(same_group).values(read_at=utcnow())
                       .execution_options(synchronize_session=False))
    _recount_unread(user)
    return first or n


def do_mark_group_read(user: User, notification_id: int) -> int:
    """Mark read every unread notification of the group this one belongs to; the unread count."""
    n = _own(user, notification_id)
    family, target, _unread = group_key(n)
    fam, tgt, _unread_column = _group_columns()
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None), fam == family, tgt == target)
        .values(read_at=utcnow()).execution_options(synchronize_session=False))
    return _recount_unread(user)


def _own(user: User, notification_id: int) -> Notification:
    n = db.session.get(Notification, notification_id) if v.is_valid_id(notification_id) else None
    if n is None or n.user_id != user.id:
        raise NotFound()
    return n


def _recount_unread(user: User) -> int:
    """Set the stored counter from the rows themselves, so it stays exact whatever ran meanwhile."""
    unread = (select(func.count()).select_from(Notification)
              .where(Notification.user_id == user.id, Notification.read_at.is_(None)).scalar_subquery())
    db.session.execute(update(User).where(User.id == user.id).values(unread_notification_count=unread)
                       .execution_options(synchronize_session=False))
    db.session.expire(user, ["unread_notification_count"])
    return user.unread_notification_count


def do_mark_read(user: User, ids: object) -> int:
    """Mark some of the user's notifications read (others' ids are ignored). Returns the unread count."""
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise ValidationError("ids", _("Give a list of notification ids."), code="wrong_type")
    if len(ids) > MAX_IDS:
        raise ValidationError("ids", _("Give at most %(n)d ids at a time.", n=MAX_IDS), code="too_many")
    wanted = [i for i in ids if v.is_valid_id(i)]
    if wanted:
        db.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.id.in_(wanted), Notification.read_at.is_(None))
            .values(read_at=utcnow()).execution_options(synchronize_session=False)
        )
    return _recount_unread(user)


def do_mark_all_read(user: User) -> int:
    db.session.execute(
        update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False)
    )
    return _recount_unread(user)
