"""Notifications by mail: each user's choice per kind, the durable mail queue, the daily digest.

A notification whose kind the user gets "immediately" writes a `mail_queue` row in the same
transaction; after commit the outbox hands the ids to the mail sender's thread (forum.mail), whose
`deliver_due` sends them on its own session and records the outcome. A failure never touches the
notification: the row is retried with backoff (`flask notify send-pending`, e.g. every minute from
cron) and given up after MAX_ATTEMPTS with the last error kept. Account mail (confirmation, reset)
goes through the same queue (forum.services.accounts). "Daily" kinds wait (`digest_pending`) for `send_digests`.
"""

import logging
import math
import re
import secrets
import threading
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app, render_template
from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.elements import ColumnElement

from forum import links, outbox, permissions, tokens
from forum.errors import ValidationError
from forum.extensions import db
from forum.mail import Mail, in_background, smtp_connection
from forum.models import EMAIL_MODES, EmailPreference, Notification, Post, QueuedMail, User, utcnow
from forum.notification_lines import describe

log = logging.getLogger(__name__)

# How each kind is mailed when the user has not chosen; a kind not listed: "immediate".
DEFAULT_MODES = {"mention": "immediate", "reply": "immediate", "quote": "immediate", "message": "immediate",
                 "watched_post": "daily", "new_thread": "daily", "reaction": "never"}
# The kinds the settings page offers, in this order (others can still be set through the API).
KINDS = ("mention", "reply", "quote", "message", "answer_accepted", "reaction",
         "match", "interest", "board_alert", "watched_post", "new_thread",
         "experience_published", "experience_status", "experience_validation", "project_status", "project_milestone",
         "project_focal_point", "bookmark_reminder")
MAX_ATTEMPTS = 5
UNSUBSCRIBE_PURPOSE = "unsubscribe"
UNSUBSCRIBE_MAX_AGE = 365 * 24 * 3600
# The pseudo-kind of the digest's List-Unsubscribe: every kind currently mailed daily.
DIGEST = "digest"


def default_mode(kind: str) -> str:
    return DEFAULT_MODES.get(kind, "immediate")


def kind_label(kind: str) -> str:
    labels = {
        "mention": _("Mentions of you"), "reply": _("Replies to you"), "quote": _("Quotes of your posts"),
        "message": _("Direct messages"), "answer_accepted": _("Your replies marked as the answer to a question"),
        "reaction": _("Reactions to your posts (one line per post and reaction)"), "match": _("Cooperation matches"),
        "interest": _("Interest in your offers and requests, and the answers to yours"),
        "board_alert": _("New offers and requests that fit your saved searches"),
        "watched_post": _("New posts in threads you watch"), "new_thread": _("New threads in communities you follow"),
        "experience_published": _("Experiences you contributed to, published"),
        "experience_status": _("Changes of status of experiences you edit"),
        "experience_validation": _("Experiences to validate for your country, and the changes countries ask for"),
        "project_status": _("Changes of status of your cooperation projects"),
        "project_milestone": _("Milestones of your cooperation projects due within a week"),
        "project_focal_point": _("Being named focal point of a cooperation project"),
        "bookmark_reminder": _("Reminders of your bookmarks"),
        DIGEST: _("The daily digest"),
    }
    return labels.get(kind, kind)


def email_modes(kinds: dict[int, str]) -> dict[int, str]:
    """{user_id: mode} for the kind each user is about to get: one query."""
    chosen = {(p.user_id, p.kind): p.mode for p in db.session.scalars(
        select(EmailPreference).where(EmailPreference.user_id.in_(list(kinds))))}
    return {user_id: chosen.get((user_id, kind), default_mode(kind)) for user_id, kind in kinds.items()}


def email_preferences(user: User) -> dict[str, str]:
    """Every kind the settings offer (and any other the user set) with its mode."""
    chosen = {p.kind: p.mode for p in db.session.scalars(
        select(EmailPreference).where(EmailPreference.user_id == user.id))}
    return {kind: chosen.get(kind, default_mode(kind)) for kind in (*KINDS, *sorted(set(chosen) - set(KINDS)))}


def check_kind(value: object, field: str = "kind") -> str:
    if not isinstance(value, str) or not value or len(value) > 32 or not value.replace("_", "").isalnum():
        raise ValidationError(field, _("Unknown notification kind."), code="invalid_kind")
    return value


