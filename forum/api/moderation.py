"""/api/v1 moderation: flags, the review queue, actions on posts, threads and users, the audit log.

Every view follows the API's pattern: parse (json_body refuses fields the endpoint does not name,
and each action refuses the endpoint's fields it does not use), call the do_* service (which checks
permissions) and return the response body; the request's transaction commits after it
(forum.transactions).
"""

from typing import Any

from flask import request
from flask_babel import gettext as _
from sqlalchemy import func, select

from forum import permissions, serializers
from forum.api.blueprint import bp
from forum.api.helpers import json_body, page_param, paginated, signed_in_user
from forum.audit_labels import action_label, detail_lines
from forum.errors import NotFound, ValidationError
from forum.extensions import db
from forum.ratelimits import flag_limit
from forum.services import validation as v
from forum.services.accounts import find_user_by_login
from forum.services.audit import log_query
from forum.services.communities import access_community
from forum.services.flags import do_flag_post, review_queue
from forum.services.moderation import (
    do_close_thread,
    do_dismiss_flags,
    do_hide_post,
    do_moderator_delete_post,
    do_move_thread,
    do_rename_thread,
    do_restore_post,
    do_set_locked,
    do_set_pinned,
    do_set_slow_mode,
    do_split_thread,
    do_undelete_post,
    do_warn_user,
)
from forum.services.posts import access_post
from forum.services.sanctions import (
    do_deactivate_user,
    do_lift_suspension,
    do_reactivate_user,
    do_set_role,
    do_suspend_user,
)
from forum.services.threads import access_thread, page_count

QUEUE_PER_PAGE = 25
LOG_PER_PAGE = 50

# The fields each action uses; the endpoint accepts their union (plus "action").
POST_ACTIONS: dict[str, set[str]] = {
    "hide": {"reason"},
    "restore": {"reason"},
    "delete": {"reason"},
    "undelete": {"reason"},
    "dismiss": {"reason"},
    "warn": {"message"},
    "suspend_author": {"until", "reason"},
}
THREAD_ACTIONS: dict[str, set[str]] = {
    "lock": {"reason"},
    "unlock": {"reason"},
    "pin": {"reason"},
    "unpin": {"reason"},
    "rename": {"title", "reason"},
    "move": {"community", "reason"},
    "close": {"message"},
    "slow_mode": {"seconds", "reason"},
    "split": {"post_ids", "title", "reason"},
}
USER_ACTIONS: dict[str, set[str]] = {
    "suspend": {"until", "reason"},
    "unsuspend": {"reason"},
    "warn": {"message"},
    "deactivate": {"reason"},
    "reactivate": {"reason"},
    "set_role": {"role"},
}
# JSON types of the fields; None (or a missing field) is left to the service (required or optional).
_TEXT_FIELDS = {"reason", "message", "until", "title", "community", "role", "note"}


def _fields(actions: dict[str, set[str]]) -> set[str]:
    return {"action"}.union(*actions.values())


def _action(data: dict[str, Any], actions: dict[str, set[str]]) -> str:
    """The requested action, after refusing the fields it does not use and values of the wrong type."""
    action = data.get("action")
    choices = ", ".join(actions)
    if action is None:
        raise ValidationError("action", _("Choose an action: %(choices)s.", choices=choices), code="required")
    if not isinstance(action, str):
        raise ValidationError("action", _("The field action must be text."), code="wrong_type")
    if action not in actions:
        raise ValidationError("action", _("Unknown action: %(action)s. Choose one of: %(choices)s.",
                                          action=action[:40], choices=choices), code="unknown_action")
    unused = sorted(set(data) - actions[action] - {"action"})
    if unused:
        raise ValidationError(unused[0], _("The field %(name)s does not apply to the action %(action)s.",
                                           name=unused[0], action=action), code="unknown_field")
    _check_types(data)
    return action


def _check_types(data: dict[str, Any]) -> None:
    for name, value in sorted(data.items()):
        if value is None:
            continue
        if name in _TEXT_FIELDS and not isinstance(value, str):
            raise ValidationError(name, _("The field %(name)s must be text.", name=name), code="wrong_type")
        if name == "seconds" and (not isinstance(value, int) or isinstance(value, bool)):
            raise ValidationError(name, _("The field %(name)s must be a whole number.", name=name),
                                  code="wrong_type")
        if name == "post_ids" and (not isinstance(value, list) or not all(
                isinstance(i, int) and not isinstance(i, bool) for i in value)):
            raise ValidationError(name, _("The field %(name)s must be a list of post ids.", name=name),
                                  code="wrong_type")


# ---------- flags and the review queue ----------


@bp.post("/posts/<int:post_id>/flags")
@flag_limit
def flag_post(post_id: int):
    user = signed_in_user()
    post = access_post(user, post_id)
    data = json_body({"reason", "note"})
    _check_types(data)
    flag = do_flag_post(user, post, reason=data.get("reason"), note=data.get("note", ""))
    return {"flag": serializers.flag(flag)}, 201


@bp.get("/moderation/queue")
def moderation_queue():
    user = signed_in_user()
    permissions.require(permissions.can_moderate_anything(user))
    page = page_param()
    items, total = review_queue(user, limit=QUEUE_PER_PAGE, offset=(page - 1) * QUEUE_PER_PAGE)
    return paginated([serializers.queue_item(item, user) for item in items], page,
                     page_count(total, QUEUE_PER_PAGE), total)


# ---------- posts ----------


