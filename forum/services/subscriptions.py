"""Subscriptions: watching or muting a thread, following a community."""

from flask_babel import gettext as _
from sqlalchemy import delete, select

from forum import permissions
from forum.errors import ValidationError
from forum.extensions import db
from forum.models import SUBSCRIPTION_LEVELS, Community, CommunityFollow, Thread, ThreadSubscription, User, utcnow


def check_level(value: object) -> str:
    if value not in SUBSCRIPTION_LEVELS:
        raise ValidationError("level", _("Choose “watch” or “mute”."), code="invalid_choice")
    return str(value)


def subscription_level(user: User | None, thread: Thread) -> str | None:
    """"watch", "mute" or None (no choice made)."""
    if not permissions.is_signed_in(user):
        return None
    return db.session.scalar(select(ThreadSubscription.level).where(
        ThreadSubscription.user_id == user.id, ThreadSubscription.thread_id == thread.id))


def do_set_thread_subscription(user: User, thread: Thread, *, level: object) -> str:
    permissions.require(permissions.can_subscribe(user, thread))
    value = check_level(level)
    row = db.session.get(ThreadSubscription, (user.id, thread.id))
    if row is None:
        db.session.add(ThreadSubscription(user_id=user.id, thread_id=thread.id, level=value, created_at=utcnow()))
    else:
        row.level = value
    db.session.flush()
    return value


def do_clear_thread_subscription(user: User, thread: Thread) -> None:
    """Forget the choice: the user hears only of replies, mentions and quotes again."""
    permissions.require(permissions.can_subscribe(user, thread))
    db.session.execute(delete(ThreadSubscription).where(
        ThreadSubscription.user_id == user.id, ThreadSubscription.thread_id == thread.id))


def watch_after_posting(user: User, thread: Thread) -> None:
    """Posting in (or starting) a thread watches it, unless the user chose otherwise before."""
    if db.session.get(ThreadSubscription, (user.id, thread.id)) is None:
        db.session.add(ThreadSubscription(user_id=user.id, thread_id=thread.id, level="watch", created_at=utcnow()))
        db.session.flush()


def is_following(user: User | None, community: Community) -> bool:
    if not permissions.is_signed_in(user):
        return False
    return db.session.get(CommunityFollow, (user.id, community.id)) is not None


def do_follow_community(user: User, community: Community) -> None:
    permissions.require_signed_in(user)
    if db.session.get(CommunityFollow, (user.id, community.id)) is None:
        db.session.add(CommunityFollow(user_id=user.id, community_id=community.id, created_at=utcnow()))
        db.session.flush()


def do_unfollow_community(user: User, community: Community) -> None:
    permissions.require_signed_in(user)
    db.session.execute(delete(CommunityFollow).where(
        CommunityFollow.user_id == user.id, CommunityFollow.community_id == community.id))
