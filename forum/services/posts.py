"""Posts: replying, editing (with revisions) and soft deletion."""

from dataclasses import dataclass

from flask_babel import gettext as _
from slugify import slugify
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from forum import content, content_language, diffs, permissions, serializers
from forum.errors import Conflict, Forbidden, NotFound
from forum.extensions import db
from forum.models import Community, Post, PostRevision, Thread, User, utcnow
from forum.models.threads import moved_revisions
from forum.realtime.events import community_room, moderators_room, queue_event, queue_socket_check, thread_room
from forum.services import audit, counters, posting_rules
from forum.services import validation as v
from forum.services.draft_rows import do_delete_draft
from forum.services.uploads import link_uploads

# Words that name thread actions in URLs (/t/<id>/reply); a slug must not shadow them.
_RESERVED_SLUGS = {"reply"}


def thread_slug(title: str) -> str:
    slug = slugify(title, max_length=80, word_boundary=True) or "thread"
    return f"{slug}-thread" if slug in _RESERVED_SLUGS else slug


def announce_thread_changed(thread: Thread, **extra) -> None:
    """`thread.updated` to the community's and the thread's readers (after commit)."""
    payload = {**serializers.thread(thread), **extra}
    queue_event(db.session, "thread.updated", community_room(thread.community_id), payload)
    queue_event(db.session, "thread.updated", thread_room(thread.id), payload)


def announce_post_changed(post: Post) -> None:
    """`post.updated` to the thread's readers (a hidden post: to its moderators), after commit: open
    pages fetch the post again, rendered for each reader (forum.web.threads.posts_fragment)."""
    if post.is_hidden:
        queue_event(db.session, "post.updated", moderators_room(post.thread_id), serializers.post_for_moderators(post))
    else:
        queue_event(db.session, "post.updated", thread_room(post.thread_id), serializers.post(post))


def access_post(user: User | None, post_id: int) -> Post:
    """The post, if it exists in a thread the user may read; NotFound otherwise."""
    if not v.is_valid_id(post_id):
        raise NotFound()
    post = db.session.scalar(
        select(Post).options(joinedload(Post.thread).joinedload(Thread.community), joinedload(Post.author))
        .where(Post.id == post_id)
    )
    if post is None or not permissions.can_read_thread(user, post.thread):
        raise NotFound()
    return post


def append_post(thread: Thread, author: User, source: str, html: str | None = None, *,
                language: str | None = None) -> Post:
    """Add a post at the next number and move every counter it affects, atomically.

    `language` is the post's; by default it is guessed from the text (a short reply takes its
    thread's).

    The number comes from an UPDATE ... RETURNING on the thread row: PostgreSQL locks that row
    until commit, and SQLite serializes writers, so two replies never get the same number.
    The unique (thread_id, number) constraint is the last line of defence.
    """
    now = utcnow()
    if thread.id is None:
        db.session.flush()
    row = db.session.execute(
        update(Thread)
        .where(Thread.id == thread.id)
        .values(
            last_post_number=Thread.last_post_number + 1,
            post_count=Thread.post_count + 1,
            last_activity_at=now,
            last_post_author_id=author.id,
            revision=Thread.revision + 1,  # the page changes: once per transaction (threads.moved_revisions)
        )
        .returning(Thread.last_post_number, Thread.post_count, Thread.revision)
        .execution_options(synchronize_session=False)
    ).one()
    moved_revisions(db.session).add(thread.id)
    set_committed_value(thread, "revision", row.revision)
    set_committed_value(thread, "last_post_number", row.last_post_number)
    set_committed_value(thread, "post_count", row.post_count)
    set_committed_value(thread, "last_activity_at", now)
    set_committed_value(thread, "last_post_author_id", author.id)

    html = html if html is not None else content.render(source)
    post = Post(
        thread_id=thread.id,
        author_id=author.id,
        number=row.last_post_number,
        source=source,
        html=html,
        language=language or content_language.guess_from_html(html, default=thread.language),
        created_at=now,
        revision_count=0,
    )
    post.thread = thread
    post.author = author
    db.session.add(post)
    # The community's and the author's rows are shared by every writer: moved at commit (counters).
    counters.add(db.session, Community, thread.community_id, post_count=1)
    counters.put(db.session, Community, thread.community_id, last_activity_at=now, last_thread_id=thread.id)
    counters.add(db.session, User, author.id, post_count=1)
    counters.put(db.session, User, author.id, last_seen_at=now)
    db.session.flush()
    return post


def check_may_reply(author: User, thread: Thread) -> None:
    """Raise the reason `author` may not reply to `thread` (also used to refuse the reply form)."""
    permissions.require_write(author)
    if thread.is_deleted:
        raise NotFound()
    permissions.require_open_community(thread.community)
    if thread.is_locked and not permissions.can_reply(author, thread) and permissions.can_write(author):
        raise Forbidden(_("This thread is locked: it accepts no new replies."), code="thread_locked")
    permissions.require(permissions.can_reply(author, thread))


