"""Cooperation projects: creating, editing, the status machine, milestones, budget lines, focal
points, the discussion where progress is posted, and documenting a completed project.

The status machine (each step needs a note; completed and cancelled are final):

    proposed -> agreed -> in_progress -> completed
        \\           \\            \\
         `-----------`------------`--> cancelled

A project becomes `agreed` only when each of its countries has a focal point. Starting it
(`in_progress`) sets its actual start to today when none was given; completing it sets its
actual end likewise. Each step is kept in `project_status_changes` and in the audit log, and the
other focal points are notified.

Every change keeps a revision (a JSON snapshot of the whole project, its editor, a note and the
kind of change) and rewrites the project's facet rows. Reads live in `project_reads.py`; the
validators in `project_fields.py`. Who may do what: forum/permissions.py.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from slugify import slugify
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import selectinload

from forum import content, links, permissions
from forum.errors import NotFound, ValidationError
from forum.extensions import db
from forum.i18n import country_name
from forum.models import (
    Community,
    Experience,
    Organization,
    Project,
    ProjectBudgetLine,
    ProjectCountry,
    ProjectFacet,
    ProjectFocalPoint,
    ProjectMilestone,
    ProjectOrganization,
    ProjectRevision,
    ProjectStatusChange,
    Thread,
    User,
    utcnow,
)
from forum.services import audit
from forum.services import experience_fields as ef
from forum.services import project_fields as pf
from forum.services import validation as v
from forum.services.notifications import notify_many
from forum.services.project_reads import STATUS_LABELS

# to -> the statuses it may be reached from.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "agreed": ("proposed",),
    "in_progress": ("agreed",),
    "completed": ("in_progress",),
    "cancelled": ("proposed", "agreed", "in_progress"),
}
REMINDER_DAYS = 7
# Years a period may cover in the facets (a typo such as 2024-2099 stays bounded).
MAX_FACET_YEARS = 30


def allowed_targets(status: str) -> list[str]:
    return [to for to, sources in TRANSITIONS.items() if status in sources]


# ---------- snapshots, revisions, facets ----------


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def snapshot(project: Project) -> dict[str, Any]:
    """The whole project as plain JSON: what a revision keeps and what the history compares."""
    return {
        "title": project.title,
        "summary": project.summary,
        "objectives": project.objectives,
        "modality": project.modality,
        "support_types": list(project.support_types or []),
        "status": project.status,
        "countries": [{"code": c.country, "role": c.role} for c in project.countries],
        "themes": [c.slug for c in project.themes],
        "organizations": [{"id": o.organization_id, "name": o.organization.name, "country": o.organization.country}
                          for o in project.organizations],
        "focal_points": [f.user.username for f in project.focal_points],
        **{name: _iso(getattr(project, name)) for name in pf.DATE_FIELDS},
        **{name: getattr(project, name) for name in pf.THREAD_FIELDS},
        "experience_id": project.experience_id,
        "milestones": [{"id": m.id, "title": m.title, "due_date": _iso(m.due_date), "done_date": _iso(m.done_date),
                        "responsible_country": m.responsible_country} for m in project.milestones],
        "budget_lines": [{"id": b.id, "country": b.country, "amount": None if b.amount is None else str(b.amount),
                          "currency": b.currency, "in_kind": b.in_kind, "description": b.description}
                         for b in project.budget_lines],
    }


def _record(project: Project, editor: User | None, action: str, note: str = "",
            now: datetime | None = None) -> ProjectRevision:
    """After any change: a revision, the facets rewritten, the time of the change."""
    now = now or utcnow()
    db.session.flush()
    project.updated_at = now
    project.revision_count = (project.revision_count or 0) + 1
    revision = ProjectRevision(project_id=project.id, number=project.revision_count,
                               editor_id=editor.id if editor else None, action=action, note=note,
                               snapshot=snapshot(project), created_at=now)
    db.session.add(revision)
    _refresh_facets(project)
    return revision


def period(project: Project) -> tuple[date | None, date | None]:
    """The actual dates where known, else the planned ones."""
    return project.actual_start or project.planned_start, project.actual_end or project.planned_end


def _years(project: Project) -> list[int]:
    start, end = period(project)
    if start is None:
        return [end.year] if end else []
    if end is None:
        end = date.today() if project.status == "in_progress" and date.today() > start else start
    last = min(max(end.year, start.year), start.year + MAX_FACET_YEARS - 1)
    return list(range(start.year, last + 1))


def facet_rows(project: Project) -> set[tuple[str, str]]:
    rows = {("country", c.country) for c in project.countries}
    rows |= {("role", c.role) for c in project.countries}
    rows |= {("theme", c.slug) for c in project.themes}
    rows.add(("status", project.status))
    if project.modality:
        rows.add(("modality", project.modality))
    rows |= {("year", str(year)) for year in _years(project)}
    return rows


def _refresh_facets(project: Project) -> None:
    db.session.execute(delete(ProjectFacet).where(ProjectFacet.project_id == project.id))
    rows = [{"project_id": project.id, "facet": facet, "value": value}
            for facet, value in sorted(facet_rows(project))]
    if rows:
        db.session.execute(insert(ProjectFacet), rows)


# ---------- applying checked values ----------


def _set_countries(project: Project, countries: list[dict[str, str]]) -> None:
    wanted = {c["code"]: (index, c["role"]) for index, c in enumerate(countries)}
    for row in list(project.countries):
        if row.country not in wanted:
            project.countries.remove(row)
        else:
            row.position, row.role = wanted.pop(row.country)
    for code, (position, role) in wanted.items():
        project.countries.append(ProjectCountry(country=code, role=role, position=position))
    project.countries.sort(key=lambda c: c.position)


def _set_organizations(project: Project, organizations: list[Organization]) -> None:
    wanted = {o.id: index for index, o in enumerate(organizations)}
    for row in list(project.organizations):
        if row.organization_id not in wanted:
            project.organizations.remove(row)
        else:
            row.position = wanted.pop(row.organization_id)
    by_id = {o.id: o for o in organizations}
    for organization_id, position in wanted.items():
        row = ProjectOrganization(organization_id=organization_id, position=position)
        row.organization = by_id[organization_id]
        project.organizations.append(row)
    project.organizations.sort(key=lambda o: o.position)


def _apply(project: Project, values: dict[str, Any]) -> None:
    for name in ("title", "modality", "support_types", *pf.DATE_FIELDS, *pf.THREAD_FIELDS):
        if name in values:
            setattr(project, name, values[name])
    if "title" in values:
        project.slug = slugify(values["title"], max_length=80, word_boundary=True) or "project"
    for name in ("summary", "objectives"):
        if name in values:
            setattr(project, name, values[name])
            setattr(project, f"{name}_html", content.render(values[name]) if values[name] else "")
    if "themes" in values:
        project.themes = list(values["themes"])
    if "countries" in values:
        _set_countries(project, values["countries"])
    if "organization_ids" in values:
        _set_organizations(project, values["organization_ids"])


def _check_countries_still_used(project: Project, countries: list[dict[str, str]]) -> None:
    """A country leaves the project only once nothing of the project is its own."""
    kept = {c["code"] for c in countries}
    used = [f.user.country for f in project.focal_points] + [m.responsible_country for m in project.milestones] \
        + [b.country for b in project.budget_lines]
    for code in used:
        if code not in kept:
            raise ValidationError("countries", _("%(country)s still has focal points, milestones or budget lines in "
                                                 "this project: move or remove them first.",
                                                 country=country_name(code)), code="country_in_use")


# ---------- creating and editing ----------


def do_create_project(actor: User, *, title: object, summary: object = "", countries: object,
                      organization_ids: Iterable[int] = (), focal_point_ids: Iterable[int] = (),
                      modality: object = None, themes: Iterable[Any] = (), support_types: Iterable[str] = (),
                      objectives: object = "", planned_start: object = None, planned_end: object = None,
                      offer_thread_id: object = None, request_thread_id: object = None,
                      discussion_thread_id: object = None) -> Project:
    """A proposed project; its creator becomes its first focal point (so the creator's country
    must be one of its countries), `focal_point_ids` the others.

    `countries`: [{"code": "BR", "role": "offering"}, ...] or [("BR", "offering"), ...];
    `themes`: community slugs or communities.
    """
    permissions.require_write(actor)
    permissions.require(permissions.can_create_project(actor))
    # Lists are checked as given (a tuple is a list too): a number where a list belongs is refused.
    data = {"title": title, "summary": summary, "countries": countries, "organization_ids": organization_ids,
            "modality": modality, "themes": themes, "support_types": support_types,
            "objectives": objectives, "planned_start": planned_start, "planned_end": planned_end,
            "offer_thread_id": offer_thread_id, "request_thread_id": request_thread_id,
            "discussion_thread_id": discussion_thread_id}
    values = pf.check_fields(data, {})
    codes = [c["code"] for c in values["countries"]]
    if actor.country not in codes:
        raise ValidationError("countries", _("Your country (%(country)s) must be one of the project's countries: you "
                                             "become its first focal point.", country=country_name(actor.country)),
                              code="creator_country_not_in_project")
    others = [u for u in pf.check_focal_points(focal_point_ids, codes) if u.id != actor.id]
    now = utcnow()
    project = Project(status="proposed", title="", slug="", summary="", summary_html="", objectives="",
                      objectives_html="", support_types=[], created_by_id=actor.id, revision_count=0,
                      created_at=now, updated_at=now)
    project.countries, project.organizations, project.focal_points, project.milestones = [], [], [], []
    project.budget_lines, project.themes = [], []
    _apply(project, values)
    db.session.add(project)
    db.session.flush()
    for user in (actor, *others):
        _add_focal_point_row(project, user, actor, now)
    db.session.add(ProjectStatusChange(project_id=project.id, actor_id=actor.id, from_status=None,
                                       to_status="proposed", note="", created_at=now))
    _record(project, actor, "created", now=now)
    if others:
        notify_many({u.id: "project_focal_point" for u in others}, actor=actor, project=project)
    return project


def do_update_project(actor: User, project: Project, *, note: object = "", **fields: Any) -> bool:
    """Change the given fields (names as in `project_fields.EDITABLE_FIELDS`); returns whether
    anything changed (then a revision is kept, with the note)."""
    permissions.require_write(actor)
    permissions.require(permissions.can_edit_project(actor, project),
                        _("Only the focal points of this project and moderators can change it."))
    note_text = pf.check_note(note, required=False)
    before = snapshot(project)
    values = pf.check_fields(fields, before)
    if "countries" in values:
        _check_countries_still_used(project, values["countries"])
    _apply(project, values)
    if snapshot(project) == before:
        return False
    _record(project, actor, "edited", note_text)
    return True


# ---------- the status machine ----------


def do_change_project_status(actor: User, project: Project, to: object, note: object) -> ProjectStatusChange:
    permissions.require_write(actor)
    permissions.require(permissions.can_change_project_status(actor, project),
                        _("Only the focal points of this project and moderators can change its status."))
    target = v.check_text(to, "to").strip()
    if project.status not in TRANSITIONS.get(target, ()):
        raise ValidationError("to", _("A project cannot go from “%(from)s” to “%(to)s”.",
                                      **{"from": STATUS_LABELS[project.status],
                                         "to": STATUS_LABELS.get(target, target[:20] or "—")}),
                              code="transition_not_allowed")
    text = pf.check_note(note)
    if target == "agreed":
        _check_every_country_has_a_focal_point(project)
    today = date.today()
    if target == "in_progress" and project.actual_start is None:
        project.actual_start = today
    if target == "completed" and project.actual_end is None:
        project.actual_end = max(today, project.actual_start) if project.actual_start else today
    now = utcnow()
    change = ProjectStatusChange(project_id=project.id, actor_id=actor.id, from_status=project.status,
                                 to_status=target, note=text, created_at=now)
    db.session.add(change)
    audit.record(actor, f"project.{target}", "project", project.id, reason=text[:500],
                 details={"from": project.status, "to": target, "title": project.title})
    project.status = target
    _record(project, actor, "status", text, now)
    notify_many(dict.fromkeys(sorted(project.focal_point_ids), "project_status"), actor=actor,
                project=project, message=text)
    return change


def _check_every_country_has_a_focal_point(project: Project) -> None:
    covered = {f.user.country for f in project.focal_points}
    for row in project.countries:
        if row.country not in covered:
            raise ValidationError("to", _("%(country)s has no focal point yet: add one before the project is agreed.",
                                          country=country_name(row.country)), code="missing_focal_point")


# ---------- focal points ----------


def _add_focal_point_row(project: Project, user: User, actor: User, now: datetime) -> None:
    row = ProjectFocalPoint(user_id=user.id, added_by_id=actor.id, added_at=now)
    row.user = user
    project.focal_points.append(row)


def do_add_focal_point(actor: User, project: Project, username: object) -> User:
    """A member from one of the project's countries becomes a focal point (and is told)."""
    permissions.require_write(actor)
    permissions.require(permissions.can_manage_project_focal_points(actor, project),
                        _("Only the focal points of this project and moderators can add focal points."))
    text = v.check_text(username, "username").strip().lstrip("@")
    if not text:
        raise ValidationError("username", _("Give the username of a member."), code="required")
    (user,) = ef.check_usernames([text], "username")
    if user.id in project.focal_point_ids:
        raise ValidationError("username", _("%(name)s is already a focal point.", name=user.username),
                              code="already_focal_point")
    pf.check_focal_point_country(user, project.country_codes, "username")
    if len(project.focal_points) >= pf.MAX_ITEMS:
        raise ValidationError("username", _("Give at most %(n)d values.", n=pf.MAX_ITEMS), code="too_long")
    _add_focal_point_row(project, user, actor, utcnow())
    _record(project, actor, "focal_points")
    notify_many({user.id: "project_focal_point"}, actor=actor, project=project)
    return user


