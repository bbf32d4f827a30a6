"""/api/v1/posts/<id>: edit and delete; its revisions with word diffs."""

from flask_login import current_user

from forum import permissions, serializers
from forum.api.blueprint import bp
from forum.api.helpers import json_body, signed_in_user
from forum.services.posts import access_post, do_delete_post, do_edit_post, revision_changes


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


@bp.get("/posts/<int:post_id>/revisions")
def post_revisions(post_id: int):
    """Each edit, newest first, with the words it changed; the editor for moderators only."""
    user = current_user
    post = access_post(user, post_id)
    permissions.require(permissions.can_view_revisions(user, post))
    show_editors = permissions.can_see_post_editors(user, post)
    items = []
    for change in revision_changes(post):
        r = change.revision
        item = {"number": change.number, "edited_at": serializers.iso(r.created_at),
                "replaced_source": r.source, "replaced_written_at": serializers.iso(r.written_at),
                "diff": [{"kind": s.kind, "text": s.text} for s in change.segments]}
        if show_editors:
            item["editor"] = serializers.user_brief(r.editor)
        items.append(item)
    return {"post_id": post.id, "source": post.source, "revisions": items}
