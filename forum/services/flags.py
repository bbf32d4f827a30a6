"""Flags: members report a post; enough distinct reports hide it until a moderator reviews it."""

from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from forum import permissions, serializers
from forum.errors import Conflict, ValidationError
from forum.extensions import db
from forum.models import FLAG_REASONS, Flag, Post, Suspension, Thread, User, utcnow
from forum.realtime.events import moderators_room, queue_event, thread_room
from forum.services import audit
from forum.services import validation as v
from forum.services.notifications import do_notify


def do_flag_post(flagger: User, post: Post, *, reason: object, note: object = "") -> Flag:
    permissions.require_write(flagger)
    if post.author_id == flagger.id:
        raise Conflict(_("You cannot flag your own post."), code="own_post")
    permissions.require(permissions.can_flag(flagger, post))
    if not isinstance(reason, str) or reason not in FLAG_REASONS:
        raise ValidationError("reason", _("Choose a reason."))
    note_text = v.check_line(note, "note", max_length=500, required=reason == "other")
    if db.session.scalar(select(Flag.id).where(Flag.post_id == post.id, Flag.flagger_id == flagger.id)):
        raise Conflict(_("You have already flagged this post."), code="already_flagged")
    flag = Flag(post_id=post.id, flagger_id=flagger.id, reason=reason, note=note_text, status="open",
                created_at=utcnow())
    db.session.add(flag)
    db.session.flush()
    open_flaggers = db.session.scalar(
        select(func.count(func.distinct(Flag.flagger_id))).where(Flag.post_id == post.id, Flag.status == "open"))
    if open_flaggers >= current_app.config["FLAG_THRESHOLD"] and not post.is_hidden:
        _hide_pending_review(post)
    return flag


def _hide_pending_review(post: Post) -> None:
    post.hidden_at = utcnow()
    post.hidden_by_id = None
    # No stored reason: pages say in the reader's language that members flagged it (macros.hidden_note).
    post.hidden_reason = None
    db.session.flush()
    audit.record(None, "post.auto_hide", "post", post.id, community_id=post.thread.community_id,
                 reason="")
    queue_event(db.session, "post.hidden", thread_room(post.thread_id), serializers.post(post))
    queue_event(db.session, "post.updated", moderators_room(post.thread_id), serializers.post_for_moderators(post))


def resolve_flags(moderator: User, post: Post, outcome: str) -> int:
    """Close the post's open flags as upheld or dismissed and tell each flagger. Returns how many."""
    flags = list(db.session.scalars(select(Flag).where(Flag.post_id == post.id, Flag.status == "open")))
    now = utcnow()
    for flag in flags:
        flag.status = outcome
        flag.resolved_at = now
        flag.resolved_by_id = moderator.id
        message = (_("A moderator reviewed the post you flagged and took action.") if outcome == "upheld"
                   else _("A moderator reviewed the post you flagged and left it as it is."))
        do_notify(flag.flagger_id, "flag_outcome", actor=moderator, post=post, message=message)
    return len(flags)


@dataclass
class QueueItem:
    post: Post
    flags: list[Flag]
    reasons: dict[str, int]
    author_post_count: int = 0
    author_flag_count: int = 0
    author_suspensions: list[Suspension] = field(default_factory=list)


def review_queue(moderator: User, *, limit: int = 25, offset: int = 0) -> tuple[list[QueueItem], int]:
    """Open flags grouped by post, oldest first, with the author's history; a constant number of queries."""
    scope = select(Flag.post_id).join(Post, Post.id == Flag.post_id).join(Thread, Thread.id == Post.thread_id) \
        .where(Flag.status == "open")
    if not permissions.is_moderator(moderator):
        scope = scope.where(Thread.community_id.in_(permissions.moderated_community_ids(moderator)))
    grouped = scope.group_by(Flag.post_id).add_columns(func.min(Flag.created_at).label("first_flagged")).subquery()
    total = db.session.scalar(select(func.count()).select_from(grouped))
    # Oldest first; the post id breaks ties so pages never overlap or skip.
    post_ids = list(db.session.scalars(select(grouped.c.post_id)
                                       .order_by(grouped.c.first_flagged, grouped.c.post_id)
                                       .limit(limit).offset(offset)))
    if not post_ids:
        return [], total
    posts = {p.id: p for p in db.session.scalars(
        select(Post).options(joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.community))
        .where(Post.id.in_(post_ids)))}
    flags_by_post: dict[int, list[Flag]] = defaultdict(list)
    for flag in db.session.scalars(select(Flag).options(joinedload(Flag.flagger))
                                   .where(Flag.post_id.in_(post_ids), Flag.status == "open")
                                   .order_by(Flag.created_at)):
        flags_by_post[flag.post_id].append(flag)
    author_ids = {p.author_id for p in posts.values()}
    flagged_counts = dict(db.session.execute(
        select(Post.author_id, func.count(Flag.id)).join(Flag, Flag.post_id == Post.id)
        .where(Post.author_id.in_(author_ids), Flag.status == "upheld").group_by(Post.author_id)).all())
    suspensions: dict[int, list[Suspension]] = defaultdict(list)
    for suspension in db.session.scalars(select(Suspension).where(Suspension.user_id.in_(author_ids))
                                         .order_by(Suspension.created_at.desc())):
        suspensions[suspension.user_id].append(suspension)
    items = []
    for post_id in post_ids:
        post = posts[post_id]
        reasons: dict[str, int] = defaultdict(int)
        for flag in flags_by_post[post_id]:
            reasons[flag.reason] += 1
        items.append(QueueItem(post=post, flags=flags_by_post[post_id], reasons=dict(reasons),
                               author_post_count=post.author.post_count,
                               author_flag_count=flagged_counts.get(post.author_id, 0),
                               author_suspensions=suspensions[post.author_id]))
    return items, total
