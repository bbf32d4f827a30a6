"""Bookmarks: saving posts, threads and experiences, listing them, and their reminders.

A bookmark never shows what its owner may no longer read: the list keeps only the bookmarks whose
post, thread or experience the member can read now (the same rules as the pages), and a reminder
of an unreadable one is not sent.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.errors import NotFound, ValidationError
from forum.extensions import db
from forum.models import Bookmark, Experience, Post, Thread, User, utcnow
from forum.services import validation as v
from forum.services.project_fields import check_date

MAX_NOTE = 500
BOOKMARKS_PER_PAGE = 30
TARGETS = ("post_id", "thread_id", "experience_id")


@dataclass(frozen=True)
class Target:
    kind: str  # "post", "thread", "experience"
    id: int


def check_target(values: dict[str, Any]) -> Target:
    """Exactly one of post_id, thread_id, experience_id, as a positive id."""
    given = [name for name in TARGETS if values.get(name) not in (None, "")]
    if len(given) != 1:
        raise ValidationError("target", _("Choose a post, a thread or an experience to bookmark."),
                              code="invalid_target")
    name = given[0]
    return Target(name.removesuffix("_id"), v.check_int(values[name], name, minimum=1, maximum=2**31 - 1))


def target_of(bookmark: Bookmark) -> Target:
    for name in TARGETS:
        if getattr(bookmark, name) is not None:
            return Target(name.removesuffix("_id"), getattr(bookmark, name))
    raise NotFound()


def check_note(value: object) -> str:
    return v.check_line(value, "note", max_length=MAX_NOTE)


def _load_target(user: User, target: Target) -> Post | Thread | Experience:
    """The thing if the user may read it now; NotFound otherwise (missing and hidden alike)."""
    if target.kind == "post":
        from forum.services.posts import access_post

        post = access_post(user, target.id)
        if not permissions.can_read_post_text(user, post):
            raise NotFound()
        return post
    if target.kind == "thread":
        from forum.services.threads import access_thread

        return access_thread(user, target.id)
    from forum.services.experiences import access_experience

    return access_experience(user, target.id)


def is_readable(user: User, bookmark: Bookmark) -> bool:
    if bookmark.post is not None:
        return permissions.can_read_thread(user, bookmark.post.thread) and permissions.can_read_post_text(
            user, bookmark.post)
    if bookmark.thread is not None:
        return permissions.can_read_thread(user, bookmark.thread)
    if bookmark.experience is not None:
        return permissions.can_view_experience(user, bookmark.experience)
    return False


def do_save_bookmark(user: User, target: Target, *, remind_at: object = None, note: object = None) -> Bookmark:
    """Bookmark a readable thing, or change the reminder and note of its bookmark (a new date is
    reminded again)."""
    permissions.require_signed_in(user)
    thing = _load_target(user, target)
    day = check_date(remind_at, "remind_at") if remind_at not in (None, "") else None
    text = check_note(note) if note is not None else None
    column = getattr(Bookmark, f"{target.kind}_id")
    bookmark = db.session.scalar(select(Bookmark).where(Bookmark.user_id == user.id, column == thing.id))
    if bookmark is None:
        bookmark = Bookmark(user_id=user.id, note=text or "", remind_at=day, **{f"{target.kind}_id": thing.id})
        db.session.add(bookmark)
    else:
        if day != bookmark.remind_at:
            bookmark.reminded_at = None
        bookmark.remind_at = day
        if text is not None:
            bookmark.note = text
    db.session.flush()
    return bookmark


def access_bookmark(user: User, bookmark_id: int) -> Bookmark:
    if not v.is_valid_id(bookmark_id):
        raise NotFound()
    bookmark = db.session.get(Bookmark, bookmark_id)
    if bookmark is None or bookmark.user_id != user.id:
        raise NotFound()
    return bookmark


def do_remove_bookmark(user: User, bookmark_id: int) -> None:
    permissions.require_signed_in(user)
    db.session.delete(access_bookmark(user, bookmark_id))
    db.session.flush()


def _with_targets():
    return select(Bookmark).options(
        joinedload(Bookmark.post).joinedload(Post.thread).joinedload(Thread.community),
        joinedload(Bookmark.post).joinedload(Post.author),
        joinedload(Bookmark.thread).joinedload(Thread.community),
        joinedload(Bookmark.experience),
    )


@dataclass(frozen=True)
class BookmarkPage:
    items: list[Bookmark]
    page: int
    pages: int
    total: int


def user_bookmarks(user: User, page: int = 1, per_page: int = BOOKMARKS_PER_PAGE) -> BookmarkPage:
    """A page of the member's bookmarks, newest first (two queries). Pages are cut in the database;
    a bookmark of something the member can no longer read is left out of its page, so a page may
    hold fewer than `per_page` (the count is of every bookmark they keep)."""
    total = db.session.scalar(select(func.count()).select_from(Bookmark).where(Bookmark.user_id == user.id)) or 0
    rows = db.session.scalars(_with_targets().where(Bookmark.user_id == user.id)
                              .order_by(Bookmark.created_at.desc(), Bookmark.id.desc())
                              .offset((page - 1) * per_page).limit(per_page)).unique()
    return BookmarkPage([b for b in rows if is_readable(user, b)], page, max(1, -(-total // per_page)), total)


def bookmark_ids(user: Any, kind: str, ids: list[int]) -> dict[int, int]:
    """{post/thread/experience id: bookmark id} of the user's bookmarks among `ids` (one query)."""
    if not permissions.is_signed_in(user) or not ids:
        return {}
    column = getattr(Bookmark, f"{kind}_id")
    return dict(db.session.execute(select(column, Bookmark.id).where(Bookmark.user_id == user.id,
                                                                     column.in_(ids))).all())


