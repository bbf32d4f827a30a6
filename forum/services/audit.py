"""The audit log: every moderation and admin action, appended in the same transaction."""

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.extensions import db
from forum.models import AuditEntry, User, utcnow


def record(actor: User | None, action: str, target_type: str, target_id: int, *,
           community_id: int | None = None, reason: str = "", details: dict[str, Any] | None = None) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        community_id=community_id,
        reason=reason or "",
        details=details or {},
        created_at=utcnow(),
    )
    db.session.add(entry)
    return entry


def log_query(viewer: User, *, action: str | None = None, actor: str | None = None,
              target_type: str | None = None, target_id: int | None = None,
              since: datetime | None = None, until: datetime | None = None) -> Select:
    """Entries the viewer may see (community moderators: their communities), newest first."""
    query = select(AuditEntry).options(joinedload(AuditEntry.actor)).order_by(AuditEntry.id.desc())
    if not permissions.is_moderator(viewer):
        query = query.where(AuditEntry.community_id.in_(permissions.moderated_community_ids(viewer)))
    if action:
        query = query.where(AuditEntry.action == action)
    if actor:
        query = query.join(User, User.id == AuditEntry.actor_id).where(User.username_key == actor.lower())
    if target_type:
        query = query.where(AuditEntry.target_type == target_type)
    if target_id is not None:
        query = query.where(AuditEntry.target_id == target_id)
    if since is not None:
        query = query.where(AuditEntry.created_at >= since)
    if until is not None:
        query = query.where(AuditEntry.created_at < until)
    return query


def to_csv(entries: Iterable[AuditEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "created_at", "actor", "action", "target_type", "target_id", "community_id",
                     "reason", "details"])

    for entry in entries:
        writer.writerow([
            entry.id, entry.created_at.isoformat(), _csv_safe(entry.actor.username) if entry.actor else "",
            entry.action, entry.target_type, entry.target_id, entry.community_id or "",
            _csv_safe(entry.reason), _csv_safe(json.dumps(entry.details, ensure_ascii=False, sort_keys=True)),
        ])
    return out.getvalue()


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is a formula in spreadsheets: neutralize it.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
