"""Threads: starting one, and the reads that pages and the API share."""

from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from forum import content, content_language, permissions, serializers
from forum.errors import NotFound
from forum.extensions import db
from forum.models import ANSWERABLE_KINDS, Community, Post, Thread, User, utcnow
from forum.realtime.events import community_room, queue_event
from forum.services import audit, counters, posting_rules
from forum.services import validation as v
from forum.services.draft_rows import do_delete_draft
from forum.services.post_notifications import notify_for_new_post, resolve_usernames
from forum.services.posts import announce_thread_changed, append_post, thread_slug
from forum.services.subscriptions import watch_after_posting
from forum.services.uploads import link_uploads


def check_may_create_thread(author: User, community: Community) -> None:
    """Raise the reason `author` may not start a thread here (also used to refuse the form)."""
    permissions.require_write(author)
    permissions.require_open_community(community)
    permissions.require(permissions.can_create_thread(author, community))


def do_create_thread(author: User, community: Community, *, title: object, body: object,
                     kind: object = "discussion", language: object = None) -> Thread:
    """Start a thread. `language` is the one it is written in; empty guesses it from the text."""
    check_may_create_thread(author, community)
    title_value = v.check_title(title)
    kind_value = v.check_kind(kind)
    chosen_language = v.check_content_language(language, required=False)
    permissions.require(
        permissions.can_post_kind(author, kind_value, community.id),
        _("Only moderators can post announcements."),
        code="kind_not_allowed",
    )
    source = v.check_body(body)
    html = content.render(source, mention_resolver=resolve_usernames)
    posting_rules.check_trust(author, html)
    posting_rules.check_duplicate(author, source)
    now = utcnow()
    thread = Thread(
        community_id=community.id,
        author_id=author.id,
        title=title_value,
        slug=thread_slug(title_value),
        kind=kind_value,
        language=chosen_language or guess_thread_language(title_value, html, author_locale=author.locale),
        is_pinned=False,
        is_locked=False,
        post_count=0,
        last_post_number=0,
        created_at=now,
        last_activity_at=now,
    )
    thread.community = community
    thread.author = author
    db.session.add(thread)
    db.session.flush()
    counters.add(db.session, Community, community.id, thread_count=1)
    post = append_post(thread, author, source, html, language=thread.language)
    link_uploads(html, {author.id}, post=post, fresh=True)
    notify_for_new_post(post)
    watch_after_posting(author, thread)
    do_delete_draft(author, f"thread:{community.slug}")
    queue_event(db.session, "thread.created", community_room(community.id), serializers.thread(thread))
    return thread


def guess_thread_language(title: str, html: str, *, author_locale: str | None) -> str | None:
    """The language of the title and opening post; when they are too short to tell, the
    language the author reads the site in (if it is a content language)."""
    fallback = author_locale if author_locale in content_language.CONTENT_LANGUAGES else None
    return content_language.guess_from_html(f"<p>{escape(title)}</p>{html}", default=fallback)


def do_set_thread_language(actor: User, thread: Thread, *, language: object) -> Thread:
    """Correct the language a thread is recorded in (its author, or its moderators)."""
    permissions.require(permissions.can_set_thread_language(actor, thread))
    value = v.check_content_language(language)
    if value == thread.language:
        return thread
    if actor.id != thread.author_id:
        audit.record(actor, "thread.language", "thread", thread.id, community_id=thread.community_id,
                     details={"before": thread.language, "after": value})
    thread.language = value
    db.session.flush()
    announce_thread_changed(thread)
    return thread


def _page_parts() -> tuple:
    """What the thread page shows besides the thread and its community: its author, the
    documented experience's banner, the answer's excerpt under the question."""
    return (joinedload(Thread.author), joinedload(Thread.experience),
            joinedload(Thread.answered_post).joinedload(Post.author))


def access_thread(user: User | None, thread_id: int, *, page_parts: bool = True) -> Thread:
    """The thread if the user may read it; NotFound for missing and forbidden alike.

    `page_parts=False` loads the thread and its community only (what the rule reads): for a
    reader the anonymous page cache may answer, where the rest is loaded only when the page is
    rendered (`load_page_parts`). Those four joins were a third of a cached page's time."""
    if not v.is_valid_id(thread_id):
        raise NotFound()
    thread = db.session.scalar(
        select(Thread).options(joinedload(Thread.community), *(_page_parts() if page_parts else ()))
        .where(Thread.id == thread_id)
    )
    if thread is None or not permissions.can_read_thread(user, thread):
        raise NotFound()
    return thread


