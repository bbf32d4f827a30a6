"""Organizations: created by members, one record per (country, folded name)."""

from flask_babel import gettext as _
from slugify import slugify
from sqlalchemy import select

from forum import permissions
from forum.errors import ValidationError
from forum.extensions import db
from forum.folding import fold
from forum.models import ORGANIZATION_TYPES, Organization, User, utcnow
from forum.services import validation as v

NAME_MAX = 160


def name_key(name: str) -> str:
    """The key two spellings of one organization share: case, accents and spacing folded."""
    return fold(name)[:NAME_MAX]


def check_organization_type(value: object, field: str = "type") -> str:
    text = v.check_text(value, field).strip() or "other"
    if text not in ORGANIZATION_TYPES:
        raise ValidationError(field, _("Choose a type of organization from the list."))
    return text


def find_organization(name: str, country: str) -> Organization | None:
    """The record for this name in this country (following merges), if there is one."""
    found = db.session.scalar(select(Organization).where(
        Organization.country == country, Organization.name_key == name_key(name)))
    while found is not None and found.merged_into is not None:
        found = found.merged_into
    return found


def _unique_slug(name: str, country: str) -> str:
    base = slugify(f"{name} {country}", max_length=70, word_boundary=True) or "organization"
    slug, n = base, 1
    while db.session.scalar(select(Organization.id).where(Organization.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def do_find_or_create_organization(actor: User | None, *, name: object, country: object, type: object = "other",
                                   acronym: object = "", website: object = "") -> Organization:
    """The existing record for this name and country, or a new one. `actor=None`: the CLI or a
    migration acting for the operator."""
    if actor is not None:
        permissions.require_signed_in(actor)
        permissions.require(permissions.can_write(actor))
    name_value = v.check_line(name, "name", max_length=NAME_MAX, required=True)
    country_value = v.check_country(country)
    existing = find_organization(name_value, country_value)
    if existing is not None:
        return existing
    organization = Organization(
        slug=_unique_slug(name_value, country_value), name=name_value, name_key=name_key(name_value),
        country=country_value, type=check_organization_type(type),
        acronym=v.check_line(acronym, "acronym", max_length=30),
        website=v.check_line(website, "website", max_length=300),
        member_count=0,
        created_at=utcnow(), updated_at=utcnow())
    db.session.add(organization)
    db.session.flush()
    return organization
