"""Deleting a member's draft: what the services that post, start threads, send messages and edit
experiences call in their transaction. Apart from forum.services.drafts, which reads those
services to check a draft's place, so that neither imports the other."""

from sqlalchemy import delete

from forum.extensions import db
from forum.models import Draft, User


def do_delete_draft(user: User, key: str) -> bool:
    """Forget the draft at `key` (a sent post, thread, message or edit; the member's "Delete")."""
    result = db.session.execute(delete(Draft).where(Draft.user_id == user.id, Draft.key == key))
    return bool(result.rowcount)
