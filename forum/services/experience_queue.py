"""The editorial queue: the records on their way to the library that a member edits or moderates.

Tabs: `review` (in review, waiting longest first), `drafts`, `changes` (drafts sent back by a
moderator: their last step was in_review -> draft or published -> draft) and `mine` (drafts and
records in review the member edits). Each row's age is the time since its last change of status
(its promotion, when it has none). A page costs a fixed number of queries: the tab counts, the
page of records with their last step, their people.
"""

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import joinedload, selectinload

from forum import permissions
from forum.errors import ValidationError
from forum.extensions import db
from forum.models import Experience, ExperiencePerson, ExperienceTheme, ExperienceTransition

TABS = ("review", "drafts", "changes", "mine")
QUEUE_STATUSES = ("draft", "in_review")
# The steps after which a draft is "changes requested".
SENT_BACK_FROM = ("in_review", "published")


@dataclass(frozen=True)
class QueueRow:
    experience: Experience
    status_changed_at: datetime
    changes_requested: bool


@dataclass(frozen=True)
class QueuePage:
    tab: str
    rows: list[QueueRow]
    page: int
    pages: int
    total: int
    counts: dict[str, int]  # tab -> how many records it lists


def default_tab(user: Any) -> str:
    return "review" if permissions.can_moderate_anything(user) else "mine"


def check_tab(value: object, user: Any) -> str:
    if value in (None, ""):
        return default_tab(user)
    if value not in TABS:
        raise ValidationError("tab", _("Choose in review, drafts, changes requested or mine."), code="invalid_choice")
    return str(value)


def _last_step():
    """Each record's last step of the workflow (its newest transition), as a subquery."""
    newest = (select(ExperienceTransition.experience_id, func.max(ExperienceTransition.id).label("id"))
              .group_by(ExperienceTransition.experience_id).subquery())
    return (select(ExperienceTransition.experience_id, ExperienceTransition.from_status,
                   ExperienceTransition.created_at)
            .join(newest, newest.c.id == ExperienceTransition.id).subquery())


def _tab_clauses(user: Any, last) -> dict[str, ColumnElement[bool]]:
    mine = Experience.id.in_(select(ExperiencePerson.experience_id).where(
        ExperiencePerson.user_id == user.id, ExperiencePerson.role == "editor"))
    sent_back = and_(Experience.status == "draft", last.c.from_status.in_(SENT_BACK_FROM))
    return {"review": Experience.status == "in_review", "drafts": Experience.status == "draft",
            "changes": sent_back, "mine": mine}


def queue_page(user: Any, tab: str, page: int, per_page: int) -> QueuePage:
    last = _last_step()
    changed_at = func.coalesce(last.c.created_at, Experience.created_at)
    base = (select(Experience.id).outerjoin(last, last.c.experience_id == Experience.id)
            .where(Experience.status.in_(QUEUE_STATUSES), permissions.experience_workflow_clause(user)))
    clauses = _tab_clauses(user, last)
    counted = db.session.execute(base.with_only_columns(
        *(func.coalesce(func.sum(case((clauses[name], 1), else_=0)), 0).label(name) for name in TABS))).one()
    counts = {name: int(getattr(counted, name)) for name in TABS}
    total = counts[tab]
    pages = max(math.ceil(total / per_page), 1)
    # Waiting longest first: the queue is worked from its oldest end.
    rows = db.session.execute(
        base.add_columns(changed_at.label("changed_at"), last.c.from_status)
        .where(clauses[tab]).order_by(changed_at, Experience.id)
        .offset((page - 1) * per_page).limit(per_page)).all()
    found = {e.id: e for e in db.session.scalars(
        select(Experience).options(selectinload(Experience.people).joinedload(ExperiencePerson.user),
                                   joinedload(Experience.reviewed_by))
        .where(Experience.id.in_([row.id for row in rows])))} if rows else {}
    return QueuePage(tab=tab, page=page, pages=pages, total=total, counts=counts, rows=[
        QueueRow(found[row.id], row.changed_at,
                 found[row.id].status == "draft" and row.from_status in SENT_BACK_FROM)
        for row in rows])


def awaiting_review_count(user: Any) -> int:
    """Records in review that `user` moderates (the count in the moderators' header): one query."""
    if not permissions.can_moderate_anything(user):
        return 0
    moderated = permissions.experience_workflow_clause(user)
    if not permissions.is_moderator(user):  # a community moderator reviews the records of their communities
        moderated = Experience.id.in_(select(ExperienceTheme.experience_id).where(
            ExperienceTheme.community_id.in_(sorted(permissions.moderated_community_ids(user)))))
    return db.session.scalar(
        select(func.count()).select_from(Experience).where(Experience.status == "in_review", moderated)) or 0
