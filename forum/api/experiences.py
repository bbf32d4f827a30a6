"""/api/v1/experiences: promotion, the library with facet counts, the record, edits, workflow, revisions."""

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from forum import permissions, serializers
from forum.api.blueprint import bp
from forum.api.experience_assessment import assessment_json, validations_json
from forum.api.experience_translations import read_language, translations_of
from forum.api.helpers import json_body, page_param, paginated, signed_in_user
from forum.errors import NotFound
from forum.extensions import db
from forum.services import experience_assessment
from forum.services import experience_library as library
from forum.services import experience_queue as queue_service
from forum.services import experience_revisions as revisions
from forum.services import experiences as service
from forum.services.experience_export import permalink, to_json
from forum.services.experience_fields import EDITABLE_FIELDS
from forum.services.threads import access_thread


def _document(experience, lang: str | None = None) -> dict:
    """The export document (its text in `lang` where a translation exists), plus what the viewer may
    do next, the record's translations, who reviewed the publication, the public changelog of its
    corrections, its assessment and the countries' validations (not part of the schema'd export)."""
    public = experience.status in ("published", "archived")
    reviewed = experience.reviewed_by if public else None
    return {
        "experience": to_json(experience, current_user, lang), "translations": translations_of(experience),
        "allowed_transitions": [to for to in service.allowed_targets(experience.status)
                                if _can_transition(experience, to)],
        "reviewed_by": serializers.user_brief(reviewed) if reviewed else None,
        "reviewed_at": serializers.iso(experience.reviewed_at) if reviewed else None,
        "changelog": [{"date": serializers.iso(r.created_at), "note": r.change_note, "revision": r.number}
                      for r in (service.changelog(experience) if public else [])],
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


@bp.get("/experiences/queue")
def experience_queue():
    """The editorial queue (?tab=review|drafts|changes|mine&page=), as on /experiences/queue."""
    user = signed_in_user()
    permissions.require(permissions.can_view_editorial_queue(user),
                        _("The editorial queue is for the editors and moderators of experiences."))
    tab = queue_service.check_tab(request.args.get("tab"), user)
    result = queue_service.queue_page(user, tab, page_param(), current_app.config["EXPERIENCES_PER_PAGE"])
    validations = experience_assessment.validation_summary([row.experience for row in result.rows])
    return {**paginated([{
        "id": row.experience.id, "url": permalink(row.experience), "title": row.experience.title,
        "status": row.experience.status, "changes_requested": row.changes_requested,
        "status_changed_at": serializers.iso(row.status_changed_at),
        "editors": [serializers.user_brief(u) for u in row.experience.people_with_role("editor")],
        "countries": row.experience.countries,
        "validation": validations[row.experience.id].as_dict() if validations[row.experience.id].is_requested else None,
    } for row in result.rows], result.page, result.pages, result.total), "tab": result.tab, "counts": result.counts}


@bp.get("/experiences/<int:experience_id>")
def show_experience(experience_id: int):
    """?lang=: the text in that language where a translation exists (`experience.language` says)."""
    lang = read_language()
    return _document(service.access_experience(current_user, experience_id), lang)


@bp.patch("/experiences/<int:experience_id>")
def update_experience(experience_id: int):
    user = signed_in_user()
    experience = service.access_experience(user, experience_id)
    data = json_body({*EDITABLE_FIELDS, "change_note"})
    change_note = data.pop("change_note", None)
    service.do_update_experience(user, experience, data, change_note=change_note)
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
