"""A member's own data: downloaded as a ZIP of JSON files, and the account deleted.

The archive holds what the member gave and what was kept about them: the profile, posts and the
threads they started, conversations they take part in, notifications, drafts, bookmarks,
subscriptions, logins and API tokens (never a secret's hash), flags they raised and the files
they uploaded (`files/`). A post or thread whose text the site's rules no longer let the member
read (deleted, hidden by a moderator) is listed without that text: the archive shows what the
pages would. `docs/privacy.md` lists the personal data and where it is kept.

Deleting an account keeps the row, so what stays has an author ("Deleted member"), and erases
everything personal in it; the member chooses whether their posts and messages stay under that
name or are removed. Moderators' audit entries about the member keep the action, its actor and
its time, and lose their reason and details (the one change an audit entry ever gets).
"""

import io
import json
import logging
import re
import secrets
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, inspect, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from forum import permissions
from forum.errors import ValidationError
from forum.extensions import db
from forum.models import (
    ApiToken,
    AuditEntry,
    Avatar,
    BoardAlert,
    Bookmark,
    CommunityFollow,
    CommunityModerator,
    Conversation,
    ConversationParticipant,
    Draft,
    EmailPreference,
    Flag,
    LegalConsent,
    LoginSession,
    Message,
    Notification,
    Post,
    QueuedMail,
    Thread,
    ThreadSubscription,
    Upload,
    UploadLink,
    User,
    UserBlock,
    UserIdentity,
)
from forum.models.base import utcnow
from forum.services import accounts, audit, organizations, posts, sessions, uploads
from forum.storage import StoredFileMissing

log = logging.getLogger(__name__)

POST_CHOICES = ("keep", "remove")
# Columns never written into an archive: secrets' hashes, and the counters the site keeps.
SECRET_COLUMNS = {"password_hash", "token_hash", "key_hash", "username_key", "_display_name"}


# ---------- the archive ----------


def export_archive(user: User) -> bytes:
    """The member's data as a ZIP: one JSON file by kind, and their uploaded files under files/."""
    buffer = io.BytesIO()
    files = _uploads(user)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in _sections(user, files):
            archive.writestr(f"{name}.json", json.dumps(rows, default=_json_value, ensure_ascii=False, indent=1))
        for upload in files:
            try:
                data = uploads.read_bytes(upload)
            except StoredFileMissing:  # the store lost it: the member still gets the rest (files.json lists it)
                log.warning("export of %s: upload %s missing from storage", user.id, upload.id)
                continue
            archive.writestr(f"files/{upload.id}-{_safe_name(upload.filename)}", data)
    return buffer.getvalue()


def archive_name(user: User) -> str:
    return f"horizonte-{user.username}-{utcnow():%Y-%m-%d}.zip"


def _sections(user: User, files: list[Upload]) -> Iterable[tuple[str, Any]]:
    profile = _columns(user)
    profile.update(display_name=user.display_name, languages=[lang.code for lang in user.languages],
                   expertise=[tag.slug for tag in user.expertise])
    yield "profile", profile
    yield "threads", [_readable(_columns(t), permissions.can_read_thread(user, t), "title") for t in
                      db.session.scalars(select(Thread).where(Thread.author_id == user.id).order_by(Thread.id))]
    own_posts = db.session.scalars(select(Post).options(joinedload(Post.thread))
                                   .where(Post.author_id == user.id).order_by(Post.id))
    yield "posts", [_readable({**_columns(p), "thread_title": p.thread.title}, permissions.can_read_post_text(user, p),
                              "source", "html", "thread_title") for p in own_posts]
    yield "messages", _conversations(user)
    for name, model in (("notifications", Notification), ("drafts", Draft), ("bookmarks", Bookmark),
                        ("thread_subscriptions", ThreadSubscription), ("community_follows", CommunityFollow),
                        ("email_preferences", EmailPreference), ("saved_searches", BoardAlert),
                        ("logins", LoginSession), ("api_tokens", ApiToken), ("legal_consents", LegalConsent),
                        ("institutional_sign_in", UserIdentity)):
        yield name, [_columns(row) for row in db.session.scalars(
            select(model).where(model.user_id == user.id).order_by(*inspect(model).primary_key))]
    yield "flags", [_columns(f) for f in db.session.scalars(
        select(Flag).where(Flag.flagger_id == user.id).order_by(Flag.id))]
    yield "files", [_columns(u) for u in files]


def _readable(row: dict[str, Any], readable: bool, *text_keys: str) -> dict[str, Any]:
    """The row, without its text when the site's rules no longer let the member read it (a post
    they or a moderator deleted, a hidden one): the archive holds what the pages would show them."""
    if readable:
        return row
    return {**{key: value for key, value in row.items() if key not in text_keys}, "text_withheld": True}


def _conversations(user: User) -> list[dict[str, Any]]:
    """Each conversation the member takes part in, with every message (theirs and the replies
    they received), authors named by username. Two queries."""
    conversations = db.session.scalars(
        select(Conversation).join(ConversationParticipant)
        .where(ConversationParticipant.user_id == user.id).order_by(Conversation.id)).all()
    by_id = {c.id: {"id": c.id, "subject": c.subject, "created_at": c.created_at, "messages": []}
             for c in conversations}
    for message, author in db.session.execute(
            select(Message, User.username).outerjoin(User, Message.author_id == User.id)
            .where(Message.conversation_id.in_(by_id)).order_by(Message.id)):
        by_id[message.conversation_id]["messages"].append(
            {"id": message.id, "author": author, "created_at": message.created_at, "source": message.source})
    return list(by_id.values())