def do_remove_focal_point(actor: User, project: Project, user_id: int) -> None:
    """A project keeps at least one focal point, and once agreed, one for each country."""
    permissions.require_write(actor)
    permissions.require(permissions.can_manage_project_focal_points(actor, project),
                        _("Only the focal points of this project and moderators can remove focal points."))
    row = next((f for f in project.focal_points if f.user_id == user_id), None)
    if row is None:
        raise NotFound()
    rest = [f for f in project.focal_points if f is not row]
    if not rest:
        raise ValidationError("username", _("A project keeps at least one focal point."), code="last_focal_point")
    if project.status != "proposed" and row.user.country in project.country_codes \
            and all(f.user.country != row.user.country for f in rest):
        raise ValidationError("username", _("%(name)s is the last focal point for %(country)s.",
                                            name=row.user.display_name, country=country_name(row.user.country)),
                              code="last_focal_point_of_country")
    project.focal_points.remove(row)
    _record(project, actor, "focal_points")


# ---------- milestones ----------


def milestone_of(project: Project, milestone_id: int) -> ProjectMilestone:
    found = next((m for m in project.milestones if m.id == milestone_id), None)
    if found is None:
        raise NotFound()
    return found


def _require_milestones(actor: User, project: Project) -> None:
    permissions.require_write(actor)
    permissions.require(permissions.can_manage_project_milestones(actor, project),
                        _("Only the focal points of this project and moderators can change its milestones."))


