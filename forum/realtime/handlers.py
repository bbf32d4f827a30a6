"""Socket.IO handlers: connect, join (with catch-up), leave, typing, disconnect.

Socket.IO events do not run `before_request`, and the socket keeps the session it connected
with, so every client event checks the user again (its login or token) before acting; what
ends a login or a power reaches sockets the server pushes to through forum.realtime.control.
Anything a client sends is validated; a bad message gets an `error` event, never a crash.
"""

import logging
import re
import threading
import time
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room, leave_room
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from forum import permissions, serializers
from forum.errors import ForumError
from forum.extensions import db, socketio
from forum.models import User
from forum.realtime import connections
from forum.realtime.connections import Connection
from forum.realtime.events import moderators_room, thread_room, user_room
from forum.services.accounts import api_token_for, user_for_api_token
from forum.services.communities import access_community_by_id
from forum.services.threads import access_thread, posts_after
from forum.transactions import unit_of_work

log = logging.getLogger(__name__)

ROOM_RE = re.compile(r"^(thread|community|user):([0-9]{1,12})$")
JOIN_LIMIT = (20, 10.0)  # at most 20 joins per 10 seconds per connection
TYPING_INTERVAL = 2.0  # at most one typing event per 2 seconds per connection
PRESENCE_INTERVAL = 0.5  # viewer counts go out at most twice a second per room


class SocketError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def presence():
    return current_app.extensions["horizonte_presence"]


def guard():
    return current_app.extensions["horizonte_socket_guard"]


def _refuse(sid: str, code: str, message: str) -> dict[str, Any]:
    error = {"code": code, "message": message}
    socketio.emit("error", error, to=sid)
    return {"ok": False, "error": error}


def _user_now(conn: Connection) -> User | None:
    """The connection's user as of now; SocketError when its session or token has ended."""
    if conn.token:
        user = user_for_api_token(conn.token)
    else:
        user = current_user._get_current_object() if current_user.is_authenticated else None
        if user is not None and user.login_session_id != conn.login_id:
            user = None
    if conn.user_id is not None and (user is None or user.id != conn.user_id):
        raise SocketError("session_ended", _("Your session has ended. Please log in again."))
    return user


def _connection() -> Connection:
    conn = connections.get(request.sid)
    if conn is None:
        raise SocketError("not_connected", _("Connect again."))
    return conn


def _handled(handler):
    """Run a client event: validate, answer errors with an `error` event, never crash.

    The event is one unit of work (forum.transactions): none writes today, but one that does is
    committed when it answers and rolled back when it fails, as a request is.
    """

    def wrapper(data: Any = None):
        sid = request.sid
        try:
            with unit_of_work():
                return handler(data)
        except SocketError as error:
            if error.code == "session_ended":
                _refuse(sid, error.code, error.message)
                socketio.server.disconnect(sid)
                return {"ok": False, "error": {"code": error.code, "message": error.message}}
            return _refuse(sid, error.code, error.message)
        except ForumError as error:
            return _refuse(sid, error.code, error.message)
        except PoolTimeoutError:  # every pooled connection busy (DATABASE_POOL_TIMEOUT): try again
            return _refuse(sid, "busy", _("The service is busy. Please try again in a moment."))
        except Exception:
            log.exception("socket handler %s failed", handler.__name__)
            return _refuse(sid, "server_error", _("Something went wrong on our side."))
        finally:
            db.session.remove()

    wrapper.__name__ = handler.__name__
    return wrapper


def _parse_room(data: Any) -> tuple[str, str, int]:
    if not isinstance(data, dict) or not isinstance(data.get("room"), str):
        raise SocketError("invalid", _('Send {"room": "thread:<id>"}.'))
    match = ROOM_RE.fullmatch(data["room"])
    if match is None:
        raise SocketError("unknown_room", _("There is no such room."))
    return data["room"], match.group(1), int(match.group(2))


class _PresenceBroadcaster:
    """Sends a room's viewer count at most once per PRESENCE_INTERVAL, from one background thread.

    Announcing every join to the whole room costs O(N^2) when N readers arrive together (a
    restart, a popular thread); coalescing also keeps the counts in order.
    """

    def __init__(self) -> None:
        self._dirty: set[str] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def mark(self, room: str, app) -> None:
        with self._lock:
            self._dirty.add(room)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, args=(app,), name="presence", daemon=True)
                self._thread.start()

    def _run(self, app) -> None:
        while True:
            time.sleep(PRESENCE_INTERVAL)
            with self._lock:
                rooms, self._dirty = self._dirty, set()
            for room in sorted(rooms):
                try:
                    with app.app_context():
                        count, names = presence().viewers(room)
                    socketio.emit("presence", {"room": room, "count": count, "names": names}, to=room)
                except Exception:
                    log.exception("presence for %s failed", room)


