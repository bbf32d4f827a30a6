"""Keeping live sockets honest after the commit that changes a user's rights.

A socket keeps the session it connected with, and events the server pushes run no check. So
whatever ends a login or a power (logout, "log out everywhere", a revoked token, a suspension, a
deactivation, a lost role) or a room (a thread deleted, or moved away from a community moderator)
must reach the sockets it concerns, in every server process:

- After the commit, the outbox hands the user's id (None: everyone's) to `SocketGuard.recheck_user`:
  this process checks those sockets at once, and tells the other processes over Redis (channel
  `<SOCKETIO_CHANNEL>:control`) to do the same.
- Every SOCKET_RECHECK_SECONDS, and as soon as the control channel is back after Redis failed,
  each process checks all its sockets: a message lost while Redis was down or restarting is
  made good within that time. Redis is never needed to end a socket; it only makes it sooner.

A check reads the database on this module's own thread (never inside a request), in a constant
number of queries for all the sockets it checks.
"""

import json
import logging
import threading
import uuid
from typing import Any

from flask import Flask
from sqlalchemy import select

from forum import permissions
from forum.extensions import db, socketio
from forum.models import ApiToken, LoginSession, Thread, User
from forum.realtime import connections, redis_channel
from forum.realtime.events import moderators_room, thread_room

log = logging.getLogger(__name__)

_CHUNK = 500  # ids per IN (...) list


class SocketGuard:
    def __init__(self, app: Flask, *, redis_url: str | None, channel: str, interval: float) -> None:
        self._app = app
        self._channel = f"{channel}:control"
        self._interval = interval
        self._host = uuid.uuid4().hex
        self._redis_url = redis_url
        self._redis = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._pending: set[int] = set()
        self._sweep_all = False
        self._started = False

    def start(self) -> None:
        """Start the threads (lazily: at the first socket of the process, after any fork)."""
        if self._started:
            return
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._run, name="socket-guard", daemon=True).start()
        if self._redis_url:
            import redis

            self._redis = redis.Redis.from_url(self._redis_url, **redis_channel.CLIENT_OPTIONS)
            threading.Thread(target=self._listen, name="socket-guard-listener", daemon=True).start()

    # ---------- asking for checks ----------

    def recheck_user(self, user_id: int | None) -> None:
        """After a commit that changed this user's rights (anyone's with None: a thread deleted or
        moved): here now, elsewhere through Redis."""
        self._schedule(None if user_id is None else {user_id})
        if self._redis_url:
            self._publish({"host": self._host, "user": user_id})

    def _publish(self, message: dict[str, Any]) -> None:
        import redis

        if self._redis is None:
            self._redis = redis.Redis.from_url(self._redis_url, **redis_channel.CLIENT_OPTIONS)
        try:
            self._redis.publish(self._channel, json.dumps(message))
        except redis.RedisError as error:  # the periodic check makes good what this loses
            log.warning("could not tell other processes to re-check sockets: %s", error)

    def _schedule(self, user_ids: set[int] | None) -> None:
        with self._lock:
            if user_ids is None:
                self._sweep_all = True
            else:
                self._pending |= user_ids
        if self._started:
            self._wake.set()

    def _listen(self) -> None:
        for message in redis_channel.listen(lambda: self._redis.pubsub(ignore_subscribe_messages=True),
                                            self._channel, on_recovered=lambda: self._schedule(None)):
            try:
                data = json.loads(message.get("data") or "")
            except (TypeError, ValueError):
                continue
            if not isinstance(data, dict) or data.get("host") == self._host:
                continue
            user = data.get("user")
            if user is None:
                self._schedule(None)
            elif isinstance(user, int):
                self._schedule({user})

    # ---------- checking ----------

    def _run(self) -> None:
        while True:
            woken = self._wake.wait(self._interval)
            self._wake.clear()
            with self._lock:
                user_ids, self._pending = self._pending, set()
                sweep_all, self._sweep_all = self._sweep_all or not woken, False
            try:
                self.recheck(None if sweep_all else user_ids)
                if sweep_all:
                    self._app.extensions["horizonte_presence"].reassert()
            except Exception:
                log.exception("re-checking live sockets failed")

    def recheck(self, user_ids: set[int] | None) -> None:
        """Check the sockets of these users (every socket with None) against the database: end
        those whose login, token or account ended; take the others out of the rooms they may no
        longer be in (a thread deleted or moved, a moderators' room after a lost power)."""
        if user_ids is not None and not user_ids:
            return
        targets = connections.select(user_ids)
        if not targets:
            return
        with self._app.app_context():
            try:
                ended, leave = _verdicts(targets)
            finally:
                db.session.remove()
        presence = self._app.extensions["horizonte_presence"]
        for sid in ended:
            socketio.emit("error", {"code": "session_ended", "message": "Your session has ended."}, to=sid,
                          ignore_queue=True)
            socketio.server.disconnect(sid, ignore_queue=True)
        for sid, conn, thread_id, whole_thread in leave:
            socketio.server.leave_room(sid, moderators_room(thread_id), namespace="/")
            if whole_thread:
                socketio.server.leave_room(sid, thread_room(thread_id), namespace="/")
                connections.leave_thread(conn, thread_id)
                presence.leave(sid, thread_room(thread_id))
            else:
                connections.set_moderating(conn, thread_id, None)


def _verdicts(targets: list[tuple[str, connections.Connection]]) -> tuple[list[str], list[tuple]]:
    """(sockets to end, (sid, connection, thread id, the whole thread?) for rooms to leave)."""
    users = _by_id(User, {conn.user_id for _sid, conn in targets if conn.user_id is not None})
    live_logins = _ids(LoginSession.id, LoginSession.ended_at,
                       {c.login_id for _s, c in targets if c.login_id is not None})
    live_tokens = _ids(ApiToken.id, ApiToken.revoked_at, {c.token_id for _s, c in targets if c.token_id is not None})
    threads = _by_id(Thread, {t for _sid, conn in targets for t in connections.thread_ids(conn)})
    permissions.preload_moderated_communities(list(users.values()))
    ended: list[str] = []
    leave: list[tuple] = []
    for sid, conn in targets:
        user = users.get(conn.user_id) if conn.user_id is not None else None
        if conn.user_id is not None:
            authenticated = live_logins if conn.login_id is not None else live_tokens
            if user is None or user.is_deactivated or (conn.login_id or conn.token_id) not in authenticated:
                ended.append(sid)
                continue
        moderating = dict(connections.moderating(conn))
        for thread_id in connections.thread_ids(conn):
            thread = threads.get(thread_id)
            if thread is None or not permissions.can_read_thread(user, thread):
                leave.append((sid, conn, thread_id, True))
            elif thread_id in moderating and not permissions.can_see_hidden(user, thread.community_id):
                leave.append((sid, conn, thread_id, False))
    return ended, leave


def _by_id(model, ids: set[int]) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for chunk in _chunks(sorted(ids)):
        found.update((row.id, row) for row in db.session.scalars(select(model).where(model.id.in_(chunk))))
    return found


def _ids(column, ended_column, ids: set[int]) -> set[int]:
    """Which of these ids name a row that has not ended (`ended_column` is NULL)."""
    live: set[int] = set()
    for chunk in _chunks(sorted(ids)):
        live.update(db.session.scalars(select(column).where(column.in_(chunk), ended_column.is_(None))))
    return live


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
