"""/api/v1/me (its data as a ZIP: /me/export; DELETE /me ends the account), /api/v1/users/<username>,
/api/v1/people"""

from flask import Response, request
from flask_login import current_user

from forum import serializers
from forum.api.blueprint import bp
from forum.api.helpers import json_body, page_param, paginated, signed_in_user
from forum.ratelimits import account_delete_limit, data_export_limit
from forum.services import account_data, accounts, profiles

# What PATCH /me may change, and nothing else (no role, no verification, no counters).
PROFILE_FIELDS = {"display_name", "country", "sector", "organization", "position", "bio", "locale",
                  "expertise", "languages", "timezone", "show_email_to_members", "profile_members_only"}


@bp.get("/me")
def me():
    return {"user": serializers.user_me(signed_in_user())}


@bp.patch("/me")
def update_me():
    user = signed_in_user()
    data = json_body(PROFILE_FIELDS)
    accounts.do_update_profile(user, **data)
    return {"user": serializers.user_me(user)}


@bp.get("/me/export")
@data_export_limit
def export_me():
    """The member's data: a ZIP of JSON files and their uploaded files (forum.services.account_data)."""
    user = signed_in_user()
    return Response(account_data.export_archive(user), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{account_data.archive_name(user)}"',
        "Cache-Control": "no-store"})


@bp.delete("/me")
@account_delete_limit
def delete_me():
    """{"posts": "keep"|"remove", "password"} -> 204: the account is deleted, its token no longer works."""
    user = signed_in_user()
    data = json_body({"posts", "password"})
    account_data.do_delete_account(user, password=data.get("password"), posts_choice=data.get("posts"))
    return "", 204


@bp.get("/users/<username>")
def user_profile(username: str):
    user = profiles.access_profile(current_user, username)
    return {"user": serializers.user_profile(user, current_user)}


@bp.get("/people")
def people():
    filters = profiles.people_filters(request.args)
    result = profiles.search_people(current_user, filters, page_param())
    return paginated([serializers.user_profile(u, current_user) for u in result.people], result.page,
                     result.pages, result.total)
