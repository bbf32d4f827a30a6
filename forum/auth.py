"""Who is making this request: the session cookie (Flask-Login) or an API bearer token."""

from flask import Flask, g, request
from flask_babel import gettext as _

from forum.extensions import db, login_manager
from forum.models import User


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # The cookie names "<id>:<session version>"; a bumped version ends old sessions.
        uid, _sep, version = user_id.partition(":")
        if not uid.isdigit() or not version.isdigit():
            return None
        user = db.session.get(User, int(uid))
        if user is None or user.session_version != int(version):
            return None
        return user

    @login_manager.request_loader
    def load_user_from_token(req) -> User | None:
        # Tokens act only on the API; web pages use the session cookie.
        if not req.path.startswith("/api/"):
            return None
        from forum.services.accounts import user_for_api_token

        header = req.headers.get("Authorization", "")
        scheme, _sep, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw:
            return None
        user = user_for_api_token(raw.strip())
        if user is not None:
            g.api_token_auth = True
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        from forum.errors import Unauthorized

        raise Unauthorized(_("Please log in to do that."))


def authenticated_by_token() -> bool:
    return bool(g.get("api_token_auth"))


def has_authorization_header() -> bool:
    return bool(request.headers.get("Authorization"))
