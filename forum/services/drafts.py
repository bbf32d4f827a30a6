"""Drafts: what a member typed in a form and has not sent yet, kept on the server per place.

A key names the place: "reply:<thread id>", "thread:<community slug>", "message:<conversation id>"
(or "message:new"), "experience:<id>". Saving checks that the member may open that place (the same
404 as the place itself, so a draft leaks nothing) and keeps only the fields that place has. The
page's script (static/js/drafts.js) saves at most once every 5 s and when the page is left; a
failed submit saves in its request (forum.web.drafts.keeps_draft); the successful post, thread,
message or edit deletes its draft in its own transaction (do_delete_draft, called by those
services). Drafts older than DRAFT_MAX_AGE_DAYS are no longer shown and are deleted when their
owner saves another draft, or by `flask drafts prune`.
"""

import contextlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select

from forum import permissions
from forum.errors import ForumError, NotFound, PayloadTooLarge, ValidationError
from forum.extensions import db
from forum.models import Draft, User, utcnow
from forum.services.draft_rows import do_delete_draft
from forum.services.validation import has_no_controls

# The largest post is 50,000 characters; an experience has ten sections. 100,000 in all is room
# enough for any form and small enough to write every 5 s.
MAX_DRAFT_CHARS = 100_000
MAX_AGE = timedelta(days=90)
# A member keeps at most this many drafts: a new one beyond that replaces the oldest.
MAX_DRAFTS_PER_USER = 200

EXPERIENCE_FIELDS = ("title", "summary", "context", "objectives", "activities", "results", "lessons",
                     "sustainability", "funding", "references", "change_note")
_ID = re.compile(r"[0-9]{1,18}")
_KEY = re.compile(r"(reply|thread|message|experience):([a-z0-9][a-z0-9-]{0,99}|[0-9]{1,18})\Z")


@dataclass(frozen=True)
class Place:
    """Where a draft belongs: its kind, what to call it and where to continue it."""

    kind: str
    label: str
    endpoint: str
    arguments: tuple[tuple[str, Any], ...]
    fields: tuple[str, ...]
    anchor: str = ""  # the page builds the URL: url_for(endpoint, **dict(arguments)) + anchor


@dataclass(frozen=True)
class DraftItem:
    draft: Draft
    place: Place | None  # None: a place its owner can no longer open

    @property
    def excerpt(self) -> str:
        text = " ".join(str(value) for value in self.draft.data.values() if value).strip()
        return text[:160] + ("…" if len(text) > 160 else "")


def check_key(value: object) -> tuple[str, str]:
    """(kind, ident) of a well-formed key, or a ValidationError naming "key"."""
    if not isinstance(value, str) or _KEY.match(value) is None:
        raise ValidationError("key", _("This is not a place a draft can be kept for."), code="invalid_key")
    kind, ident = value.split(":", 1)
    numeric = _ID.fullmatch(ident) is not None  # ASCII digits: str.isdigit() also takes "²"
    if (kind in ("reply", "experience") and not numeric) or (kind == "message" and not (numeric or ident == "new")):
        raise ValidationError("key", _("This is not a place a draft can be kept for."), code="invalid_key")
    return kind, ident


def fields_for_key(key: str) -> tuple[str, ...]:
    """The fields a draft at `key` may hold (the text fields of its form)."""
    kind, ident = check_key(key)
    if kind == "message" and ident == "new":
        return ("to", "subject", "body")
    return {"reply": ("body",), "thread": ("title", "body"), "message": ("body",),
            "experience": EXPERIENCE_FIELDS}[kind]


def access_place(user: User, key: str) -> Place:
    """The place a key names if `user` may open it; NotFound for a missing place and a hidden one alike."""
    from forum.services.communities import access_community
    from forum.services.experiences import access_experience
    from forum.services.messages import access_conversation
    from forum.services.threads import access_thread

    kind, ident = check_key(key)
    if kind == "reply":
        thread = access_thread(user, int(ident))
        return Place(kind, thread.title, "threads.reply", (("thread_id", thread.id),), fields_for_key(key))
    if kind == "thread":
        community = access_community(ident)
        return Place(kind, community.localized_name(), "threads.create", (("slug", community.slug),),
                     fields_for_key(key))
    if kind == "message" and ident == "new":
        return Place(kind, _("New conversation"), "messages.new", (), fields_for_key(key))
    if kind == "message":
        conversation = access_conversation(user, int(ident))
        label = conversation.subject or _("Conversation")
        return Place(kind, label, "messages.show", (("conversation_id", conversation.id),),
                     fields_for_key(key), "#reply-h")
    experience = access_experience(user, int(ident))
    if not (permissions.can_edit_experience(user, experience) or permissions.can_correct_experience(user, experience)):
        raise NotFound(_("This page does not exist."))
    return Place(kind, experience.title, "experiences.edit", (("experience_id", experience.id),),
                 fields_for_key(key))