def do_add_milestone(actor: User, project: Project, *, title: object, due_date: object,
                     responsible_country: object, done_date: object = None) -> ProjectMilestone:
    _require_milestones(actor, project)
    now = utcnow()
    milestone = ProjectMilestone(
        title=pf.check_milestone_title(title), due_date=pf.check_required_date(due_date, "due_date"),
        responsible_country=pf.check_project_country(responsible_country, project.country_codes,
                                                     "responsible_country"),
        done_date=pf.check_date(done_date, "done_date"), created_at=now, updated_at=now)
    if len(project.milestones) >= 200:
        raise ValidationError("title", _("Give at most %(n)d values.", n=200), code="too_long")
    project.milestones.append(milestone)
    _record(project, actor, "milestone", now=now)
    return milestone


MILESTONE_FIELDS = ("title", "due_date", "responsible_country", "done_date")


def do_update_milestone(actor: User, project: Project, milestone: ProjectMilestone, **fields: Any) -> bool:
    """Change the given fields; a new due date means a new reminder."""
    _require_milestones(actor, project)
    unknown = sorted(set(fields) - set(MILESTONE_FIELDS))
    if unknown:
        raise ValidationError(unknown[0], _("Unknown field: %(name)s.", name=unknown[0]), code="unknown_field")
    values: dict[str, Any] = {}
    if "title" in fields:
        values["title"] = pf.check_milestone_title(fields["title"])
    if "due_date" in fields:
        values["due_date"] = pf.check_required_date(fields["due_date"], "due_date")
    if "responsible_country" in fields:
        values["responsible_country"] = pf.check_project_country(fields["responsible_country"],
                                                                 project.country_codes, "responsible_country")
    if "done_date" in fields:
        values["done_date"] = pf.check_date(fields["done_date"], "done_date")
    changed = {name: value for name, value in values.items() if getattr(milestone, name) != value}
    if not changed:
        return False
    if "due_date" in changed:
        milestone.reminded_at = None
    for name, value in changed.items():
        setattr(milestone, name, value)
    milestone.updated_at = utcnow()
    _record(project, actor, "milestone")
    return True