def do_set_email_preferences(user: User, preferences: object) -> dict[str, str]:
    """Set modes from {kind: "immediate"|"daily"|"never"}; returns every preference."""
    if not isinstance(preferences, dict):
        raise ValidationError("email_preferences", _("Give an object that maps each kind of notification to "
                                                     "a mode, for example {\"reply\": \"daily\"}."),
                              code="wrong_type")
    existing = {p.kind: p for p in db.session.scalars(
        select(EmailPreference).where(EmailPreference.user_id == user.id))}
    for kind, mode in preferences.items():
        check_kind(kind, "email_preferences")
        if mode not in EMAIL_MODES:
            raise ValidationError("email_preferences", _("Choose “immediate”, “daily” or “never”."),
                                  code="invalid_choice")
        if kind in existing:
            existing[kind].mode = mode
        else:
            db.session.add(EmailPreference(user_id=user.id, kind=kind, mode=mode))
    db.session.flush()
    return email_preferences(user)


def do_unsubscribe(token: str) -> tuple[User, str] | None:
    """Turn off mail of the kind a signed link names; None for a forged or altered link."""
    payload = tokens.read(UNSUBSCRIBE_PURPOSE, token, UNSUBSCRIBE_MAX_AGE)
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int) or not isinstance(payload.get("k"), str):
        return None
    user = db.session.get(User, payload["u"])
    if user is None:
        return None
    kind = payload["k"]
    kinds = [k for k, mode in email_preferences(user).items() if mode == "daily"] if kind == DIGEST else [kind]
    do_set_email_preferences(user, dict.fromkeys(kinds, "never"))
    return user, kind


def unsubscribe_token(user_id: int, kind: str) -> str:
    return tokens.sign(UNSUBSCRIBE_PURPOSE, {"u": user_id, "k": kind})


def unsubscribe_kind(token: str) -> tuple[User, str] | None:
    """Who and what a link unsubscribes, without changing anything (the confirm page)."""
    payload = tokens.read(UNSUBSCRIBE_PURPOSE, token, UNSUBSCRIBE_MAX_AGE)
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int) or not isinstance(payload.get("k"), str):
        return None
    user = db.session.get(User, payload["u"])
    return (user, payload["k"]) if user is not None else None


def _absolute(url: str | None) -> str:
    return links.absolute_path(url, default="/notifications")


def _settings_url() -> str:
    return links.absolute("account.notifications")


def _unsubscribe_url(user_id: int, kind: str) -> str:
    return links.absolute("notify.unsubscribe_confirm", token=unsubscribe_token(user_id, kind))


def mail_locale(user: User) -> str:
    """The language a user's mail is written in: theirs when the site speaks it."""
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _mailable(users: list[User]) -> dict[int, User]:
    return {u.id: u for u in users if u.is_verified and u.deactivated_at is None and u.email}


def queue_pending_mail() -> None:
    """After commit, have the mail sender write and send the mail of the notifications this
    transaction marked `mail_pending` (notify_many)."""
    outbox.queue(db.session, "notification_mail", None)


RENDER_BATCH = 200


def render_pending() -> int:
    """Write the mail of notifications marked `mail_pending`, each in its reader's language;
    returns how many mails were queued. Runs where `deliver_due` runs, before it sends.

    Why after the commit rather than in the notifying transaction (issue #23): a reply to a
    watched thread rendered a mail per watcher while its transaction held SQLite's write lock
    (PostgreSQL: the thread's row), a third of the reply's time. The notification row itself is
    the durable record: a process that dies after the commit leaves `mail_pending` set, and the
    next `deliver_due` (the sender's next wake-up, or `flask notify send-pending` from cron)
    writes the mail; a rolled-back write leaves no notification, hence no mail.

    Each batch is read in one short transaction, rendered with no transaction open (no write
    lock held while templates render), then claimed and written in another: of two senders
    rendering the same notifications, the one whose UPDATE clears `mail_pending` writes them.
    The text a batch shares (the line, the subject, the date, per language and notification
    target) is made once; only the greeting, the unsubscribe link and the excerpt's permission
    are the reader's.
    """
    written = 0
    with Session(db.engine, expire_on_commit=False) as session:
        while True:
            with session.begin():
                pending = list(session.scalars(
                    select(Notification).options(joinedload(Notification.actor), joinedload(Notification.thread),
                                                 joinedload(Notification.post).joinedload(Post.thread),
                                                 joinedload(Notification.project),
                                                 joinedload(Notification.experience))
                    .where(Notification.mail_pending.is_(True)).order_by(Notification.id).limit(RENDER_BATCH)))
                users = _mailable(list(session.scalars(
                    select(User).where(User.id.in_({n.user_id for n in pending}))))) if pending else {}
                if any(n.post is not None and not _plainly_readable(n.post) for n in pending):
                    permissions.preload_moderated_communities(list(users.values()), session=session)
            if not pending:
                return written
            rows = _notification_mails(pending, users)
            with session.begin():
                claimed = set(session.scalars(
                    update(Notification)
                    .where(Notification.id.in_([n.id for n in pending]), Notification.mail_pending.is_(True))
                    .values(mail_pending=False).returning(Notification.id)
                    .execution_options(synchronize_session=False)))
                mine = [row for notification_id, row in rows if notification_id in claimed]
                if mine:
                    session.execute(insert(QueuedMail), mine)
            written += len(mine)
            if len(pending) < RENDER_BATCH:
                return written


