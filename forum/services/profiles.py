"""Profiles: expertise tags, languages, avatars, the profile page's reads and the member directory."""

import math
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from forum import avatars, permissions
from forum.errors import NotFound, ValidationError
from forum.extensions import db
from forum.models import (
    Avatar,
    Community,
    ExpertiseTag,
    Membership,
    Organization,
    Post,
    Thread,
    User,
    UserLanguage,
    user_expertise,
    utcnow,
)
from forum.search import service as search_service
from forum.search.query import parse_query as parse_search_query
from forum.services import organizations
from forum.services import validation as v

RECENT_ITEMS = 5
PEOPLE_PER_PAGE = 24


# ---------- writes ----------


def _tag_for(key: str, name: str) -> ExpertiseTag:
    """The tag with this key, created the first time someone names it (safe against a concurrent twin)."""
    tag = db.session.scalar(select(ExpertiseTag).where(ExpertiseTag.slug == key))
    if tag is not None:
        return tag
    try:
        with db.session.begin_nested():
            tag = ExpertiseTag(slug=key, name=name, created_at=utcnow())
            db.session.add(tag)
    except IntegrityError:  # another request created it between our read and our insert
        tag = db.session.scalar(select(ExpertiseTag).where(ExpertiseTag.slug == key))
    return tag


def set_expertise(user: User, tags: list[tuple[str, str]]) -> None:
    """Replace the user's expertise with these (key, name) pairs, in this order of preference."""
    user.expertise = [_tag_for(key, name) for key, name in tags]


def set_languages(user: User, codes: list[str]) -> None:
    wanted = set(codes)
    for language in list(user.languages):
        if language.code not in wanted:
            user.languages.remove(language)
    have = {language.code for language in user.languages}
    for code in codes:
        if code not in have:
            user.languages.append(UserLanguage(code=code))


def do_set_avatar(user: User, data: bytes) -> Avatar:
    """Store an uploaded avatar after checking and re-encoding it (forum.avatars.process_upload)."""
    permissions.require_signed_in(user)
    encoded = avatars.process_upload(data)
    avatar = db.session.get(Avatar, user.id)
    if avatar is None:
        avatar = Avatar(user_id=user.id)
        db.session.add(avatar)
    avatar.data = encoded.data
    avatar.sha256 = encoded.sha256
    avatar.content_type = encoded.content_type
    avatar.created_at = utcnow()
    user.avatar_hash = encoded.sha256
    return avatar


def do_remove_avatar(user: User) -> bool:
    """Go back to initials. Returns whether there was an upload to remove."""
    permissions.require_signed_in(user)
    avatar = db.session.get(Avatar, user.id)
    user.avatar_hash = None
    if avatar is None:
        return False
    db.session.delete(avatar)
    return True


# ---------- reads ----------


def access_profile(viewer: object, username: str) -> User:
    """The user with this username if the viewer may see their profile; NotFound otherwise."""
    if not isinstance(username, str) or not v.USERNAME_RE.fullmatch(username):
        raise NotFound()
    user = db.session.scalar(
        select(User).options(selectinload(User.expertise), selectinload(User.languages),
                             joinedload(User.organization_record))
        .where(User.username_key == username.lower())
    )
    if user is None or not permissions.can_view_profile(viewer, user):
        raise NotFound()
    return user


def avatar_owner(username: str) -> tuple[int, str, str, str | None]:
    """(id, display name, username, avatar hash) of a visible account, for serving its avatar."""
    if not isinstance(username, str) or not v.USERNAME_RE.fullmatch(username):
        raise NotFound()
    row = db.session.execute(
        select(User.id, User.display_name, User.username, User.avatar_hash)
        .where(User.username_key == username.lower(), User.deactivated_at.is_(None))
    ).first()
    if row is None:
        raise NotFound()
    return row.id, row.display_name, row.username, row.avatar_hash


def stored_avatar(user_id: int) -> Avatar | None:
    return db.session.get(Avatar, user_id)


