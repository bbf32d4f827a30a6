"""Answers: a question's author (or a moderator) marks one reply as its answer.

Only threads of a kind in ANSWERABLE_KINDS ("question", chosen when the thread is started) have
one. The thread keeps the answer's id (`threads.answered_post_id`); the answerer's
`accepted_answer_count` moves in the same transaction (forum.services.counters); a moderator's
choice is in the audit log; the answerer is notified. Readers of the open page see it live:
`thread.updated`, and `post.updated` for the question (which shows the answer's excerpt) and
for the posts that gain or lose the "Answer" badge. A deleted answer is forgotten by
forum.services.posts.do_delete_post (the question is open again).
"""

from flask_babel import gettext as _
from sqlalchemy import select

from forum import permissions
from forum.errors import ValidationError
from forum.extensions import db
from forum.models import Post, Thread, User
from forum.services import audit, counters
from forum.services.notifications import do_notify
from forum.services.posts import announce_post_changed, announce_thread_changed


def check_answer_post(thread: Thread, post_id: object, field: str = "post_id") -> Post:
    """The reply of `thread` named by `post_id`, if it may be the answer."""
    if not isinstance(post_id, int) or isinstance(post_id, bool) or not 0 < post_id < 2**31:
        raise ValidationError(field, _("Name a reply of this thread."), code="invalid")
    post = db.session.scalar(select(Post).where(Post.id == post_id, Post.thread_id == thread.id))
    if post is None or not permissions.can_be_answer(post):
        raise ValidationError(field, _("Only a visible reply of this thread can be its answer."), code="not_answerable")
    return post


def do_mark_answer(actor: User, thread: Thread, post: Post) -> Thread:
    """Make `post` the answer of `thread` (replacing any other)."""
    permissions.require_write(actor)
    permissions.require(permissions.can_mark_answer(actor, thread))
    if post.thread_id != thread.id or not permissions.can_be_answer(post):
        raise ValidationError("post_id", _("Only a visible reply of this thread can be its answer."),
                              code="not_answerable")
    previous_id = thread.answered_post_id
    if previous_id == post.id:
        return thread
    previous = _uncredit(thread)
    thread.answered_post_id = post.id
    counters.add(db.session, User, post.author_id, accepted_answer_count=1)
    if actor.id != thread.author_id:
        audit.record(actor, "thread.answer", "thread", thread.id, community_id=thread.community_id,
                     details={"post_id": post.id, "previous_post_id": previous_id})
    do_notify(post.author_id, "answer_accepted", actor=actor, post=post, thread=thread)
    _announce(thread, [1, post.number] + ([previous.number] if previous is not None else []))
    return thread


def do_unmark_answer(actor: User, thread: Thread) -> Thread:
    permissions.require_write(actor)
    permissions.require(permissions.can_mark_answer(actor, thread))
    previous_id = thread.answered_post_id
    if previous_id is None:
        return thread
    previous = _uncredit(thread)
    thread.answered_post_id = None
    if actor.id != thread.author_id:
        audit.record(actor, "thread.unanswer", "thread", thread.id, community_id=thread.community_id,
                     details={"post_id": previous_id})
    _announce(thread, [1] + ([previous.number] if previous is not None else []))
    return thread


def _uncredit(thread: Thread) -> Post | None:
    if thread.answered_post_id is None:
        return None
    previous = db.session.get(Post, thread.answered_post_id)
    if previous is not None:
        counters.add(db.session, User, previous.author_id, accepted_answer_count=-1)
    return previous


def _announce(thread: Thread, numbers: list[int]) -> None:
    db.session.flush()
    db.session.expire(thread, ["answered_post"])
    announce_thread_changed(thread)
    changed = select(Post).where(Post.thread_id == thread.id, Post.number.in_(sorted(set(numbers))))
    for post in db.session.scalars(changed):
        announce_post_changed(post)
