"""Rate limits shared by pages and API (Flask-Limiter: in memory, or Redis when REDIS_URL is set).

Redis is a cache here too: when it fails, the limits go on counting in this process's memory
(RATELIMIT_IN_MEMORY_FALLBACK_ENABLED) and Redis is tried again with backoff; no request fails
because the limits' storage did.
"""

from flask import current_app, request
from flask_login import current_user

from forum import permissions
from forum.extensions import limiter


def _user_key() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else request.remote_addr or "?"


def _posting_limit() -> str:
    new = permissions.is_new_member(current_user)
    return current_app.config["RATELIMIT_POST_NEW" if new else "RATELIMIT_POST"]


# One budget per user for every way of posting (thread or reply, page or API).
post_limit = limiter.shared_limit(_posting_limit, scope="posting", key_func=_user_key, methods=["POST"])
flag_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_FLAG"], scope="flagging",
                                  key_func=_user_key, methods=["POST"])
# Reactions, given or taken back (page and API share one budget).
reaction_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_REACTION"], scope="reacting",
                                      key_func=_user_key, methods=["POST", "PUT", "DELETE"])
# Page and API share one budget; only searches with a query count (the empty form is free).
search_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_SEARCH"], scope="search",
                                    key_func=_user_key, methods=["GET"], exempt_when=lambda: "q" not in request.args)

# The member picker's suggestions (forum.web.people.suggest): a lookup of names per pause in typing.
suggest_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_MEMBER_SUGGEST"], scope="member-suggest",
                                     key_func=_user_key, methods=["GET"])

# Direct messages (new conversation or reply, page or API) share one budget per user.
message_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_MESSAGE"], scope="messaging",
                                     key_func=_user_key, methods=["POST"])

# Saving drafts (static/js/drafts.js and the API): a typist's pace, not a flood of writes.
draft_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_DRAFT"], scope="drafts",
                                   key_func=_user_key, methods=["PUT"])

# PDF compendiums (page and API together): each one costs seconds of the server's CPU.
compendium_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_COMPENDIUM"], scope="compendium",
                                        key_func=_user_key, methods=["POST"])


# A member's data archive (GET) and the deletion of their account (its password checked).
data_export_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_DATA_EXPORT"], scope="data-export",
                                         key_func=_user_key, methods=["GET"])
account_delete_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_ACCOUNT_DELETE"],
                                            scope="account-delete", key_func=_user_key, methods=["POST", "DELETE"])


def auth_limit(setting: str):
    """Login, registration and password reset: per client address."""
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"])


def _login_account_key() -> str:
    """The account a login form names, whatever address the attempts come from."""
    login = request.form.get("login", "")
    return "login:" + (login.strip().lower()[:254] if isinstance(login, str) else "")


# Failed logins per account, from any address: guessing one account's password from many
# addresses stops here. Only failures count (401), so the owner's own logins never use it up.
login_account_limit = limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_ACCOUNT"], methods=["POST"],
                                    key_func=_login_account_key, scope="login-account",
                                    deduct_when=lambda response: response.status_code == 401)
