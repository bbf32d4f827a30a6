"""/api/v1/experiences: promotion, the library with facet counts, the record, edits, workflow, revisions."""

from flask import current_app, request
from flask_login import current_user

from forum import permissions, serializers
from forum.api.blueprint import bp
from forum.api.experience_assessment import assessment_json, validations_json
from forum.api.helpers import json_body, page_param, signed_in_user
from forum.errors import NotFound
from forum.extensions import db
from forum.services import experience_library as library
from forum.services import experience_revisions as revisions
from forum.services import experiences as service
from forum.services.experience_export import permalink, to_json
from forum.services.experience_fields import EDITABLE_FIELDS
from forum.services.threads import access_thread


def _document(experience) -> dict:
    """The export document, plus what the viewer may do next (not part of the schema'd export)."""
    return {"experience": to_json(experience, current_user), "allowed_transitions": [
        to for to in service.allowed_targets(experience.status)
        if _can_transition(experience, to)],
        "assessment": assessment_json(experience), "validations": validations_json(experience, current_user)}


def _can_transition(experience, to: str) -> bool:
    return permissions.can_transition_experience(current_user, experience, to)


def _reload(experience_id: int):
    """The experience as a write left it, loaded again (collections and orderings included) from
    the rows flushed so far in this transaction."""
    db.session.flush()
    db.session.expire_all()
    return service.access_experience(current_user, experience_id)


@bp.post("/threads/<int:thread_id>/promote")
def promote_thread(thread_id: int):
    user = signed_in_user()
    thread = access_thread(user, thread_id)
    data = json_body({"evidence_post_ids"})
    experience = service.do_promote_thread(user, thread, evidence_post_ids=data.get("evidence_post_ids", []))
    return _document(_reload(experience.id)), 201, {"Location": permalink(experience)}


@bp.get("/experiences")
def list_experiences():
    query = library.parse_query(request.args)
    result = library.search(query, page_param(), current_app.config["EXPERIENCES_PER_PAGE"])
    return {
        "items": [{
            "id": e.id, "url": permalink(e), "title": e.title, "summary": e.summary, "modality": e.modality,
            "countries": e.countries, "themes": [t.community.slug for t in e.themes], "sdg_targets": e.sdg_targets,
            "start_year": e.start_year, "end_year": e.end_year, "is_ongoing": e.is_ongoing,
            "language": e.language, "published_at": serializers.iso(e.published_at),
            "assessment_status": e.assessment_status,
        } for e in result.items],
        "page": result.page, "pages": result.pages, "total": result.total,
        "facets": {facet: [{"value": value, "count": count} for value, count in values]
                   for facet, values in result.facets.items()},
    }


@bp.get("/experiences/<int:experience_id>")
def show_experience(experience_id: int):
    return _document(service.access_experience(current_user, experience_id))


@bp.patch("/experiences/<int:experience_id>")
def update_experience(experience_id: int):
    user = signed_in_user()
    experience = service.access_experience(user, experience_id)
    data = json_body(set(EDITABLE_FIELDS))
    service.do_update_experience(user, experience, data)
    return _document(_reload(experience_id))


@bp.post("/experiences/<int:experience_id>/transition")
def transition_experience(experience_id: int):
    user = signed_in_user()
    experience = service.access_experience(user, experience_id)
    data = json_body({"to", "comment"})
    service.do_transition(user, experience, to=data.get("to"), comment=data.get("comment", ""))
    return _document(_reload(experience_id))


@bp.post("/experiences/<int:experience_id>/editors")
def add_experience_editor(experience_id: int):
    user = signed_in_user()
    experience = service.access_experience(user, experience_id)
    data = json_body({"username"})
    service.do_add_editor(user, experience, data.get("username"))
    return _document(_reload(experience_id)), 201


@bp.delete("/experiences/<int:experience_id>/editors/<int:user_id>")
def remove_experience_editor(experience_id: int, user_id: int):
    user = signed_in_user()
    experience = service.access_experience(user, experience_id)
    service.do_remove_editor(user, experience, user_id)
    return _document(_reload(experience_id))


@bp.get("/experiences/<int:experience_id>/revisions")
def experience_revisions(experience_id: int):
    experience = service.access_experience(current_user, experience_id)
    return {"items": [{
        "number": r.number, "editor": serializers.user_brief(r.editor), "created_at": serializers.iso(r.created_at),
        "snapshot": r.snapshot,
    } for r in revisions.revisions(experience)]}


@bp.get("/experiences/<int:experience_id>/revisions/compare")
def compare_experience_revisions(experience_id: int):
    """?from=&to= : the fields that differ, as side-by-side rows."""
    experience = service.access_experience(current_user, experience_id)
    if "from" not in request.args or "to" not in request.args:
        raise NotFound()
    old = revisions.revision(experience, request.args["from"])
    new = revisions.revision(experience, request.args["to"])
    return {"from": old.number, "to": new.number, "fields": [{
        "field": d.field,
        "rows": [{"kind": r.kind, "old_number": r.old_number, "old": r.old, "new_number": r.new_number, "new": r.new}
                 for r in d.rows],
    } for d in revisions.compare(old.snapshot, new.snapshot)]}
