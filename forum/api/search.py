"""/api/v1/search: the search page's results as JSON.

GET /api/v1/search?q=&type=&community=&author=&kind=&lang=&from=&to=&sort=&include_hidden=&page=&group=&answered=
`group=thread`: {"groups": [{"thread": {"id", "title", "url"} | null, "item": result | null, "posts": [result],
"more_posts"}]}, paged by group; otherwise (`group=post`, the default) {"items": [result]}.
Errors: 422 {"error": {"code": "empty_query" | "too_long" | "invalid" | "invalid_date" |
"unknown_community" | "unknown_author", "message"}}.
"""

from typing import Any

from flask import request
from flask_login import current_user

from forum import links
from forum.api.blueprint import bp
from forum.api.helpers import page_param
from forum.extensions import db
from forum.ratelimits import search_limit
from forum.search.query import parse_query
from forum.search.service import MAX_PAGE, read_params, search
from forum.serializers import iso
from forum.services.validation import check_int


def _item(item: dict[str, Any]) -> dict[str, Any]:
    out = {key: item.get(key) for key in ("type", "id", "title", "community", "author", "kind", "language",
                                          "is_hidden")}
    out["url"] = links.result_path(item)
    # HTML: the text escaped, the matching words in <mark>.
    out["title_html"] = str(item["title_html"])
    out["snippet"] = str(item["snippet"])
    out["created_at"] = iso(item["created_at"])
    if item["type"] == "person":
        out["username"] = item["username"]
    elif item["type"] == "message":
        out["conversation_id"] = item["conversation_id"]
    else:
        out["thread"] = item.get("thread")
    return out


@bp.get("/search")
@search_limit
def search_api():
    page = page_param()
    params = read_params(request.args, check_int(page, "page", minimum=1, maximum=MAX_PAGE))
    parsed = parse_query(params.q)
    results = search(db.session.connection(), current_user, params, parsed)
    paging = {"page": results.page, "pages": results.pages, "total": results.total,
              "total_is_exact": results.total_is_exact}
    if results.groups is not None:
        return {"groups": [_group(g) for g in results.groups], **paging}
    return {"items": [_item(i) for i in results.items], **paging}


def _group(group: dict[str, Any]) -> dict[str, Any]:
    thread = group["thread"]
    return {
        "thread": {"id": thread["id"], "title": thread["title"],
                   "url": links.object_path("thread", thread["id"], slug=thread["slug"])} if thread else None,
        "item": _item(group["item"]) if group["item"] is not None else None,
        "posts": [_item(i) for i in group["posts"]], "more_posts": group["more_posts"],
    }
