"""Who is making this request: the session cookie (Flask-Login) or an API bearer token."""

from flask import Flask, g, request
from flask_babel import gettext as _

from forum.extensions import login_manager
from forum.models import User


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if _api_request_with_token(request):
            return None  # an API request that names a token acts as that token's user, never the cookie's
        from forum.services.sessions import user_for_cookie

        return user_for_cookie(user_id)

    @login_manager.request_loader
    def load_user_from_token(req) -> User | None:
        return user_from_token(req)

    @login_manager.unauthorized_handler
    def unauthorized():
        from forum.errors import Unauthorized

        raise Unauthorized(_("Please log in to do that."))


def _api_request_with_token(req) -> bool:
    return req.path.startswith("/api/") and req.headers.get("Authorization", "").lower().startswith("bearer ")


def user_from_token(req) -> User | None:
    """The user of a valid `Authorization: Bearer` token on an API request (tokens act only there)."""
    if not _api_request_with_token(req):
        return None
    from forum.services.accounts import user_for_api_token

    raw = req.headers["Authorization"].partition(" ")[2].strip()
    user = user_for_api_token(raw) if raw else None
    if user is not None:
        g.api_token_auth = True
    return user


def authenticated_by_token() -> bool:
    return bool(g.get("api_token_auth"))


def has_authorization_header() -> bool:
    return bool(request.headers.get("Authorization"))