def _plainly_readable(post: Post) -> bool:
    """Readable by everyone who may read its thread: no need to ask who moderates it."""
    return not (post.is_deleted or post.is_hidden or post.thread.is_deleted)


# The reader's own parts of a notification mail, put in after the text that every reader of the
# same notification in the same language shares was rendered: two templates a language and
# notification instead of two a reader (a reply to a thread with twenty watchers wrote forty).
# Random per process, so no text a member writes can carry them.
_READER_NAME = f"reader-name-{secrets.token_hex(8)}"
_READER_UNSUBSCRIBE = f"reader-unsubscribe-{secrets.token_hex(8)}"


def _notification_mails(notifications: list[Notification],
                        users: dict[int, User]) -> list[tuple[int, dict[str, Any]]]:
    """(notification id, mail row) for each notification whose reader gets mail."""
    shared: dict[tuple, dict[str, Any]] = {}  # per language and target: what every reader's mail says
    rendered: dict[tuple, tuple[str, str]] = {}  # per language, target and excerpt: text and HTML
    excerpts: dict[int, str] = {}
    settings_url = _settings_url()
    rows = []
    for n in notifications:
        user = users.get(n.user_id)
        if user is None:
            continue
        locale = mail_locale(user)
        key = (locale, n.kind, n.actor_id, n.post_id, n.thread_id, n.project_id, n.experience_id, n.message,
               n.created_at)
        excerpt = _excerpt(user, n.post, excerpts)  # the reader's: a hidden post's only for its moderators
        with force_locale(locale):
            if key not in shared:
                line = describe(n)
                shared[key] = {"line": line, "url": _absolute(line.url), "kind_label": kind_label(n.kind),
                               "settings_url": settings_url, "date": format_date(n.created_at, "long"),
                               "subject": _("[Horizonte] %(line)s", line=line.text)}
            if (key, excerpt) not in rendered:
                context = dict(shared[key], reader_name=_READER_NAME, unsubscribe_url=_READER_UNSUBSCRIBE,
                               excerpt=excerpt)
                rendered[key, excerpt] = (render_template("mail/notification.txt", **context),
                                          render_template("mail/notification.html", **context))
        text, html = rendered[key, excerpt]
        unsubscribe = _unsubscribe_url(user.id, n.kind)
        text = text.replace(_READER_UNSUBSCRIBE, unsubscribe).replace(_READER_NAME, user.display_name)
        html = html.replace(_READER_UNSUBSCRIBE, escape(unsubscribe)).replace(_READER_NAME, escape(user.display_name))
        rows.append((n.id, mail_row(user, shared[key]["subject"], text, html, locale, unsubscribe)))
    return rows


def queue_rows(rows: list[dict[str, Any]]) -> None:
    """Write mail (rows made by `mail_row`) to the queue; the mail sender sends it after commit."""
    if rows:
        ids = list(db.session.scalars(insert(QueuedMail).returning(QueuedMail.id), rows))
        outbox.queue(db.session, "mail_queue", ids)


def _excerpt(reader: User, post: Post | None, excerpts: dict[int, str]) -> str:
    """The start of the post, when the reader may read it (the rule of every page); each post's
    text is made once for all its readers."""
    from forum.content import plain_text
    from forum.permissions import can_read_post_text

    if post is None or not post.html or post.is_deleted or not can_read_post_text(reader, post):
        return ""
    if post.id not in excerpts:
        excerpts[post.id] = plain_text(post.html, 300)
    return excerpts[post.id]