def do_create_post(author: User, thread: Thread, *, body: object) -> Post:
    from forum.services.post_notifications import notify_for_new_post, resolve_usernames
    from forum.services.subscriptions import watch_after_posting

    check_may_reply(author, thread)
    source = v.check_body(body)
    html = content.render(source, mention_resolver=resolve_usernames)
    posting_rules.check_trust(author, html)
    posting_rules.check_duplicate(author, source)
    posting_rules.check_slow_mode(author, thread)
    post = append_post(thread, author, source, html)
    link_uploads(html, {author.id}, post=post, fresh=True)
    notify_for_new_post(post)
    watch_after_posting(author, thread)
    do_delete_draft(author, f"reply:{thread.id}")
    queue_event(db.session, "post.created", thread_room(thread.id), serializers.post(post))
    return post


def do_edit_post(editor: User, post: Post, *, body: object) -> Post:
    """Replace a post's source; the previous source is kept as a revision."""
    permissions.require_write(editor)
    permissions.require(permissions.can_edit_post(editor, post))
    source = v.check_body(body)
    if source == post.source:
        return post
    from forum.services.post_notifications import resolve_usernames

    html = content.render(source, mention_resolver=resolve_usernames)
    if editor.id == post.author_id:
        posting_rules.check_trust(editor, html)
    now = utcnow()
    db.session.add(PostRevision(
        post_id=post.id,
        number=post.revision_count + 1,
        source=post.source,
        editor_id=editor.id,
        written_at=post.edited_at or post.created_at,
        created_at=now,
    ))
    if editor.id != post.author_id:
        audit.record(editor, "post.edit", "post", post.id, community_id=post.thread.community_id,
                     details={"before": post.source, "after": source})
    post.source = source
    post.html = html
    post.language = content_language.guess_from_html(html, default=post.thread.language)
    post.edited_at = now
    post.revision_count = post.revision_count + 1
    db.session.flush()
    link_uploads(html, {post.author_id, editor.id}, post=post)
    announce_post_changed(post)
    return post


def do_delete_post(actor: User, post: Post, *, reason: str = "") -> Post:
    """Soft-delete a post: it stays in the numbering and shows as deleted.

    The opening post of a thread with replies is refused (edit it instead); without replies,
    deleting it deletes the thread.
    """
    permissions.require_write(actor)
    thread = post.thread
    if permissions.can_edit_post(actor, post) and not permissions.can_delete_post(actor, post):
        raise Conflict(
            _("The opening post of a thread with replies cannot be deleted. Edit it instead."),
            code="opening_post",
        )
    permissions.require(permissions.can_delete_post(actor, post))
    if actor.id != post.author_id:
        audit.record(actor, "post.delete", "post", post.id, community_id=thread.community_id, reason=reason)
    remove_post(actor, post)
    return post


def remove_post(actor: User, post: Post, *, keep_replied_thread: bool = False) -> None:
    """The soft deletion itself, once the caller decided it may happen (do_delete_post, an account
    deleted with its posts): the counters, the answer, and the thread when its opening post goes
    (a moderator's deletion takes the thread; with `keep_replied_thread`, a thread where others'
    posts are left stays, its opening post shown as deleted)."""
    thread = post.thread
    now = utcnow()
    live_before = thread.post_count
    post.deleted_at = now
    post.deleted_by_id = actor.id
    thread.post_count = Thread.post_count - 1
    counters.add(db.session, Community, thread.community_id, post_count=-1)
    counters.add(db.session, User, post.author_id, post_count=-1)
    if post.number == 1 and (live_before <= 1 or not keep_replied_thread):
        _delete_thread(thread, now)
    elif thread.answered_post_id == post.id:
        _forget_answer(thread, post)
    db.session.flush()
    queue_event(db.session, "post.deleted", thread_room(thread.id), serializers.post(post))


def _forget_answer(thread: Thread, post: Post) -> None:
    """The answer of a question was deleted: the question is open again (forum.services.answers)."""
    counters.add(db.session, User, post.author_id, accepted_answer_count=-1)
    thread.answered_post_id = None
    db.session.flush()
    db.session.expire(thread, ["answered_post"])
    announce_thread_changed(thread)
    question = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 1))
    if question is not None:
        announce_post_changed(question)  # its excerpt of the answer goes


def _delete_thread(thread: Thread, now) -> None:
    thread.deleted_at = now
    counters.add(db.session, Community, thread.community_id, thread_count=-1)
    queue_event(db.session, "thread.updated", community_room(thread.community_id),
                {"id": thread.id, "is_deleted": True})
    queue_socket_check(db.session)  # its readers leave its room, moderators excepted


def post_revisions(post: Post) -> list[PostRevision]:
    """Earlier versions, newest first, with their editors."""
    return list(db.session.scalars(
        select(PostRevision).options(joinedload(PostRevision.editor))
        .where(PostRevision.post_id == post.id).order_by(PostRevision.number.desc())
    ))


@dataclass(frozen=True)
class RevisionChange:
    """One edit: the version it made (`number`, 2 for the first edit), when and by whom, and the
    words it changed in the text it replaced (`revision.source`)."""

    number: int
    revision: PostRevision
    segments: list[diffs.Segment]


def revision_changes(post: Post) -> list[RevisionChange]:
    """Each edit of the post, newest first, as a word diff of its text against the one before."""
    earlier = post_revisions(post)
    changes = []
    for index, revision in enumerate(earlier):
        after = post.source if index == 0 else earlier[index - 1].source
        changes.append(RevisionChange(revision.number + 1, revision, diffs.words(revision.source, after)))
    return changes
