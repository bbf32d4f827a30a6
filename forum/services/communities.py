"""Communities of practice: creating, editing, joining and leaving."""

from flask_babel import gettext as _
from sqlalchemy import select

from forum import permissions
from forum.errors import NotFound, ValidationError
from forum.extensions import db
from forum.models import Community, Membership, User
from forum.services import validation as v


def access_community(slug: str) -> Community:
    if not isinstance(slug, str) or not v.SLUG_RE.fullmatch(slug) or len(slug) > 64:
        raise NotFound()
    community = db.session.scalar(select(Community).where(Community.slug == slug))
    if community is None:
        raise NotFound()
    return community


def access_community_by_id(community_id: int) -> Community:
    community = db.session.get(Community, community_id) if v.is_valid_id(community_id) else None
    if community is None:
        raise NotFound()
    return community


def do_create_community(actor: User | None, *, slug: object, name: object, description: object = "",
                        position: object = 0) -> Community:
    """Admins create communities; `actor=None` is the CLI acting as the operator."""
    if actor is not None:
        permissions.require_signed_in(actor)
        permissions.require(permissions.can_manage_communities(actor))
    slug_value = v.check_slug(slug)
    if db.session.scalar(select(Community.id).where(Community.slug == slug_value)):
        raise ValidationError("slug", _("This address is already used by another community."), code="taken")
    community = Community(
        slug=slug_value,
        name=v.check_line(name, "name", max_length=120, required=True),
        description=v.check_line(description, "description", max_length=500),
        position=v.check_int(position, "position", maximum=10_000),
        thread_count=0,
        post_count=0,
        member_count=0,
    )
    db.session.add(community)
    db.session.flush()
    return community


def do_update_community(actor: User, community: Community, *, name: object, description: object,
                        position: object) -> Community:
    permissions.require_signed_in(actor)
    permissions.require(permissions.can_manage_communities(actor))
    community.name = v.check_line(name, "name", max_length=120, required=True)
    community.description = v.check_line(description, "description", max_length=500)
    community.position = v.check_int(position, "position", maximum=10_000)
    return community


def is_member(user: User | None, community: Community) -> bool:
    if not permissions.is_signed_in(user):
        return False
    return db.session.get(Membership, (user.id, community.id)) is not None


def do_join(user: User, community: Community) -> bool:
    """Join; joining twice changes nothing. Returns whether a membership was created."""
    permissions.require_signed_in(user)
    if db.session.get(Membership, (user.id, community.id)) is not None:
        return False
    db.session.add(Membership(user_id=user.id, community_id=community.id))
    community.member_count = Community.member_count + 1
    return True


def do_leave(user: User, community: Community) -> bool:
    permissions.require_signed_in(user)
    membership = db.session.get(Membership, (user.id, community.id))
    if membership is None:
        return False
    db.session.delete(membership)
    community.member_count = Community.member_count - 1
    return True
