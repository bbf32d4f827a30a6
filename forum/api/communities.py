"""/api/v1/communities: each with its name and description in the request's language (`?lang=`,
else the account's, the cookie's or Accept-Language's) and every translation."""

from flask import current_app, request

from forum import permissions, serializers
from forum.api.blueprint import bp
from forum.api.helpers import json_body, page_param, paginated, signed_in_user
from forum.services import communities as service
from forum.services.threads import communities_overview, community_threads, page_count
from forum.services.validation import check_content_language


def _read_language() -> str | None:
    value = request.args.get("lang")
    return check_content_language(value, "lang") if value else None


@bp.get("/communities")
def list_communities():
    lang = _read_language()
    return {"items": [serializers.community(c, lang) for c in communities_overview()]}


@bp.get("/communities/<slug>")
def get_community(slug: str):
    lang = _read_language()
    return {"community": serializers.community(service.access_community(slug), lang)}


@bp.patch("/communities/<slug>")
def edit_community(slug: str):
    """Admins: `{name?, description?, position?, translations?: {"es": {"name", "description"}}}`;
    a language given with empty texts loses its translation, one not given keeps it."""
    user = signed_in_user()
    permissions.require(permissions.can_manage_communities(user))
    community = service.access_community(slug)
    data = json_body({"name", "description", "position", "translations"})
    service.do_update_community(
        user, community, name=data.get("name", community.name),
        description=data.get("description", community.description),
        position=data.get("position", community.position), translations=data.get("translations"))
    return {"community": serializers.community(community)}


@bp.get("/communities/<slug>/threads")
def list_threads(slug: str):
    community = service.access_community(slug)
    page = page_param()
    per_page = current_app.config["THREADS_PER_PAGE"]
    threads = community_threads(community, page, per_page)
    for t in threads:
        t.community = community
    return paginated([serializers.thread(t) for t in threads], page,
                     page_count(community.thread_count, per_page), community.thread_count)
