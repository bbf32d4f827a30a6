"""/api/v1/threads and thread creation."""

from flask import current_app, request
from flask_login import current_user

from forum import serializers
from forum.api.blueprint import bp
from forum.api.helpers import json_body, page_param, signed_in_user
from forum.ratelimits import post_limit
from forum.services.communities import access_community
from forum.services.cooperation import do_create_cooperation_thread
from forum.services.cooperation import serialize as cooperation_fields
from forum.services.posts import do_create_post
from forum.services.reactions import my_reactions
from forum.services.threads import (
    access_thread,
    do_set_thread_language,
    posts_after,
    posts_on_page,
    thread_page_count,
)
from forum.services.validation import check_int


@bp.post("/communities/<slug>/threads")
@post_limit
def create_thread(slug: str):
    user = signed_in_user()
    community = access_community(slug)
    data = json_body({"title", "body", "kind", "cooperation", "language"})
    thread, details = do_create_cooperation_thread(user, community, title=data.get("title"), body=data.get("body"),
                                                   kind=data.get("kind", "discussion"),
                                                   cooperation=data.get("cooperation"), language=data.get("language"))
    body = {"thread": serializers.thread(thread), "post": serializers.post(posts_on_page(thread, 1, 1)[0], user)}
    if details is not None:
        body["cooperation"] = cooperation_fields(details)
    return body, 201


@bp.get("/threads/<int:thread_id>")
def show_thread(thread_id: int):
    """Posts by page (?page=) or after a post number (?after=, for catching up)."""
    thread = access_thread(current_user, thread_id)
    if "after" in request.args:
        after = check_int(request.args["after"], "after", minimum=0, maximum=10**9)
        limit = current_app.config["API_AFTER_LIMIT"]
        posts = posts_after(thread, after, limit)
        mine = my_reactions(current_user, [p.id for p in posts])
        return {"thread": serializers.thread(thread),
                "posts": [serializers.post(p, current_user, mine.get(p.id)) for p in posts],
                "after": after, "has_more": bool(posts) and posts[-1].number < thread.last_post_number}
    page = page_param()
    per_page = current_app.config["POSTS_PER_PAGE"]
    posts = posts_on_page(thread, page, per_page)
    mine = my_reactions(current_user, [p.id for p in posts])
    return {"thread": serializers.thread(thread), "posts": [serializers.post(p, current_user, mine.get(p.id))
                                                            for p in posts],
            "page": page, "pages": thread_page_count(thread, per_page)}


@bp.patch("/threads/<int:thread_id>")
def update_thread(thread_id: int):
    """The thread's language, the one field its author changes here (moderators rename and move
    through /moderation/threads)."""
    user = signed_in_user()
    thread = access_thread(user, thread_id)
    data = json_body({"language"})
    if "language" in data:
        do_set_thread_language(user, thread, language=data["language"])
    return {"thread": serializers.thread(thread)}


@bp.post("/threads/<int:thread_id>/posts")
@post_limit
def create_post(thread_id: int):
    user = signed_in_user()
    thread = access_thread(user, thread_id)
    data = json_body({"body"})
    post = do_create_post(user, thread, body=data.get("body"))
    return {"post": serializers.post(post, user)}, 201
