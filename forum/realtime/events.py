"""Real-time events: queued on the session by services, emitted after the commit.

`queue_event(session, "post.created", "thread:42", payload)` is all a service does; the sender
below emits it to the Socket.IO room once the transaction that caused it has committed.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from forum import outbox
from forum.background import BackgroundWorker


@dataclass(frozen=True)
class Event:
    name: str
    room: str
    payload: dict[str, Any]


def queue_event(session: Session, name: str, room: str, payload: dict[str, Any]) -> None:
    outbox.queue(session, "event", Event(name, room, payload))


SOCKET_CHECK = "sockets.recheck"


def queue_socket_check(session: Session, user_id: int | None = None) -> None:
    """After the commit, every server process checks again the live sockets of this user (of
    everyone with None: a thread deleted or moved) against the database: ended logins and revoked
    tokens are disconnected, rooms no longer allowed are left (forum.realtime.control)."""
    outbox.queue(session, SOCKET_CHECK, user_id)


def thread_room(thread_id: int) -> str:
    return f"thread:{thread_id}"


def moderators_room(thread_id: int) -> str:
    """Moderators reading a thread also join this room: hidden content goes only here."""
    return f"thread:{thread_id}:moderators"


def community_room(community_id: int) -> str:
    return f"community:{community_id}"


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


def _emit(event: Event) -> None:
    """Emit one event to its room (from the sender's thread).

    Emitting to a room of N readers costs O(N) inside the process; doing it in the request would
    make the writer wait for every reader (bench/README.md measured 33 ms at 500 readers).
    """
    from forum.extensions import socketio

    if getattr(socketio, "server", None) is not None:
        socketio.emit(event.name, event.payload, to=event.room)


# One background thread sends every event, in commit order; `sender.flush()` waits for it (tests).
sender: BackgroundWorker[Event] = BackgroundWorker("socketio-sender", _emit)
outbox.register_sender("event", sender.submit)
