"""The API's blueprint and what every API request goes through first: who is asking (the session
cookie, which also needs the CSRF header to write, or a bearer token)."""

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from forum.auth import authenticated_by_token, has_authorization_header, user_from_token
from forum.errors import Unauthorized
from forum.extensions import csrf, login_manager

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@bp.before_request
def _authenticate() -> None:
    if has_authorization_header():
        # A token that was sent must be valid; we never fall back to the cookie.
        if not (current_user.is_authenticated and authenticated_by_token()):
            # Flask-Login skips the request loader when a remember-me cookie is present.
            user = user_from_token(request)
            if user is None:
                raise Unauthorized(_("The API token is invalid or revoked."), code="invalid_token")
            login_manager._update_request_context_with_user(user)
        return
    if request.method not in _SAFE_METHODS and current_user.is_authenticated:
        csrf.protect()  # cookie sessions must prove the request came from our pages