def recent_threads(viewer: object, user: User, limit: int = RECENT_ITEMS) -> list[Thread]:
    query = (select(Thread).options(joinedload(Thread.community))
             .where(Thread.author_id == user.id).order_by(Thread.created_at.desc(), Thread.id.desc()).limit(limit))
    if not permissions.can_see_all_contributions(viewer):
        query = query.where(Thread.deleted_at.is_(None))
    return list(db.session.scalars(query))


def recent_posts(viewer: object, user: User, limit: int = RECENT_ITEMS) -> list[Post]:
    """The user's latest replies (opening posts are listed as threads)."""
    query = (select(Post).join(Post.thread).options(joinedload(Post.thread).joinedload(Thread.community))
             .where(Post.author_id == user.id, Post.number > 1)
             .order_by(Post.created_at.desc(), Post.id.desc()).limit(limit))
    if not permissions.can_see_all_contributions(viewer):
        query = query.where(Post.deleted_at.is_(None), Post.hidden_at.is_(None), Thread.deleted_at.is_(None))
    return list(db.session.scalars(query))


@dataclass
class PeopleFilters:
    """The directory's filters, checked: each is None when not given."""

    country: str | None = None
    sector: str | None = None
    community: Community | None = None
    expertise: str | None = None  # a tag key
    language: str | None = None
    # The record it names, merges followed (an old address still filters by the record it became).
    organization: Organization | None = None
    q: str = ""
    # Filters that were given but match nothing (an unknown community or tag): the answer is empty.
    impossible: bool = False
    active: list[str] = field(default_factory=list)


def people_filters(args: dict[str, str]) -> PeopleFilters:
    """Read the directory's filters from query arguments; an unknown value filters everything out."""
    filters = PeopleFilters()
    text = {name: (args.get(name) or "").strip() for name in
            ("country", "sector", "community", "expertise", "language", "organization", "q")}
    if text["country"]:
        code = text["country"].upper()
        filters.country = code if len(code) == 2 and code.isascii() and code.isalpha() else None
        filters.impossible |= filters.country is None
    if text["sector"]:
        filters.sector = text["sector"] if text["sector"] in v.SECTORS else None
        filters.impossible |= filters.sector is None
    if text["community"]:
        slug = text["community"]
        filters.community = (db.session.scalar(select(Community).where(Community.slug == slug))
                             if v.SLUG_RE.fullmatch(slug) and len(slug) <= 64 else None)
        filters.impossible |= filters.community is None
    if text["expertise"]:
        filters.expertise = v.expertise_key(text["expertise"][:100]) or None
        filters.impossible |= filters.expertise is None
    if text["language"]:
        code = text["language"].lower()
        filters.language = code if code in v.LANGUAGE_CODES else None
        filters.impossible |= filters.language is None
    if text["organization"]:
        try:
            filters.organization = organizations.current(organizations.access_organization(text["organization"]))
        except NotFound:
            filters.impossible = True
    filters.q = text["q"][:100]
    if filters.q:
        try:
            parse_search_query(filters.q)
        except ValidationError:  # nothing to look for ("-", punctuation): nobody matches
            filters.impossible = True
    filters.active = [name for name, value in text.items() if value]
    return filters


def listed_people(viewer: object) -> list[ColumnElement[bool]]:
    """Who lists of people show `viewer` (the directory, a country's page): active accounts, and
    to anonymous visitors only the profiles not reserved to members."""
    conditions: list[ColumnElement[bool]] = [User.deactivated_at.is_(None)]
    if not permissions.is_signed_in(viewer):
        conditions.append(User.profile_members_only.is_(False))
    return conditions


def _people_query(viewer: object, filters: PeopleFilters) -> Select:
    query = select(User.id).where(*listed_people(viewer))
    if filters.country:
        query = query.where(User.country == filters.country)
    if filters.sector:
        query = query.where(User.sector == filters.sector)
    if filters.community is not None:
        query = query.where(exists().where(Membership.user_id == User.id,
                                           Membership.community_id == filters.community.id))
    if filters.expertise:
        query = query.where(exists().where(user_expertise.c.user_id == User.id,
                                           user_expertise.c.tag_id == ExpertiseTag.id,
                                           ExpertiseTag.slug == filters.expertise))
    if filters.language:
        query = query.where(exists().where(UserLanguage.user_id == User.id, UserLanguage.code == filters.language))
    if filters.organization is not None:
        query = query.where(User.organization_id == filters.organization.id)
    if filters.q:
        # The site search's match (forum.search): names, username, and the details of public profiles.
        query = query.where(User.id.in_(
            search_service.matching_object_ids(db.session.connection(), viewer, "people", filters.q)))
    return query


