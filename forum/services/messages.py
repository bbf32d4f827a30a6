"""Direct messages between members, and blocks.

A conversation is visible to its participants only: everyone else, moderators and admins
included, gets the same 404 as for a missing one — until a participant reports it, after which
site moderators may read it (`permissions.can_read_conversation`). Whether a member accepts
messages from another is `permissions.is_blocked`, the one rule mentions will reuse.
"""

import math

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from forum import content, permissions
from forum.errors import Forbidden, NotFound, ValidationError
from forum.extensions import db
from forum.models import Conversation, ConversationParticipant, Message, User, UserBlock, utcnow
from forum.services import validation as v
from forum.services.draft_rows import do_delete_draft
from forum.services.notifications import do_notify
from forum.services.uploads import link_uploads

MAX_RECIPIENTS = 10
SUBJECT_MAX = 200
REASON_MAX = 500
CONVERSATIONS_PER_PAGE = 25
# A conversation page shows its latest messages; older ones are rarely needed and cost bounded work.
MESSAGES_SHOWN = 200


def check_recipients(author: User, value: object, field: str = "to") -> list[User]:
    """Other members by username (a list, or a comma-separated line), at least one."""
    names = list(dict.fromkeys(item.strip().lower() for item in v._items(value, field) if item.strip()))
    if not names:
        raise ValidationError(field, _("Name at least one member."), code="required")
    if len(names) > MAX_RECIPIENTS:
        raise ValidationError(field, _("Name at most %(n)d members.", n=MAX_RECIPIENTS), code="too_many")
    users = {u.username_key: u for u in db.session.scalars(select(User).where(User.username_key.in_(names)))}
    for name in names:
        user = users.get(name)
        if user is None or user.is_deactivated:
            raise ValidationError(field, _("There is no member called %(name)s.", name=name[:30]), code="not_found")
    recipients = [users[name] for name in names if users[name].id != author.id]
    if not recipients:
        raise ValidationError(field, _("Name at least one other member."), code="required")
    return recipients


def _refuse_if_blocked(author: User, recipient_ids: list[int], users: dict[int, User] | None = None) -> None:
    blockers = permissions.blocked_by_any(recipient_ids, author.id)
    if blockers:
        name = users[blockers[0]].display_name if users and blockers[0] in users else _("A participant")
        raise Forbidden(_("%(name)s does not accept messages from you.", name=name), code="blocked")


def do_start_conversation(author: User, *, to: object, subject: object, body: object) -> Conversation:
    permissions.require_write(author)
    recipients = check_recipients(author, to)
    subject_value = v.check_line(subject, "subject", max_length=SUBJECT_MAX)
    source = v.check_body(body)
    _refuse_if_blocked(author, [u.id for u in recipients], {u.id: u for u in recipients})
    now = utcnow()
    conversation = Conversation(subject=subject_value, created_by_id=author.id, created_at=now,
                                last_message_at=now, message_count=0, report_reason="")
    conversation.participants = [ConversationParticipant(user_id=author.id, last_read_at=now)] + [
        ConversationParticipant(user_id=u.id, last_read_at=None) for u in recipients]
    db.session.add(conversation)
    db.session.flush()
    _append(author, conversation, source, [u.id for u in recipients])
    do_delete_draft(author, "message:new")
    return conversation


def do_send_message(author: User, conversation: Conversation, *, body: object) -> Message:
    permissions.require_write(author)
    participant_ids = {p.user_id for p in conversation.participants}
    if author.id not in participant_ids:
        raise NotFound()  # moderators reading a reported conversation do not write in it
    source = v.check_body(body)
    others = sorted(participant_ids - {author.id})
    _refuse_if_blocked(author, others, {p.user_id: p.user for p in conversation.participants})
    do_delete_draft(author, f"message:{conversation.id}")
    return _append(author, conversation, source, others)


