"""Notifications: stored for the in-app list, announced live to the user's room after commit."""

from sqlalchemy import update

from forum.extensions import db
from forum.models import Notification, Post, Thread, User, utcnow
from forum.realtime.events import queue_event, user_room
from forum.serializers import iso, user_brief


def do_notify(user_id: int, kind: str, *, actor: User | None = None, post: Post | None = None,
              thread: Thread | None = None, message: str = "") -> Notification | None:
    """Tell a user about something; never the actor about their own action."""
    if actor is not None and actor.id == user_id:
        return None
    notification = Notification(
        user_id=user_id, kind=kind, actor_id=actor.id if actor else None,
        post_id=post.id if post else None,
        thread_id=thread.id if thread else (post.thread_id if post else None),
        message=message, created_at=utcnow(),
    )
    db.session.add(notification)
    db.session.execute(
        update(User).where(User.id == user_id)
        .values(unread_notification_count=User.unread_notification_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    queue_event(db.session, "notification", user_room(user_id), {
        "id": notification.id, "kind": kind, "actor": user_brief(actor), "post_id": notification.post_id,
        "thread_id": notification.thread_id, "message": message, "created_at": iso(notification.created_at),
    })
    return notification
