"""/api/v1/posts/<id>: edit and delete."""

from forum import serializers
from forum.api.blueprint import bp
from forum.api.helpers import json_body, signed_in_user
from forum.services.posts import access_post, do_delete_post, do_edit_post


@bp.patch("/posts/<int:post_id>")
def edit_post(post_id: int):
    user = signed_in_user()
    post = access_post(user, post_id)
    data = json_body({"body"})
    do_edit_post(user, post, body=data.get("body"))
    return {"post": serializers.post(post, user)}


@bp.delete("/posts/<int:post_id>")
def delete_post(post_id: int):
    user = signed_in_user()
    post = access_post(user, post_id)
    do_delete_post(user, post)
    return {"post": serializers.post(post, user)}