def _append(author: User, conversation: Conversation, source: str, others: list[int]) -> Message:
    now = utcnow()
    message = Message(conversation_id=conversation.id, author_id=author.id, source=source,
                      html=content.render(source), created_at=now)
    db.session.add(message)
    conversation.last_message_at = now
    conversation.message_count = (conversation.message_count or 0) + 1
    for participant in conversation.participants:
        if participant.user_id == author.id:
            participant.last_read_at = now
    db.session.flush()
    link_uploads(message.html, {author.id}, message=message, fresh=True)
    for user_id in others:
        do_notify(user_id, "message", actor=author)
    return message


def access_conversation(user: object, conversation_id: int) -> Conversation:
    """The conversation if the user may read it; NotFound for missing and forbidden alike."""
    if not permissions.is_signed_in(user) or not v.is_valid_id(conversation_id):
        raise NotFound()
    conversation = db.session.scalar(
        select(Conversation).options(selectinload(Conversation.participants)
                                     .joinedload(ConversationParticipant.user))
        .where(Conversation.id == conversation_id))
    if conversation is None or not permissions.can_read_conversation(
            user, conversation, {p.user_id for p in conversation.participants}):
        raise NotFound()
    return conversation


def conversation_messages(conversation: Conversation) -> list[Message]:
    latest = list(db.session.scalars(
        select(Message).options(joinedload(Message.author)).where(Message.conversation_id == conversation.id)
        .order_by(Message.created_at.desc(), Message.id.desc()).limit(MESSAGES_SHOWN)))
    return latest[::-1]


def do_mark_conversation_read(user: User, conversation: Conversation) -> None:
    for participant in conversation.participants:
        if participant.user_id == user.id:
            participant.last_read_at = utcnow()


def is_unread(participant: ConversationParticipant) -> bool:
    return participant.last_read_at is None or participant.last_read_at < participant.conversation.last_message_at


def conversations_page(user: User, page: int, per_page: int = CONVERSATIONS_PER_PAGE,
                       ) -> tuple[list[tuple[Conversation, bool]], int, int]:
    """(conversation, unread) newest activity first, pages, total: three queries."""
    mine = select(ConversationParticipant).where(ConversationParticipant.user_id == user.id)
    total = db.session.scalar(select(func.count()).select_from(mine.subquery())) or 0
    rows = list(db.session.scalars(
        mine.join(Conversation, Conversation.id == ConversationParticipant.conversation_id)
        .options(joinedload(ConversationParticipant.conversation).selectinload(Conversation.participants)
                 .joinedload(ConversationParticipant.user))
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        .offset((page - 1) * per_page).limit(per_page)))
    return [(p.conversation, is_unread(p)) for p in rows], max(math.ceil(total / per_page), 1), total


def reported_conversations(user: User) -> list[Conversation]:
    permissions.require(permissions.is_moderator(user))
    return list(db.session.scalars(
        select(Conversation).options(selectinload(Conversation.participants).joinedload(ConversationParticipant.user))
        .where(Conversation.reported_at.is_not(None)).order_by(Conversation.reported_at.desc()).limit(100)))


def do_report_conversation(user: User, conversation: Conversation, *, reason: object) -> Conversation:
    """A participant opens the conversation to moderators."""
    permissions.require_write(user)
    if user.id not in {p.user_id for p in conversation.participants}:
        raise NotFound()
    reason_value = v.check_line(reason, "reason", max_length=REASON_MAX, required=True)
    if conversation.reported_at is None:
        conversation.reported_at = utcnow()
        conversation.reported_by_id = user.id
        conversation.report_reason = reason_value
    db.session.flush()
    return conversation


# ---------- blocks ----------


def do_block(user: User, target: User) -> bool:
    """Returns False when the block already existed."""
    permissions.require_write(user)
    if target.id == user.id:
        raise ValidationError("username", _("You cannot block yourself."), code="self")
    if permissions.is_blocked(user.id, target.id):
        return False
    db.session.add(UserBlock(blocker_id=user.id, blocked_id=target.id, created_at=utcnow()))
    db.session.flush()
    return True


def do_unblock(user: User, target: User) -> bool:
    permissions.require_signed_in(user)
    block = db.session.get(UserBlock, (user.id, target.id))
    if block is None:
        return False
    db.session.delete(block)
    db.session.flush()
    return True