@dataclass
class PeoplePage:
    people: list[User]
    page: int
    pages: int
    total: int


def search_people(viewer: object, filters: PeopleFilters, page: int,
                  per_page: int = PEOPLE_PER_PAGE) -> PeoplePage:
    """One page of the directory: two queries plus one per eager-loaded collection, whatever the size."""
    if filters.impossible:
        return PeoplePage([], page, 1, 0)
    ids = _people_query(viewer, filters).subquery()
    total = db.session.scalar(select(func.count()).select_from(ids)) or 0
    people = list(db.session.scalars(
        select(User).options(selectinload(User.expertise), selectinload(User.languages),
                             joinedload(User.organization_record))
        .where(User.id.in_(select(ids.c.id)))
        .order_by(func.lower(User.display_name), User.id)
        .offset((page - 1) * per_page).limit(per_page)
    ))
    return PeoplePage(people, page, max(math.ceil(total / per_page), 1), total)


def directory_communities() -> list[Community]:
    return list(db.session.scalars(select(Community).order_by(Community.position, Community.name)))


# ---------- the member picker ----------

SUGGEST_MIN, SUGGEST_MAX_QUERY, SUGGESTIONS = 2, 80, 8


def suggest_members(viewer: object, q: object) -> list[User]:
    """Members whose username starts with `q` or whose display name contains it, among the people
    lists show `viewer` (listed_people): what the member picker offers while one types a name."""
    text = q.strip().lstrip("@") if isinstance(q, str) else ""
    if not (SUGGEST_MIN <= len(text) <= SUGGEST_MAX_QUERY) or not v.has_no_controls(text, multiline=False):
        return []
    pattern = v.like_escape(text.lower())
    return list(db.session.scalars(
        select(User).where(*listed_people(viewer))
        .where(User.username_key.like(pattern + "%", escape="\\")
               | func.lower(User.display_name).like("%" + pattern + "%", escape="\\"))
        .order_by(func.lower(User.display_name), User.id).limit(SUGGESTIONS)))


def resolve_member_names(viewer: object, names: list[str], field: str) -> list[str]:
    """What someone typed into a member picker without its suggestions: a username ("ana",
    "@ana") or a display name ("Ana Souza"), turned into usernames. A name that is nobody's username
    and exactly one listed member's display name becomes that username; a display name shared by
    several members is refused with a message that names it; anything else is passed on as typed,
    for the service to refuse naming it (check_usernames)."""
    typed = [name.strip() for name in names if isinstance(name, str) and name.strip()]
    if not typed:
        return []
    if not all(v.has_no_controls(name, multiline=False) for name in typed):  # PostgreSQL refuses NUL
        raise ValidationError(field, _("This text contains characters that are not allowed."), code="invalid")
    keys = {name.lstrip("@").lower() for name in typed}
    usernames = dict(db.session.execute(
        select(User.username_key, User.username).where(User.username_key.in_(keys))).all())
    others = {name.lower() for name in typed if name.lstrip("@").lower() not in usernames}
    by_name: dict[str, list[str]] = {}
    if others:
        for username, display_name in db.session.execute(
                select(User.username, User.display_name).where(*listed_people(viewer))
                .where(func.lower(User.display_name).in_(others))):
            by_name.setdefault(display_name.lower(), []).append(username)
    result = []
    for name in typed:
        if name.lstrip("@").lower() in usernames:
            result.append(usernames[name.lstrip("@").lower()])
            continue
        found = by_name.get(name.lower(), [])
        if len(found) > 1:
            raise ValidationError(field, _("Several members are called %(name)s: choose one from the list or type "
                                           "their username.", name=name[:80]), code="ambiguous_user")
        result.append(found[0] if found else name)
    return result
