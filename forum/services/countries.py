"""Countries of the Americas as pages: what each one offers and asks, the experiences it took part
in, its people, its communities and organizations, in a fixed number of queries.

Read side only. The definitions the pages show (docs/countries.md):

- **open offers / requests**: cooperation details with this country, status `open`, whose thread
  is not deleted (what the board shows with `?country=XX&status=open`; an expired `open_until`
  does not close one, as on the board);
- **published experiences**: records with status `published` whose `country` facet is the code
  (`experience_facets`, indexed);
- **members**: active accounts with this country, as the directory lists them for the viewer
  (`profiles.listed_people`: anonymous visitors do not count or see members-only profiles);
- **active communities**: among the ACTIVITY_WINDOW most recently active threads of the whole
  forum, those started by a member from the country or that are one of its offers/requests,
  counted by community (most first, then the most recent). Bounded work on every visit, whatever
  the size of the forum; a country quiet for that long shows none.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from forum import links
from forum.charts import AMERICAS
from forum.charts.americas import AMERICAS_SET
from forum.errors import NotFound
from forum.extensions import db
from forum.i18n import country_name, sort_key
from forum.models import (
    Community,
    CooperationDetails,
    Experience,
    ExperienceFacet,
    ExperienceTheme,
    Organization,
    Thread,
    User,
)
from forum.services import experience_library as library
from forum.services.profiles import listed_people

COOPERATION_SHOWN = 6  # of each kind; the board has the rest
EXPERIENCES_SHOWN = 6
PEOPLE_SHOWN = 12
COMMUNITIES_SHOWN = 5
ORGANIZATIONS_SHOWN = 8
PROJECTS_SHOWN = 12
FEED_ITEMS = 30
ACTIVITY_WINDOW = 500


def canonical_code(code: object) -> str:
    """The upper-case code of a country of the Americas ("br" -> "BR"); NotFound for anything else
    (non-ASCII letters included: "ß".upper() is "SS")."""
    if not isinstance(code, str) or len(code) != 2 or not code.isascii() or not code.isalpha():
        raise NotFound()
    upper = code.upper()
    if upper not in AMERICAS_SET:
        raise NotFound()
    return upper


# ---------- counts ----------


@dataclass(frozen=True)
class CountryCounts:
    offers: int = 0
    requests: int = 0
    experiences: int = 0
    members: int = 0

    @property
    def cooperation(self) -> int:
        return self.offers + self.requests

    @property
    def is_active(self) -> bool:
        """Something open or published: what "countries active" counts."""
        return self.cooperation + self.experiences > 0

    def as_dict(self) -> dict[str, int]:
        return {"offers": self.offers, "requests": self.requests, "experiences": self.experiences,
                "members": self.members}


def open_cooperation_counts(country: str | None = None) -> dict[str, dict[str, int]]:
    """code -> {"offer": n, "request": n}, open and whose thread is not deleted: two queries.

    Every open one is counted from the (status, country, kind) index alone; those of the few
    deleted threads (a partial index) are then taken out. Joining every thread instead cost 90 ms
    at 20,000 offers and requests on SQLite (bench/countries.py); this costs a few."""
    def grouped(query):
        query = query.where(CooperationDetails.status == "open").group_by(CooperationDetails.country,
                                                                        CooperationDetails.kind)
        if country is not None:
            query = query.where(CooperationDetails.country == country)
        return db.session.execute(query)

    columns = (CooperationDetails.country, CooperationDetails.kind, func.count())
    counts: dict[str, dict[str, int]] = {}
    for code, kind, n in grouped(select(*columns)):
        counts.setdefault(code, {})[kind] = int(n)
    for code, kind, n in grouped(select(*columns).select_from(Thread).join(
            CooperationDetails, CooperationDetails.thread_id == Thread.id).where(Thread.deleted_at.is_not(None))):
        counts[code][kind] -= int(n)
    return counts


def member_counts(viewer: object, country: str | None = None) -> dict[str, int]:
    """code -> members the viewer may see listed: one query."""
    query = select(User.country, func.count()).where(*listed_people(viewer)).group_by(User.country)
    if country is not None:
        query = query.where(User.country == country)
    return {code: int(n) for code, n in db.session.execute(query)}


def _counts(code: str, cooperation: dict[str, dict[str, int]], experiences: dict[str, int],
            members: dict[str, int] | None) -> CountryCounts:
    kinds = cooperation.get(code, {})
    return CountryCounts(offers=kinds.get("offer", 0), requests=kinds.get("request", 0),
                         experiences=experiences.get(code, 0), members=(members or {}).get(code, 0))


def counts_by_country(cooperation: dict[str, dict[str, int]], experiences: dict[str, int],
                      members: dict[str, int] | None = None) -> dict[str, CountryCounts]:
    """Every country of the Americas -> its counts, from the grouped counts above."""
    return {code: _counts(code, cooperation, experiences, members) for code in AMERICAS}


def all_counts(viewer: object) -> dict[str, CountryCounts]:
    """Every country of the Americas -> its counts: three queries."""
    return counts_by_country(open_cooperation_counts(), library.published_country_counts(), member_counts(viewer))


@dataclass(frozen=True)
class CountrySummary:
    code: str
    name: str
    counts: CountryCounts


def listing(viewer: object) -> list[CountrySummary]:
    """Every country of the Americas with its counts, in the reader's alphabetical order."""
    counts = all_counts(viewer)
    rows = [CountrySummary(code, country_name(code), counts[code]) for code in AMERICAS]
    return sorted(rows, key=lambda row: (sort_key(row.name), row.code))


