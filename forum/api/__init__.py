"""JSON API v1: thin views over the same services as the pages.

Authentication: the session cookie (writes also need the X-CSRFToken header) or a personal
token (`Authorization: Bearer hz_...`). Errors: `{"error": {"code", "message"}}`.
"""

from flask import Blueprint, Flask, request
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


def register_api(app: Flask) -> None:
    from forum.api import (  # noqa: F401  routes on bp
        communities,
        cooperation,
        experiences,
        messages,
        moderation,
        notifications,
        posts,
        search,
        subscriptions,
        threads,
        users,
    )

    app.register_blueprint(bp)