@bp.post("/moderation/posts/<int:post_id>")
def moderate_post(post_id: int):
    user = signed_in_user()
    post = access_post(user, post_id)
    data = json_body(_fields(POST_ACTIONS))
    action = _action(data, POST_ACTIONS)
    reason = data.get("reason", "")
    extra: dict[str, Any] = {}
    if action == "hide":
        do_hide_post(user, post, reason=data.get("reason"))
    elif action == "restore":
        do_restore_post(user, post, reason=reason)
    elif action == "delete":
        do_moderator_delete_post(user, post, reason=data.get("reason"))
    elif action == "undelete":
        do_undelete_post(user, post, reason=reason)
    elif action == "dismiss":
        extra["dismissed"] = do_dismiss_flags(user, post, reason=reason)
    elif action == "warn":
        do_warn_user(user, post.author, message=data.get("message"), post=post)
        extra["user"] = serializers.user_moderation(post.author)
    else:  # suspend_author
        suspension = do_suspend_user(user, post.author, until=data.get("until"), reason=data.get("reason"))
        extra["user"] = serializers.user_moderation(post.author)
        extra["suspension"] = serializers.suspension(suspension)
    return {"post": serializers.post(post, user), **extra}


# ---------- threads ----------


def _destination(slug: object) -> Any:
    text = slug.strip() if isinstance(slug, str) else ""
    if not text:
        raise ValidationError("community", _("Choose the community to move the thread to."), code="required")
    try:
        if not v.SLUG_RE.fullmatch(text):  # not even the shape of a community's address
            raise NotFound()
        return access_community(text)
    except NotFound:
        raise ValidationError("community", _("There is no community at this address."),
                              code="unknown_community") from None


@bp.post("/moderation/threads/<int:thread_id>")
def moderate_thread(thread_id: int):
    user = signed_in_user()
    thread = access_thread(user, thread_id)
    data = json_body(_fields(THREAD_ACTIONS))
    action = _action(data, THREAD_ACTIONS)
    reason = data.get("reason", "")
    if action in ("lock", "unlock"):
        do_set_locked(user, thread, action == "lock", reason=reason)
    elif action in ("pin", "unpin"):
        do_set_pinned(user, thread, action == "pin", reason=reason)
    elif action == "rename":
        do_rename_thread(user, thread, title=data.get("title"), reason=reason)
    elif action == "move":
        permissions.require(permissions.can_moderate_thread(user, thread))  # before revealing communities
        do_move_thread(user, thread, _destination(data.get("community")), reason=reason)
    elif action == "close":
        do_close_thread(user, thread, message=data.get("message"))
    elif action == "slow_mode":
        do_set_slow_mode(user, thread, seconds=data.get("seconds"), reason=reason)
    else:  # split
        new_thread = do_split_thread(user, thread, post_ids=data.get("post_ids"), title=data.get("title"),
                                     reason=reason)
        return {"thread": serializers.thread(new_thread), "source": serializers.thread(thread)}, 201
    return {"thread": serializers.thread(thread)}


# ---------- users ----------


def _access_user(username: str) -> Any:
    # Only what can be a username is looked up (never an email address, never other characters).
    user = find_user_by_login(username) if v.USERNAME_RE.fullmatch(username) else None
    if user is None:
        raise NotFound()
    return user


@bp.post("/moderation/users/<username>")
def moderate_user(username: str):
    user = signed_in_user()
    permissions.require(permissions.can_moderate_anything(user))
    target = _access_user(username)
    data = json_body(_fields(USER_ACTIONS))
    action = _action(data, USER_ACTIONS)
    reason = data.get("reason", "")
    extra: dict[str, Any] = {}
    if action == "suspend":
        suspension = do_suspend_user(user, target, until=data.get("until"), reason=data.get("reason"))
        extra["suspension"] = serializers.suspension(suspension)
    elif action == "unsuspend":
        do_lift_suspension(user, target, reason=reason)
    elif action == "warn":
        do_warn_user(user, target, message=data.get("message"))
    elif action == "deactivate":
        do_deactivate_user(user, target, reason=data.get("reason"))
    elif action == "reactivate":
        do_reactivate_user(user, target, reason=reason)
    else:  # set_role
        do_set_role(user, target, role=data.get("role"))
    return {"user": serializers.user_moderation(target), **extra}


# ---------- the audit log ----------


@bp.get("/moderation/log")
def moderation_log():
    user = signed_in_user()
    permissions.require(permissions.can_view_audit_log(user))
    args = request.args
    target_id = args.get("target_id", "").strip()
    query = log_query(
        user,
        action=v.check_line(args.get("action"), "action", max_length=48) or None,
        actor=v.check_line(args.get("actor"), "actor", max_length=30) or None,
        target_type=v.check_line(args.get("target_type"), "target_type", max_length=16) or None,
        target_id=v.check_int(target_id, "target_id", minimum=1, maximum=v.MAX_ID) if target_id else None,
    )
    page = page_param()
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    entries = db.session.scalars(query.limit(LOG_PER_PAGE).offset((page - 1) * LOG_PER_PAGE)).unique()
    return paginated([_audit_entry(e) for e in entries], page, page_count(total, LOG_PER_PAGE), total)


def _audit_entry(entry) -> dict:
    """The stored entry (codes, for programs) and the same in the reader's language (for people)."""
    return {**serializers.audit_entry(entry), "action_label": action_label(entry.action),
            "details_text": [line.text if line.quote is None else f"{line.text} {line.quote}"
                             for line in detail_lines(entry.action, entry.details)]}
