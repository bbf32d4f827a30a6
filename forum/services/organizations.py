"""Organizations: created by members, one record per (country, folded name); edited and merged by
moderators; linked to the members who name them and to the experiences that name them.

Who may do what is in forum.permissions (`can_create_organization`, `can_edit_organization`,
`can_merge_organizations`); every change is audited (forum.services.audit) in the same transaction.
The rules are written out in docs/organizations.md.
"""

import math
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import ColumnElement, and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from forum import permissions
from forum.errors import Conflict, NotFound, ValidationError
from forum.extensions import db
from forum.folding import fold
from forum.models import (
    ORGANIZATION_TYPES,
    Experience,
    ExperienceFacet,
    ExperienceOrganizationName,
    Organization,
    User,
    utcnow,
)
from forum.services import audit, counters
from forum.services import validation as v

NAME_MAX = 160
ACRONYM_MAX = 30
WEBSITE_MAX = 300
QUERY_MAX = 100
PER_PAGE = 30
# Experiences listed on an organization's page (the newest; the total is shown too).
EXPERIENCES_SHOWN = 20
# Organizations offered in the settings form's list and in the directory's filter.
CHOICES_MAX = 300
# A merge keeps chains flat (everything merged into the source moves to the target), so a record
# is at most one step from the one it became; the bound only guards against a loop in bad data.
MAX_MERGE_HOPS = 10

UNSET: Any = object()  # "not sent": a partial update leaves the field as it is

TYPE_LABELS = {
    "ministry": _l("Ministry or public agency"),
    "university": _l("University or research centre"),
    "civil_society": _l("Civil society"),
    "international": _l("International organization"),
    "professional": _l("Professional association"),
    "other": _l("Other"),
}
assert set(TYPE_LABELS) == set(ORGANIZATION_TYPES)


# ---------- validators ----------


def name_key(name: str) -> str:
    """The key two spellings of one organization share: case, accents and spacing folded."""
    return fold(" ".join(name.split()))[:NAME_MAX]


def check_organization_type(value: object, field: str = "type") -> str:
    text = v.check_text(value, field).strip() or "other"
    if text not in ORGANIZATION_TYPES:
        raise ValidationError(field, _("Choose a type of organization from the list."), code="unknown_type")
    return text


def check_name(value: object, field: str = "name") -> str:
    text = v.check_line(value, field, max_length=NAME_MAX, required=True)
    if not name_key(text).strip():
        raise ValidationError(field, _("This field is required."), code="required")
    return text


def check_acronym(value: object, field: str = "acronym") -> str:
    return v.check_line(value, field, max_length=ACRONYM_MAX)


def check_website(value: object, field: str = "website") -> str:
    """Empty, or an http(s) address of a named host: pages print it as a link, so nothing else
    (javascript:, data:, a user name before the host) is ever stored."""
    text = v.check_line(value, field, max_length=WEBSITE_MAX)
    if not text:
        return ""
    if not _is_web_address(text):
        raise ValidationError(field, _("Enter a web address that starts with https:// or http://."),
                              code="invalid_website")
    return text


def _is_web_address(text: str) -> bool:
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return False
    return (parts.scheme.lower() in ("http", "https") and "." in host.strip(".") and " " not in text
            and "@" not in parts.netloc)


# ---------- reads ----------


def find_organization(name: str, country: str) -> Organization | None:
    """The record for this name in this country (following merges), if there is one."""
    found = db.session.scalar(select(Organization).where(
        Organization.country == country, Organization.name_key == name_key(name)))
    return current(found) if found is not None else None


def current(organization: Organization) -> Organization:
    """The record this one became (itself when it was never merged)."""
    for _hop in range(MAX_MERGE_HOPS):
        if organization.merged_into is None:
            break
        organization = organization.merged_into
    return organization


def access_organization(slug: object) -> Organization:
    """The record with this address, merged ones included (their pages redirect); NotFound otherwise.
    Organizations are public: there is nothing a reader may not see."""
    if not isinstance(slug, str) or not 1 <= len(slug) <= 80 or not v.SLUG_RE.fullmatch(slug):
        raise NotFound()
    organization = db.session.scalar(select(Organization).where(Organization.slug == slug))
    if organization is None:
        raise NotFound()
    return organization


def access_organization_for(field: str, slug: object) -> Organization:
    """The record a form or body names by address (a merge's target): a ValidationError naming
    the field when there is none."""
    try:
        return access_organization(slug)
    except NotFound:
        raise ValidationError(field, _("Choose an organization from the list."), code="unknown_organization") from None


def _international(name: str) -> Organization | None:
    """The one international organization of this name, in whichever country it was recorded."""
    found = list(db.session.scalars(select(Organization).where(
        Organization.name_key == name_key(name), Organization.type == "international",
        Organization.merged_into_id.is_(None)).limit(2)))
    return found[0] if len(found) == 1 else None


