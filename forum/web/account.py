"""The signed-in user's own settings, one tab a page (each works without JavaScript): the profile
(/settings), the avatar, the account (password, sessions, API tokens), email notifications, and
their data (downloading it, deleting the account)."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from forum import avatars
from forum.errors import ValidationError
from forum.ratelimits import account_delete_limit, data_export_limit
from forum.services import account_data, accounts, mail_delivery, organizations, profiles, sessions
from forum.web.forms import (
    AvatarForm,
    ChangePasswordForm,
    DeleteAccountForm,
    EmptyForm,
    ProfileForm,
    TokenForm,
    show_error,
)

bp = Blueprint("account", __name__, url_prefix="/settings")


# The tabs, in their order: (name, endpoint of its page). Their labels are in the template.
TABS = (("profile", "account.settings"), ("avatar", "account.avatar_page"), ("account", "account.security"),
        ("notifications", "account.notifications"), ("data", "account.data_page"))


def _page(tab: str, status: int = 200, **forms):
    """One tab of the settings; only its own rows are read."""
    context: dict = {"action_form": EmptyForm()}
    if tab == "profile":
        forms.setdefault("profile_form", ProfileForm(obj=current_user, formdata=None))
        context["organization_choices"] = organizations.member_choices(current_user.country)
    elif tab == "avatar":
        forms.setdefault("avatar_form", AvatarForm(formdata=None))
    elif tab == "account":
        forms.setdefault("password_form", ChangePasswordForm(formdata=None))
        forms.setdefault("token_form", TokenForm(formdata=None))
        context.update(tokens=accounts.active_tokens(current_user), sessions=sessions.active_sessions(current_user))
    elif tab == "data":
        forms.setdefault("delete_form", DeleteAccountForm(formdata=None))
    else:
        context.update(email_preferences=mail_delivery.email_preferences(current_user),
                       kind_label=mail_delivery.kind_label)
    return render_template("account/settings.html", tab=tab, tabs=TABS, **context, **forms), status


@bp.get("")
@login_required
def settings():
    return _page("profile")


@bp.get("/avatar")
@login_required
def avatar_page():
    return _page("avatar")


@bp.get("/account")
@login_required
def security():
    return _page("account")


@bp.get("/notifications")
@login_required
def notifications():
    return _page("notifications")


@bp.get("/data")
@login_required
def data_page():
    return _page("data")


@bp.get("/data/export")
@login_required
@data_export_limit
def export_data():
    """The member's data as a ZIP (the API's GET /api/v1/me/export)."""
    return Response(account_data.export_archive(current_user), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{account_data.archive_name(current_user)}"',
        "Cache-Control": "no-store"})


@bp.post("/data/delete")
@login_required
@account_delete_limit
def delete_account():
    form = DeleteAccountForm()
    try:
        account_data.do_delete_account(current_user, password=form.password.data, posts_choice=form.posts.data)
    except ValidationError as error:
        show_error(form, error)
        return _page("data", 422, delete_form=form)
    logout_user()
    flash(_("Your account is deleted. Thank you for taking part."), "success")
    return redirect(url_for("main.home"))


@bp.post("/profile")
@login_required
def profile():
    form = ProfileForm()
    try:
        accounts.do_update_profile(
            current_user, display_name=form.display_name.data, country=form.country.data,
            sector=form.sector.data, organization=form.organization.data, bio=form.bio.data,
            locale=form.locale.data, position=form.position.data, expertise=form.expertise.data,
            languages=form.languages.data or [], timezone=form.timezone.data,
            show_email_to_members=form.show_email_to_members.data,
            profile_members_only=form.profile_members_only.data)
    except ValidationError as error:
        show_error(form, error)
        return _page("profile", 422, profile_form=form)
    flash(_("Your profile is saved."), "success")
    return redirect(url_for("account.settings"))


@bp.post("/avatar")
@login_required
def avatar():
    form = AvatarForm()  # the CSRF token is checked for every POST by CSRFProtect, multipart included
    upload = request.files.get("avatar")
    # Read one byte past the limit: enough to refuse an oversize file without holding more of it.
    data = upload.stream.read(avatars.MAX_UPLOAD_BYTES + 1) if upload else b""
    try:
        profiles.do_set_avatar(current_user, data)
    except ValidationError as error:
        show_error(form, error)
        return _page("avatar", 422, avatar_form=form)
    flash(_("Your avatar is saved."), "success")
    return redirect(url_for("account.avatar_page"))


@bp.post("/avatar/remove")
@login_required
def remove_avatar():
    profiles.do_remove_avatar(current_user)
    flash(_("Your avatar is removed: your initials are shown instead."), "success")
    return redirect(url_for("account.avatar_page"))


@bp.post("/password")
@login_required
def password():
    form = ChangePasswordForm()
    try:
        accounts.do_change_password(current_user, current_password=form.current_password.data,
                                    new_password=form.new_password.data)
    except ValidationError as error:
        show_error(form, error)
        return _page("account", 422, password_form=form)
    flash(_("Your password is changed. Other sessions were logged out."), "success")
    return redirect(url_for("account.security"))


@bp.post("/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    """Log out one of the member's other browsers (this one logs out with the header's button)."""
    sessions.do_end_session(current_user, session_id)
    if session_id == current_user.login_session_id:
        logout_user()
        return redirect(url_for("auth.login"))
    flash(_("That session is logged out."), "success")
    return redirect(url_for("account.security") + "#sessions")


@bp.post("/sessions/end")
@login_required
def end_sessions():
    accounts.do_end_all_sessions(current_user)
    logout_user()
    flash(_("You were logged out everywhere."), "success")
    return redirect(url_for("auth.login"))


@bp.post("/tokens")
@login_required
def create_token():
    form = TokenForm()
    try:
        token, raw = accounts.do_create_token(current_user, form.name.data)
    except ValidationError as error:
        show_error(form, error)
        return _page("account", 422, token_form=form)
    # The raw token is shown this once: no cache may keep a copy.
    return render_template("account/token_created.html", token=token, raw=raw), 200, {"Cache-Control": "no-store"}


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    accounts.do_revoke_token(current_user, token_id)
    flash(_("The token is revoked."), "success")
    return redirect(url_for("account.security") + "#tokens")

