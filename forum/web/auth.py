"""Register, confirm email, log in and out, forgotten passwords."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from forum.errors import ValidationError
from forum.i18n import current_language
from forum.oidc import PasswordsTurnedOff
from forum.ratelimits import auth_limit, login_account_limit
from forum.services import accounts, sessions, site_settings
from forum.transactions import writes
from forum.web import oidc_views
from forum.web.forms import ForgotPasswordForm, LoginForm, RegisterForm, ResetPasswordForm, show_error
from forum.web.helpers import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@auth_limit("RATELIMIT_LOGIN")
@login_account_limit
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.login.data or "", form.password.data or "")
        except PasswordsTurnedOff as refused:  # the account's domain signs in with a provider
            form.form_errors.append(refused.message)
            return render_template("auth/login.html", form=form), 403
        if user is not None:
            sessions.do_log_in(user, user_agent=request.user_agent.string)
            login_user(user, remember=bool(form.remember.data))
            return redirect(safe_next(form.next.data, url_for("main.home")))
        form.form_errors.append(_("Wrong email, username or password."))
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        # Ended on the server, so a copy of the cookie stops working too; this login's sockets
        # close with it, the user's other devices stay logged in.
        sessions.do_log_out(current_user)
        logout_user()
        # Signed in with a provider that offers it: its session ends too (docs/sign-in.md).
        provider_logout = oidc_views.provider_logout_redirect()
        if provider_logout is not None:
            return provider_logout
    return redirect(url_for("main.home"))


@bp.route("/register", methods=["GET", "POST"])
@auth_limit("RATELIMIT_REGISTER")
def register():
    site_settings.check_registration_open()  # by invitation only, or closed: a page that says so
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            accounts.do_register(
                email=form.email.data, username=form.username.data, password=form.password.data,
                country=form.country.data, sector=form.sector.data, organization=form.organization.data,
                display_name=form.display_name.data, locale=current_language(),
                accepts_terms=bool(form.accept_terms.data),
            )
        except ValidationError as error:
            show_error(form, error)
            return render_template("auth/register.html", form=form), 422
        # The same page whether or not the address already had an account.
        return render_template("auth/check_email.html", email=form.email.data)
    return render_template("auth/register.html", form=form)


@bp.get("/confirm/<token>")
@writes
def confirm_email(token: str):
    user = accounts.do_confirm_email(token)
    flash(_("Thank you, %(name)s: your email address is confirmed.", name=user.display_name), "success")
    return redirect(url_for("main.home") if current_user.is_authenticated else url_for("auth.login"))


@bp.post("/confirm/resend")
def resend_confirmation():
    if current_user.is_authenticated and not current_user.is_verified:
        accounts.do_send_confirmation(current_user)
        flash(_("We sent a new confirmation link to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("account.settings"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@auth_limit("RATELIMIT_PASSWORD_RESET")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.do_request_password_reset(form.email.data)
        except ValidationError as error:  # an address whose domain signs in with a provider
            show_error(form, error)
            return render_template("auth/forgot_password.html", form=form), 422
        return render_template("auth/check_email.html", email=form.email.data, reset=True)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    accounts.user_for_reset_token(token)  # a bad link gets its error page before the form
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.do_reset_password(token, form.password.data)
        except ValidationError as error:
            show_error(form, error)
            return render_template("auth/reset_password.html", form=form), 422
        sessions.do_log_in(user, user_agent=request.user_agent.string)
        login_user(user)
        flash(_("Your password has been changed."), "success")
        return redirect(url_for("main.home"))
    return render_template("auth/reset_password.html", form=form)
