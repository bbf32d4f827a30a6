"""Institutional sign-in with OpenID Connect providers (docs/sign-in.md): the button's POST starts
the authorization code flow (PKCE, state and nonce, kept in this browser's session by Authlib),
the provider sends the browser back to the callback, whose ID token is verified (signature,
issuer, audience, expiry, nonce) before forum.services.identities decides which account it opens.

Each provider has its own callback URL, so an answer is only ever taken to the provider the flow
started with (the mix-up attack); `iss` in the answer (RFC 9207), when sent, must be that provider.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from werkzeug.wrappers import Response

from forum import links, oidc
from forum.config import OidcProvider
from forum.errors import BadRequest, ValidationError
from forum.i18n import current_language
from forum.ratelimits import auth_limit
from forum.services import identities, sessions
from forum.services.identities import NewAccount, ProviderClaims
from forum.transactions import writes
from forum.web.forms import NewMemberForm, show_error
from forum.web.helpers import redirect_with_error, safe_next

bp = Blueprint("oidc", __name__)

REGISTRY = "authlib.integrations.flask_client"  # where Authlib's OAuth keeps itself in app.extensions
# The provider's answer arrives within this many seconds of leaving, or Authlib's state has gone;
# a newcomer then has this long to fill in the new-account form.
NEW_ACCOUNT_SECONDS = 30 * 60
# Discovery, keys, token and userinfo requests: a provider that hangs is a 502 after this, not a hang.
PROVIDER_TIMEOUT = 5
PARAMETER_MAX = 2048


class NewAccountForm(NewMemberForm):
    """A provider's newcomer: the address is the provider's, confirmed; no password."""


def init_oidc(app: Flask) -> None:
    """One Authlib client per configured provider, for this app (tests build several apps).

    Authlib (with joserfc and cryptography, 12 MB in every process) is imported only where a
    provider is configured: a site without institutional sign-in never loads it (issue #23)."""
    app.jinja_env.globals.update(oidc_providers=oidc.providers, linked_identities=_linked_identities)
    if not app.config.get("OIDC_PROVIDERS"):
        return
    from authlib.integrations.flask_client import OAuth

    registry = OAuth(app)
    for provider in app.config["OIDC_PROVIDERS"]:
        registry.register(
            provider.name, client_id=provider.client_id, client_secret=provider.client_secret,
            server_metadata_url=provider.issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256",
                           "default_timeout": PROVIDER_TIMEOUT})


def _linked_identities() -> list[tuple[OidcProvider | None, identities.UserIdentity]]:
    """The signed-in member's identities with their provider (None: no longer configured)."""
    by_name = {p.name: p for p in oidc.providers()}
    return [(by_name.get(i.provider), i) for i in identities.identities_of(current_user)]


def _client(provider: OidcProvider):
    return current_app.extensions[REGISTRY].create_client(provider.name)


@contextmanager
def _talking_to(provider: OidcProvider) -> Iterator[None]:
    """A provider that is down, slow or answers nonsense is a 502 page that names it."""
    try:
        yield
    except (requests.RequestException, RuntimeError, KeyError) as error:
        current_app.logger.warning("OpenID provider %s: %s: %s", provider.name, type(error).__name__, error)
        raise oidc.ProviderUnavailable(provider) from None


def _metadata(provider: OidcProvider) -> dict:
    """The provider's discovery document (read once per process), whose issuer must be the one
    configured (OpenID Connect Discovery 4.3): the ID tokens are checked against it."""
    metadata = _client(provider).load_server_metadata()
    if metadata.get("issuer") != provider.issuer:
        raise RuntimeError(f"discovery names issuer {metadata.get('issuer')!r}, not {provider.issuer!r}")
    return metadata


@bp.post("/login/oidc/<provider>")
@auth_limit("RATELIMIT_LOGIN")
def start(provider: str):
    """To the provider's sign-in page. Signed in already: the identity is linked to this account."""
    chosen = oidc.provider_named(provider)
    session["oidc_next"] = safe_next(request.form.get("next"), "")
    with _talking_to(chosen):
        _metadata(chosen)
        return _client(chosen).authorize_redirect(links.absolute("oidc.callback", provider=chosen.name))


def _parameter(name: str) -> str:
    value = request.args.get(name, "")
    if not value or len(value) > PARAMETER_MAX or not (value.isascii() and value.isprintable()):
        raise BadRequest(_("This sign-in answer is incomplete or damaged: start again from the login page."),
                         code="bad_callback")
    return value


@bp.get("/login/oidc/<provider>/callback")
@writes
def callback(provider: str):
    chosen = oidc.provider_named(provider)
    if request.args.get("error"):
        # The person cancelled at the provider, or it refused: its words are not shown (any site can
        # send a browser here with any text).
        raise BadRequest(_("%(provider)s did not sign you in. You can start again from the login page.",
                           provider=chosen.label), code="provider_refused")
    state = _parameter("state")
    _parameter("code")
    client = _client(chosen)
    if not client.framework.get_state_data(session, state):
        raise BadRequest(_("This sign-in was started in another browser or too long ago: start again from the login "
                           "page."), code="state_mismatch")
    if "iss" in request.args and request.args["iss"] != chosen.issuer:
        raise BadRequest(_("This sign-in answer comes from another provider: start again from the login page."),
                         code="wrong_issuer")
    claims, id_token = _verified_claims(chosen, client)
    signed_in = current_user if current_user.is_authenticated else None
    result = identities.do_sign_in(chosen, identities.claims_from(chosen, claims), signed_in=signed_in)
    next_url = safe_next(session.pop("oidc_next", ""), url_for("main.home"))
    if isinstance(result, NewAccount):
        session["oidc_new_account"] = {"claims": result.claims.__dict__, "username": result.suggested_username,
                                       "id_token": id_token, "next": next_url, "at": time.time()}
        return redirect(url_for("oidc.new_account"))
    if signed_in is not None:
        flash(_("Your account is now linked to %(provider)s.", provider=chosen.label), "success")
        return redirect(url_for("account.security") + "#identities")
    _log_in(result, chosen, id_token)
    return redirect(next_url)


