"""Counters that many writers move at once, moved at the end of the transaction, in one order.

A reply locks its thread's row first (that gives it its number). The rows that every writer
shares, members' (post and unread-notification counts) and communities' (posts, threads, last
activity), are changed by `add` and `put` only when the transaction commits, members first,
then communities, each in ascending id order. So two writers never wait for each other in a
circle (PostgreSQL aborts one with "deadlock detected" when a member replies in another's thread
while that one replies in theirs), and each holds those rows for the last statements before its
commit rather than for its whole transaction: on PostgreSQL every reply of a community used to
wait for the one before it to finish its notifications, mail and search index.

The changes are in the database once the transaction commits; objects already loaded keep their
old values until then (like any UPDATE statement).
"""

from collections import defaultdict
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from forum.models import Community, Organization, User

_KEY = "forum_counters"
# The order in which the shared rows are locked: every writer takes them in this order.
# (Organizations: their member counts, moved when a member joins or leaves one.)
ORDER = (User, Community, Organization)


def add(session: Session, model: type, row_id: int, **deltas: int) -> None:
    """Add to counters of a row at commit (`add(s, User, 7, post_count=1)`)."""
    changes = _pending(session)[model][row_id]
    for column, delta in deltas.items():
        current = changes.get(column, ("add", 0))
        changes[column] = ("add", current[1] + delta)


def put(session: Session, model: type, row_id: int, **values: Any) -> None:
    """Set columns of a row at commit (the last value put wins)."""
    changes = _pending(session)[model][row_id]
    for column, value in values.items():
        changes[column] = ("put", value)


def _pending(session: Session) -> dict[type, dict[int, dict[str, tuple[str, Any]]]]:
    if _KEY not in session.info:
        session.info[_KEY] = {model: defaultdict(dict) for model in ORDER}
    return session.info[_KEY]


@event.listens_for(Session, "before_commit")
def _apply_at_commit(session: Session) -> None:
    apply(session)


def apply(session: Session) -> None:
    """Write the pending changes now rather than at commit: for a bulk load that sets these columns
    itself afterwards (the demo seed dates its history), which a change applied later would undo."""
    pending = session.info.pop(_KEY, None)
    if not pending:
        return
    postgresql = session.get_bind().dialect.name == "postgresql"
    for model in ORDER:
        rows = pending[model]
        if not rows:
            continue
        ids = sorted(rows)
        if postgresql:  # SQLite has one writer at a time already
            # NO KEY UPDATE, the lock an UPDATE of these columns takes: FOR UPDATE would also wait
            # for every writer holding a row that refers to these (a post, a notification: KEY SHARE).
            session.execute(select(model.id).where(model.id.in_(ids)).order_by(model.id)
                            .with_for_update(key_share=True))
        # Rows with the same changes share one UPDATE (a reply's recipients: unread + 1 each).
        groups: dict[tuple, list[int]] = defaultdict(list)
        for row_id in ids:
            groups[tuple(sorted(rows[row_id].items()))].append(row_id)
        for changes, group in groups.items():
            values = {column: (getattr(model, column) + value if kind == "add" else value)
                      for column, (kind, value) in changes}
            session.execute(update(model).where(model.id.in_(group)).values(values)
                            .execution_options(synchronize_session=False))


@event.listens_for(Session, "after_soft_rollback")
def _drop(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_KEY, None)