def _uploads(user: User) -> list[Upload]:
    """The files they uploaded that they may still fetch (one attached only to a post they deleted
    is not theirs to read any more: forum.services.uploads.can_read_upload)."""
    own = db.session.scalars(select(Upload).options(selectinload(Upload.links))
                             .where(Upload.uploader_id == user.id).order_by(Upload.id))
    return [upload for upload in own if uploads.can_read_upload(user, upload)]


def _columns(row: Any) -> dict[str, Any]:
    return {attr.key: getattr(row, attr.key) for attr in inspect(row).mapper.column_attrs
            if attr.key not in SECRET_COLUMNS}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _safe_name(filename: str) -> str:
    return re.sub(r"[^\w.-]+", "_", filename)[:100] or "file"


# ---------- deleting the account ----------


def do_delete_account(user: User, *, password: object, posts_choice: object) -> None:
    """Delete the member's own account, in the caller's transaction: their posts and messages are
    kept under "Deleted member" or removed (`posts_choice`), everything personal is erased, every
    login, socket and token ends."""
    permissions.require_signed_in(user)
    choice = posts_choice if isinstance(posts_choice, str) else ""
    if choice not in POST_CHOICES:
        raise ValidationError("posts", _("Choose whether your posts are kept or removed."))
    if not deletion_confirmed(user, password):
        raise ValidationError("password", _("Your password is not right.") if user.password_hash
                              else _("Type your username to confirm."))
    if choice == "remove":
        _remove_posts(user)
        _remove_messages(user)
    _erase(user)


def deletion_confirmed(user: User, answer: object) -> bool:
    """The member confirms with their password; an account that has none (it signs in through an
    institutional provider, forum.services.identities) types its username instead."""
    if not isinstance(answer, str):
        return False
    if user.password_hash:
        return accounts.password_matches(user, answer)
    return secrets.compare_digest(answer.strip().casefold().encode(), user.username.casefold().encode())


def _remove_posts(user: User) -> None:
    """Every live post of theirs, replies before opening posts (a thread goes with its opening
    post only when no one else's post is left in it)."""
    own = db.session.scalars(
        select(Post).where(Post.author_id == user.id, Post.deleted_at.is_(None))
        .order_by(Post.number.desc(), Post.id)).all()
    for post in own:
        posts.remove_post(user, post, keep_replied_thread=True)
    link_ids = [p.id for p in own]
    if link_ids:
        db.session.execute(delete(UploadLink).where(UploadLink.post_id.in_(link_ids)))


def _remove_messages(user: User) -> None:
    own = db.session.execute(select(Message.id, Message.conversation_id).where(Message.author_id == user.id)).all()
    if not own:
        return
    removed: dict[int, int] = {}
    for _id, conversation_id in own:
        removed[conversation_id] = removed.get(conversation_id, 0) + 1
    db.session.execute(delete(Message).where(Message.author_id == user.id))
    for conversation_id, count in removed.items():
        db.session.execute(update(Conversation).where(Conversation.id == conversation_id)
                           .values(message_count=Conversation.message_count - count))


def _erase(user: User) -> None:
    now = utcnow()
    # The member's own rows go first, the member's row is written last: the mail sender claims a
    # notification and then queues its mail, whose key takes a lock on the member's row. Taken in
    # the other order, each transaction waited for the other (PostgreSQL: a deadlock, a 503).
    for model in (Avatar, Draft, Bookmark, ThreadSubscription, CommunityFollow, EmailPreference,
                  BoardAlert, Notification, QueuedMail, CommunityModerator, UserIdentity):
        db.session.execute(delete(model).where(model.user_id == user.id))
    db.session.execute(delete(UserBlock).where(or_(UserBlock.blocker_id == user.id, UserBlock.blocked_id == user.id)))
    if user.deactivated_at is None:
        organizations.member_deactivated(user)
        user.deactivated_at = now
    user.deleted_at = now
    placeholder = f"deleted-{user.id}"
    user.username = user.username_key = placeholder
    user.email = f"{placeholder}@deleted.invalid"
    user.display_name = ""
    user.password_hash = "!" + secrets.token_hex(16)  # no password hashes to it
    user.country, user.sector, user.organization, user.organization_id = "", "other", "", None
    user.bio = user.bio_html = user.position = ""
    user.locale = user.timezone = user.avatar_hash = None
    user.show_email_to_members, user.profile_members_only, user.is_verified = False, True, False
    user.role, user.suspension_reason = "member", None
    user.languages.clear()  # its rows go at the flush (delete-orphan), the expertise links too
    user.expertise.clear()
    sessions.end_sessions(user)
    db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=now).execution_options(synchronize_session=False))
    _forget_in_audit_log(user)
    audit.record(None, "user.delete", "user", user.id)
    db.session.flush()


def _forget_in_audit_log(user: User) -> None:
    """Entries about the member keep what was done, by whom and when; their reasons and details
    (which may quote the member: a post's text, a name before and after) are emptied. A bulk
    update: the append-only guard watches the ORM's flushes, and this is the one exception."""
    db.session.execute(
        update(AuditEntry).where(AuditEntry.target_type == "user", AuditEntry.target_id == user.id)
        .values(reason="", details={}).execution_options(synchronize_session=False))
    own_posts = select(Post.id).where(Post.author_id == user.id).scalar_subquery()
    db.session.execute(
        update(AuditEntry).where(AuditEntry.target_type == "post", AuditEntry.target_id.in_(own_posts))
        .values(details={}).execution_options(synchronize_session=False))