def mail_row(user: User, subject: str, text: str, html: str, locale: str, unsubscribe: str = "") -> dict[str, Any]:
    now = utcnow()
    return {"user_id": user.id, "to": user.email, "subject": subject[:300], "text": text, "html": html,
            "language": locale, "unsubscribe_url": unsubscribe, "created_at": now, "attempts": 0,
            "next_attempt_at": now, "last_error": ""}


def address_row(to: str, subject: str, text: str, html: str, locale: str) -> dict[str, Any]:
    """A mail to an address with no account yet (an invitation): as `mail_row`, for nobody's row."""
    now = utcnow()
    return {"user_id": None, "to": to, "subject": subject[:300], "text": text, "html": html, "language": locale,
            "unsubscribe_url": "", "created_at": now, "attempts": 0, "next_attempt_at": now, "last_error": ""}


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the n-th failure."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def _due(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return QueuedMail.sent_at.is_(None), QueuedMail.failed_at.is_(None), QueuedMail.next_attempt_at <= now


def deliver_due(ids: list[int] | None = None, *, now: datetime | None = None) -> tuple[int, int]:
    """Send queued mail that is due (only `ids` when given); returns (sent, failed this time).

    Runs on the mail sender's thread after a commit, or from `flask notify send-pending`, never in
    a request, with a session of its own. Mail is claimed in batches, in one short transaction
    each (attempts + 1, the next attempt leased CLAIM_LEASE ahead, so another sender leaves it
    alone), sent over one SMTP connection with no transaction open (no pooled connection held, no
    SQLite write lock, while the SMTP server answers), and each outcome recorded as it comes: a
    crash midway sends nothing twice but what was in flight.
    """
    render_pending()
    now = now or utcnow()  # after the rendering: the mail it just wrote is due
    sent = failed = 0
    tried: set[int] = set()  # each mail once per call, whatever `now` says
    with Session(db.engine) as session, smtp_connection() as send_one:
        while batch := _claim(session, ids, now, tried):
            for mail_id, attempts, mail in batch:
                tried.add(mail_id)
                try:
                    send_one(mail)
                except Exception as error:  # SMTP and socket errors alike: keep it for a retry
                    failed += 1
                    _record_failure(session, mail_id, attempts, f"{type(error).__name__}: {error}"[:2000])
                else:
                    sent += 1
                    session.execute(update(QueuedMail).where(QueuedMail.id == mail_id)
                                    .values(sent_at=utcnow(), last_error=""))
                session.commit()
    return sent, failed


CLAIM_BATCH = 50
# Long enough for a batch to be sent; a sender that dies with a claimed batch leaves it this long.
CLAIM_LEASE = timedelta(minutes=10)


def _claim(session: Session, ids: list[int] | None, now: datetime,
           tried: set[int]) -> list[tuple[int, int, Mail]]:
    """Up to CLAIM_BATCH due mails, now this sender's: (id, attempts with this one, mail)."""
    due = select(QueuedMail.id).where(*_due(now)).order_by(QueuedMail.id).limit(CLAIM_BATCH)
    if tried:
        due = due.where(QueuedMail.id.not_in(tried))
    if ids is not None:
        due = due.where(QueuedMail.id.in_(ids))
    # The condition is checked again by the UPDATE itself: of two senders, one claims a row.
    claimed = list(session.scalars(
        update(QueuedMail).where(QueuedMail.id.in_(list(session.scalars(due))), *_due(now))
        .values(attempts=QueuedMail.attempts + 1, next_attempt_at=utcnow() + CLAIM_LEASE)
        .returning(QueuedMail.id).execution_options(synchronize_session=False)))
    rows = session.scalars(select(QueuedMail).where(QueuedMail.id.in_(claimed)).order_by(QueuedMail.id))
    batch = [(row.id, row.attempts, _as_mail(row)) for row in rows]
    session.commit()
    return batch


def _record_failure(session: Session, mail_id: int, attempts: int, error: str) -> None:
    values: dict[str, Any] = {"last_error": error, "next_attempt_at": utcnow() + backoff(attempts)}
    if attempts >= MAX_ATTEMPTS:
        values["failed_at"] = utcnow()
        log.warning("mail %s given up after %s attempts: %s", mail_id, attempts, error)
    session.execute(update(QueuedMail).where(QueuedMail.id == mail_id).values(**values))


_waking: set[Flask] = set()  # apps whose mail sender already has a deliver_due() coming
_waking_lock = threading.Lock()


