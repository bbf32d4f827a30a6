"""Expressions of interest: from a suggestion or from any open offer/request, a member from another
country says "we are interested", with a short message and their organization. The owner hears of
it, a conversation between both opens with that message, and the owner accepts or declines.
Accepting proposes a cooperation project (forum.services.projects) between both countries.
"""

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.errors import Conflict, NotFound, ValidationError
from forum.extensions import db
from forum.models import CooperationDetails, CooperationInterest, Thread, User, utcnow
from forum.serializers import iso, user_brief
from forum.services import validation as v
from forum.services.notifications import do_notify

MESSAGE_MAX = 2000


def check_message(value: object, field: str = "message") -> str:
    text = v.check_text(value, field).strip()
    if not text:
        raise ValidationError(field, _("Say in a few words what interests you."), code="required")
    if len(text) > MESSAGE_MAX:
        raise ValidationError(field, _("Use at most %(n)d characters.", n=MESSAGE_MAX), code="too_long")
    return text


def do_express_interest(user: User, details: CooperationDetails, *, message: object,
                        organization: object = "") -> CooperationInterest:
    """Record the interest, tell the owner, and open a conversation between both with the message."""
    from forum.services.messages import do_start_conversation
    from forum.services.organizations import do_find_or_create_organization

    permissions.require_write(user)
    thread = details.thread
    if details.status != "open" or thread.is_deleted:
        raise Conflict(_("This offer or request is no longer open."), code="not_open")
    if thread.author_id == user.id:
        raise Conflict(_("This is your own offer or request."), code="own")
    permissions.require(permissions.can_express_interest(user, details),
                        _("Interest comes from another country than the offer's or request's."),
                        code="same_country")
    text = check_message(message)
    # Who they speak for: what they wrote here, else their profile's organization.
    organization_name = v.check_line(organization, "organization", max_length=160) or user.organization
    if db.session.scalar(select(CooperationInterest.id).where(CooperationInterest.thread_id == thread.id,
                                                              CooperationInterest.user_id == user.id)):
        raise Conflict(_("You already expressed interest in this."), code="already_interested")
    record = (do_find_or_create_organization(user, name=organization_name, country=user.country)
              if organization_name else None)
    subject = _("Interest in “%(title)s”", title=thread.title)[:120]
    body = text if record is None else f"{text}\n\n— {record.name}"
    conversation = do_start_conversation(user, to=[thread.author.username], subject=subject, body=body)
    interest = CooperationInterest(thread_id=thread.id, user_id=user.id, country=user.country,
                                   organization_id=record.id if record else None, message=text, status="pending",
                                   conversation_id=conversation.id, created_at=utcnow())
    db.session.add(interest)
    db.session.flush()
    do_notify(thread.author_id, "interest", actor=user, thread=thread)
    return interest


def load_interest(interest_id: object) -> CooperationInterest:
    ident = v.check_int(interest_id, "interest_id", minimum=1, maximum=v.MAX_ID)
    interest = db.session.scalar(select(CooperationInterest).options(
        joinedload(CooperationInterest.thread), joinedload(CooperationInterest.user),
        joinedload(CooperationInterest.organization)).where(CooperationInterest.id == ident))
    if interest is None or interest.thread.is_deleted:
        raise NotFound()
    return interest


def do_decide_interest(user: User, interest: CooperationInterest, *, accept: bool) -> CooperationInterest:
    """The owner (or a moderator of its community) answers; the member hears the answer."""
    permissions.require_write(user)
    thread = interest.thread
    if not permissions.can_see_interest(user, interest, thread):
        raise NotFound()
    permissions.require(permissions.can_decide_interest(user, thread),
                        _("Only the owner of the offer or request answers."), code="not_owner")
    if interest.status != "pending":
        raise Conflict(_("This interest was already answered."), code="already_decided")
    interest.status = "accepted" if accept else "declined"
    interest.decided_by_id = user.id
    interest.decided_at = utcnow()
    db.session.flush()
    project = _propose_project(interest) if accept else None
    interest.project_id = project.id if project is not None else None
    do_notify(interest.user_id, "interest_accepted" if accept else "interest_declined", actor=user, thread=thread,
              project=project)
    return interest


def _propose_project(interest: CooperationInterest) -> Any:
    """The cooperation project an accepted interest proposes: the offer's or request's country and
    the member's, with their roles; both of them focal points; its themes, support, modality and
    organizations; a link to the offer or request. The owner proposes it (a moderator who accepts
    for them acts in their name), and both agree on it on the project's page."""
    from forum.services.cooperation import load_details
    from forum.services.projects import do_create_project

    details = load_details(interest.thread_id)
    owner = details.thread.author
    own_role, their_role = ("offering", "receiving") if details.kind == "offer" else ("receiving", "offering")
    organizations = [i for i in (owner.organization_id, interest.organization_id) if i is not None]
    return do_create_project(
        owner, title=details.thread.title, countries=[(details.country, own_role), (interest.country, their_role)],
        organization_ids=list(dict.fromkeys(organizations)), focal_point_ids=[interest.user_id],
        modality=details.modality, themes=list(details.themes), support_types=details.support_types,
        summary=interest.message,
        offer_thread_id=details.thread_id if details.kind == "offer" else None,
        request_thread_id=details.thread_id if details.kind == "request" else None)


def do_withdraw_interest(user: User, interest: CooperationInterest) -> CooperationInterest:
    """The member takes back an interest not answered yet."""
    permissions.require_write(user)
    if interest.user_id != user.id:
        raise NotFound()
    if interest.status != "pending":
        raise Conflict(_("This interest was already answered."), code="already_decided")
    interest.status = "withdrawn"
    interest.decided_by_id = user.id
    interest.decided_at = utcnow()
    return interest


def interests_for(user: Any, thread: Thread) -> list[CooperationInterest]:
    """What this reader may see of the interests in an offer/request: all of them for its side,
    their own for a member, nothing for others. One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    query = select(CooperationInterest).options(
        joinedload(CooperationInterest.user), joinedload(CooperationInterest.organization)) \
        .where(CooperationInterest.thread_id == thread.id)
    if not (thread.author_id == user.id or permissions.can_moderate(user, thread.community_id)):
        query = query.where(CooperationInterest.user_id == user.id)
    return list(db.session.scalars(query.order_by(CooperationInterest.created_at, CooperationInterest.id)))


def serialize_interest(interest: CooperationInterest) -> dict[str, Any]:
    organization = interest.organization
    return {
        "id": interest.id, "thread_id": interest.thread_id, "status": interest.status,
        "member": user_brief(interest.user), "country": interest.country, "message": interest.message,
        "organization": ({"slug": organization.slug, "name": organization.name} if organization else None),
        "conversation_id": interest.conversation_id, "project_id": interest.project_id,
        "created_at": iso(interest.created_at),
        "decided_at": iso(interest.decided_at),
    }