@dataclass
class OrganizationFilters:
    """The list's filters, checked: each is None (or empty) when not given."""

    country: str | None = None
    type: str | None = None
    q: str = ""
    active: dict[str, str] = field(default_factory=dict)


def parse_filters(args: Any) -> OrganizationFilters:
    """Filters from request args; a value that cannot be one is a ValidationError naming it."""
    filters = OrganizationFilters()
    text = {name: v.check_text(args.get(name), name).strip() for name in ("country", "type", "q")}
    if text["country"]:
        filters.country = v.check_country(text["country"])
    if text["type"]:
        filters.type = check_organization_type(text["type"])
    filters.q = " ".join(text["q"].split())[:QUERY_MAX]
    filters.active = {name: value for name, value in (("country", filters.country), ("type", filters.type),
                                                      ("q", filters.q)) if value}
    return filters


def name_prefix_clause(prefix: str) -> ColumnElement[bool]:
    """Folded names that start with `prefix`, through ix_organizations_name_key on both databases:
    PostgreSQL plans `LIKE 'abc%'` on its text_pattern_ops index whatever the collation; SQLite
    uses a plain index for a range in its binary (code point) order, not for LIKE."""
    key = name_key(prefix)
    if db.session.get_bind().dialect.name == "postgresql":
        return Organization.name_key.like(v.like_escape(key) + "%", escape="\\")
    last = ord(key[-1])
    if last >= 0x10FFFF:
        return Organization.name_key >= key
    return and_(Organization.name_key >= key, Organization.name_key < key[:-1] + chr(last + 1))


@dataclass
class OrganizationPage:
    items: list[Organization]
    page: int
    pages: int
    total: int


def search_organizations(filters: OrganizationFilters, page: int, per_page: int = PER_PAGE) -> OrganizationPage:
    """One page of records (merged ones left out), by folded name: two queries whatever the size."""
    query = select(Organization.id).where(Organization.merged_into_id.is_(None))
    if filters.country:
        query = query.where(Organization.country == filters.country)
    if filters.type:
        query = query.where(Organization.type == filters.type)
    if filters.q and name_key(filters.q):
        query = query.where(name_prefix_clause(filters.q))
    ids = query.subquery()
    total = db.session.scalar(select(func.count()).select_from(ids)) or 0
    items = list(db.session.scalars(
        select(Organization).where(Organization.id.in_(select(ids.c.id)))
        .order_by(Organization.name_key, Organization.id).offset((page - 1) * per_page).limit(per_page)))
    return OrganizationPage(items, page, max(math.ceil(total / per_page), 1), total)


def experience_match_clause(organization: Organization) -> ColumnElement[bool]:
    """Published experiences that name this organization (or a record merged into it): a partner
    organization whose folded name is the record's, and, unless the record is an international
    organization, one of the experience's countries is the record's country."""
    named = ExperienceOrganizationName
    record = select(Organization.name_key, Organization.country, Organization.type).where(
        or_(Organization.id == organization.id, Organization.merged_into_id == organization.id)).subquery()
    country_matches = exists().where(
        ExperienceFacet.experience_id == named.experience_id, ExperienceFacet.facet == "country",
        ExperienceFacet.value == record.c.country)
    return exists(
        select(named.experience_id)
        .join(record, record.c.name_key == named.name_key)
        .where(named.experience_id == Experience.id,
               or_(record.c.type == "international", country_matches)))


def organization_experiences(organization: Organization,
                             limit: int = EXPERIENCES_SHOWN) -> tuple[list[Experience], int]:
    """The newest published experiences that name the organization, and how many there are: two
    queries. Published records are public (permissions.can_view_experience), so every reader sees
    the same list."""
    where = and_(Experience.status == "published", experience_match_clause(organization))
    total = db.session.scalar(select(func.count(Experience.id)).where(where)) or 0
    items = list(db.session.scalars(
        select(Experience).where(where).order_by(Experience.published_at.desc(), Experience.id.desc())
        .limit(limit))) if total else []
    return items, total


def organization_projects(organization: Organization, limit: int = 50) -> list[Any]:
    """The public cooperation projects this organization takes part in (a proposed one is still
    being negotiated), newest first, with their countries: two queries."""
    from forum.models.projects import Project, ProjectOrganization

    return list(db.session.scalars(
        select(Project).join(ProjectOrganization, ProjectOrganization.project_id == Project.id)
        .options(selectinload(Project.countries))
        .where(ProjectOrganization.organization_id == organization.id, Project.status != "proposed")
        .order_by(Project.created_at.desc(), Project.id.desc()).limit(limit)))


