"""Moderator actions on posts. (Flags, queues, thread actions and the audit log build on these.)"""

from flask_babel import gettext as _

from forum import permissions, serializers
from forum.errors import Conflict
from forum.extensions import db
from forum.models import Post, User, utcnow
from forum.realtime.events import moderators_room, queue_event, thread_room
from forum.services import validation as v


def do_hide_post(moderator: User, post: Post, *, reason: object) -> Post:
    """Hide a post pending review: members see a placeholder, moderators the post and the reason."""
    permissions.require_signed_in(moderator)
    permissions.require(permissions.can_hide_post(moderator, post))
    reason_text = v.check_line(reason, "reason", max_length=500, required=True)
    if post.is_hidden:
        raise Conflict(_("This post is already hidden."), code="already_hidden")
    post.hidden_at = utcnow()
    post.hidden_by_id = moderator.id
    post.hidden_reason = reason_text
    db.session.flush()
    queue_event(db.session, "post.hidden", thread_room(post.thread_id), serializers.post(post))
    queue_event(db.session, "post.updated", moderators_room(post.thread_id), serializers.post_for_moderators(post))
    return post


def do_restore_post(moderator: User, post: Post) -> Post:
    permissions.require_signed_in(moderator)
    permissions.require(permissions.can_hide_post(moderator, post))
    if not post.is_hidden:
        raise Conflict(_("This post is not hidden."), code="not_hidden")
    post.hidden_at = None
    post.hidden_by_id = None
    post.hidden_reason = None
    db.session.flush()
    queue_event(db.session, "post.updated", thread_room(post.thread_id), serializers.post(post))
    return post