def load_page_parts(thread: Thread) -> Thread:
    """Load, in one query, what `access_thread(..., page_parts=False)` left out."""
    db.session.scalars(select(Thread).options(*_page_parts()).where(Thread.id == thread.id)).all()
    return thread


def page_count(total: int, per_page: int) -> int:
    return max((total + per_page - 1) // per_page, 1)


def thread_page_count(thread: Thread, per_page: int) -> int:
    # Deleted posts keep their number and show as placeholders, so pages follow the numbers.
    return page_count(thread.last_post_number, per_page)


def posts_on_page(thread: Thread, page: int, per_page: int) -> list[Post]:
    """Posts numbered ((page-1)*per_page, page*per_page]: one indexed range scan, any depth."""
    first = (page - 1) * per_page + 1
    return list(db.session.scalars(
        select(Post).options(joinedload(Post.author))
        .where(Post.thread_id == thread.id, Post.number >= first, Post.number < first + per_page)
        .order_by(Post.number)
    ))


def posts_numbered(thread: Thread, numbers: list[int]) -> list[Post]:
    """The thread's posts with these numbers, in order (a number it does not have is left out)."""
    if not numbers:
        return []
    return list(db.session.scalars(
        select(Post).options(joinedload(Post.author))
        .where(Post.thread_id == thread.id, Post.number.in_(numbers))
        .order_by(Post.number)
    ))


def posts_after(thread: Thread, after: int, limit: int) -> list[Post]:
    return list(db.session.scalars(
        select(Post).options(joinedload(Post.author))
        .where(Post.thread_id == thread.id, Post.number > after)
        .order_by(Post.number).limit(limit)
    ))


def _listing_filters(query, *, language: str | None, answered: bool | None):
    """A community listing's filters: the language it is written in; answered questions (True) or
    questions still waiting for an answer (False)."""
    if language is not None:
        query = query.where(Thread.language == language)
    if answered is True:
        query = query.where(Thread.answered_post_id.is_not(None))
    elif answered is False:
        query = query.where(Thread.kind.in_(ANSWERABLE_KINDS), Thread.answered_post_id.is_(None))
    return query


def community_threads(community: Community, page: int, per_page: int, *, language: str | None = None,
                      answered: bool | None = None) -> list[Thread]:
    """A page of the community's threads, pinned first then by last activity; only those
    written in `language`, and only answered (or unanswered) questions, when given."""
    query = (select(Thread).options(joinedload(Thread.author), joinedload(Thread.last_post_author))
             .where(Thread.community_id == community.id, Thread.deleted_at.is_(None)))
    query = _listing_filters(query, language=language, answered=answered)
    return list(db.session.scalars(
        query.order_by(Thread.is_pinned.desc(), Thread.last_activity_at.desc(), Thread.id.desc())
        .offset((page - 1) * per_page).limit(per_page)
    ))


def community_thread_count(community: Community, *, language: str | None = None,
                           answered: bool | None = None) -> int:
    """The threads a listing pages through (the stored counter, or one indexed count when filtered)."""
    if language is None and answered is None:
        return community.thread_count
    query = (select(func.count()).select_from(Thread)
             .where(Thread.community_id == community.id, Thread.deleted_at.is_(None)))
    return db.session.scalar(_listing_filters(query, language=language, answered=answered)) or 0


def latest_threads(limit: int = 10) -> list[Thread]:
    return list(db.session.scalars(
        select(Thread)
        .options(joinedload(Thread.author), joinedload(Thread.community), joinedload(Thread.last_post_author))
        .where(Thread.deleted_at.is_(None))
        .order_by(Thread.last_activity_at.desc()).limit(limit)
    ))


def communities_overview() -> list[Community]:
    return list(db.session.scalars(
        select(Community).options(joinedload(Community.last_thread))
        .order_by(Community.position, Community.name)
    ))
