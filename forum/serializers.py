"""The JSON shape of each object, shared by the API and the real-time events."""

from datetime import datetime
from typing import Any

from forum.models import Community, Post, Thread, User


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def user_brief(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.id, "username": user.username, "display_name": user.display_name,
            "country": user.country}


def user_me(user: User) -> dict[str, Any]:
    return {
        **user_brief(user),
        "email": user.email,
        "organization": user.organization,
        "sector": user.sector,
        "role": user.role,
        "locale": user.locale,
        "bio": user.bio,
        "is_verified": user.is_verified,
        "post_count": user.post_count,
        "created_at": iso(user.created_at),
    }


def community(c: Community) -> dict[str, Any]:
    return {
        "id": c.id,
        "slug": c.slug,
        "name": c.name,
        "description": c.description,
        "thread_count": c.thread_count,
        "post_count": c.post_count,
        "member_count": c.member_count,
        "last_activity_at": iso(c.last_activity_at),
    }


def thread(t: Thread) -> dict[str, Any]:
    return {
        "id": t.id,
        "community": t.community.slug,
        "title": t.title,
        "slug": t.slug,
        "kind": t.kind,
        "author": user_brief(t.author),
        "is_pinned": t.is_pinned,
        "is_locked": t.is_locked,
        "post_count": t.post_count,
        "last_post_number": t.last_post_number,
        "created_at": iso(t.created_at),
        "last_activity_at": iso(t.last_activity_at),
    }


def post(p: Post) -> dict[str, Any]:
    deleted = p.is_deleted
    return {
        "id": p.id,
        "thread_id": p.thread_id,
        "number": p.number,
        "author": user_brief(p.author),
        "html": None if deleted else p.html,
        "is_deleted": deleted,
        "created_at": iso(p.created_at),
        "edited_at": iso(p.edited_at),
        "revision_count": p.revision_count,
    }
