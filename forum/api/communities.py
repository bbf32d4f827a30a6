"""/api/v1/communities"""

from flask import current_app

from forum import serializers
from forum.api.blueprint import bp
from forum.api.helpers import page_param, paginated
from forum.services.communities import access_community
from forum.services.threads import communities_overview, community_threads, page_count


@bp.get("/communities")
def list_communities():
    return {"items": [serializers.community(c) for c in communities_overview()]}


@bp.get("/communities/<slug>/threads")
def list_threads(slug: str):
    community = access_community(slug)
    page = page_param()
    per_page = current_app.config["THREADS_PER_PAGE"]
    threads = community_threads(community, page, per_page)
    for t in threads:
        t.community = community
    return paginated([serializers.thread(t) for t in threads], page,
                     page_count(community.thread_count, per_page), community.thread_count)
