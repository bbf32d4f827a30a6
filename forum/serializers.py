"""The JSON shape of each object, shared by the API and the real-time events."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from forum.i18n import current_language
from forum.models import Community, Post, Thread, User


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def user_brief(user: User | None) -> dict[str, Any] | None:
    """A member as other objects name them, for any reader (API, live events): a members-only
    profile shows its name alone, so its country is null here (the profile endpoint shows it to
    members)."""
    if user is None:
        return None
    return {"id": user.id, "username": user.username, "display_name": user.display_name,
            "country": None if user.profile_members_only else user.country}


def user_me(user: User) -> dict[str, Any]:
    return {
        **user_brief(user),
        "country": user.country,  # one's own, whatever the privacy choice
        "email": user.email,
        "organization": user.organization,
        "organization_record": organization_brief(user.organization_record),
        "sector": user.sector,
        "role": user.role,
        "locale": user.locale,
        "bio": user.bio,
        "bio_html": user.bio_html,
        "position": user.position,
        "expertise": [tag.name for tag in sorted(user.expertise, key=lambda tag: tag.slug)],
        "languages": sorted(language.code for language in user.languages),
        "timezone": user.timezone,
        "show_email_to_members": user.show_email_to_members,
        "profile_members_only": user.profile_members_only,
        "avatar_url": avatar_url(user),
        "is_verified": user.is_verified,
        "post_count": user.post_count,
        "accepted_answer_count": user.accepted_answer_count,
        "unread_notification_count": user.unread_notification_count,
        "created_at": iso(user.created_at),
    }


# ---------- profiles and the directory ----------


def avatar_url(user: User, url_for: Callable[..., str] | None = None) -> str:
    """The avatar's address, versioned by its content so it can be cached for a year. Pages pass
    their memoized `url_for` (forum.web.url_memo)."""
    if url_for is None:
        from flask import url_for

    return url_for("people.avatar", username=user.username, v=user.avatar_hash or "initials")


def user_profile(user: User, viewer: Any) -> dict[str, Any]:
    """A public profile as `viewer` may see it: details only when the privacy choice allows."""
    from forum.permissions import can_see_email, can_see_profile_details

    data: dict[str, Any] = {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "avatar_url": avatar_url(user),
        "created_at": iso(user.created_at),
        "details_hidden": not can_see_profile_details(viewer, user),
    }
    if not data["details_hidden"]:
        data.update({
            "country": user.country,
            "sector": user.sector,
            "organization": user.organization,
            "organization_record": organization_brief(user.organization_record),
            "position": user.position,
            "expertise": [{"slug": tag.slug, "name": tag.name} for tag in user.expertise],
            "languages": sorted(language.code for language in user.languages),
            "bio_html": user.bio_html,
            "post_count": user.post_count,
            "accepted_answer_count": user.accepted_answer_count,
        })
    if can_see_email(viewer, user):
        data["email"] = user.email
    if user.is_deactivated:
        data["is_deactivated"] = True
    return data


def notification(n: Any) -> dict[str, Any]:
    from forum.notification_lines import describe

    line = describe(n)
    data = {
        "id": n.id,
        "kind": n.kind,
        "text": line.text,
        "detail": line.detail,
        "url": line.url,
        "message": n.message,
        "actor": user_brief(n.actor),
        "thread_id": n.thread_id,
        "post_id": n.post_id,
        "project_id": n.project_id,
        "experience_id": n.experience_id,
        "is_read": n.read_at is not None,
        "created_at": iso(n.created_at),
        "read_at": iso(n.read_at),
    }
    if n.kind == "match":  # the message holds the match's reasons as data (forum.services.cooperation)
        from forum.notification_lines import stored_reasons

        data["message"], data["reasons"] = "", stored_reasons(n.message)
    return data


def community(c: Community, lang: str | None = None) -> dict[str, Any]:
    """`name` and `description` are the originals; `localized_*` are in `lang` (default: the
    request's language, from the account, the cookie or Accept-Language), else the originals."""
    names, descriptions = c.name_i18n or {}, c.description_i18n or {}
    return {
        "id": c.id,
        "slug": c.slug,
        "name": c.name,
        "description": c.description,
        "lang": lang or current_language(),
        "localized_name": c.localized_name(lang),
        "localized_description": c.localized_description(lang),
        "translations": {code: {"name": names.get(code, ""), "description": descriptions.get(code, "")}
                         for code in sorted(set(names) | set(descriptions))},
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
        "language": t.language,
        "author": user_brief(t.author),
        "is_pinned": t.is_pinned,
        "is_locked": t.is_locked,
        "slow_mode_seconds": t.slow_mode_seconds,
        "post_count": t.post_count,
        "last_post_number": t.last_post_number,
        "answered_post_id": t.answered_post_id,
        "created_at": iso(t.created_at),
        "last_activity_at": iso(t.last_activity_at),
    }


def post(p: Post, viewer: Any = None, mine: set[str] | frozenset[str] | None = None) -> dict[str, Any]:
    """A post as `viewer` may see it: HTML only when they may read it (permissions.can_read_post_text),
    and never for a deleted post (moderators read those on its revisions page). `mine`: the
    reactions the viewer gave it (forum.services.reactions.my_reactions), listed as `my_reactions`."""
    from forum.permissions import can_read_post_text

    deleted = p.is_deleted
    hidden = p.is_hidden
    reads = can_read_post_text(viewer, p)
    readable = reads and not deleted
    data = {
        "id": p.id,
        "thread_id": p.thread_id,
        "number": p.number,
        "author": user_brief(p.author),
        "html": p.html if readable else None,
        "language": p.language,
        "is_deleted": deleted,
        "is_hidden": hidden,
        "created_at": iso(p.created_at),
        "edited_at": iso(p.edited_at),
        "revision_count": p.revision_count,
        "reactions": p.reaction_counts,
        "my_reactions": sorted(mine or ()),
    }
    if hidden and reads:
        data["hidden_reason"] = p.hidden_reason
        data["hidden_pending_review"] = p.hidden_by_id is None  # hidden by members' flags
    return data


def post_for_moderators(p: Post) -> dict[str, Any]:
    return post(p, _MODERATOR_VIEW)


class _ModeratorView:
    """Stands for "any moderator" when a payload is built for the moderators' room."""

    is_authenticated = True
    is_suspended = False
    role = "moderator"
    id = 0


_MODERATOR_VIEW = _ModeratorView()


# ---------- moderation (flags, the review queue, sanctions, the audit log) ----------


def flag_brief(f: Any) -> dict[str, Any]:
    """A flag as the review queue lists it."""
    return {"id": f.id, "reason": f.reason, "note": f.note, "flagger": user_brief(f.flagger),
            "created_at": iso(f.created_at)}


def flag(f: Any) -> dict[str, Any]:
    return {**flag_brief(f), "post_id": f.post_id, "status": f.status, "resolved_at": iso(f.resolved_at)}


def suspension(s: Any) -> dict[str, Any]:
    return {"id": s.id, "until": iso(s.until), "reason": s.reason, "created_at": iso(s.created_at),
            "lifted_at": iso(s.lifted_at)}


def user_moderation(u: User) -> dict[str, Any]:
    """A user as moderators see one: role and sanctions in force."""
    return {
        **user_brief(u),
        "role": u.role,
        "suspended_until": iso(u.suspended_until),
        "suspension_reason": u.suspension_reason,
        "is_suspended": u.is_suspended,
        "is_deactivated": u.is_deactivated,
    }


def queue_item(item: Any, viewer: Any) -> dict[str, Any]:
    """One post of the review queue (forum.services.flags.QueueItem) with its flags and author's history."""
    p = item.post
    return {
        "post": post(p, viewer),
        "thread": {"id": p.thread.id, "title": p.thread.title, "community": p.thread.community.slug},
        "flags": [flag_brief(f) for f in item.flags],
        "reasons": dict(item.reasons),
        "author": {
            **user_brief(p.author),
            "post_count": item.author_post_count,
            "upheld_flag_count": item.author_flag_count,
            "suspensions": [suspension(s) for s in item.author_suspensions],
        },
    }


def audit_entry(e: Any) -> dict[str, Any]:
    return {
        "id": e.id,
        "created_at": iso(e.created_at),
        "actor": user_brief(e.actor),
        "action": e.action,
        "target_type": e.target_type,
        "target_id": e.target_id,
        "community_id": e.community_id,
        "reason": e.reason,
        "details": e.details,
    }


# ---------- organizations ----------


def organization_brief(organization: Any) -> dict[str, Any] | None:
    """A record as other objects name it (a profile's organization)."""
    if organization is None:
        return None
    return {"slug": organization.slug, "name": organization.name, "acronym": organization.acronym,
            "type": organization.type, "country": organization.country}


def organization(organization: Any) -> dict[str, Any]:
    return {
        "id": organization.id,
        **organization_brief(organization),
        "website": organization.website,
        "member_count": organization.member_count,
        "merged_into": organization.merged_into.slug if organization.merged_into is not None else None,
        "created_at": iso(organization.created_at),
        "updated_at": iso(organization.updated_at),
    }
