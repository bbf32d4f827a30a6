"""Moderator actions on posts and threads. Each is permission-checked, audited and announced live."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from forum import permissions, serializers
from forum.errors import Conflict, NotFound, ValidationError
from forum.extensions import db
from forum.models import Community, Post, Thread, User, utcnow
from forum.realtime.events import community_room, moderators_room, queue_event, queue_socket_check, thread_room
from forum.services import audit, counters
from forum.services import validation as v
from forum.services.flags import resolve_flags
from forum.services.notifications import do_notify
from forum.services.posts import announce_thread_changed, append_post, thread_slug


def _reason(value: object, required: bool = True) -> str:
    return v.check_line(value, "reason", max_length=500, required=required)


def _require_post_moderation(moderator: User, post: Post) -> None:
    permissions.require_signed_in(moderator)
    permissions.require(permissions.can_moderate(moderator, post.thread.community_id))


# ---------- posts ----------

def do_hide_post(moderator: User, post: Post, *, reason: object) -> Post:
    """Hide a post: members see a placeholder, moderators the post and the reason. Upholds open flags."""
    _require_post_moderation(moderator, post)
    reason_text = _reason(reason)
    if post.is_deleted:
        raise Conflict(_("This post is deleted."), code="deleted")
    if post.is_hidden and post.hidden_by_id is not None:
        raise Conflict(_("This post is already hidden."), code="already_hidden")
    post.hidden_at = utcnow()
    post.hidden_by_id = moderator.id
    post.hidden_reason = reason_text
    db.session.flush()
    resolve_flags(moderator, post, "upheld")
    audit.record(moderator, "post.hide", "post", post.id, community_id=post.thread.community_id, reason=reason_text)
    queue_event(db.session, "post.hidden", thread_room(post.thread_id), serializers.post(post))
    queue_event(db.session, "post.updated", moderators_room(post.thread_id), serializers.post_for_moderators(post))
    return post


def do_restore_post(moderator: User, post: Post, *, reason: object = "") -> Post:
    """Make a hidden post visible again; open flags on it are dismissed."""
    _require_post_moderation(moderator, post)
    if not post.is_hidden:
        raise Conflict(_("This post is not hidden."), code="not_hidden")
    post.hidden_at = None
    post.hidden_by_id = None
    post.hidden_reason = None
    db.session.flush()
    resolve_flags(moderator, post, "dismissed")
    audit.record(moderator, "post.restore", "post", post.id, community_id=post.thread.community_id,
                 reason=_reason(reason, required=False))
    queue_event(db.session, "post.updated", thread_room(post.thread_id), serializers.post(post))
    return post


def do_dismiss_flags(moderator: User, post: Post, *, reason: object = "") -> int:
    """The flags were wrong: close them, and show the post again if the flags had hidden it."""
    _require_post_moderation(moderator, post)
    if post.is_hidden and post.hidden_by_id is None:
        post.hidden_at = None
        post.hidden_reason = None
        queue_event(db.session, "post.updated", thread_room(post.thread_id), serializers.post(post))
    count = resolve_flags(moderator, post, "dismissed")
    if count == 0:
        raise Conflict(_("This post has no open flags."), code="no_flags")
    audit.record(moderator, "flags.dismiss", "post", post.id, community_id=post.thread.community_id,
                 reason=_reason(reason, required=False), details={"flags": count})
    return count


def do_moderator_delete_post(moderator: User, post: Post, *, reason: object) -> Post:
    from forum.services.posts import do_delete_post

    _require_post_moderation(moderator, post)
    if post.is_deleted:
        raise Conflict(_("This post is deleted."), code="deleted")
    reason_text = _reason(reason)
    do_delete_post(moderator, post, reason=reason_text)
    if post.author_id == moderator.id:  # do_delete_post audits only deletions of others' posts
        audit.record(moderator, "post.delete", "post", post.id, community_id=post.thread.community_id,
                     reason=reason_text)
    resolve_flags(moderator, post, "upheld")
    return post


def do_undelete_post(moderator: User, post: Post, *, reason: object = "") -> Post:
    _require_post_moderation(moderator, post)
    if not post.is_deleted:
        raise Conflict(_("This post is not deleted."), code="not_deleted")
    thread = post.thread
    post.deleted_at = None
    post.deleted_by_id = None
    thread.post_count = Thread.post_count + 1
    counters.add(db.session, Community, thread.community_id, post_count=1)
    counters.add(db.session, User, post.author_id, post_count=1)
    if post.number == 1 and thread.is_deleted:
        thread.deleted_at = None
        counters.add(db.session, Community, thread.community_id, thread_count=1)
    db.session.flush()
    audit.record(moderator, "post.undelete", "post", post.id, community_id=thread.community_id,
                 reason=_reason(reason, required=False))
    room = moderators_room(post.thread_id) if post.is_hidden else thread_room(post.thread_id)
    payload = serializers.post_for_moderators(post) if post.is_hidden else serializers.post(post)
    queue_event(db.session, "post.updated", room, payload)
    return post


def do_warn_user(moderator: User, user: User, *, message: object, post: Post | None = None) -> None:
    """A private warning from the moderators, delivered as a notification."""
    permissions.require_signed_in(moderator)
    community_id = post.thread.community_id if post is not None else None
    permissions.require(permissions.can_warn(moderator, community_id))
    if user.id == moderator.id:
        raise Conflict(_("You cannot warn yourself."), code="not_allowed")
    text = v.check_line(message, "message", max_length=500, required=True)
    do_notify(user.id, "moderator_warning", actor=moderator, post=post, message=text)
    audit.record(moderator, "user.warn", "user", user.id, community_id=community_id, reason=text,
                 details={"post_id": post.id} if post else {})


# ---------- threads ----------

MAX_SPLIT_POSTS = 1000
THREAD_ACTIONS = ("lock", "unlock", "pin", "unpin", "rename", "move", "close", "slow_mode", "split")


def _require_thread_moderation(moderator: User, thread: Thread) -> None:
    permissions.require_signed_in(moderator)
    permissions.require(permissions.can_moderate_thread(moderator, thread))


def do_set_locked(moderator: User, thread: Thread, locked: bool, *, reason: object = "") -> Thread:
    _require_thread_moderation(moderator, thread)
    if thread.is_locked == locked:
        raise Conflict(_("Nothing to change."), code="unchanged")
    thread.is_locked = locked
    audit.record(moderator, "thread.lock" if locked else "thread.unlock", "thread", thread.id,
                 community_id=thread.community_id, reason=_reason(reason, required=False))
    announce_thread_changed(thread)
    return thread


def do_set_pinned(moderator: User, thread: Thread, pinned: bool, *, reason: object = "") -> Thread:
    _require_thread_moderation(moderator, thread)
    if thread.is_pinned == pinned:
        raise Conflict(_("Nothing to change."), code="unchanged")
    thread.is_pinned = pinned
    audit.record(moderator, "thread.pin" if pinned else "thread.unpin", "thread", thread.id,
                 community_id=thread.community_id, reason=_reason(reason, required=False))
    announce_thread_changed(thread)
    return thread


def do_rename_thread(moderator: User, thread: Thread, *, title: object, reason: object = "") -> Thread:
    _require_thread_moderation(moderator, thread)
    new_title = v.check_title(title)
    before = thread.title
    thread.title = new_title
    thread.slug = thread_slug(new_title)
    audit.record(moderator, "thread.rename", "thread", thread.id, community_id=thread.community_id,
                 reason=_reason(reason, required=False), details={"before": before, "after": new_title})
    announce_thread_changed(thread)
    return thread


def do_move_thread(moderator: User, thread: Thread, target: Community, *, reason: object = "") -> Thread:
    _require_thread_moderation(moderator, thread)
    permissions.require(permissions.can_moderate(moderator, target.id),
                        _("You do not moderate the destination community."))
    if target.id == thread.community_id:
        raise ValidationError("community", _("The thread is already in this community."), code="unchanged")
    if permissions.is_archived(target):
        raise ValidationError("community", _("This community is archived: it is read-only."),
                              code="community_archived")
    source_id = thread.community_id
    posts = thread.post_count
    threads = 0 if thread.is_deleted else 1
    counters.add(db.session, Community, source_id, thread_count=-threads, post_count=-posts)
    counters.add(db.session, Community, target.id, thread_count=threads, post_count=posts)
    thread.community_id = target.id
    thread.community = target
    db.session.flush()
    audit.record(moderator, "thread.move", "thread", thread.id, community_id=target.id,
                 reason=_reason(reason, required=False), details={"from": source_id, "to": target.id})
    payload = {**serializers.thread(thread), "moved_from": source_id}
    queue_event(db.session, "thread.updated", community_room(source_id), payload)
    announce_thread_changed(thread, moved_from=source_id)
    queue_socket_check(db.session)  # the source's community moderators lose its moderators' room
    return thread


def do_close_thread(moderator: User, thread: Thread, *, message: object) -> Thread:
    """Lock the thread with a closing message from the moderators, posted as its last post."""
    _require_thread_moderation(moderator, thread)
    text = v.check_body(message, "message")
    if thread.is_locked:
        raise Conflict(_("This thread is already locked."), code="unchanged")
    post = append_post(thread, moderator, text)
    queue_event(db.session, "post.created", thread_room(thread.id), serializers.post(post))
    thread.is_locked = True
    audit.record(moderator, "thread.close", "thread", thread.id, community_id=thread.community_id, reason=text[:500])
    announce_thread_changed(thread)
    return thread


def do_set_slow_mode(moderator: User, thread: Thread, *, seconds: object, reason: object = "") -> Thread:
    _require_thread_moderation(moderator, thread)
    value = v.check_int(seconds, "seconds", minimum=0, maximum=24 * 3600)
    before = thread.slow_mode_seconds
    thread.slow_mode_seconds = value
    audit.record(moderator, "thread.slow_mode", "thread", thread.id, community_id=thread.community_id,
                 reason=_reason(reason, required=False), details={"before": before, "after": value})
    announce_thread_changed(thread)
    return thread


def do_split_thread(moderator: User, thread: Thread, *, post_ids: object, title: object,
                    reason: object = "") -> Thread:
    """Move the chosen replies into a new thread in the same community, renumbered from 1.

    The first chosen post becomes the opening post. The original thread keeps the gaps (its
    numbers are never reused), like deleted posts.
    """
    _require_thread_moderation(moderator, thread)
    new_title = v.check_title(title)
    if not isinstance(post_ids, list) or not post_ids or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in post_ids):
        raise ValidationError("post_ids", _("Choose the posts to move."))
    if len(post_ids) > MAX_SPLIT_POSTS or not all(v.is_valid_id(i) for i in post_ids):
        raise ValidationError("post_ids", _("Some posts are not in this thread."), code="not_in_thread")
    chosen = list(db.session.scalars(select(Post).where(Post.thread_id == thread.id, Post.id.in_(post_ids))
                                     .order_by(Post.number)))
    if len(chosen) != len(set(post_ids)):
        raise ValidationError("post_ids", _("Some posts are not in this thread."), code="not_in_thread")
    if any(p.number == 1 for p in chosen):
        raise ValidationError("post_ids", _("The opening post cannot be moved."), code="opening_post")
    now = utcnow()
    visible = [p for p in chosen if not p.is_deleted]
    opening = chosen[0]
    new_thread = Thread(
        community_id=thread.community_id, author_id=opening.author_id, title=new_title,
        slug=thread_slug(new_title), kind="discussion", is_pinned=False, is_locked=False,
        # The language its new opening post was written in (else the discussion's).
        language=opening.language or thread.language,
        slow_mode_seconds=0, post_count=len(visible), last_post_number=len(chosen),
        last_post_author_id=chosen[-1].author_id, created_at=opening.created_at,
        last_activity_at=max(p.created_at for p in chosen),
    )
    db.session.add(new_thread)
    db.session.flush()
    old_numbers = {post.id: post.number for post in chosen}
    # Renumber through a temporary negative range so the (thread, number) unique key never collides.
    for index, post in enumerate(chosen, start=1):
        post.thread_id = new_thread.id
        post.number = -index
    db.session.flush()
    for post in chosen:
        post.number = -post.number
    moved_answer = next((p for p in chosen if p.id == thread.answered_post_id), None)
    if moved_answer is not None:  # the answer left with the split: the question is open again
        thread.answered_post_id = None
        counters.add(db.session, User, moved_answer.author_id, accepted_answer_count=-1)
    thread.post_count = Thread.post_count - len(visible)
    counters.add(db.session, Community, thread.community_id, thread_count=1)
    db.session.flush()
    db.session.refresh(thread)
    last = db.session.scalar(select(func.max(Post.created_at)).where(Post.thread_id == thread.id))
    thread.last_activity_at = last or thread.created_at
    audit.record(moderator, "thread.split", "thread", thread.id, community_id=thread.community_id,
                 reason=_reason(reason, required=False),
                 details={"new_thread_id": new_thread.id, "post_ids": [p.id for p in chosen], "at": now.isoformat()})
    queue_event(db.session, "thread.created", community_room(thread.community_id), serializers.thread(new_thread))
    for post in chosen:
        queue_event(db.session, "post.deleted", thread_room(thread.id),
                    {"id": post.id, "thread_id": thread.id, "moved_to": new_thread.id, "is_deleted": True,
                     "html": None, "is_hidden": post.is_hidden, "number": old_numbers[post.id]})
    announce_thread_changed(thread)
    return new_thread


def access_thread_for_moderation(moderator: User, thread_id: int) -> Thread:
    from forum.services.threads import access_thread

    thread = access_thread(moderator, thread_id)
    if not permissions.can_moderate_thread(moderator, thread):
        raise NotFound()
    return thread