def _verified_claims(provider: OidcProvider, client) -> tuple[dict, str]:
    """The code exchanged for tokens, the ID token verified, its claims completed from userinfo
    when it lacks the address (providers that follow OpenID Connect Core 5.4 to the letter)."""
    from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
    from joserfc.errors import JoseError

    try:
        with _talking_to(provider):
            _metadata(provider)
            token = client.authorize_access_token(claims_options={
                "iss": {"essential": True, "value": provider.issuer},
                "aud": {"essential": True, "value": provider.client_id}})
            claims = dict(token.get("userinfo") or {})
            if not claims or not token.get("id_token"):
                raise BadRequest(_("%(provider)s did not send an ID token: start again from the login page.",
                                   provider=provider.label), code="no_id_token")
            if "email" not in claims and _metadata(provider).get("userinfo_endpoint"):
                more = client.userinfo(token=token)
                if more.get("sub") == claims["sub"]:  # OpenID Connect Core 5.3.2: else ignore it
                    claims.update({k: v for k, v in more.items() if k not in claims})
    except MismatchingStateError:
        raise BadRequest(_("This sign-in was started in another browser or too long ago: start again from the "
                           "login page."), code="state_mismatch") from None
    except OAuthError:  # the token endpoint refused the code (used, expired, or not ours)
        raise BadRequest(_("%(provider)s did not accept this sign-in: start again from the login page.",
                           provider=provider.label), code="code_refused") from None
    except JoseError as error:  # signature, issuer, audience, expiry or nonce
        current_app.logger.warning("OpenID provider %s: ID token refused: %s", provider.name, error)
        raise BadRequest(_("We could not verify the answer of %(provider)s: start again from the login page.",
                           provider=provider.label), code="invalid_id_token") from None
    return claims, token["id_token"]


def _log_in(user, provider: OidcProvider, id_token: str) -> None:
    sessions.do_log_in(user, user_agent=request.user_agent.string)
    login_user(user)
    # For the provider's logout at ours (provider_logout_redirect): which one, and the hint it asks.
    session["oidc_logout"] = {"provider": provider.name, "id_token": id_token}


@bp.route("/login/oidc/new-account", methods=["GET", "POST"])
def new_account():
    """A newcomer the provider vouches for chooses a username and says where they work, and
    accepts the terms, as the registration form asks; the address is the provider's, confirmed."""
    pending = session.get("oidc_new_account")
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > NEW_ACCOUNT_SECONDS:
        session.pop("oidc_new_account", None)
        flash(_("Your sign-in has expired: start again."), "error")
        return redirect(url_for("auth.login"))
    provider = oidc.provider_named(pending["claims"]["provider"])
    claims = ProviderClaims(**pending["claims"])
    form = NewAccountForm() if request.method == "POST" else NewAccountForm(
        data={"username": pending["username"], "display_name": claims.name})
    if request.method == "POST" and form.validate_on_submit():
        try:
            user = identities.do_create_account(
                provider, claims, username=form.username.data, display_name=form.display_name.data,
                country=form.country.data, sector=form.sector.data, organization=form.organization.data,
                locale=current_language(), accepts_terms=bool(form.accept_terms.data))
        except ValidationError as error:
            show_error(form, error)
            return render_template("auth/oidc_new_account.html", form=form, provider=provider, claims=claims), 422
        session.pop("oidc_new_account", None)
        _log_in(user, provider, pending["id_token"])
        flash(_("Welcome, %(name)s: your account is ready.", name=user.display_name), "success")
        return redirect(safe_next(pending.get("next"), url_for("main.home")))
    return render_template("auth/oidc_new_account.html", form=form, provider=provider, claims=claims)


@bp.post("/settings/identities/unlink")
@login_required
def unlink():
    try:
        identity = identities.do_unlink(current_user, request.form.get("identity"))
    except ValidationError as error:
        return redirect_with_error(url_for("account.security") + "#identities", error.message)
    label = next((p.label for p in oidc.providers() if p.name == identity.provider), identity.provider)
    flash(_("Your account is no longer linked to %(provider)s.", provider=label), "success")
    return redirect(url_for("account.security") + "#identities")


def provider_logout_redirect() -> Response | None:
    """After our logout, to the provider's end_session_endpoint (RP-Initiated Logout 1.0) with the
    ID token as hint and our home page to come back to, when this login came from a provider that
    offers it; None otherwise, or when it does not answer (our session has ended either way)."""
    data = session.pop("oidc_logout", None)
    if not isinstance(data, dict):
        return None
    provider = next((p for p in oidc.providers() if p.name == data.get("provider")), None)
    if provider is None or not isinstance(data.get("id_token"), str):
        return None
    try:
        endpoint = _metadata(provider).get("end_session_endpoint")
    except (requests.RequestException, RuntimeError):
        return None
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        return None
    from authlib.common.urls import add_params_to_uri

    return redirect(add_params_to_uri(endpoint, {
        "id_token_hint": data["id_token"], "client_id": provider.client_id,
        "post_logout_redirect_uri": links.absolute("main.home")}))
