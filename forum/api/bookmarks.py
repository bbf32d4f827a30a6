"""/api/v1/bookmarks: a member's bookmarks of posts, threads and experiences.

GET /api/v1/bookmarks -> {"bookmarks": [...]} (only what the member can still read)
POST /api/v1/bookmarks {"post_id"|"thread_id"|"experience_id", "remind_at"?: "YYYY-MM-DD", "note"?}
  -> 201 {"bookmark"} (a second POST for the same thing changes its reminder and note: 200)
DELETE /api/v1/bookmarks/<id> -> 204
"""

from typing import Any

from forum import links
from forum.api.blueprint import bp
from forum.api.helpers import json_body, page_param, signed_in_user
from forum.models import Bookmark
from forum.serializers import iso
from forum.services import bookmarks as service


def serialize(bookmark: Bookmark) -> dict[str, Any]:
    kind = service.target_of(bookmark)
    out: dict[str, Any] = {
        "id": bookmark.id, "kind": kind.kind, f"{kind.kind}_id": kind.id, "note": bookmark.note,
        "remind_at": bookmark.remind_at.isoformat() if bookmark.remind_at else None,
        "reminded_at": iso(bookmark.reminded_at), "created_at": iso(bookmark.created_at),
    }
    if bookmark.post is not None:
        out["title"] = bookmark.post.thread.title
        out["thread_id"] = bookmark.post.thread_id
        out["url"] = links.path("main.post_permalink", post_id=bookmark.post.id)
    elif bookmark.thread is not None:
        out["title"] = bookmark.thread.title
        out["url"] = links.path("threads.show", thread_id=bookmark.thread.id, slug=bookmark.thread.slug)
    elif bookmark.experience is not None:
        out["title"] = bookmark.experience.title
        out["url"] = links.path("experiences.show", experience_id=bookmark.experience.id,
                                slug=bookmark.experience.slug)
    return out


@bp.get("/bookmarks")
def list_bookmarks():
    user = signed_in_user()
    listing = service.user_bookmarks(user, page_param())
    return {"bookmarks": [serialize(b) for b in listing.items], "page": listing.page, "pages": listing.pages,
            "total": listing.total}


@bp.post("/bookmarks")
def create_bookmark():
    user = signed_in_user()
    data = json_body({"post_id", "thread_id", "experience_id", "remind_at", "note"})
    target = service.check_target(data)
    existed = service.bookmark_ids(user, target.kind, [target.id])
    bookmark = service.do_save_bookmark(user, target, remind_at=data.get("remind_at"), note=data.get("note"))
    return {"bookmark": serialize(bookmark)}, 200 if existed else 201


@bp.delete("/bookmarks/<int:bookmark_id>")
def delete_bookmark(bookmark_id: int):
    user = signed_in_user()
    service.do_remove_bookmark(user, bookmark_id)
    return "", 204
