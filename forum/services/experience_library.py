"""The library of published experiences: facet filters, facet counts, text search, sorting, feeds,
and the counts the map and the cooperation network draw.

Every facet lives in `experience_facets`, so a filtered page costs a fixed number of queries:
the page of records (+ their themes), the total, and one GROUP BY for the counts of all facets.
Filters combine with AND, also within a facet (`country=BR&country=PE`: both countries).
"""

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import aliased, selectinload

from forum.errors import ValidationError
from forum.experience_reference import ASSESSMENT_FILTERS, FACETS, LANGUAGES, MODALITIES, SDG_TARGETS
from forum.extensions import db
from forum.models import Experience, ExperienceFacet, ExperiencePerson, ExperienceTheme
from forum.search import service as search_service
from forum.search.query import parse_query as parse_search_query
from forum.services import experience_fields as f
from forum.services import validation as v

SORTS = ("newest", "period")
QUERY_MAX = 200


@dataclass
class LibraryQuery:
    filters: dict[str, list[str]] = field(default_factory=dict)
    q: str = ""
    sort: str = "newest"

    def is_empty(self) -> bool:
        return not self.filters and not self.q


@dataclass
class LibraryPage:
    items: list[Experience]
    total: int
    page: int
    pages: int
    # facet -> [(value, count)], values ordered by count then value
    facets: dict[str, list[tuple[str, int]]]


def _check_filter_value(facet: str, value: str) -> str:
    value = value.strip()
    if facet == "country":
        return v.check_country(value, "country")
    if facet == "theme":
        if not v.SLUG_RE.fullmatch(value) or len(value) > 64:
            raise ValidationError("theme", _("There is no community called %(slug)s.", slug=value[:64]))
        return value
    if facet == "modality":
        if value not in MODALITIES:
            raise ValidationError("modality", _("Choose a cooperation modality."))
        return value
    if facet == "sdg":
        value = value.lower()
        if value not in SDG_TARGETS:
            raise ValidationError("sdg", _("%(target)s is not an SDG 3 target (3.1 to 3.d).", target=value[:20]))
        return value
    if facet == "year":
        return str(v.check_int(value, "year", minimum=f.YEAR_MIN, maximum=f.YEAR_MAX))
    if facet == "lang":
        if value not in LANGUAGES:
            raise ValidationError("lang", _("Choose a language."))
        return value
    if facet in ASSESSMENT_FILTERS:  # derived by forum.services.experience_assessment
        if value not in ASSESSMENT_FILTERS[facet]:
            raise ValidationError(facet, _("Choose one of: %(values)s.", values=", ".join(ASSESSMENT_FILTERS[facet])))
        return value
    raise ValidationError(facet, _("Unknown filter."))


def parse_query(args: Any) -> LibraryQuery:
    """Filters from request args (a MultiDict): repeated facet parameters, q and sort."""
    filters: dict[str, list[str]] = {}
    for facet in FACETS:
        values = [value for value in args.getlist(facet) if value.strip()]
        if len(values) > 10:
            raise ValidationError(facet, _("Too many values for one filter."))
        checked = list(dict.fromkeys(_check_filter_value(facet, value) for value in values))
        if checked:
            filters[facet] = checked
    q = v.check_line(args.get("q", ""), "q", max_length=QUERY_MAX)
    if q:
        parse_search_query(q)  # a query with nothing to look for is refused here, with its message
    sort = args.get("sort", "newest") or "newest"
    if sort not in SORTS:
        raise ValidationError("sort", _("Sort by newest or by period."))
    return LibraryQuery(filters=filters, q=q, sort=sort)


def text_matches(q: str) -> ColumnElement[bool]:
    """The published records the site search finds for `q` (forum.search, the one text match:
    every section, stems and accents as on /search)."""
    ids = search_service.matching_object_ids(db.session.connection(), None, "experiences", q)
    return Experience.id.in_(ids)


def matching_ids(query: LibraryQuery) -> Select:
    ids = select(Experience.id).where(Experience.status == "published")
    for facet, values in query.filters.items():
        for value in values:
            ids = ids.where(Experience.id.in_(
                select(ExperienceFacet.experience_id).where(ExperienceFacet.facet == facet,
                                                            ExperienceFacet.value == value)))
    if query.q:
        ids = ids.where(text_matches(query.q))
    return ids


