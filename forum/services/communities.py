"""Communities of practice: creating, editing, ordering, archiving, joining and leaving.

Every change an administrator makes to a community is in the audit log, and empties this process's
cache of rendered public pages after the commit (forum.web.fragments), so the home page shows it
at once; other processes show it within their cache's lifetime (FRAGMENT_CACHE_SECONDS).
"""

from flask_babel import gettext as _
from sqlalchemy import select

from forum import outbox, permissions
from forum.content_language import CONTENT_LANGUAGES
from forum.errors import Conflict, NotFound, ValidationError
from forum.extensions import db
from forum.models import Community, Membership, User
from forum.models.base import utcnow
from forum.services import audit
from forum.services import validation as v

# Positions the list is renumbered to when an administrator moves a community up or down: gaps,
# so a number typed on the edit form can still put one between two others.
POSITION_STEP = 10


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


# The languages a community's name and description may be translated into: the interface's.
TRANSLATION_LOCALES = CONTENT_LANGUAGES


def check_translations(value: object) -> tuple[dict[str, str], dict[str, str]]:
    """{"es": {"name": "…", "description": "…"}, …} -> (names, descriptions) by locale, empty texts
    left out (that language then shows the original). Errors name the field `name_es`,
    `description_es`, as the form's fields are named."""
    if value is None:
        return {}, {}
    if not isinstance(value, dict):
        raise ValidationError("translations", _("Give an object of translations by language."))
    names: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for locale, texts in value.items():
        if locale not in TRANSLATION_LOCALES:
            raise ValidationError("translations", _("Unknown language: %(code)s.", code=str(locale)[:8]),
                                  code="unknown_language")
        if not isinstance(texts, dict) or set(texts) - {"name", "description"}:
            raise ValidationError("translations", _("Give a name and a description for each language."))
        name = v.check_line(texts.get("name") or "", f"name_{locale}", max_length=120)
        description = v.check_line(texts.get("description") or "", f"description_{locale}", max_length=500)
        if name:
            names[locale] = name
        if description:
            descriptions[locale] = description
    return names, descriptions


def translations_of(community: Community) -> dict[str, dict[str, str]]:
    """The translations as the API and the form show them: every language, empty where none."""
    names, descriptions = community.name_i18n or {}, community.description_i18n or {}
    return {locale: {"name": names.get(locale, ""), "description": descriptions.get(locale, "")}
            for locale in TRANSLATION_LOCALES}


def do_create_community(actor: User | None, *, slug: object, name: object, description: object = "",
                        position: object = 0, translations: object = None) -> Community:
    """Admins create communities; `actor=None` is the CLI acting as the operator."""
    if actor is not None:
        permissions.require_signed_in(actor)
        permissions.require(permissions.can_manage_communities(actor))
    slug_value = v.check_slug(slug)
    if db.session.scalar(select(Community.id).where(Community.slug == slug_value)):
        raise ValidationError("slug", _("This address is already used by another community."), code="taken")
    names, descriptions = check_translations(translations)
    community = Community(
        slug=slug_value,
        name_i18n=names,
        description_i18n=descriptions,
        name=v.check_line(name, "name", max_length=120, required=True),
        description=v.check_line(description, "description", max_length=500),
        position=v.check_int(position, "position", maximum=10_000),
        thread_count=0,
        post_count=0,
        member_count=0,
    )
    db.session.add(community)
    db.session.flush()
    if actor is not None:
        audit.record(actor, "community.create", "community", community.id, community_id=community.id,
                     details={"slug": community.slug})
    _pages_changed()
    return community


def do_update_community(actor: User, community: Community, *, name: object, description: object,
                        position: object, translations: object = None) -> Community:
    """`translations` replaces the languages it names ({"es": {"name": "", …}} removes Spanish);
    None leaves them all as they are."""
    permissions.require_signed_in(actor)
    permissions.require(permissions.can_manage_communities(actor))
    community.name = v.check_line(name, "name", max_length=120, required=True)
    community.description = v.check_line(description, "description", max_length=500)
    community.position = v.check_int(position, "position", maximum=10_000)
    if translations is not None:
        names, descriptions = check_translations(translations)
        given = set(translations) if isinstance(translations, dict) else set()
        # New dicts, not changed in place: the JSON columns see the change.
        community.name_i18n = {**{k: t for k, t in (community.name_i18n or {}).items() if k not in given}, **names}
        community.description_i18n = {**{k: t for k, t in (community.description_i18n or {}).items()
                                          if k not in given}, **descriptions}
    audit.record(actor, "community.edit", "community", community.id, community_id=community.id)
    _pages_changed()
    return community


def _pages_changed() -> None:
    """The rendered public pages name the communities: forget them after the commit."""
    outbox.queue(db.session, "fragments.clear", None)


def do_archive_community(actor: User, community: Community) -> Community:
    """Read-only from now on (forum.permissions.is_archived): its threads stay where they are."""
    permissions.require_signed_in(actor)
    permissions.require(permissions.can_manage_communities(actor))
    if community.is_archived:
        raise Conflict(_("This community is already archived."), code="unchanged")
    community.archived_at = utcnow()
    audit.record(actor, "community.archive", "community", community.id, community_id=community.id)
    _pages_changed()
    return community


def do_unarchive_community(actor: User, community: Community) -> Community:
    """Open again, listed last among the open communities."""
    permissions.require_signed_in(actor)
    permissions.require(permissions.can_manage_communities(actor))
    if not community.is_archived:
        raise Conflict(_("This community is not archived."), code="unchanged")
    community.archived_at = None
    last = max((c.position for c in ordered_communities() if not c.is_archived and c.id != community.id), default=0)
    community.position = min(last + POSITION_STEP, 10_000)
    audit.record(actor, "community.unarchive", "community", community.id, community_id=community.id)
    _pages_changed()
    return community


def ordered_communities() -> list[Community]:
    """Every community in the order of the lists (archived ones included): one query."""
    return list(db.session.scalars(select(Community).order_by(Community.position, Community.name, Community.id)))


def do_move_community(actor: User, community: Community, direction: object) -> Community:
    """Swap an open community with its neighbour above ("up") or below ("down") in the list; the
    open communities are numbered again, POSITION_STEP apart, in their new order."""
    permissions.require_signed_in(actor)
    permissions.require(permissions.can_manage_communities(actor))
    if direction not in ("up", "down"):
        raise ValidationError("direction", _("Choose one of the listed values."), code="invalid_choice")
    if community.is_archived:
        raise Conflict(_("This community is archived: it is read-only."), code="community_archived")
    listed = [c for c in ordered_communities() if not c.is_archived]
    index = next(i for i, c in enumerate(listed) if c.id == community.id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(listed):
        raise Conflict(_("This community is already at that end of the list."), code="unchanged")
    listed[index], listed[other] = listed[other], listed[index]
    for number, each in enumerate(listed, start=1):
        each.position = min(number * POSITION_STEP, 10_000)
    _pages_changed()
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