def deliver_in_background(ids: list[int]) -> None:
    """After a commit that queued mail: have the mail sender send what is due.

    All that is due, not only `ids`, and at most one such job waiting per app: a burst of 64
    replies costs the sender one batch over one SMTP connection, not 64 rounds.
    """
    app = current_app._get_current_object()
    with _waking_lock:
        if app in _waking:
            return
        _waking.add(app)
    in_background(_deliver_woken)


def _deliver_woken() -> None:
    with _waking_lock:
        _waking.discard(current_app._get_current_object())
    deliver_due()


def _as_mail(row: QueuedMail) -> Mail:
    headers: list[tuple[str, str]] = []
    if row.language:
        headers.append(("Content-Language", row.language))
    if row.unsubscribe_url:
        # RFC 8058 one-click: a mail client POSTs "List-Unsubscribe=One-Click" to this URL.
        headers.append(("List-Unsubscribe", f"<{row.unsubscribe_url}>"))
        headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    return Mail(to=row.to, subject=row.subject, text=row.text, html=row.html or None, headers=tuple(headers))


outbox.register_sender("mail_queue", deliver_in_background)
outbox.register_sender("notification_mail", deliver_in_background)


def send_digests() -> int:
    """Queue one digest per user for their notifications waiting for it; returns how many.

    The caller commits, then `deliver_due()` sends.
    """
    pending = list(db.session.scalars(
        select(Notification).options(joinedload(Notification.actor), joinedload(Notification.thread),
                                     joinedload(Notification.post), joinedload(Notification.project),
                                     joinedload(Notification.experience))
        .where(Notification.digest_pending.is_(True)).order_by(Notification.user_id, Notification.id)))
    if not pending:
        return 0
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in pending:
        by_user[n.user_id].append(n)
    users = _mailable(list(db.session.scalars(select(User).where(User.id.in_(list(by_user))))))
    rows = [_digest_mail(users[user_id], items) for user_id, items in by_user.items() if user_id in users]
    if rows:
        db.session.execute(insert(QueuedMail), rows)
    db.session.execute(update(Notification).where(Notification.id.in_([n.id for n in pending]))
                       .values(digest_pending=False).execution_options(synchronize_session=False))
    return len(rows)


def _digest_mail(user: User, items: list[Notification]) -> dict[str, Any]:
    """Grouped by kind, then by thread (by experience, for the experiences'), in the order they came."""
    locale = mail_locale(user)
    unsubscribe = _unsubscribe_url(user.id, DIGEST)
    with force_locale(locale):
        groups: dict[str, dict[str, list[tuple[Notification, Any, str]]]] = {}
        for n in items:
            line = describe(n)
            thread_title = (n.experience.title if n.experience is not None
                            else n.thread.title if n.thread is not None else "")
            groups.setdefault(n.kind, {}).setdefault(thread_title, []).append((n, line, _absolute(line.url)))
        sections = [{"kind": kind, "label": kind_label(kind), "threads": threads,
                     "unsubscribe_url": _unsubscribe_url(user.id, kind)} for kind, threads in groups.items()]
        context = {"user": user, "sections": sections, "count": len(items), "unsubscribe_url": unsubscribe,
                   "settings_url": _settings_url(), "date": format_date(utcnow(), "long")}
        subject = ngettext("[Horizonte] Your daily digest: %(num)d notification",
                           "[Horizonte] Your daily digest: %(num)d notifications", len(items))
        text = render_template("mail/digest.txt", **context)
        html = render_template("mail/digest.html", **context)
    return mail_row(user, subject, text, html, locale, unsubscribe)


# ---------- reading the queue (the development mail page) ----------

DEV_MAIL_PER_PAGE = 25


def recent_mail(page: int, per_page: int = DEV_MAIL_PER_PAGE) -> tuple[list[QueuedMail], int]:
    """(mail newest first, pages): what the site wrote, sent or not."""
    total = db.session.scalar(select(func.count()).select_from(QueuedMail)) or 0
    rows = list(db.session.scalars(select(QueuedMail).order_by(QueuedMail.id.desc())
                                   .offset((page - 1) * per_page).limit(per_page)))
    return rows, max(math.ceil(total / per_page), 1)


def links_in(text: str) -> list[str]:
    """The web addresses a mail's text carries, in order, once each."""
    return list(dict.fromkeys(re.findall(r"https?://[^\s<>\"']+", text)))
