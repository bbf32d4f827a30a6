"""People: profile pages, the member directory and avatars."""

import hashlib

from flask import Blueprint, Response, jsonify, render_template, request
from flask_login import current_user, login_required

from forum import avatars, permissions
from forum.i18n import country_choices, country_name, language_choices
from forum.ratelimits import suggest_limit
from forum.services import experience_library, organizations, profiles
from forum.web.helpers import page_arg
from forum.web.templating import SECTOR_LABELS

bp = Blueprint("people", __name__)

# An avatar URL carries the content's hash (`?v=`), so a browser may keep it a year; the
# unversioned URL is revalidated (its ETag makes that a 304).
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=300, must-revalidate"
# An SVG opened on its own is a document: it may run nothing and load nothing.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


@bp.get("/u/<username>")
def profile(username: str):
    user = profiles.access_profile(current_user, username)
    details = permissions.can_see_profile_details(current_user, user)
    return render_template(
        "people/profile.html", user=user, show_details=details,
        show_email=permissions.can_see_email(current_user, user),
        threads=profiles.recent_threads(current_user, user),
        posts=profiles.recent_posts(current_user, user),
        is_blocked_by_me=permissions.is_signed_in(current_user) and current_user.id != user.id
        and permissions.is_blocked(current_user.id, user.id),
        experiences=experience_library.credited_experiences(user.id),
    )


@bp.get("/u/<username>/avatar")
def avatar(username: str):
    user_id, display_name, name, avatar_hash = profiles.avatar_owner(username)
    stored = profiles.stored_avatar(user_id) if avatar_hash else None
    if stored is not None:
        body, content_type, etag = stored.data, stored.content_type, stored.sha256
    else:
        svg = avatars.initials_svg(user_id, display_name, name).encode()
        body, content_type, etag = svg, "image/svg+xml", hashlib.sha256(svg).hexdigest()
    response = Response(body, mimetype=content_type)
    response.set_etag(etag)
    version = request.args.get("v")
    response.headers["Cache-Control"] = (
        IMMUTABLE if version and version == (avatar_hash or "initials") and stored is not None else REVALIDATE
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SVG_POLICY
    response.headers["Content-Disposition"] = "inline"
    return response.make_conditional(request)


@bp.get("/people")
def directory():
    filters = profiles.people_filters(request.args)
    result = profiles.search_people(current_user, filters, page_arg())
    return render_template(
        "people/directory.html", result=result, filters=filters, args=request.args,
        communities=profiles.directory_communities(), countries=country_choices(),
        sectors=SECTOR_LABELS, languages=language_choices(),
        organizations=organizations.directory_choices(filters.organization),
    )


@bp.get("/people/suggest")
@login_required
@suggest_limit
def suggest():
    """The member picker's suggestions (static/js/pickers.js): at most eight members whose username
    starts with `q` or whose name contains it, among those the directory shows the reader."""
    members = profiles.suggest_members(current_user, request.args.get("q"))
    response = jsonify({"members": [{"username": u.username, "display_name": u.display_name,
                                     "country": country_name(u.country) if u.country else ""} for u in members]})
    response.headers["Cache-Control"] = "private, no-store"
    return response