def facet_counts(ids: Select) -> dict[str, list[tuple[str, int]]]:
    """For each facet value, how many of the matching records have it: one query for all facets."""
    rows = db.session.execute(
        select(ExperienceFacet.facet, ExperienceFacet.value, func.count())
        .where(ExperienceFacet.experience_id.in_(ids))
        .group_by(ExperienceFacet.facet, ExperienceFacet.value))
    counts: dict[str, list[tuple[str, int]]] = {facet: [] for facet in FACETS}
    for facet, value, count in rows:
        if facet in counts:
            counts[facet].append((value, count))
    for facet, values in counts.items():
        if facet == "year":
            values.sort(key=lambda pair: pair[0], reverse=True)
        else:
            values.sort(key=lambda pair: (-pair[1], pair[0]))
    return counts


def order_clauses(sort: str) -> list[ColumnElement[Any]]:
    """The library's order (the page, the open-data files and the compendium list records so)."""
    if sort == "period":
        return [Experience.start_year.desc(), func.coalesce(Experience.start_month, 0).desc(), Experience.id.desc()]
    return [Experience.published_at.desc(), Experience.id.desc()]


def search(query: LibraryQuery, page: int, per_page: int) -> LibraryPage:
    ids = matching_ids(query)
    total = db.session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    items = list(db.session.scalars(
        select(Experience).options(selectinload(Experience.themes).joinedload(ExperienceTheme.community))
        .where(Experience.id.in_(ids)).order_by(*order_clauses(query.sort))
        .offset((page - 1) * per_page).limit(per_page)))
    pages = max((total + per_page - 1) // per_page, 1)
    return LibraryPage(items=items, total=total, page=page, pages=pages, facets=facet_counts(ids))


def feed_items(*, theme: str | None = None, country: str | None = None, limit: int = 30) -> list[Experience]:
    """Newly published experiences, newest first (optionally of one theme or one country)."""
    filters = {}
    if theme:
        filters["theme"] = [theme]
    if country:
        filters["country"] = [country]
    ids = matching_ids(LibraryQuery(filters=filters))
    return list(db.session.scalars(
        select(Experience).options(selectinload(Experience.people).joinedload(ExperiencePerson.user))
        .where(Experience.id.in_(ids)).order_by(Experience.published_at.desc(), Experience.id.desc()).limit(limit)))


# ---------- for the map and the cooperation network ----------


def published_country_counts() -> dict[str, int]:
    """ISO alpha-2 code -> how many published experiences involve the country."""
    rows = db.session.execute(
        select(ExperienceFacet.value, func.count())
        .join(Experience, Experience.id == ExperienceFacet.experience_id)
        .where(ExperienceFacet.facet == "country", Experience.status == "published")
        .group_by(ExperienceFacet.value))
    return {str(code): int(count) for code, count in rows.all()}


def published_country_pair_counts() -> dict[tuple[str, str], int]:
    """(code_a, code_b) with code_a < code_b -> how many published experiences the two share."""
    a, b = aliased(ExperienceFacet), aliased(ExperienceFacet)
    rows = db.session.execute(
        select(a.value, b.value, func.count())
        .join(b, and_(b.experience_id == a.experience_id, b.facet == "country", b.value > a.value))
        .join(Experience, Experience.id == a.experience_id)
        .where(a.facet == "country", Experience.status == "published")
        .group_by(a.value, b.value))
    return {(x, y): count for x, y, count in rows}


# ---------- for a person's profile ----------

CREDIT_ROLES = ("contributor", "editor")
MAX_CREDITED = 50


def credited_experiences(user_id: int, limit: int = MAX_CREDITED) -> list[Experience]:
    """Published experiences crediting the person as contributor or editor, newest first (one query)."""
    credited = select(ExperiencePerson.experience_id).where(
        ExperiencePerson.user_id == user_id, ExperiencePerson.role.in_(CREDIT_ROLES))
    return list(db.session.scalars(
        select(Experience).where(Experience.id.in_(credited), Experience.status == "published")
        .order_by(Experience.published_at.desc(), Experience.id.desc()).limit(limit)))