# ---------- lists ----------


def newest_open_cooperation(*, country: str | None = None,
                            per_kind: int = COOPERATION_SHOWN) -> tuple[list[CooperationDetails],
                                                                        list[CooperationDetails]]:
    """(offers, requests): the newest open ones of each kind, with thread, author, themes and
    types of support. Four queries: the ids of both kinds in one, the rows, two collections.

    Newest is the highest thread id (threads are numbered as they are created), which the
    (status, [country,] kind, thread_id) indexes give in order. The ids come first because
    PostgreSQL cannot tell how few rows `id IN (... LIMIT n) OR id IN (... LIMIT n)` yields and
    joined every thread and member for it (90 ms at 100,000 threads)."""

    def newest(kind: str):
        query = (select(CooperationDetails.thread_id).join(Thread, Thread.id == CooperationDetails.thread_id)
                 .where(CooperationDetails.status == "open", CooperationDetails.kind == kind,
                        Thread.deleted_at.is_(None)))
        if country is not None:
            query = query.where(CooperationDetails.country == country)
        newest_ids = query.order_by(CooperationDetails.thread_id.desc()).limit(per_kind).subquery()
        return select(newest_ids.c.thread_id)

    ids = list(db.session.scalars(union_all(newest("offer"), newest("request"))))
    if not ids:
        return [], []
    rows = list(db.session.scalars(
        select(CooperationDetails)
        .options(joinedload(CooperationDetails.thread).joinedload(Thread.author),
                 selectinload(CooperationDetails.themes), selectinload(CooperationDetails.facets))
        .where(CooperationDetails.thread_id.in_(ids)).order_by(CooperationDetails.thread_id.desc())))
    return [d for d in rows if d.kind == "offer"], [d for d in rows if d.kind == "request"]


def recent_experiences(*, country: str | None = None, limit: int = EXPERIENCES_SHOWN) -> list[Experience]:
    """Published experiences, the most recently published first (involving `country`, through its
    facet): two queries (the records, their themes)."""
    query = select(Experience).where(Experience.status == "published")
    if country is not None:
        query = query.where(Experience.id.in_(
            select(ExperienceFacet.experience_id).where(ExperienceFacet.facet == "country",
                                                        ExperienceFacet.value == country)))
    return list(db.session.scalars(
        query.options(selectinload(Experience.themes).joinedload(ExperienceTheme.community))
        .order_by(Experience.published_at.desc(), Experience.id.desc()).limit(limit)))


def published_experience_total() -> int:
    return db.session.scalar(select(func.count()).select_from(Experience).where(
        Experience.status == "published")) or 0


def country_people(viewer: object, country: str, limit: int = PEOPLE_SHOWN) -> list[User]:
    """Members from the country the viewer may see listed, the most active first: one query."""
    return list(db.session.scalars(
        select(User).where(User.country == country, *listed_people(viewer))
        .order_by(User.post_count.desc(), func.lower(User.display_name), User.id).limit(limit)))


@dataclass(frozen=True)
class ActiveCommunity:
    community: Community
    threads: int  # of the country's, in the window
    last_activity_at: datetime | None


def active_communities(country: str, limit: int = COMMUNITIES_SHOWN) -> list[ActiveCommunity]:
    """The module docstring's definition: one query, bounded by ACTIVITY_WINDOW rows."""
    window = (select(Thread.id, Thread.community_id, Thread.author_id, Thread.last_activity_at)
              .where(Thread.deleted_at.is_(None))
              .order_by(Thread.last_activity_at.desc(), Thread.id.desc()).limit(ACTIVITY_WINDOW).subquery())
    # EXISTS probes the offer/request of each thread of the window by its key; an outer join had
    # PostgreSQL hash every offer and request.
    about_it = exists().where(CooperationDetails.thread_id == window.c.id, CooperationDetails.country == country)
    theirs = (select(window.c.community_id, func.count().label("n"),
                     func.max(window.c.last_activity_at).label("latest"))
              .join(User, User.id == window.c.author_id)
              .where(or_(User.country == country, about_it))
              .group_by(window.c.community_id).subquery())
    rows = db.session.execute(
        select(Community, theirs.c.n, theirs.c.latest).join(theirs, theirs.c.community_id == Community.id)
        .order_by(theirs.c.n.desc(), theirs.c.latest.desc(), Community.id).limit(limit))
    return [ActiveCommunity(community, int(n), latest) for community, n, latest in rows]


