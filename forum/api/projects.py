"""/api/v1/projects: the list with facets, one project, creating, editing, the status, milestones,
budget lines, focal points, the discussion, documenting, the history (see docs/projects.md)."""

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from forum import permissions
from forum.api.blueprint import bp
from forum.api.helpers import json_body, page_param, signed_in_user
from forum.errors import ValidationError
from forum.extensions import db
from forum.services import project_fields as pf
from forum.services import project_reads as reads
from forum.services import projects as service
from forum.services.organizations import do_find_or_create_organization

CREATE_FIELDS = {"title", "summary", "countries", "organization_ids", "organizations", "focal_point_ids", "modality",
                 "themes", "support_types", "objectives", "planned_start", "planned_end", "offer_thread_id",
                 "request_thread_id", "discussion_thread_id"}


def _document(project) -> dict:
    """The project, with what the reader may do next."""
    user = current_user
    return {"project": reads.serialize(project),
            "status_history": [reads.serialize_status_change(c) for c in reads.status_history(project)],
            "allowed_transitions": service.allowed_targets(project.status)
            if permissions.can_change_project_status(user, project) else [],
            "can_edit": permissions.can_edit_project(user, project)}


def _reload(project_id: int):
    """The project as a write left it, loaded again from the rows flushed so far."""
    db.session.flush()
    db.session.expire_all()
    return reads.access_project(current_user, project_id)


def _organizations(user, data: dict) -> list:
    """`organization_ids`, then `organizations` ([{"name", "country"}]) found or created."""
    ids = list(pf.check_list(data.get("organization_ids"), "organization_ids"))
    for item in pf.check_list(data.get("organizations"), "organizations"):
        if not isinstance(item, dict):
            raise ValidationError("organizations", _("Give each organization as a name and a country."),
                                  code="wrong_type")
        ids.append(do_find_or_create_organization(user, name=item.get("name"), country=item.get("country"),
                                                  type=item.get("type") or "other").id)
    return ids


@bp.get("/projects")
def list_projects():
    query = reads.parse_query(request.args)
    result = reads.search(query, current_user, page_param(), current_app.config.get("PROJECTS_PER_PAGE", 20))
    return {"items": [reads.serialize_brief(p) for p in result.items], "page": result.page,
            "pages": result.pages, "total": result.total, "filters": query.filters,
            "facets": {facet: [{"value": value, "count": count} for value, count in values]
                       for facet, values in result.facets.items()}}


@bp.post("/projects")
def create_project():
    user = signed_in_user()
    data = json_body(CREATE_FIELDS)
    fields = {name: data[name] for name in CREATE_FIELDS - {"organization_ids", "organizations", "focal_point_ids"}
              if name in data}
    fields.setdefault("title", None)  # required: refused by the service, naming the field
    fields.setdefault("countries", None)
    project = service.do_create_project(user, organization_ids=_organizations(user, data),
                                        focal_point_ids=pf.check_list(data.get("focal_point_ids"), "focal_point_ids"),
                                        **fields)
    return _document(_reload(project.id)), 201, {"Location": f"/api/v1/projects/{project.id}"}


@bp.get("/projects/<int:project_id>")
def show_project(project_id: int):
    return _document(reads.access_project(current_user, project_id))


@bp.patch("/projects/<int:project_id>")
def update_project(project_id: int):
    """Only the fields it names; `note` is kept with the revision."""
    user = signed_in_user()
    project = reads.access_project(user, project_id)
    data = json_body(pf.EDITABLE_FIELDS | {"note", "organizations"})
    note = data.pop("note", "")
    if "organizations" in data or "organization_ids" in data:
        data["organization_ids"] = _organizations(user, data)
        data.pop("organizations", None)
    changed = service.do_update_project(user, project, note=note, **data)
    return {**_document(_reload(project_id)), "changed": changed}


@bp.post("/projects/<int:project_id>/status")
def change_project_status(project_id: int):
    user = signed_in_user()
    project = reads.access_project(user, project_id)
    data = json_body({"to", "note"})
    service.do_change_project_status(user, project, data.get("to"), data.get("note"))
    return _document(_reload(project_id))


