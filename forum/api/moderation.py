"""/api/v1/moderation: moderator actions (hide and restore posts for now)."""

from flask_babel import gettext as _

from forum import serializers
from forum.api import bp
from forum.api.helpers import json_body, signed_in_user
from forum.errors import ValidationError
from forum.extensions import db
from forum.services.moderation import do_hide_post, do_restore_post
from forum.services.posts import access_post

POST_ACTIONS = ("hide", "restore")


@bp.post("/moderation/posts/<int:post_id>")
def moderate_post(post_id: int):
    user = signed_in_user()
    post = access_post(user, post_id)
    data = json_body({"action", "reason"})
    action = data.get("action")
    if action == "hide":
        do_hide_post(user, post, reason=data.get("reason"))
    elif action == "restore":
        do_restore_post(user, post)
    else:
        raise ValidationError("action", _("Unknown action."), code="unknown_action")
    body = {"post": serializers.post(post, user)}
    db.session.commit()
    return body
