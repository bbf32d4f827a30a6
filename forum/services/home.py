"""The home page of the mission: what is offered and asked now, what was learned, where, and the
platform's numbers; for a member also their suggested matches and their communities' threads.

Read side only, in a fixed number of queries whatever the size of the forum (twelve for a
visitor, at most twenty for a member: tests/test_home.py counts them).
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from forum import permissions
from forum.extensions import db
from forum.models import Community, CooperationDetails, Experience, Membership, Thread
from forum.services import cooperation as coop
from forum.services import countries
from forum.services import experience_library as library
from forum.services.threads import communities_overview, latest_threads

COOPERATION_SHOWN = 3  # of each kind
EXPERIENCES_SHOWN = 4
ACTIVE_COMMUNITIES_SHOWN = 6
THREADS_SHOWN = 10
PROJECTS_SHOWN = 6


@dataclass(frozen=True)
class PlatformNumbers:
    countries_active: int  # of the Americas, with an open offer/request or a published experience
    offers_open: int
    requests_open: int
    experiences_published: int
    projects: int  # public ones: agreed, in progress, completed or cancelled


@dataclass
class PublicHome:
    """What the home page shows every reader alike (forum/web/fragments.py keeps it rendered)."""

    offers: list[CooperationDetails]
    requests: list[CooperationDetails]
    experiences: list[Experience]
    # Every country of the Americas -> its counts (members not counted here), for the map.
    countries: dict[str, countries.CountryCounts]
    numbers: PlatformNumbers
    communities: list[Community]  # all open ones, in their order
    active_communities: list[Community]
    archived_communities: list[Community]  # listed apart (forum.permissions.is_archived)
    threads: list[Thread]  # the latest of the whole forum


@dataclass
class MemberHome:
    """What the home page shows a signed-in member of their own."""

    # The member's own open offers/requests, each with its suggested counterparts.
    matches: list[tuple[CooperationDetails, list[tuple[CooperationDetails, float]]]] = field(default_factory=list)
    # The cooperation projects the member is a focal point of, proposed ones included.
    projects: list[Any] = field(default_factory=list)
    # The latest threads of the communities they joined (empty: they joined none).
    threads: list[Thread] = field(default_factory=list)


def threads_in_communities_of(user_id: int, limit: int = THREADS_SHOWN) -> list[Thread]:
    """The latest active threads of the communities the member joined: one query."""
    mine = select(Membership.community_id).where(Membership.user_id == user_id)
    return list(db.session.scalars(
        select(Thread)
        .options(joinedload(Thread.author), joinedload(Thread.community), joinedload(Thread.last_post_author))
        .where(Thread.community_id.in_(mine), Thread.deleted_at.is_(None))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc()).limit(limit)))


def projects_of(user_id: int, limit: int = PROJECTS_SHOWN) -> list[Any]:
    """The projects a member is a focal point of, most recently changed first: two queries."""
    from forum.models.projects import Project, ProjectFocalPoint

    return list(db.session.scalars(
        select(Project).join(ProjectFocalPoint, ProjectFocalPoint.project_id == Project.id)
        .options(selectinload(Project.countries)).where(ProjectFocalPoint.user_id == user_id)
        .order_by(Project.updated_at.desc(), Project.id.desc()).limit(limit)))


def _active(communities: list[Community], limit: int) -> list[Community]:
    """The most recently active communities (from the list already loaded: no query)."""
    active = [c for c in communities if c.last_activity_at is not None]
    active.sort(key=lambda c: (c.last_activity_at, c.id), reverse=True)
    return active[:limit]


def public_home() -> PublicHome:
    """The lists and figures every reader sees: twelve queries."""
    cooperation_counts = countries.open_cooperation_counts()
    by_country = countries.counts_by_country(cooperation_counts, library.published_country_counts())
    # Every open offer/request, whatever its country (the board's count), not only the Americas'.
    offers_open = sum(kinds.get("offer", 0) for kinds in cooperation_counts.values())
    requests_open = sum(kinds.get("request", 0) for kinds in cooperation_counts.values())
    offers, requests = countries.newest_open_cooperation(per_kind=COOPERATION_SHOWN)
    everything = communities_overview()
    open_communities = [c for c in everything if not c.is_archived]
    return PublicHome(
        offers=offers, requests=requests,
        experiences=countries.recent_experiences(limit=EXPERIENCES_SHOWN),
        countries=by_country,
        numbers=PlatformNumbers(
            countries_active=sum(1 for counts in by_country.values() if counts.is_active),
            offers_open=offers_open, requests_open=requests_open,
            experiences_published=countries.published_experience_total(),
            projects=countries.public_project_count()),
        communities=open_communities,
        active_communities=_active(open_communities, ACTIVE_COMMUNITIES_SHOWN),
        archived_communities=[c for c in everything if c.is_archived],
        threads=latest_threads(THREADS_SHOWN),
    )


def member_home(viewer: Any) -> MemberHome | None:
    """A signed-in member's own part of the home page (None for a visitor): at most eight queries."""
    if not permissions.is_signed_in(viewer):
        return None
    return MemberHome(matches=coop.owner_suggestions(viewer.id), projects=projects_of(viewer.id),
                      threads=threads_in_communities_of(viewer.id))