def member_choices(country: str, *, leave_out: Organization | None = None) -> list[Organization]:
    """The records a member of `country` may pick (the settings form's list, the merge form's
    targets): that country's and the international organizations, by name; one query."""
    query = select(Organization).where(Organization.merged_into_id.is_(None),
                                       or_(Organization.country == country, Organization.type == "international"))
    if leave_out is not None:
        query = query.where(Organization.id != leave_out.id)
    return list(db.session.scalars(query.order_by(Organization.name_key, Organization.id).limit(CHOICES_MAX)))


def directory_choices(selected: Organization | None = None) -> list[Organization]:
    """The directory's organization filter: the records with the most members (and the one chosen),
    by name; one query."""
    query = select(Organization).where(Organization.merged_into_id.is_(None), Organization.member_count > 0)
    top = list(db.session.scalars(query.order_by(Organization.member_count.desc(), Organization.id)
                                  .limit(CHOICES_MAX)))
    if selected is not None and all(o.id != selected.id for o in top):
        top.append(selected)
    return sorted(top, key=lambda o: (o.name_key, o.id))


# ---------- writes ----------


def _unique_slug(name: str, country: str) -> str:
    base = slugify(f"{name} {country}", max_length=70, word_boundary=True) or "organization"
    slug, n = base, 1
    while db.session.scalar(select(Organization.id).where(Organization.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def _insert(actor: User | None, *, name: str, country: str, type: str, acronym: str, website: str,
            audited: bool = True) -> tuple[Organization, bool]:
    """A new record, or the one a concurrent request created a moment before (the unique
    (country, name_key) decides on PostgreSQL; SQLite writers queue). `audited`: whether the
    creation goes to the audit log (not when it is part of a member's own profile edit)."""
    now = utcnow()
    organization = Organization(
        slug=_unique_slug(name, country), name=name, name_key=name_key(name), country=country, type=type,
        acronym=acronym, website=website, member_count=0, created_at=now, updated_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(organization)
            db.session.flush()
    except IntegrityError:
        existing = find_organization(name, country)
        if existing is not None:
            return existing, False
        raise Conflict(_("Someone created an organization at the same moment. Try again.")) from None
    if audited:
        audit.record(actor, "organization.create", "organization", organization.id,
                     details={"name": name, "country": country, "type": type, "slug": organization.slug})
    return organization, True


def do_create_organization(actor: User | None, *, name: object, country: object, type: object = "other",
                           acronym: object = "", website: object = "") -> tuple[Organization, bool]:
    """The existing record for this name and country (and False), or a new one (and True). Every
    field is checked first, so a bad one is refused even when the record exists. `actor=None`: the
    CLI or the seed acting for the operator."""
    if actor is not None:
        permissions.require_write(actor)
        permissions.require(permissions.can_create_organization(actor))
    values = {"name": check_name(name), "country": v.check_country(country), "type": check_organization_type(type),
              "acronym": check_acronym(acronym), "website": check_website(website)}
    existing = find_organization(values["name"], values["country"])
    if existing is not None:
        return existing, False
    return _insert(actor, **values)


def do_find_or_create_organization(actor: User | None, *, name: object, country: object, type: object = "other",
                                   acronym: object = "", website: object = "") -> Organization:
    """do_create_organization's record, without saying whether it is new."""
    return do_create_organization(actor, name=name, country=country, type=type, acronym=acronym,
                                  website=website)[0]


def _require_current(organization: Organization) -> None:
    if organization.is_merged:
        raise Conflict(_("This organization was merged into another one."), code="merged")


def do_update_organization(actor: User, organization: Organization, *, name: object = UNSET,
                           country: object = UNSET, type: object = UNSET, acronym: object = UNSET,
                           website: object = UNSET) -> Organization:
    """Change the fields that are given (moderators). The address (slug) stays, so links keep
    working; members stay linked whatever the new name."""
    permissions.require_write(actor)
    permissions.require(permissions.can_edit_organization(actor, organization))
    _require_current(organization)
    checks = {"name": check_name, "country": v.check_country, "type": check_organization_type,
              "acronym": check_acronym, "website": check_website}
    given = {"name": name, "country": country, "type": type, "acronym": acronym, "website": website}
    values = {key: checks[key](value) for key, value in given.items() if value is not UNSET}
    changes = {key: [getattr(organization, key), value] for key, value in values.items()
               if getattr(organization, key) != value}
    if not changes:
        return organization
    new_key = name_key(values.get("name", organization.name))
    new_country = values.get("country", organization.country)
    twin = db.session.scalar(select(Organization.id).where(
        Organization.country == new_country, Organization.name_key == new_key, Organization.id != organization.id))
    if twin is not None:
        raise ValidationError("name", _("Another organization of this country has this name: merge the two "
                                        "instead."), code="taken")
    for key, value in values.items():
        setattr(organization, key, value)
    organization.name_key = new_key
    organization.updated_at = utcnow()
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise ValidationError("name", _("Another organization of this country has this name: merge the two "
                                        "instead."), code="taken") from None
    audit.record(actor, "organization.edit", "organization", organization.id,
                 details={key: [str(old), str(new)] for key, (old, new) in changes.items()})
    return organization


def do_merge_organizations(actor: User, source: Organization, target: Organization, *,
                           reason: object = "") -> Organization:
    """Merge `source` into `target` (moderators): its members move to the target, the records
    merged into it now point at the target, and it keeps its row pointing there (its page
    redirects). Returns the target."""
    permissions.require_write(actor)
    permissions.require(permissions.can_merge_organizations(actor))
    reason_text = v.check_line(reason, "reason", max_length=500)
    _require_current(source)
    target = current(target)
    if target.id == source.id:
        raise ValidationError("into", _("Choose another organization to merge this one into."), code="same")
    if db.session.get_bind().dialect.name == "postgresql":  # SQLite has one writer at a time already
        db.session.execute(select(Organization.id).where(Organization.id.in_((source.id, target.id)))
                           .order_by(Organization.id).with_for_update())
    moved = db.session.execute(
        update(User).where(User.organization_id == source.id).values(organization_id=target.id)
        .execution_options(synchronize_session="fetch")).rowcount
    db.session.execute(update(Organization).where(Organization.merged_into_id == source.id)
                       .values(merged_into_id=target.id).execution_options(synchronize_session="fetch"))
    # Projects the source took part in now name the target (once, where both were named).
    from forum.models.projects import ProjectOrganization

    both = select(ProjectOrganization.project_id).where(ProjectOrganization.organization_id == target.id)
    db.session.execute(delete(ProjectOrganization).where(ProjectOrganization.organization_id == source.id,
                                                         ProjectOrganization.project_id.in_(both))
                       .execution_options(synchronize_session="fetch"))
    db.session.execute(update(ProjectOrganization).where(ProjectOrganization.organization_id == source.id)
                       .values(organization_id=target.id).execution_options(synchronize_session="fetch"))
    now = utcnow()
    source.merged_into_id, source.merged_into = target.id, target
    source.member_count, source.updated_at = 0, now
    db.session.flush()
    target.member_count = db.session.scalar(select(func.count(User.id)).where(
        User.organization_id == target.id, User.deactivated_at.is_(None))) or 0
    target.updated_at = now
    audit.record(actor, "organization.merge", "organization", source.id, reason=reason_text,
                 details={"into": target.id, "into_slug": target.slug, "slug": source.slug,
                          "members_moved": moved})
    return target


# ---------- members ----------


def _count_member(organization_id: int | None, delta: int) -> None:
    if organization_id is not None:
        counters.add(db.session, Organization, organization_id, member_count=delta)


def link_member(user: User) -> Organization | None:
    """Link the member to the record of the organization they wrote, in their country (or the one
    international organization of that name), creating it when they may create organizations
    (confirmed, not suspended: an unconfirmed registration links only to existing records, and is
    linked again when its address is confirmed). An empty text unlinks. `member_count` follows, at
    commit (forum.services.counters), for accounts that are not deactivated."""
    text = " ".join((user.organization or "").split())
    found: Organization | None = None
    if text:
        found = find_organization(text, user.country) or _international(text)
        if found is None and permissions.can_create_organization(user):
            # Not in the audit log: the log holds actions on what members share, and this is part
            # of the member's own profile edit (the record's page lists its members).
            found, _created = _insert(user, name=text[:NAME_MAX], country=user.country, type="other",
                                      acronym="", website="", audited=False)
    new_id = found.id if found is not None else None
    if new_id != user.organization_id:
        if not user.is_deactivated:
            _count_member(user.organization_id, -1)
            _count_member(new_id, 1)
        user.organization_id = new_id
        user.organization_record = found
    return found


def member_deactivated(user: User) -> None:
    """A deactivated account no longer counts as a member (sanctions call this)."""
    _count_member(user.organization_id, -1)


def member_reactivated(user: User) -> None:
    _count_member(user.organization_id, 1)


# ---------- experiences ----------


def refresh_experience_names(experience: Experience) -> None:
    """Rewrite the folded partner-organization names of an experience (with its facets)."""
    db.session.execute(delete(ExperienceOrganizationName)
                       .where(ExperienceOrganizationName.experience_id == experience.id))
    keys = sorted({name_key(name) for name in experience.partner_organizations or [] if name_key(name)})
    if keys:
        db.session.execute(insert(ExperienceOrganizationName),
                           [{"experience_id": experience.id, "name_key": key} for key in keys])

