"""Cooperation project pages: the list with its facets, proposing, the project, editing, the
status, milestones, budget lines, focal points, posting progress, documenting, the history."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from forum import permissions
from forum.errors import Conflict, ForumError, NotFound, ValidationError
from forum.extensions import db
from forum.models import Community, Project
from forum.services import project_reads as reads
from forum.services import projects as service
from forum.services.organizations import do_find_or_create_organization
from forum.services.profiles import resolve_member_names
from forum.web.forms import EmptyForm, show_error
from forum.web.helpers import page_arg, redirect_with_error
from forum.web.project_forms import (
    BudgetLineForm,
    DiscussionForm,
    FocalPointForm,
    MilestoneForm,
    ProjectForm,
    StatusForm,
)

bp = Blueprint("projects", __name__)
# What an action button's refusal is shown as, on the page it came from; refusals of permission
# (403) and missing objects (404) are answered as such.
REFUSED = (ValidationError, Conflict)


@bp.record_once
def _reference(state) -> None:
    state.app.jinja_env.globals.update(project_status_labels=reads.STATUS_LABELS,
                                       project_facet_labels=reads.FACET_LABELS,
                                       project_revision_actions=reads.REVISION_ACTIONS,
                                       project_field_label=lambda name: reads.FIELD_LABELS.get(name, name))


def _communities() -> list[Community]:
    return list(db.session.scalars(select(Community).order_by(Community.position, Community.name)))


def _show(project: Project, anchor: str = "") -> str:
    return url_for("projects.show", project_id=project.id) + anchor


# ---------- the list ----------


def list_url(args: dict[str, list[str]], *, toggle: tuple[str, str] | None = None) -> str:
    """The list's URL with a facet value added or removed (and the page back to 1)."""
    params = {key: list(values) for key, values in args.items()}
    if toggle:
        facet, value = toggle
        values = params.setdefault(facet, [])
        params[facet] = [x for x in values if x != value] if value in values else [*values, value]
    pairs = [(key, value) for key, values in params.items() for value in values if value]
    return url_for("projects.index") + ("?" + urlencode(pairs) if pairs else "")


@bp.get("/projects")
def index():
    try:
        query = reads.parse_query(request.args)
    except ValidationError as error:
        raise NotFound(error.message) from None
    result = reads.search(query, current_user, page_arg(), current_app.config.get("PROJECTS_PER_PAGE", 20))
    names = {c.slug: c.localized_name() for c in db.session.scalars(select(Community))}
    return render_template("projects/index.html", result=result, query=query, args=query.filters,
                           list_url=list_url, theme_names=names, facet_names=reads.FACET_LABELS)


# ---------- proposing and editing ----------


def _organization_ids(form: ProjectForm) -> list[int]:
    """The organizations the rows name, found or created (forum.services.organizations)."""
    return [do_find_or_create_organization(current_user, name=name, country=country).id
            for name, country in form.organization_rows()]


def _focal_point_ids(form: ProjectForm) -> list[int]:
    from forum.services.experience_fields import check_usernames

    names = resolve_member_names(current_user, form.focal_point_names(), "focal_point_ids")
    return [u.id for u in check_usernames(names, "focal_point_ids")]


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def new():
    permissions.require_write(current_user)
    permissions.require(permissions.can_create_project(current_user))
    form = ProjectForm(communities=_communities())
    if request.method == "GET":
        # The member's country offers, the next row receives: the usual shape of a proposal.
        form.countries.data = [{"code": current_user.country, "role": "offering"}, {"code": "", "role": "receiving"}]
        return render_template("projects/new.html", form=form)
    try:
        values = form.values()
        for name in ("actual_start", "actual_end"):
            values.pop(name)
        project = service.do_create_project(current_user, organization_ids=_organization_ids(form),
                                            focal_point_ids=_focal_point_ids(form), **values)
    except ForumError as error:
        if isinstance(error, ValidationError):
            form.show_error(error)
        else:
            form.form_errors.append(error.message)
        return render_template("projects/new.html", form=form), error.status
    flash(_("The project was proposed. Its focal points can now agree on it."), "success")
    return redirect(_show(project))