def check_fields(place: Place, fields: object) -> dict[str, str]:
    """The fields of a draft: only those its place has, text without control characters, not too long."""
    if not isinstance(fields, dict):
        raise ValidationError("fields", _("The fields of a draft must be an object."), code="invalid")
    clean: dict[str, str] = {}
    for name, value in fields.items():
        if name not in place.fields:
            raise ValidationError(str(name)[:40], _("Unknown field: %(name)s.", name=str(name)[:40]),
                                  code="unknown_field")
        if value is None:
            continue
        if not isinstance(value, str) or not has_no_controls(value):
            raise ValidationError(name, _("This text contains characters that are not allowed."))
        if value.strip():
            clean[name] = value
    if sum(len(value) for value in clean.values()) > MAX_DRAFT_CHARS:
        raise PayloadTooLarge(_("A draft can hold at most %(num)s characters.", num=f"{MAX_DRAFT_CHARS:,}"),
                              code="draft_too_large")
    return clean


def _cutoff() -> datetime:
    return utcnow() - MAX_AGE


def do_save_draft(user: User, key: object, fields: object) -> Draft | None:
    """Keep what `user` typed at `key` (replacing what was kept); empty fields delete the draft."""
    permissions.require_signed_in(user)
    place = access_place(user, key)
    clean = check_fields(place, fields)
    key = str(key)
    if not clean:
        do_delete_draft(user, key)
        return None
    db.session.execute(delete(Draft).where(Draft.user_id == user.id, Draft.updated_at < _cutoff()))
    draft = db.session.scalar(select(Draft).where(Draft.user_id == user.id, Draft.key == key))
    if draft is None:
        oldest = db.session.scalars(select(Draft).where(Draft.user_id == user.id).order_by(
            Draft.updated_at.desc()).offset(MAX_DRAFTS_PER_USER - 1)).all()
        for old in oldest:
            db.session.delete(old)
        draft = Draft(user_id=user.id, key=key)
        db.session.add(draft)
    draft.data = clean
    draft.updated_at = utcnow()
    db.session.flush()
    return draft


def save_quietly(user: User, key: str, fields: dict[str, Any]) -> None:
    """Keep the text of a failed submit; a draft that cannot be kept (too long) is not an error of its own."""
    with contextlib.suppress(ForumError):
        do_save_draft(user, key, {name: value for name, value in fields.items() if isinstance(value, str)})


def do_prune_drafts() -> int:
    """Delete every draft older than MAX_AGE (`flask drafts prune`); the number deleted."""
    return db.session.execute(delete(Draft).where(Draft.updated_at < _cutoff())).rowcount or 0


def access_draft(user: User, key: object) -> Draft:
    """The member's own draft at `key`, or NotFound (another member's drafts do not exist for them)."""
    check_key(key)
    if not permissions.is_signed_in(user):
        raise NotFound(_("There is no draft here."), code="not_found")
    draft = db.session.scalar(select(Draft).where(Draft.user_id == user.id, Draft.key == key,
                                                  Draft.updated_at >= _cutoff()))
    if draft is None:
        raise NotFound(_("There is no draft here."), code="not_found")
    return draft


def own_draft(user: Any, key: str) -> Draft | None:
    """What the member kept at `key`, to fill an empty form (None: nothing kept, or a guest)."""
    if not permissions.is_signed_in(user):
        return None
    return db.session.scalar(select(Draft).where(Draft.user_id == user.id, Draft.key == key,
                                                 Draft.updated_at >= _cutoff()))


def drafts_of(user: User) -> list[DraftItem]:
    """The member's drafts, newest first, each with its place (None if they can no longer open it)."""
    drafts = db.session.scalars(select(Draft).where(Draft.user_id == user.id, Draft.updated_at >= _cutoff())
                                .order_by(Draft.updated_at.desc(), Draft.id.desc())).all()
    items = []
    for draft in drafts:
        try:
            place = access_place(user, draft.key)
        except ForumError:
            place = None
        items.append(DraftItem(draft, place))
    return items
