"""/api/v1/conversations (direct messages) and /api/v1/users/<username>/block."""

from flask_login import current_user

from forum import serializers
from forum.api.blueprint import bp
from forum.api.helpers import json_body, page_param, paginated, signed_in_user
from forum.models import Conversation, Message
from forum.ratelimits import message_limit
from forum.services import messages as dm
from forum.services.profiles import access_profile
from forum.transactions import writes


def _conversation(c: Conversation, unread: bool | None = None) -> dict:
    body = {"id": c.id, "subject": c.subject, "participants": [serializers.user_brief(p.user) for p in c.participants],
            "message_count": c.message_count, "last_message_at": serializers.iso(c.last_message_at),
            "is_reported": c.is_reported}
    if unread is not None:
        body["unread"] = unread
    return body


def _message(m: Message) -> dict:
    return {"id": m.id, "conversation_id": m.conversation_id, "author": serializers.user_brief(m.author),
            "source": m.source, "html": m.html, "created_at": serializers.iso(m.created_at)}


@bp.get("/conversations")
def list_conversations():
    user = signed_in_user()
    page = page_param()
    items, pages, total = dm.conversations_page(user, page)
    return paginated([_conversation(c, unread) for c, unread in items], page, pages, total)


@bp.post("/conversations")
@message_limit
def create_conversation():
    user = signed_in_user()
    data = json_body({"to", "subject", "body"})
    conversation = dm.do_start_conversation(user, to=data.get("to"), subject=data.get("subject"),
                                            body=data.get("body"))
    return {"conversation": _conversation(conversation),
            "messages": [_message(m) for m in dm.conversation_messages(conversation)]}, 201


@bp.get("/conversations/<int:conversation_id>")
@writes
def show_conversation(conversation_id: int):
    signed_in_user()
    conversation = dm.access_conversation(current_user, conversation_id)
    body = {"conversation": _conversation(conversation),
            "messages": [_message(m) for m in dm.conversation_messages(conversation)]}
    if current_user.id in {p.user_id for p in conversation.participants}:
        dm.do_mark_conversation_read(current_user, conversation)
    return body


@bp.post("/conversations/<int:conversation_id>/messages")
@message_limit
def post_message(conversation_id: int):
    user = signed_in_user()
    conversation = dm.access_conversation(user, conversation_id)
    data = json_body({"body"})
    message = dm.do_send_message(user, conversation, body=data.get("body"))
    return {"message": _message(message)}, 201


@bp.post("/conversations/<int:conversation_id>/report")
def report_conversation(conversation_id: int):
    user = signed_in_user()
    conversation = dm.access_conversation(user, conversation_id)
    data = json_body({"reason"})
    dm.do_report_conversation(user, conversation, reason=data.get("reason"))
    return {"conversation": _conversation(conversation)}


@bp.post("/users/<username>/block")
def block_user(username: str):
    user = signed_in_user()
    target = access_profile(user, username)
    created = dm.do_block(user, target)
    return {"blocked": True}, 201 if created else 200


@bp.delete("/users/<username>/block")
def unblock_user(username: str):
    user = signed_in_user()
    target = access_profile(user, username)
    dm.do_unblock(user, target)
    return {"blocked": False}