def thread_page_bookmarks(user: Any, thread_id: int, post_ids: list[int]) -> tuple[int | None, dict[int, int]]:
    """The user's bookmark of a thread and {post id: bookmark id} of its posts among `post_ids`,
    in one query: what a thread page shows as "Bookmarked"."""
    if not permissions.is_signed_in(user):
        return None, {}
    rows = db.session.execute(select(Bookmark.id, Bookmark.thread_id, Bookmark.post_id).where(
        Bookmark.user_id == user.id,
        or_(Bookmark.thread_id == thread_id, Bookmark.post_id.in_(post_ids)) if post_ids
        else Bookmark.thread_id == thread_id)).all()
    thread_bookmark = next((row.id for row in rows if row.thread_id == thread_id), None)
    return thread_bookmark, {row.post_id: row.id for row in rows if row.post_id is not None}


def do_send_bookmark_reminders(today: date | None = None) -> int:
    """Notify each member of their bookmarks due today or earlier, once each (`reminded_at`);
    a bookmark of something they may no longer read is marked done without a word. Returns how
    many were sent."""
    from forum.services.notifications import do_notify

    today = today or date.today()
    due = list(db.session.scalars(
        _with_targets().options(joinedload(Bookmark.post).joinedload(Post.thread))
        .where(Bookmark.remind_at.is_not(None), Bookmark.remind_at <= today, Bookmark.reminded_at.is_(None))
        .order_by(Bookmark.remind_at, Bookmark.id)).unique())
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_({b.user_id for b in due})))}
    now = utcnow()
    sent = 0
    for bookmark in due:
        bookmark.reminded_at = now
        user = users.get(bookmark.user_id)
        if user is None or user.is_deactivated or not is_readable(user, bookmark):
            continue
        do_notify(user.id, "bookmark_reminder", post=bookmark.post,
                  thread=bookmark.thread or (bookmark.post.thread if bookmark.post else None),
                  experience=bookmark.experience, message=bookmark.note)
        sent += 1
    db.session.flush()
    return sent