@bp.get("/projects/<int:project_id>")
def show(project_id: int):
    project = reads.access_project(current_user, project_id)
    targets = service.allowed_targets(project.status) \
        if permissions.can_change_project_status(current_user, project) else []
    return render_template(
        "projects/show.html", project=project, history=reads.status_history(project), today=date.today(),
        targets=targets, status_form=StatusForm(targets=targets), milestone_form=MilestoneForm(project=project),
        budget_form=BudgetLineForm(project=project), focal_point_form=FocalPointForm(),
        discussion_form=DiscussionForm(project=project), action_form=EmptyForm())


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit(project_id: int):
    project = reads.access_project(current_user, project_id)
    permissions.require(permissions.can_edit_project(current_user, project),
                        _("Only the focal points of this project and moderators can change it."))
    form = ProjectForm(communities=_communities())
    if request.method == "GET":
        form.fill(project)
        return render_template("projects/edit.html", form=form, project=project)
    try:
        changed = service.do_update_project(current_user, project, note=form.note.data or "",
                                            organization_ids=_organization_ids(form), **form.values())
    except ForumError as error:
        if isinstance(error, ValidationError):
            form.show_error(error)
        else:
            form.form_errors.append(error.message)
        return render_template("projects/edit.html", form=form, project=project), error.status
    flash(_("The project was saved.") if changed else _("Nothing changed."), "success")
    return redirect(_show(project))


# ---------- status ----------


@bp.post("/projects/<int:project_id>/status")
@login_required
def change_status(project_id: int):
    project = reads.access_project(current_user, project_id)
    form = StatusForm(targets=service.allowed_targets(project.status))
    try:
        service.do_change_project_status(current_user, project, form.to.data or "", form.note.data or "")
    except REFUSED as error:
        return redirect_with_error(_show(project, "#status-h"), error.message)
    flash(_("The project is now “%(status)s”. Its other focal points were notified.",
            status=reads.STATUS_LABELS[project.status]), "success")
    return redirect(_show(project, "#status-h"))


# ---------- milestones ----------


@bp.post("/projects/<int:project_id>/milestones")
@login_required
def add_milestone(project_id: int):
    project = reads.access_project(current_user, project_id)
    form = MilestoneForm(project=project)
    try:
        service.do_add_milestone(current_user, project, **form.values())
    except REFUSED as error:
        return redirect_with_error(_show(project, "#milestones-h"), error.message)
    flash(_("The milestone was added."), "success")
    return redirect(_show(project, "#milestones-h"))


def _milestone(project: Project, milestone_id: int) -> Any:
    return service.milestone_of(project, milestone_id)