def do_mark_milestone_done(actor: User, project: Project, milestone: ProjectMilestone,
                           done_date: object = None) -> ProjectMilestone:
    """Done on `done_date` (today when not given)."""
    _require_milestones(actor, project)
    milestone.done_date = pf.check_date(done_date, "done_date") or date.today()
    milestone.updated_at = utcnow()
    _record(project, actor, "milestone")
    return milestone


def do_delete_milestone(actor: User, project: Project, milestone: ProjectMilestone) -> None:
    _require_milestones(actor, project)
    project.milestones.remove(milestone)
    _record(project, actor, "milestone")


# ---------- budget lines ----------


def do_add_budget_line(actor: User, project: Project, *, country: object, amount: object = None,
                       currency: object = None, in_kind: object = False, description: object = "") -> ProjectBudgetLine:
    """What one country brings: an amount in an ISO 4217 currency, or (in_kind) a contribution in
    kind, which needs a description."""
    permissions.require_write(actor)
    permissions.require(permissions.can_manage_project_budget(actor, project),
                        _("Only the focal points of this project and moderators can change its budget."))
    code = pf.check_project_country(country, project.country_codes, "country")
    kind = v.check_bool(in_kind, "in_kind")
    if kind:
        given = amount not in (None, "") or currency not in (None, "")
        if given:
            raise ValidationError("amount", _("A contribution in kind has no amount: describe it instead."),
                                  code="in_kind_with_amount")
        line = ProjectBudgetLine(country=code, in_kind=True, amount_cents=None, currency=None,
                                 description=pf.check_budget_description(description, required=True))
    else:
        value = pf.check_amount(amount)
        line = ProjectBudgetLine(country=code, in_kind=False, amount_cents=int(value * 100),
                                 currency=pf.check_currency(currency),
                                 description=pf.check_budget_description(description))
    if len(project.budget_lines) >= 100:
        raise ValidationError("country", _("Give at most %(n)d values.", n=100), code="too_long")
    line.created_at = utcnow()
    project.budget_lines.append(line)
    _record(project, actor, "budget")
    return line