@bp.get("/projects/<int:project_id>/revisions")
def project_revisions(project_id: int):
    project = reads.access_project(current_user, project_id)
    page = page_param()
    lines, pages = reads.revisions_page(project, page, current_app.config.get("PROJECT_REVISIONS_PER_PAGE", 25))
    return {"items": [reads.serialize_revision(line) for line in lines], "page": page, "pages": pages,
            "total": project.revision_count}


# ---------- milestones ----------

MILESTONE_FIELDS = set(service.MILESTONE_FIELDS)


@bp.get("/projects/<int:project_id>/milestones")
def list_milestones(project_id: int):
    project = reads.access_project(current_user, project_id)
    return {"items": [reads.serialize_milestone(m) for m in project.milestones]}


@bp.post("/projects/<int:project_id>/milestones")
def create_milestone(project_id: int):
    user = signed_in_user()
    project = reads.access_project(user, project_id)
    data = json_body(MILESTONE_FIELDS)
    milestone = service.do_add_milestone(user, project, title=data.get("title"), due_date=data.get("due_date"),
                                         responsible_country=data.get("responsible_country"),
                                         done_date=data.get("done_date"))
    return {"milestone": reads.serialize_milestone(milestone)}, 201


@bp.get("/projects/<int:project_id>/milestones/<int:milestone_id>")
def show_milestone(project_id: int, milestone_id: int):
    project = reads.access_project(current_user, project_id)
    return {"milestone": reads.serialize_milestone(service.milestone_of(project, milestone_id))}


@bp.patch("/projects/<int:project_id>/milestones/<int:milestone_id>")
def update_milestone(project_id: int, milestone_id: int):
    """Only the fields it names; `done_date` marks it done (null: not done)."""
    user = signed_in_user()
    project = reads.access_project(user, project_id)
    milestone = service.milestone_of(project, milestone_id)
    data = json_body(MILESTONE_FIELDS)
    service.do_update_milestone(user, project, milestone, **data)
    return {"milestone": reads.serialize_milestone(milestone)}


@bp.delete("/projects/<int:project_id>/milestones/<int:milestone_id>")
def delete_milestone(project_id: int, milestone_id: int):
    user = signed_in_user()
    project = reads.access_project(user, project_id)
    service.do_delete_milestone(user, project, service.milestone_of(project, milestone_id))
    return "", 204


# ---------- budget lines and focal points ----------


@bp.post("/projects/<int:project_id>/budget")
def create_budget_line(project_id: int):
    user = signed_in_user()
    project = reads.access_project(user, project_id)
    data = json_body({"country", "amount", "currency", "in_kind", "description"})
    line = service.do_add_budget_line(user, project, country=data.get("country"), amount=data.get("amount"),
                                      currency=data.get("currency"), in_kind=data.get("in_kind", False),
                                      description=data.get("description", ""))
    return {"budget_line": reads.serialize_budget_line(line)}, 201


@bp.delete("/projects/<int:project_id>/budget/<int:line_id>")
def delete_budget_line(project_id: int, line_id: int):
    user = signed_in_user()
    project = reads.access_project(user, project_id)
    service.do_remove_budget_line(user, project, line_id)
    return "", 204


@bp.post("/projects/<int:project_id>/focal-points")
def add_focal_point(project_id: int):
    user = signed_in_user()
    project = reads.access_project(user, project_id)
    data = json_body({"username"})
    service.do_add_focal_point(user, project, data.get("username"))
    return _document(_reload(project_id)), 201


@bp.delete("/projects/<int:project_id>/focal-points/<int:user_id>")
def remove_focal_point(project_id: int, user_id: int):
    user = signed_in_user()
    project = reads.access_project(user, project_id)
    service.do_remove_focal_point(user, project, user_id)
    return "", 204


# ---------- progress and knowledge ----------


@bp.post("/projects/<int:project_id>/discussion")
def start_discussion(project_id: int):
    user = signed_in_user()
    project = reads.access_project(user, project_id)
    data = json_body({"community"})
    thread = service.do_start_project_discussion(user, project, community=data.get("community"))
    return {"thread_id": thread.id, "project": reads.serialize(_reload(project_id))}, 201


@bp.post("/projects/<int:project_id>/experience")
def document_project(project_id: int):
    user = signed_in_user()
    project = reads.access_project(user, project_id)
    json_body(set())
    experience = service.do_document_project(user, project)
    return {"experience_id": experience.id, "project": reads.serialize(_reload(project_id))}, 201
