"""Every "who may do what" of Horizonte.

`can_*` answer with a bool (templates use them to show or hide actions); `require_*` raise the
error a view or the API turns into 401/403. Views, the API, the CLI and Socket.IO handlers all ask
here, so one rule has one place.
"""

from typing import Any

from flask_babel import gettext as _

from forum.errors import Forbidden, Unauthorized
from forum.models import Community, Post, Thread, User


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_moderator(user: Any) -> bool:
    return is_signed_in(user) and user.role in ("moderator", "admin")


def is_admin(user: Any) -> bool:
    return is_signed_in(user) and user.role == "admin"


def can_manage_communities(user: Any) -> bool:
    return is_admin(user)


def can_read_thread(user: Any, thread: Thread) -> bool:
    return not thread.is_deleted or is_moderator(user)


def can_write(user: Any) -> bool:
    """Signed in with a verified email: the baseline for any contribution."""
    return is_signed_in(user) and user.is_verified


def can_create_thread(user: Any, community: Community) -> bool:
    return can_write(user)


def can_post_kind(user: Any, kind: str) -> bool:
    """Announcements speak for the forum, so only moderators start them."""
    return kind != "announcement" or is_moderator(user)


def can_reply(user: Any, thread: Thread) -> bool:
    if not can_write(user) or thread.is_deleted:
        return False
    return not thread.is_locked or is_moderator(user)


def can_edit_post(user: Any, post: Post) -> bool:
    if not can_write(user) or post.is_deleted:
        return False
    return post.author_id == user.id or is_moderator(user)


def can_delete_post(user: Any, post: Post) -> bool:
    """Authors delete their posts, except an opening post that has replies (edit it instead)."""
    if not can_edit_post(user, post):
        return False
    return is_moderator(user) or post.number != 1 or post.thread.post_count <= 1


def can_see_hidden(user: Any) -> bool:
    return is_moderator(user)


def can_hide_post(user: Any, post: Post) -> bool:
    return is_moderator(user) and not post.is_deleted


def can_view_revisions(user: Any, post: Post) -> bool:
    return not post.is_deleted or is_moderator(user)


def can_join(user: Any) -> bool:
    return is_signed_in(user)


def require_signed_in(user: Any) -> User:
    if not is_signed_in(user):
        raise Unauthorized()
    return user


def require_write(user: Any) -> User:
    require_signed_in(user)
    if not user.is_verified:
        raise Forbidden(_("Please confirm your email address before posting."), code="email_unverified")
    return user


def require(allowed: bool, message: str | None = None, code: str | None = None) -> None:
    """Raise 403 unless `allowed` (after the caller has required a signed-in user)."""
    if not allowed:
        raise Forbidden(message, code=code)
