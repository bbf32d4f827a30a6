"""The invitee's side of an invitation (forum.services.invitations): the mailed link opens a page
that registers a new account, or accepts the invitation for the signed-in account it was sent to."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from forum.errors import ValidationError
from forum.i18n import current_language
from forum.ratelimits import auth_limit
from forum.services import invitations, sessions
from forum.web.admin_forms import INVITATION_ROLE_LABELS, InvitedRegisterForm
from forum.web.forms import EmptyForm, show_error

bp = Blueprint("invitations", __name__)


def _page(invitation, token: str, form=None, status: int = 200):
    """What the link shows: a form to register, a button to accept, or why neither."""
    account = invitations.account_for(invitation)
    if current_user.is_authenticated:
        situation = "accept" if current_user.id == (account.id if account else None) else "other_account"
    else:
        situation = "log_in" if account is not None else "register"
    if situation == "register" and form is None:
        form = InvitedRegisterForm(formdata=None)
    return render_template("invitations/accept.html", invitation=invitation, token=token, situation=situation,
                           form=form or EmptyForm(), communities=invitations.invited_communities(invitation),
                           role_label=INVITATION_ROLE_LABELS.get(invitation.role, invitation.role)), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@auth_limit("RATELIMIT_REGISTER")
def accept(token: str):
    invitation = invitations.invitation_for_token(token)  # a closed or wrong link: its error page
    if request.method == "GET":
        return _page(invitation, token)
    if current_user.is_authenticated:
        form = EmptyForm()
        if not form.validate_on_submit():
            return _page(invitation, token, status=400)
        invitations.do_accept(current_user, token)
        flash(_("Welcome: you accepted the invitation."), "success")
        return redirect(url_for("main.home"))
    if invitations.account_for(invitation) is not None:
        return _page(invitation, token, status=409)
    form = InvitedRegisterForm()
    if not form.validate_on_submit():
        return _page(invitation, token, form, 400)
    try:
        user = invitations.do_register_invited(
            token, username=form.username.data, password=form.password.data, country=form.country.data,
            sector=form.sector.data, organization=form.organization.data, display_name=form.display_name.data,
            locale=current_language(), accepts_terms=bool(form.accept_terms.data))
    except ValidationError as error:
        show_error(form, error)
        return _page(invitation, token, form, error.status)
    sessions.do_log_in(user, user_agent=request.user_agent.string)
    login_user(user)
    flash(_("Welcome to Horizonte, %(name)s: your account is ready.", name=user.display_name), "success")
    return redirect(url_for("main.home"))