@bp.route("/projects/<int:project_id>/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
@login_required
def edit_milestone(project_id: int, milestone_id: int):
    project = reads.access_project(current_user, project_id)
    milestone = _milestone(project, milestone_id)
    permissions.require(permissions.can_manage_project_milestones(current_user, project),
                        _("Only the focal points of this project and moderators can change its milestones."))
    form = MilestoneForm(project=project)
    if request.method == "GET":
        form.fill(milestone)
        return render_template("projects/milestone.html", form=form, project=project, milestone=milestone)
    try:
        service.do_update_milestone(current_user, project, milestone, **form.values())
    except ForumError as error:
        if isinstance(error, ValidationError):
            show_error(form, error)
        else:
            form.form_errors.append(error.message)
        return render_template("projects/milestone.html", form=form, project=project,
                               milestone=milestone), error.status
    flash(_("The milestone was saved."), "success")
    return redirect(_show(project, "#milestones-h"))


@bp.post("/projects/<int:project_id>/milestones/<int:milestone_id>/done")
@login_required
def milestone_done(project_id: int, milestone_id: int):
    project = reads.access_project(current_user, project_id)
    milestone = _milestone(project, milestone_id)
    EmptyForm()  # CSRF is checked for every POST by CSRFProtect
    try:
        service.do_mark_milestone_done(current_user, project, milestone)
    except REFUSED as error:
        return redirect_with_error(_show(project, "#milestones-h"), error.message)
    flash(_("The milestone was marked done."), "success")
    return redirect(_show(project, "#milestones-h"))


@bp.post("/projects/<int:project_id>/milestones/<int:milestone_id>/delete")
@login_required
def delete_milestone(project_id: int, milestone_id: int):
    project = reads.access_project(current_user, project_id)
    milestone = _milestone(project, milestone_id)
    try:
        service.do_delete_milestone(current_user, project, milestone)
    except REFUSED as error:
        return redirect_with_error(_show(project, "#milestones-h"), error.message)
    flash(_("The milestone was deleted."), "success")
    return redirect(_show(project, "#milestones-h"))


# ---------- budget ----------


@bp.post("/projects/<int:project_id>/budget")
@login_required
def add_budget_line(project_id: int):
    project = reads.access_project(current_user, project_id)
    form = BudgetLineForm(project=project)
    try:
        service.do_add_budget_line(current_user, project, country=form.country.data or "",
                                   amount=form.amount.data or "", currency=form.currency.data or "",
                                   in_kind=bool(form.in_kind.data), description=form.description.data or "")
    except REFUSED as error:
        return redirect_with_error(_show(project, "#budget-h"), error.message)
    flash(_("The budget line was added."), "success")
    return redirect(_show(project, "#budget-h"))


@bp.post("/projects/<int:project_id>/budget/<int:line_id>/delete")
@login_required
def delete_budget_line(project_id: int, line_id: int):
    project = reads.access_project(current_user, project_id)
    try:
        service.do_remove_budget_line(current_user, project, line_id)
    except REFUSED as error:
        return redirect_with_error(_show(project, "#budget-h"), error.message)
    flash(_("The budget line was removed."), "success")
    return redirect(_show(project, "#budget-h"))


# ---------- focal points ----------


@bp.post("/projects/<int:project_id>/focal-points")
@login_required
def add_focal_point(project_id: int):
    project = reads.access_project(current_user, project_id)
    form = FocalPointForm()
    try:
        names = resolve_member_names(current_user, [form.username.data or ""], "username")  # a name works too
        user = service.do_add_focal_point(current_user, project, names[0] if names else "")
    except REFUSED as error:
        return redirect_with_error(_show(project, "#focal-points-h"), error.message)
    flash(_("%(name)s is now a focal point of this project.", name=user.display_name), "success")
    return redirect(_show(project, "#focal-points-h"))


@bp.post("/projects/<int:project_id>/focal-points/<int:user_id>/delete")
@login_required
def remove_focal_point(project_id: int, user_id: int):
    project = reads.access_project(current_user, project_id)
    try:
        service.do_remove_focal_point(current_user, project, user_id)
    except REFUSED as error:
        return redirect_with_error(_show(project, "#focal-points-h"), error.message)
    flash(_("The focal point was removed."), "success")
    return redirect(_show(project, "#focal-points-h"))


# ---------- progress and knowledge ----------


@bp.post("/projects/<int:project_id>/discussion")
@login_required
def start_discussion(project_id: int):
    project = reads.access_project(current_user, project_id)
    form = DiscussionForm(project=project)
    try:
        thread = service.do_start_project_discussion(current_user, project, community=form.community.data or "")
    except REFUSED as error:
        return redirect_with_error(_show(project, "#progress-h"), error.message)
    flash(_("The discussion was opened: post the project's progress there."), "success")
    return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug))


@bp.post("/projects/<int:project_id>/document")
@login_required
def document(project_id: int):
    project = reads.access_project(current_user, project_id)
    EmptyForm()  # CSRF is checked for every POST by CSRFProtect
    try:
        experience = service.do_document_project(current_user, project)
    except REFUSED as error:
        return redirect_with_error(_show(project, "#progress-h"), error.message)
    flash(_("A draft experience was created from the project. Complete it, then send it for review."), "success")
    return redirect(url_for("experiences.edit", experience_id=experience.id))


# ---------- history ----------


@bp.get("/projects/<int:project_id>/history")
def history(project_id: int):
    project = reads.access_project(current_user, project_id)
    lines, pages = reads.revisions_page(project, page_arg(), current_app.config.get("PROJECT_REVISIONS_PER_PAGE", 25))
    return render_template("projects/history.html", project=project, lines=lines, page=page_arg(), pages=pages)
