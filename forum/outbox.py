"""Side effects that must wait for the commit: mail and real-time events.

A service calls `queue(session, kind, payload)`; the `after_commit` listener hands what was
queued to the sender registered for its kind, and `after_rollback` forgets it. A write that is
rolled back therefore never sends a mail or announces itself.
"""

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

_KEY = "forum_outbox"
_senders: dict[str, Callable[[Any], None]] = {}
# Test hooks: called with (kind, payload) for everything sent after a commit.
observers: list[Callable[[str, Any], None]] = []


def register_sender(kind: str, sender: Callable[[Any], None]) -> None:
    _senders[kind] = sender


def queue(session: Session, kind: str, payload: Any) -> None:
    session.info.setdefault(_KEY, []).append((kind, payload))


def pending(session: Session) -> list[tuple[str, Any]]:
    return list(session.info.get(_KEY, []))


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    items = session.info.pop(_KEY, [])
    for kind, payload in items:
        for observer in observers:
            observer(kind, payload)
        sender = _senders.get(kind)
        if sender is None:
            continue
        try:
            sender(payload)
        except Exception:  # a failed side effect must not turn a saved write into an error page
            log.exception("sending %s after commit failed", kind)


@event.listens_for(Session, "after_soft_rollback")
def _drop_after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_KEY, None)