_presence_broadcaster = _PresenceBroadcaster()


def _presence(room: str) -> None:
    _presence_broadcaster.mark(room, current_app._get_current_object())


@socketio.on("connect")
def on_connect(auth: Any = None):
    if connections.count() >= current_app.config["SOCKETIO_MAX_CONNECTIONS"]:
        # Each socket holds a server thread; keep some free for ordinary page requests.
        raise ConnectionRefusedError({"code": "busy", "message": "too many live connections"})
    try:
        user = None
        token = token_id = login_id = None
        if isinstance(auth, dict) and auth.get("token") is not None:
            token = auth["token"]
            api_token = api_token_for(token) if isinstance(token, str) else None
            if api_token is None:
                raise ConnectionRefusedError({"code": "invalid_token", "message": "invalid token"})
            user, token_id = api_token.user, api_token.id
        elif current_user.is_authenticated:
            user = current_user._get_current_object()
            login_id = user.login_session_id
        conn = Connection(user_id=user.id if user else None, login_id=login_id, token_id=token_id, token=token,
                          name=user.display_name if user else "")
        db.session.remove()  # done with the database: no pooled connection held meanwhile
        connections.add(request.sid, conn)
        guard().start()
        if conn.user_id is not None:
            join_room(user_room(conn.user_id))
        return True
    except PoolTimeoutError:
        raise ConnectionRefusedError({"code": "busy", "message": "the server is busy"}) from None
    finally:
        db.session.remove()


@socketio.on("disconnect")
def on_disconnect(*_args):
    connections.remove(request.sid)
    for room in presence().disconnect(request.sid):
        if room.startswith("thread:") and room.count(":") == 1:
            _presence(room)


@socketio.on("join")
@_handled
def on_join(data: Any):
    conn = _connection()
    now = time.monotonic()
    limit, window = JOIN_LIMIT
    while conn.joins and now - conn.joins[0] > window:
        conn.joins.popleft()
    if len(conn.joins) >= limit:
        raise SocketError("rate_limited", _("Too many requests. Please wait a moment and try again."))
    conn.joins.append(now)
    room, kind, ident = _parse_room(data)
    after = data.get("after")
    if after is not None and (isinstance(after, bool) or not isinstance(after, int) or not 0 <= after <= 10**9):
        raise SocketError("invalid", _('"after" must be a post number.'))
    user = _user_now(conn)
    if kind == "user":
        if user is None or user.id != ident:
            raise SocketError("unknown_room", _("There is no such room."))
        join_room(room)
        return {"ok": True, "room": room}
    if kind == "community":
        access_community_by_id(ident)
        join_room(room)
        return {"ok": True, "room": room}
    thread = access_thread(user, ident)
    join_room(room)
    connections.join_thread(conn, thread.id)
    if permissions.can_see_hidden(user, thread.community_id):
        join_room(moderators_room(thread.id))
        connections.set_moderating(conn, thread.id, thread.community_id)
    presence().join(request.sid, room, conn.name)
    if after is not None:
        _catch_up(thread, after, user)
    _presence(room)
    return {"ok": True, "room": room, "last_number": thread.last_post_number}

@socketio.on("leave")
@_handled
def on_leave(data: Any):
    conn = _connection()
    room, kind, ident = _parse_room(data)
    leave_room(room)
    if kind == "thread":
        leave_room(moderators_room(ident))
        connections.leave_thread(conn, ident)
        presence().leave(request.sid, room)
        _presence(room)
    return {"ok": True, "room": room}

@socketio.on("typing")
@_handled
def on_typing(data: Any):
    conn = _connection()
    room, kind, _ident = _parse_room(data)
    if kind != "thread" or room not in conn.rooms:
        raise SocketError("not_joined", _("Join the thread first."))
    user = _user_now(conn)
    if user is None:
        raise SocketError("unauthorized", _("Please log in to do that."))
    now = time.monotonic()
    if now - conn.last_typing < TYPING_INTERVAL:
        return {"ok": True, "throttled": True}
    conn.last_typing = now
    socketio.emit("typing", {"room": room, "user": serializers.user_brief(user)}, to=room,
                  skip_sid=request.sid)
    return {"ok": True}

@socketio.on_error_default
def on_error(exc: Exception):  # pragma: no cover - _handled catches first
    log.exception("unhandled socket error", exc_info=exc)


def _catch_up(thread, after: int, user: User | None) -> None:
    """Send the posts created after `after`, in order; too many, and the client should reload."""
    limit = current_app.config["SOCKET_CATCHUP_LIMIT"]
    posts = posts_after(thread, after, limit + 1)
    if len(posts) > limit:
        socketio.emit("reload", {"room": thread_room(thread.id), "reason": "too_far_behind"}, to=request.sid)
        return
    for post in posts:
        socketio.emit("post.created", serializers.post(post, user), to=request.sid)
