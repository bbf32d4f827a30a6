"""/api/v1/threads/<id>/answer and /api/v1/posts/<id>/reactions/<kind>."""

from flask import request

from forum import serializers
from forum.api.blueprint import bp
from forum.api.helpers import json_body, signed_in_user
from forum.ratelimits import reaction_limit
from forum.services.answers import check_answer_post, do_mark_answer, do_unmark_answer
from forum.services.posts import access_post
from forum.services.reactions import do_react, do_unreact, my_reactions
from forum.services.threads import access_thread


@bp.post("/threads/<int:thread_id>/answer")
def mark_answer(thread_id: int):
    """`{"post_id": …}`: that reply becomes the question's answer (its author or a moderator)."""
    user = signed_in_user()
    thread = access_thread(user, thread_id)
    data = json_body({"post_id"})
    do_mark_answer(user, thread, check_answer_post(thread, data.get("post_id")))
    return {"thread": serializers.thread(thread)}


@bp.delete("/threads/<int:thread_id>/answer")
def unmark_answer(thread_id: int):
    user = signed_in_user()
    thread = access_thread(user, thread_id)
    do_unmark_answer(user, thread)
    return {"thread": serializers.thread(thread)}


@bp.route("/posts/<int:post_id>/reactions/<kind>", methods=["PUT", "DELETE"])
@reaction_limit
def react(post_id: int, kind: str):
    """PUT gives the reaction, DELETE takes it back; both are idempotent."""
    user = signed_in_user()
    post = access_post(user, post_id)
    if request.method == "PUT":
        do_react(user, post, kind)
    else:
        do_unreact(user, post, kind)
    return {"post": serializers.post(post, user, my_reactions(user, [post.id]).get(post.id))}
