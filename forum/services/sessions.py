"""Login sessions: each login is a row the cookie names, so the server can end it.

Flask's session cookie is signed, not stored: deleting nothing on the server can revoke it, and a
copy made before logout would keep working. So `do_log_in` creates a `LoginSession` whose random
key goes into the cookie (through `User.get_id`), `user_for_cookie` accepts a cookie only while
its login has not ended, and every way a session ends (`do_log_out`, `end_sessions`) sets
`ended_at` and has the live sockets of that user checked again after the commit.
"""

import hashlib
import secrets

from sqlalchemy import select, update

from forum.errors import NotFound
from forum.extensions import db
from forum.models import LoginSession, User, utcnow
from forum.realtime.events import queue_socket_check
from forum.services import validation as v

USER_AGENT_MAX = 200


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _attach(user: User, login: LoginSession, key: str) -> User:
    user.login_key = key
    user.login_session_id = login.id
    return user


def do_log_in(user: User, *, user_agent: str = "") -> LoginSession:
    """Open a login for `user`; the caller then hands the user to Flask-Login's `login_user`."""
    key = secrets.token_urlsafe(24)
    login = LoginSession(user_id=user.id, key_hash=_key_hash(key), created_at=utcnow(),
                         user_agent=describe_browser(user_agent))
    db.session.add(login)
    db.session.flush()
    _attach(user, login, key)
    return login


def describe_browser(user_agent: str) -> str:
    """"Firefox 145 · Windows" from a User-Agent header (ua-parser's uap-core rules), "" when it
    names neither: what lets a member tell their logins apart, and all that is kept of the header."""
    from ua_parser import parse

    found = parse(user_agent[:1000])
    parts = []
    if found.user_agent is not None and found.user_agent.family != "Other":
        parts.append(" ".join(filter(None, (found.user_agent.family, found.user_agent.major))))
    if found.os is not None and found.os.family != "Other":
        parts.append(found.os.family)
    return " · ".join(parts)[:USER_AGENT_MAX]


def user_for_cookie(cookie_id: str) -> User | None:
    """The user a session or remember-me cookie names ("<user id>:<login key>"), while that login
    lasts and the account is active; None otherwise (one query)."""
    uid, _sep, key = cookie_id.partition(":")
    if not (uid.isascii() and uid.isdigit() and len(uid) <= 10) or not key or len(key) > 64:
        return None
    row = db.session.execute(
        select(User, LoginSession).join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.key_hash == _key_hash(key), LoginSession.ended_at.is_(None), User.id == int(uid))
    ).first()
    if row is None or row.User.is_deactivated:
        return None
    return _attach(row.User, row.LoginSession, key)


def do_log_out(user: User) -> None:
    """End the login this request acts for (and, after commit, its sockets)."""
    if user.login_session_id is not None:
        _end(user.id, LoginSession.id == user.login_session_id)


def end_sessions(user: User, *, keep_current: bool = False) -> None:
    """End every login of the user (all but this request's with `keep_current`), and their sockets."""
    condition = LoginSession.user_id == user.id
    if keep_current and user.login_session_id is not None:
        condition &= LoginSession.id != user.login_session_id
    _end(user.id, condition)


def do_end_session(user: User, session_id: object) -> None:
    """End one of the user's own logins, chosen in the settings' list."""
    ident = v.check_int(session_id, "session_id", minimum=1, maximum=v.MAX_ID)
    login = db.session.get(LoginSession, ident)
    if login is None or login.user_id != user.id or login.ended_at is not None:
        raise NotFound()
    _end(user.id, LoginSession.id == login.id)


def _end(user_id: int, condition) -> None:
    db.session.execute(update(LoginSession).where(condition, LoginSession.ended_at.is_(None))
                       .values(ended_at=utcnow()).execution_options(synchronize_session=False))
    queue_socket_check(db.session, user_id)


def active_sessions(user: User) -> list[LoginSession]:
    """The user's open logins, newest first (the settings page lists them)."""
    return list(db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .order_by(LoginSession.created_at.desc(), LoginSession.id.desc()).limit(100)))
