"""Reading cooperation projects: access, the filtered list with its facet counts, the status
history, the revisions, and the JSON shape the API answers with.

The list costs a fixed number of queries whatever its size: the total, the page of projects, their
countries and themes, and one GROUP BY over `project_facets` for the counts of every facet.
Filters combine with AND, also within a facet (`country=BR&country=PE`: both countries); a
facet's counts are over the projects that match every filter, and only over projects the reader
may see (a proposed project is private: permissions.can_view_project).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, func, or_, select, true
from sqlalchemy.orm import joinedload, selectinload

from forum import links, permissions
from forum.errors import NotFound, ValidationError
from forum.experience_reference import COUNTRY_ROLES, MODALITIES
from forum.extensions import db
from forum.models import (
    PROJECT_FACETS,
    PROJECT_STATUSES,
    Project,
    ProjectFacet,
    ProjectFocalPoint,
    ProjectOrganization,
    ProjectRevision,
    ProjectStatusChange,
)
from forum.serializers import iso, user_brief
from forum.services import project_fields as pf
from forum.services import validation as v

STATUS_LABELS = {
    "proposed": _l("Proposed"),
    "agreed": _l("Agreed"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
}
assert set(STATUS_LABELS) == set(PROJECT_STATUSES)

FACET_LABELS = {
    "country": _l("Country"),
    "role": _l("Role"),
    "status": _l("Status"),
    "theme": _l("Theme"),
    "modality": _l("Modality"),
    "year": _l("Year"),
}
REVISION_ACTIONS = {
    "created": _l("Project proposed"),
    "edited": _l("Details changed"),
    "status": _l("Status changed"),
    "milestone": _l("Milestones changed"),
    "budget": _l("Budget changed"),
    "focal_points": _l("Focal points changed"),
    "linked": _l("Discussion or experience linked"),
}
# What the history calls each field of a snapshot.
FIELD_LABELS = {
    "title": _l("Title"),
    "summary": _l("Summary"),
    "objectives": _l("Objectives"),
    "modality": _l("Cooperation modality"),
    "support_types": _l("Type of support"),
    "status": _l("Status"),
    "countries": _l("Countries and roles"),
    "themes": _l("Themes"),
    "organizations": _l("Participating organizations"),
    "focal_points": _l("Focal points"),
    "planned_start": _l("Planned start"),
    "planned_end": _l("Planned end"),
    "actual_start": _l("Actual start"),
    "actual_end": _l("Actual end"),
    "offer_thread_id": _l("Offer"),
    "request_thread_id": _l("Request"),
    "discussion_thread_id": _l("Discussion"),
    "experience_id": _l("Documented experience"),
    "milestones": _l("Milestones"),
    "budget_lines": _l("Budget"),
}
MAX_FILTER_VALUES = 10


def project_options() -> list:
    """Everything the project page, the API and the writes read: seven queries, whatever the size."""
    return [
        joinedload(Project.created_by), joinedload(Project.offer_thread), joinedload(Project.request_thread),
        joinedload(Project.discussion_thread), joinedload(Project.experience),
        selectinload(Project.countries),
        selectinload(Project.organizations).joinedload(ProjectOrganization.organization),
        selectinload(Project.focal_points).joinedload(ProjectFocalPoint.user),
        selectinload(Project.themes), selectinload(Project.milestones), selectinload(Project.budget_lines),
    ]


def access_project(user: Any, project_id: int) -> Project:
    """The project if the user may see it; NotFound for missing and forbidden alike."""
    if not isinstance(project_id, int) or not v.is_valid_id(project_id):
        raise NotFound()
    project = db.session.scalar(select(Project).options(*project_options()).where(Project.id == project_id))
    if project is None or not permissions.can_view_project(user, project):
        raise NotFound()
    return project


def status_history(project: Project) -> list[ProjectStatusChange]:
    return list(db.session.scalars(
        select(ProjectStatusChange).options(joinedload(ProjectStatusChange.actor))
        .where(ProjectStatusChange.project_id == project.id).order_by(ProjectStatusChange.id)))


# ---------- the list ----------


@dataclass
class ProjectQuery:
    filters: dict[str, list[str]] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not self.filters


@dataclass
class ProjectPage:
    items: list[Project]
    total: int
    page: int
    pages: int
    # facet -> [(value, count)]: years newest first, the others by count then value
    facets: dict[str, list[tuple[str, int]]]


def _check_filter_value(facet: str, value: str) -> str:
    value = value.strip()
    if facet == "country":
        return v.check_country(value, "country")
    if facet == "role":
        if value not in COUNTRY_ROLES:
            raise ValidationError("role", _("Choose offering, receiving or partner."))
        return value
    if facet == "status":
        if value not in STATUS_LABELS:
            raise ValidationError("status", _("Choose a status from the list."))
        return value
    if facet == "theme":
        if not v.SLUG_RE.fullmatch(value) or len(value) > 64:
            raise ValidationError("theme", _("There is no community called %(slug)s.", slug=value[:64]))
        return value
    if facet == "modality":
        if value not in MODALITIES:
            raise ValidationError("modality", _("Choose a cooperation modality."))
        return value
    if facet == "year":
        return str(v.check_int(value, "year", minimum=pf.YEAR_MIN, maximum=pf.YEAR_MAX))
    raise ValidationError(facet, _("Unknown filter."))


def parse_query(args: Any) -> ProjectQuery:
    """Filters from request args (a MultiDict: facets may repeat); an invalid value names its facet."""
    filters: dict[str, list[str]] = {}
    for facet in PROJECT_FACETS:
        values = [value for value in args.getlist(facet) if isinstance(value, str) and value.strip()]
        if len(values) > MAX_FILTER_VALUES:
            raise ValidationError(facet, _("Too many values for one filter."))
        for value in values:
            v.check_text(value, facet)
        checked = list(dict.fromkeys(_check_filter_value(facet, value) for value in values))
        if checked:
            filters[facet] = checked
    return ProjectQuery(filters=filters)


def visible_clause(viewer: Any) -> ColumnElement[bool]:
    """`permissions.can_view_project` in SQL."""
    if permissions.is_moderator(viewer):
        return true()
    public = Project.status != "proposed"
    if not permissions.is_signed_in(viewer):
        return public
    return or_(public, Project.created_by_id == viewer.id, Project.id.in_(
        select(ProjectFocalPoint.project_id).where(ProjectFocalPoint.user_id == viewer.id)))


def matching_ids(query: ProjectQuery, viewer: Any) -> Select:
    ids = select(Project.id).where(visible_clause(viewer))
    for facet, values in query.filters.items():
        for value in values:
            ids = ids.where(Project.id.in_(select(ProjectFacet.project_id).where(
                ProjectFacet.facet == facet, ProjectFacet.value == value)))
    return ids


def facet_counts(ids: Select) -> dict[str, list[tuple[str, int]]]:
    """For each facet value, how many of the matching projects have it: one query for all facets."""
    rows = db.session.execute(
        select(ProjectFacet.facet, ProjectFacet.value, func.count())
        .where(ProjectFacet.project_id.in_(ids)).group_by(ProjectFacet.facet, ProjectFacet.value))
    counts: dict[str, list[tuple[str, int]]] = {facet: [] for facet in PROJECT_FACETS}
    for facet, value, count in rows:
        if facet in counts:
            counts[facet].append((value, count))
    for facet, values in counts.items():
        if facet == "year":
            values.sort(key=lambda pair: pair[0], reverse=True)
        elif facet == "status":
            values.sort(key=lambda pair: PROJECT_STATUSES.index(pair[0]) if pair[0] in PROJECT_STATUSES else 99)
        else:
            values.sort(key=lambda pair: (-pair[1], pair[0]))
    return counts


def search(query: ProjectQuery, viewer: Any, page: int, per_page: int) -> ProjectPage:
    ids = matching_ids(query, viewer)
    total = db.session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    items = list(db.session.scalars(
        select(Project).options(selectinload(Project.countries), selectinload(Project.themes))
        .where(Project.id.in_(ids)).order_by(Project.created_at.desc(), Project.id.desc())
        .offset((page - 1) * per_page).limit(per_page)))
    pages = max((total + per_page - 1) // per_page, 1)
    return ProjectPage(items=items, total=total, page=page, pages=pages, facets=facet_counts(ids))


# ---------- revisions ----------


@dataclass
class RevisionLine:
    revision: ProjectRevision
    changed: list[str]  # the snapshot's fields that differ from the revision before


def revisions_page(project: Project, page: int, per_page: int) -> tuple[list[RevisionLine], int]:
    """Newest first, each with the fields it changed: two queries (the page and one more row)."""
    total = project.revision_count or 0
    pages = max((total + per_page - 1) // per_page, 1)
    rows = list(db.session.scalars(
        select(ProjectRevision).options(joinedload(ProjectRevision.editor))
        .where(ProjectRevision.project_id == project.id).order_by(ProjectRevision.number.desc())
        .offset((page - 1) * per_page).limit(per_page + 1)))
    lines = []
    for index, revision in enumerate(rows[:per_page]):
        before = rows[index + 1].snapshot if index + 1 < len(rows) else None
        changed = [] if before is None else [name for name in FIELD_LABELS
                                             if before.get(name) != revision.snapshot.get(name)]
        lines.append(RevisionLine(revision, changed))
    return lines, pages


# ---------- JSON ----------


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def serialize_brief(project: Project) -> dict[str, Any]:
    """A project in a list: what the list page shows."""
    return {
        "id": project.id,
        "title": project.title,
        "slug": project.slug,
        "status": project.status,
        "modality": project.modality,
        "countries": [{"code": c.country, "role": c.role} for c in project.countries],
        "themes": [c.slug for c in project.themes],
        "planned_start": _date(project.planned_start), "planned_end": _date(project.planned_end),
        "actual_start": _date(project.actual_start), "actual_end": _date(project.actual_end),
        "created_at": iso(project.created_at),
        "url": links.path("projects.show", project_id=project.id),
    }


def serialize_milestone(m: Any) -> dict[str, Any]:
    return {"id": m.id, "title": m.title, "due_date": _date(m.due_date), "done_date": _date(m.done_date),
            "responsible_country": m.responsible_country, "is_overdue": m.is_overdue(date.today())}


def serialize_budget_line(b: Any) -> dict[str, Any]:
    return {"id": b.id, "country": b.country, "amount": None if b.amount is None else str(b.amount),
            "currency": b.currency, "in_kind": b.in_kind, "description": b.description}


def serialize(project: Project) -> dict[str, Any]:
    """The whole project (the API's answer for one)."""
    return {
        **serialize_brief(project),
        "summary": project.summary, "summary_html": project.summary_html,
        "objectives": project.objectives, "objectives_html": project.objectives_html,
        "support_types": list(project.support_types or []),
        "organizations": [{"id": o.organization.id, "slug": o.organization.slug, "name": o.organization.name,
                           "country": o.organization.country} for o in project.organizations],
        "focal_points": [user_brief(f.user) for f in project.focal_points],
        "milestones": [serialize_milestone(m) for m in project.milestones],
        "budget_lines": [serialize_budget_line(b) for b in project.budget_lines],
        "offer_thread_id": project.offer_thread_id,
        "request_thread_id": project.request_thread_id,
        "discussion_thread_id": project.discussion_thread_id,
        "experience_id": project.experience_id,
        "created_by": user_brief(project.created_by),
        "updated_at": iso(project.updated_at),
        "revision_count": project.revision_count,
    }


def serialize_status_change(change: ProjectStatusChange) -> dict[str, Any]:
    return {"from": change.from_status, "to": change.to_status, "note": change.note,
            "actor": user_brief(change.actor), "created_at": iso(change.created_at)}


def serialize_revision(line: RevisionLine) -> dict[str, Any]:
    r = line.revision
    return {"number": r.number, "action": r.action, "note": r.note, "editor": user_brief(r.editor),
            "created_at": iso(r.created_at), "changed": line.changed, "snapshot": r.snapshot}
