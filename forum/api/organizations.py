"""/api/v1/organizations: the list, a record, creating one (or finding it), editing and merging."""

from flask import redirect, request, url_for
from flask_login import current_user

from forum import serializers
from forum.api.blueprint import bp
from forum.api.helpers import json_body, page_param, paginated, signed_in_user
from forum.services import organizations as orgs
from forum.services import profiles
from forum.services.project_reads import serialize_brief

FIELDS = {"name", "country", "type", "acronym", "website"}
# Members listed with a record; /api/v1/people?organization=<slug> lists them all.
MEMBERS_SHOWN = 12


@bp.get("/organizations")
def list_organizations():
    filters = orgs.parse_filters(request.args)
    result = orgs.search_organizations(filters, page_param())
    return {**paginated([serializers.organization(o) for o in result.items], result.page, result.pages,
                        result.total), "filters": filters.active}


@bp.get("/organizations/<slug>")
def show_organization(slug: str):
    organization = orgs.access_organization(slug)
    if organization.is_merged:  # the record it became, permanently
        return redirect(url_for("api.show_organization", slug=orgs.current(organization).slug), 301)
    members = profiles.search_people(current_user, profiles.PeopleFilters(organization=organization), 1,
                                     per_page=MEMBERS_SHOWN)
    experiences, experience_count = orgs.organization_experiences(organization)
    return {
        "organization": serializers.organization(organization),
        "members": {"total": members.total,
                    "items": [serializers.user_profile(u, current_user) for u in members.people]},
        "experiences": {"total": experience_count,
                        "items": [{"id": e.id, "title": e.title, "slug": e.slug,
                                   "published_at": serializers.iso(e.published_at)} for e in experiences]},
        "projects": [serialize_brief(project) for project in orgs.organization_projects(organization)],
    }


@bp.post("/organizations")
def create_organization():
    """201 with the new record, or 200 with the one this name already has in this country."""
    user = signed_in_user()
    data = json_body(FIELDS)
    organization, created = orgs.do_create_organization(
        user, name=data.get("name"), country=data.get("country"), type=data.get("type"),
        acronym=data.get("acronym"), website=data.get("website"))
    return {"organization": serializers.organization(organization), "created": created}, 201 if created else 200


@bp.patch("/organizations/<slug>")
def update_organization(slug: str):
    user = signed_in_user()
    organization = orgs.access_organization(slug)
    data = json_body(FIELDS)
    orgs.do_update_organization(user, organization, **data)
    return {"organization": serializers.organization(organization)}


@bp.post("/organizations/<slug>/merge")
def merge_organization(slug: str):
    """Body: {"into": "<slug of the record that stays>", "reason": "..."}."""
    user = signed_in_user()
    organization = orgs.access_organization(slug)
    data = json_body({"into", "reason"})
    target = orgs.access_organization_for("into", data.get("into"))
    target = orgs.do_merge_organizations(user, organization, target, reason=data.get("reason", ""))
    return {"organization": serializers.organization(target), "merged": serializers.organization(organization)}
