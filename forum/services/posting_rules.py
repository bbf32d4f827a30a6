"""Rules every new post obeys: slow mode, new members' limits, no duplicate within minutes."""

import re
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from forum import permissions
from forum.errors import RateLimited, ValidationError
from forum.extensions import db
from forum.models import Post, Thread, User, utcnow

_LINK = re.compile(r"<a\s[^>]*href=", re.IGNORECASE)
_IMAGE = re.compile(r"<img\s", re.IGNORECASE)


def check_slow_mode(author: User, thread: Thread) -> None:
    """One post per user every `slow_mode_seconds` in this thread; moderators are exempt."""
    seconds = thread.slow_mode_seconds
    if not seconds or thread.id is None or permissions.can_moderate(author, thread.community_id):
        return
    last = db.session.scalar(select(Post.created_at).where(Post.thread_id == thread.id, Post.author_id == author.id)
                             .order_by(Post.number.desc()).limit(1))
    if last is None:
        return
    wait = int((last + timedelta(seconds=seconds) - utcnow()).total_seconds()) + 1
    if wait > 0:
        raise RateLimited(
            ngettext("Slow mode: you can post again in %(num)d second.",
                     "Slow mode: you can post again in %(num)d seconds.", wait),
            code="slow_mode", headers={"Retry-After": str(wait)})


def check_trust(author: User, html: str) -> None:
    """New members may post at most a few links and no images (spam defence)."""
    if not permissions.is_new_member(author):
        return
    limit = current_app.config["NEW_MEMBER_MAX_LINKS"]
    if len(_LINK.findall(html)) > limit:
        raise ValidationError("body", ngettext(
            "New members can include at most %(num)d link per post.",
            "New members can include at most %(num)d links per post.", limit), code="too_many_links")
    if _IMAGE.search(html):
        raise ValidationError("body", _("New members cannot include images yet."), code="no_images")


def check_duplicate(author: User, source: str) -> None:
    window = timedelta(seconds=current_app.config["DUPLICATE_WINDOW_SECONDS"])
    recent = db.session.scalars(
        select(Post.source).where(Post.author_id == author.id, Post.created_at > utcnow() - window,
                                  Post.deleted_at.is_(None)).order_by(Post.id.desc()).limit(20))
    if any(text == source for text in recent):
        raise ValidationError("body", _("You posted this same text a moment ago."), code="duplicate")