def country_organizations(country: str, limit: int = ORGANIZATIONS_SHOWN) -> list[Organization]:
    """The country's organizations with the most members (merged records left out): one query."""
    return list(db.session.scalars(
        select(Organization).where(Organization.country == country, Organization.merged_into_id.is_(None))
        .order_by(Organization.member_count.desc(), Organization.name_key, Organization.id).limit(limit)))


def country_projects(country: str, limit: int = PROJECTS_SHOWN) -> list[tuple[str, Any]]:
    """The country's public cooperation projects (a proposed one is still being negotiated), each
    with the country's role in it, most recently changed first: two queries (the country facet is
    indexed)."""
    from forum.models.projects import Project, ProjectFacet

    found = db.session.scalars(
        select(Project).join(ProjectFacet, and_(ProjectFacet.project_id == Project.id, ProjectFacet.facet == "country",
                                                ProjectFacet.value == country))
        .options(selectinload(Project.countries)).where(Project.status != "proposed")
        .order_by(Project.updated_at.desc(), Project.id.desc()).limit(limit))
    return [(next(c.role for c in project.countries if c.country == country), project) for project in found]


def public_project_count() -> int:
    from forum.models.projects import Project

    return db.session.scalar(select(func.count()).select_from(Project).where(Project.status != "proposed")) or 0


# ---------- the page ----------


@dataclass
class CountryPage:
    code: str
    name: str
    counts: CountryCounts
    offers: list[CooperationDetails]
    requests: list[CooperationDetails]
    experiences: list[Experience]
    people: list[User]
    communities: list[ActiveCommunity]
    organizations: list[Organization]
    projects: list[tuple[str, Any]] = field(default_factory=list)  # (the country's role, project)


def published_experience_count(country: str) -> int:
    """Published experiences involving the country (its facet, indexed): one query."""
    return db.session.scalar(
        select(func.count()).select_from(ExperienceFacet)
        .join(Experience, Experience.id == ExperienceFacet.experience_id)
        .where(ExperienceFacet.facet == "country", ExperienceFacet.value == country,
               Experience.status == "published")) or 0


def country_counts(viewer: object, code: str) -> CountryCounts:
    """One country's counts, from indexes: four queries."""
    return _counts(code, open_cooperation_counts(code), {code: published_experience_count(code)},
                   member_counts(viewer, code))


def country_page(viewer: object, code: str) -> CountryPage:
    """Everything a country's page shows: thirteen queries at most, whatever the size of the forum."""
    offers, requests = newest_open_cooperation(country=code)
    return CountryPage(
        code=code, name=country_name(code), counts=country_counts(viewer, code),
        offers=offers, requests=requests,
        experiences=recent_experiences(country=code),
        people=country_people(viewer, code),
        communities=active_communities(code),
        organizations=country_organizations(code),
        projects=country_projects(code),
    )


# ---------- the feed ----------


@dataclass(frozen=True)
class FeedEntry:
    kind: str  # "offer", "request" or "experience"
    title: str
    url: str  # absolute, on SERVER_BASE_URL: also the entry's id
    published: datetime
    updated: datetime
    authors: list[str]
    summary: str


def feed_entries(code: str, limit: int = FEED_ITEMS) -> list[FeedEntry]:
    """The country's newest offers and requests (any status, thread not deleted) and published
    experiences, newest first: four queries. Summaries are plain text; links are absolute."""
    from forum.content import html_to_text
    from forum.models import Post
    from forum.services.experience_export import credited_names, permalink

    details = list(db.session.scalars(
        select(CooperationDetails).join(Thread, Thread.id == CooperationDetails.thread_id)
        .options(joinedload(CooperationDetails.thread).joinedload(Thread.author))
        .where(CooperationDetails.country == code, Thread.deleted_at.is_(None))
        .order_by(CooperationDetails.thread_id.desc()).limit(limit)))
    openings = {post.thread_id: post for post in db.session.scalars(
        select(Post).where(Post.thread_id.in_([d.thread_id for d in details]), Post.number == 1,
                           Post.deleted_at.is_(None), Post.hidden_at.is_(None)))} if details else {}
    entries = [FeedEntry(
        kind=d.kind, title=d.thread.title,
        url=links.absolute("threads.show", thread_id=d.thread_id, slug=d.thread.slug),
        published=d.thread.created_at, updated=max(d.updated_at, d.thread.created_at),
        authors=[d.thread.author.display_name],
        summary=_excerpt(html_to_text(openings[d.thread_id].html)) if d.thread_id in openings else "")
        for d in details]
    entries += [FeedEntry(
        kind="experience", title=e.title, url=permalink(e), published=e.published_at, updated=e.published_at,
        authors=credited_names(e), summary=e.summary)
        for e in library.feed_items(country=code, limit=limit)]
    entries.sort(key=lambda entry: entry.published, reverse=True)
    return entries[:limit]


def _excerpt(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