def do_remove_budget_line(actor: User, project: Project, line_id: int) -> None:
    permissions.require_write(actor)
    permissions.require(permissions.can_manage_project_budget(actor, project),
                        _("Only the focal points of this project and moderators can change its budget."))
    line = next((b for b in project.budget_lines if b.id == line_id), None)
    if line is None:
        raise NotFound()
    project.budget_lines.remove(line)
    _record(project, actor, "budget")


# ---------- posting progress ----------


def do_start_project_discussion(actor: User, project: Project, *, community: object = None) -> Thread:
    """Open the thread where progress is posted, in a community of the project's themes (the first
    one unless `community`, a slug, names another)."""
    from forum.services.threads import do_create_thread

    permissions.require_write(actor)
    permissions.require(permissions.can_start_project_discussion(actor, project),
                        _("Only the focal points of an agreed project and moderators can open its discussion."))
    if not project.themes:
        raise ValidationError("community", _("Choose a theme first: the discussion starts in its community."),
                              code="no_theme")
    slug = v.check_text(community, "community").strip()
    chosen: Community | None = project.themes[0] if not slug else next(
        (c for c in project.themes if c.slug == slug), None)
    if chosen is None:
        raise ValidationError("community", _("Choose one of the project's themes."), code="not_a_theme")
    link = links.path("projects.show", project_id=project.id)
    body = _("Progress of the cooperation project [%(title)s](%(link)s) is posted in this thread.",
             title=project.title.replace("[", "(").replace("]", ")"), link=link)
    if project.summary:
        body = f"{body}\n\n{project.summary}"
    thread = do_create_thread(actor, chosen, title=project.title, body=body, kind="discussion")
    project.discussion_thread_id = thread.id
    project.discussion_thread = thread
    _record(project, actor, "linked")
    return thread


