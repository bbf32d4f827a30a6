"""Reactions: "helpful", "thanks" and "same here" on others' posts (REACTION_KINDS).

One row per member, kind and post (a unique constraint, so a double click or two tabs cannot
count twice); the post's `<kind>_count` column moves in the same transaction by an UPDATE that
adds to the stored value (two reactions at once both count). The author hears of them in one
notification per post and kind that accumulates ("Ana and 3 others found your post helpful"):
a new reaction brings it back to the top, unread, naming the newest member; a muted thread or a
blocked member stays silent.
"""

import math

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from forum import permissions
from forum.errors import NotFound, ValidationError
from forum.extensions import db
from forum.models import REACTION_KINDS, Notification, Post, PostReaction, ThreadSubscription, User, utcnow
from forum.models.threads import touch
from forum.realtime.events import queue_event, user_room
from forum.serializers import iso, user_brief
from forum.services import counters
from forum.services.notifications import notify_many
from forum.services.posts import announce_post_changed

NOTIFICATION_KIND = "reaction"
REACTORS_PER_PAGE = 50


def check_reaction_kind(value: object, field: str = "kind") -> str:
    if not isinstance(value, str) or value not in REACTION_KINDS:
        raise ValidationError(field, _("Choose one of the reactions offered."), code="invalid_choice")
    return value


def _column(kind: str):
    return getattr(Post, f"{kind}_count")


def do_react(user: User, post: Post, kind: object) -> bool:
    """Give `kind` to `post`; False when this member had already given it."""
    permissions.require_write(user)
    permissions.require(permissions.can_react(user, post))
    kind = check_reaction_kind(kind)
    mine = select(PostReaction.id).where(PostReaction.post_id == post.id, PostReaction.user_id == user.id,
                                         PostReaction.kind == kind)
    if db.session.scalar(mine) is not None:
        return False
    try:
        with db.session.begin_nested():  # another request of the same member may have just added it
            db.session.add(PostReaction(post_id=post.id, user_id=user.id, kind=kind, created_at=utcnow()))
    except IntegrityError:
        return False
    _move(post, kind, 1)
    _notify_author(post, user, kind)
    return True


def do_unreact(user: User, post: Post, kind: object) -> bool:
    """Take back `kind`; False when this member had not given it."""
    permissions.require_write(user)
    kind = check_reaction_kind(kind)
    gone = db.session.execute(delete(PostReaction).where(
        PostReaction.post_id == post.id, PostReaction.user_id == user.id, PostReaction.kind == kind)
        .execution_options(synchronize_session=False)).rowcount
    if not gone:
        return False
    _move(post, kind, -1)
    return True


def _move(post: Post, kind: str, delta: int) -> None:
    column = _column(kind)
    count = db.session.execute(update(Post).where(Post.id == post.id).values({column: column + delta})
                               .returning(column).execution_options(synchronize_session=False)).scalar_one()
    set_committed_value(post, f"{kind}_count", count)
    touch(db.session, [post.thread_id])
    announce_post_changed(post)


def _notify_author(post: Post, actor: User, kind: str) -> None:
    author_id = post.author_id
    muted = db.session.scalar(select(ThreadSubscription.level).where(
        ThreadSubscription.user_id == author_id, ThreadSubscription.thread_id == post.thread_id)) == "mute"
    if muted or permissions.is_blocked(author_id, actor.id):
        return
    existing = db.session.scalar(select(Notification).where(
        Notification.user_id == author_id, Notification.kind == NOTIFICATION_KIND, Notification.post_id == post.id,
        Notification.message == kind))
    if existing is None:
        notify_many({author_id: NOTIFICATION_KIND}, actor=actor, post=post, thread=post.thread, message=kind)
        return
    if existing.read_at is not None:
        counters.add(db.session, User, author_id, unread_notification_count=1)
    existing.actor_id = actor.id
    existing.read_at = None
    existing.created_at = utcnow()
    queue_event(db.session, "notification", user_room(author_id), {
        "id": existing.id, "kind": NOTIFICATION_KIND, "actor": user_brief(actor), "post_id": post.id,
        "thread_id": post.thread_id, "message": kind, "project_id": None, "experience_id": None,
        "created_at": iso(existing.created_at)})


def my_reactions(user: object, post_ids: list[int]) -> dict[int, set[str]]:
    """{post id: kinds this member gave} for a page of posts: one query (none for a guest)."""
    if not permissions.is_signed_in(user) or not post_ids:
        return {}
    found: dict[int, set[str]] = {}
    for post_id, kind in db.session.execute(select(PostReaction.post_id, PostReaction.kind).where(
            PostReaction.user_id == user.id, PostReaction.post_id.in_(sorted(set(post_ids))))):
        found.setdefault(post_id, set()).add(kind)
    return found


def reactors_page(viewer: object, post: Post, kind: object, page: int) -> tuple[list[User], int, int]:
    """(members who gave `kind`, newest first; pages; total) for whoever may read the post."""
    if not permissions.can_see_reactions(viewer, post):
        raise NotFound()
    kind = check_reaction_kind(kind)
    total = db.session.scalar(select(func.count()).select_from(PostReaction).where(
        PostReaction.post_id == post.id, PostReaction.kind == kind)) or 0
    users = list(db.session.scalars(
        select(User).join(PostReaction, PostReaction.user_id == User.id)
        .where(PostReaction.post_id == post.id, PostReaction.kind == kind)
        .order_by(PostReaction.created_at.desc(), PostReaction.id.desc())
        .offset((page - 1) * REACTORS_PER_PAGE).limit(REACTORS_PER_PAGE)))
    return users, max(math.ceil(total / REACTORS_PER_PAGE), 1), total


