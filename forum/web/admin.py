"""The administrators' pages of the moderation area (issue #22): invitations, communities (their
order and archiving; creating and editing stay at /c/new and /c/<slug>/edit) and the site
settings; and the button that hides the announcement, for every reader.

Thin views: the rules are forum.services.invitations, forum.services.communities,
forum.services.site_settings and forum.permissions. A refused form shows again with what was typed
and the error, with its status (so the request's transaction rolls back: forum.transactions).
"""

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import permissions
from forum.errors import Forbidden, ForumError, NotFound, Unauthorized, ValidationError
from forum.i18n import current_language
from forum.services import communities as community_service
from forum.services import invitations, site_settings
from forum.services.communities import access_community
from forum.web.admin_forms import INVITATION_ROLE_LABELS, REGISTRATION_MODE_LABELS, InvitationForm, SiteSettingsForm
from forum.web.forms import EmptyForm, show_error
from forum.web.helpers import page_arg, redirect_with_error, safe_next

bp = Blueprint("admin", __name__)

ACCESS_ERRORS = (Unauthorized, Forbidden, NotFound)
ANNOUNCEMENT_COOKIE = "announcement_hidden"


@bp.app_template_global("site_settings")
def _site_settings() -> site_settings.Settings:
    """The settings in force, for the layout (read at most every CURRENT_SECONDS per process)."""
    return site_settings.current()


def _require_page(allowed) -> object | None:
    """Pages (GET) send anonymous visitors to the login form and back; others get a 403."""
    if not current_user.is_authenticated:
        target = request.full_path[:-1] if request.full_path.endswith("?") else request.full_path
        return redirect(url_for("auth.login", next=target))
    permissions.require(allowed(current_user))
    return None


def _show_error(form, error: ForumError) -> None:
    if isinstance(error, ValidationError):
        show_error(form, error)
    else:
        form.form_errors.append(error.message)


# ---------- invitations ----------

def _invitations_page(form: InvitationForm | None = None, status: int = 200):
    filter_status = invitations.check_status(request.args.get("status"))
    page = invitations.list_invitations(current_user, filter_status, page_arg())
    everything = community_service.ordered_communities()
    open_communities = [c for c in everything if not c.is_archived]
    names = {c.id: c.localized_name() for c in everything}
    if form is None:
        form = InvitationForm(formdata=None, communities=open_communities, data={"language": current_language()})
    return render_template("moderation/invitations.html", form=form, result=page, filter_status=filter_status,
                           community_list=lambda invitation: ", ".join(
                               names[i] for i in invitation.community_ids or [] if i in names),
                           role_labels=INVITATION_ROLE_LABELS, action_form=EmptyForm()), status


@bp.route("/moderation/invitations", methods=["GET", "POST"])
def invitations_page():
    if request.method == "GET":
        if (login := _require_page(permissions.can_invite)) is not None:
            return login
        return _invitations_page()
    permissions.require_signed_in(current_user)
    permissions.require(permissions.can_invite(current_user))
    form = InvitationForm(communities=[c for c in community_service.ordered_communities() if not c.is_archived])
    try:
        invitation = invitations.do_invite(current_user, email=form.email.data, role=form.role.data,
                                           communities=request.form.getlist("communities"),
                                           message=form.message.data, language=form.language.data)
    except ACCESS_ERRORS:
        raise
    except ForumError as error:
        _show_error(form, error)
        return _invitations_page(form, error.status)
    flash(_("The invitation to %(email)s is sent.", email=invitation.email), "success")
    return redirect(url_for("admin.invitations_page"))


def _invitation_action(invitation_id: int, run, success: str):
    invitation = invitations.access_invitation(current_user, invitation_id)
    try:
        run(current_user, invitation)
    except ACCESS_ERRORS:
        raise
    except ForumError as error:
        return redirect_with_error(url_for("admin.invitations_page"), error.message)
    flash(success(invitation.email), "success")
    return redirect(url_for("admin.invitations_page"))


@bp.post("/moderation/invitations/<int:invitation_id>/resend")
@login_required
def resend_invitation(invitation_id: int):
    return _invitation_action(invitation_id, invitations.do_resend,
                              lambda email: _("The invitation to %(email)s is sent again, with a new link.",
                                              email=email))


@bp.post("/moderation/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(invitation_id: int):
    return _invitation_action(invitation_id, invitations.do_revoke,
                              lambda email: _("The invitation to %(email)s is revoked: its link no longer works.",
                                              email=email))


# ---------- communities ----------

@bp.get("/moderation/communities")
def communities_page():
    if (login := _require_page(permissions.can_manage_communities)) is not None:
        return login
    everything = community_service.ordered_communities()
    return render_template("moderation/communities.html", listed=[c for c in everything if not c.is_archived],
                           archived=[c for c in everything if c.is_archived], action_form=EmptyForm())


def _community_action(slug: str, run, success: str):
    community = access_community(slug)
    try:
        run(community)
    except ACCESS_ERRORS:
        raise
    except ForumError as error:
        return redirect_with_error(url_for("admin.communities_page"), error.message)
    flash(success(community.localized_name()), "success")
    return redirect(safe_next(request.form.get("next"), url_for("admin.communities_page")))


@bp.post("/moderation/communities/<slug>/move")
@login_required
def move_community(slug: str):
    direction = request.form.get("direction")
    return _community_action(slug, lambda c: community_service.do_move_community(current_user, c, direction),
                             lambda name: _("%(name)s is moved.", name=name))


@bp.post("/moderation/communities/<slug>/archive")
@login_required
def archive_community(slug: str):
    return _community_action(slug, lambda c: community_service.do_archive_community(current_user, c),
                             lambda name: _("%(name)s is archived: it stays readable, and nothing new can be "
                                            "posted in it.", name=name))


@bp.post("/moderation/communities/<slug>/unarchive")
@login_required
def unarchive_community(slug: str):
    return _community_action(slug, lambda c: community_service.do_unarchive_community(current_user, c),
                             lambda name: _("%(name)s is open again.", name=name))


# ---------- site settings ----------

@bp.route("/moderation/settings", methods=["GET", "POST"])
def settings_page():
    if request.method == "GET":
        if (login := _require_page(permissions.can_change_site_settings)) is not None:
            return login
        current = site_settings.current()
        form = SiteSettingsForm(formdata=None, data={name: getattr(current, name) for name in site_settings.EDITABLE})
        return render_template("moderation/settings.html", form=form, mode_labels=REGISTRATION_MODE_LABELS)
    permissions.require_signed_in(current_user)
    permissions.require(permissions.can_change_site_settings(current_user))
    form = SiteSettingsForm()
    try:
        site_settings.do_update(current_user, site_name=form.site_name.data, tagline=form.tagline.data,
                                announcement=form.announcement.data, registration_mode=form.registration_mode.data)
    except ACCESS_ERRORS:
        raise
    except ForumError as error:
        _show_error(form, error)
        return render_template("moderation/settings.html", form=form, mode_labels=REGISTRATION_MODE_LABELS), \
            error.status
    flash(_("The site settings are saved."), "success")
    return redirect(url_for("admin.settings_page"))


@bp.post("/announcement/hide")
def hide_announcement():
    """Any reader hides the current announcement (a cookie naming its version: a new text shows)."""
    response = make_response(redirect(safe_next(request.form.get("next"))))
    version = site_settings.current().announcement_version
    response.set_cookie(ANNOUNCEMENT_COOKIE, str(version), max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
