"""Real-time events: queued on the session by services, emitted after the commit.

`queue_event(session, "post.created", "thread:42", payload)` is all a service does; the sender
below emits it to the Socket.IO room once the transaction that caused it has committed.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from forum import outbox


@dataclass(frozen=True)
class Event:
    name: str
    room: str
    payload: dict[str, Any]


def queue_event(session: Session, name: str, room: str, payload: dict[str, Any]) -> None:
    outbox.queue(session, "event", Event(name, room, payload))


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
    from forum.extensions import socketio

    if getattr(socketio, "server", None) is None:
        return
    socketio.emit(event.name, event.payload, to=event.room)


outbox.register_sender("event", _emit)
