"""The live sockets of this process, and what each one was allowed when it got it.

The Socket.IO handlers add and update entries; forum.realtime.control re-checks them against the
database and ends or narrows those that lost their right.
"""

import threading
from collections import deque
from dataclasses import dataclass, field


@dataclass
class Connection:
    user_id: int | None
    # What the socket authenticated with: a login (cookie) or an API token (by row id), or neither.
    login_id: int | None
    token_id: int | None
    token: str | None
    name: str
    joins: deque = field(default_factory=deque)
    last_typing: float = 0.0
    rooms: set[str] = field(default_factory=set)
    # Threads whose moderators' room this socket joined -> the thread's community, re-checked
    # when the user's powers change (a suspended or demoted moderator leaves them at once).
    moderating: dict[int, int] = field(default_factory=dict)


_lock = threading.Lock()
_connections: dict[str, Connection] = {}


def add(sid: str, conn: Connection) -> None:
    with _lock:
        _connections[sid] = conn


def get(sid: str) -> Connection | None:
    return _connections.get(sid)


def remove(sid: str) -> Connection | None:
    with _lock:
        return _connections.pop(sid, None)


def count() -> int:
    return len(_connections)


def select(user_ids: set[int] | None = None) -> list[tuple[str, Connection]]:
    """The sockets of these users, or every socket (anonymous ones too) with None."""
    with _lock:
        return [(sid, conn) for sid, conn in _connections.items()
                if user_ids is None or conn.user_id in user_ids]


def thread_ids(conn: Connection) -> list[int]:
    """The threads whose room the socket joined."""
    with _lock:
        return [int(room.partition(":")[2]) for room in conn.rooms]


def join_thread(conn: Connection, thread_id: int) -> None:
    with _lock:
        conn.rooms.add(f"thread:{thread_id}")


def leave_thread(conn: Connection, thread_id: int) -> None:
    with _lock:
        conn.rooms.discard(f"thread:{thread_id}")
        conn.moderating.pop(thread_id, None)


def moderating(conn: Connection) -> list[tuple[int, int]]:
    with _lock:
        return list(conn.moderating.items())


def set_moderating(conn: Connection, thread_id: int, community_id: int | None) -> None:
    """Record (or, with None, forget) that the socket is in a thread's moderators' room."""
    with _lock:
        if community_id is None:
            conn.moderating.pop(thread_id, None)
        else:
            conn.moderating[thread_id] = community_id
