"""/api/v1: an experience's good-practice assessment and its validation by the countries involved,
and the country focal points (see docs/experiences.md)."""

from typing import Any

from flask import request
from flask_login import current_user

from forum import permissions
from forum.api.blueprint import bp
from forum.api.helpers import json_body, signed_in_user
from forum.experience_reference import GOOD_PRACTICE_ATTRIBUTES
from forum.extensions import db
from forum.models import SCREENING_CHECKS, CountryFocalPoint, Experience
from forum.serializers import iso, user_brief
from forum.services import experience_assessment as service
from forum.services import validation as v
from forum.services.experiences import access_experience


def assessment_json(experience: Experience) -> dict[str, Any]:
    """`assessment` of GET /experiences/<id>: the screening, each attribute's scores and median."""
    result = service.assessment_of(experience)
    s = result.screening
    return {
        "status": result.status,
        "is_good_practice": result.is_good_practice,
        "min_assessors": service.MIN_ASSESSORS,
        "screening": None if s is None else {
            "passed": s.is_passed, "checks": {check: getattr(s, check) for check in SCREENING_CHECKS},
            "comment": s.comment, "reviewer": user_brief(s.reviewer), "screened_at": iso(s.screened_at)},
        "attributes": [{
            "code": a.code, "label": str(GOOD_PRACTICE_ATTRIBUTES[a.code]), "median": a.median,
            "scores": [{"assessor": user_brief(sc.assessor), "score": sc.score, "justification": sc.justification,
                        "updated_at": iso(sc.updated_at)} for sc in a.scores],
        } for a in result.attributes],
    }


def validations_json(experience: Experience, viewer: Any) -> dict[str, Any]:
    """`validations` of GET /experiences/<id>: each country's state; the changes asked for only to
    those who read them on the page (permissions.can_see_validation_comments)."""
    comments = permissions.can_see_validation_comments(viewer, experience)
    return {
        **service.summarize(experience, experience.validations).as_dict(),
        "countries": [{
            "country": code, "status": row.status if row else "pending",
            "decided_by": user_brief(row.decided_by) if row and row.status != "pending" else None,
            "decided_at": iso(row.decided_at) if row and row.status != "pending" else None,
            **({"comment": row.comment if row else ""} if comments else {}),
        } for code, row in service.validations_of(experience)],
    }


def _document(experience_id: int) -> dict[str, Any]:
    """The record as the write left it (flushed, loaded again), with its assessment and validations."""
    db.session.flush()
    db.session.expire_all()
    experience = access_experience(current_user, experience_id)
    return {"assessment": assessment_json(experience), "validations": validations_json(experience, current_user)}


@bp.put("/experiences/<int:experience_id>/assessment/screening")
def record_screening(experience_id: int):
    user = signed_in_user()
    experience = access_experience(user, experience_id)
    data = json_body({"checks", "comment"})
    service.do_record_screening(user, experience, data.get("checks", {}), data.get("comment", ""))
    return _document(experience_id)


@bp.put("/experiences/<int:experience_id>/assessment/scores")
def record_scores(experience_id: int):
    user = signed_in_user()
    experience = access_experience(user, experience_id)
    data = json_body({"scores"})
    service.do_score(user, experience, data.get("scores"))
    return _document(experience_id)


@bp.post("/experiences/<int:experience_id>/validations/<code>")
def validate_country(experience_id: int, code: str):
    user = signed_in_user()
    experience = access_experience(user, experience_id)
    data = json_body({"decision", "comment"})
    service.do_validate(user, experience, code, decision=data.get("decision"), comment=data.get("comment", ""))
    return _document(experience_id)


# ---------- country focal points ----------


def _focal_point(row: CountryFocalPoint) -> dict[str, Any]:
    return {"country": row.country, "user": user_brief(row.user), "created_at": iso(row.created_at)}


@bp.get("/focal-points")
def list_country_focal_points():
    """Who speaks for each country (?country=PE for one): any signed-in member may ask."""
    signed_in_user()
    country = request.args.get("country", "").strip()
    code = v.check_country(country, "country") if country else None
    return {"items": [_focal_point(row) for row in service.focal_points(code)]}


@bp.post("/focal-points")
def add_country_focal_point():
    user = signed_in_user()
    data = json_body({"username", "country"})
    row = service.do_add_focal_point(user, username=data.get("username"), country=data.get("country"))
    db.session.flush()
    return _focal_point(row), 201


@bp.delete("/focal-points/<code>/<username>")
def remove_country_focal_point(code: str, username: str):
    user = signed_in_user()
    service.do_remove_focal_point(user, username=username, country=code)
    return "", 204