# ---------- from results to knowledge ----------


def experience_values(project: Project) -> dict[str, Any]:
    """What a documented experience takes from the project (the fields of experience_fields)."""
    start, end = period(project)
    done = [m for m in project.milestones if m.done_date is not None]
    results = "\n".join(f"- {m.title} ({m.done_date.isoformat()})" for m in done)
    return {
        "title": project.title,
        "summary": content.plain_text(project.summary_html, ef.SUMMARY_MAX) if project.summary_html else "",
        "modality": project.modality or "",
        "countries": [{"code": c.country, "role": c.role} for c in project.countries],
        "partner_organizations": [o.organization.name for o in project.organizations],
        "themes": [c.slug for c in project.themes],
        "start_year": start.year if start else None, "start_month": start.month if start else None,
        "end_year": end.year if end and start else None, "end_month": end.month if end and start else None,
        "is_ongoing": False,
        "context": project.summary,
        "objectives": project.objectives,
        "results": results,
    }


def do_document_project(actor: User, project: Project) -> Experience:
    """A completed project becomes a draft experience in one step: its discussion thread (opened
    now when it has none) is promoted, pre-filled from the project, and both are linked. The
    other focal points become editors of the draft."""
    from forum.services import experiences

    permissions.require_write(actor)
    permissions.require(permissions.can_document_project(actor, project),
                        _("Only the focal points of a completed project and moderators can document it."))
    thread = project.discussion_thread
    if thread is None or thread.is_deleted:
        project.discussion_thread_id = None
        thread = do_start_project_discussion(actor, project)
    experience = experiences.do_promote_project_thread(actor, project, thread, experience_values(project))
    project.experience_id = experience.id
    _record(project, actor, "linked")
    for focal_point in project.focal_points:
        if focal_point.user_id != actor.id and not focal_point.user.is_deactivated:
            experiences.do_add_editor(actor, experience, focal_point.user.username)
    return experience


# ---------- reminders ----------


def do_send_milestone_reminders(today: date | None = None) -> int:
    """Tell the focal points of agreed and in-progress projects about each open milestone due
    within REMINDER_DAYS, once per milestone (`reminded_at`). Returns how many milestones."""
    today = today or date.today()
    due = list(db.session.scalars(
        select(ProjectMilestone).join(Project, Project.id == ProjectMilestone.project_id)
        .options(selectinload(ProjectMilestone.project).selectinload(Project.focal_points))
        .where(ProjectMilestone.done_date.is_(None), ProjectMilestone.reminded_at.is_(None),
               ProjectMilestone.due_date >= today, ProjectMilestone.due_date <= today + timedelta(days=REMINDER_DAYS),
               Project.status.in_(("agreed", "in_progress")))
        .order_by(ProjectMilestone.due_date, ProjectMilestone.id)))
    now = utcnow()
    for milestone in due:
        project = milestone.project
        notify_many({f.user_id: "project_milestone" for f in project.focal_points}, project=project,
                    message=f"{milestone.title} ({milestone.due_date.isoformat()})")
        milestone.reminded_at = now
    db.session.flush()
    return len(due)
