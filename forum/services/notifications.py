"""Notifications: stored for the in-app list, announced live to the user's room after commit."""

import math
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.errors import ValidationError
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
                          "interest_declined", "board_alert"})


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
    (forum.services.mail_delivery: immediate mail queued durably, or kept for the daily digest).
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
    immediate = [n for n in notifications if modes[n.user_id] == "immediate"]
    if immediate:
        mail_delivery.queue_immediate(immediate, actor=actor, post=post, thread=thread, project=project,
                                      experience=experience)
    return notifications


NOTIFICATIONS_PER_PAGE = 25
MAX_IDS = 100


def notifications_page(user: User, page: int, *, unread_only: bool = False,
                       per_page: int = NOTIFICATIONS_PER_PAGE) -> tuple[list[Notification], int, int]:
    """(notifications newest first, pages, total) with what each line needs loaded: two queries."""
    query = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = list(db.session.scalars(
        query.options(joinedload(Notification.actor), joinedload(Notification.thread),
                      joinedload(Notification.post), joinedload(Notification.project),
                      joinedload(Notification.experience))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .offset((page - 1) * per_page).limit(per_page)
    ))
    return items, max(math.ceil(total / per_page), 1), total


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
