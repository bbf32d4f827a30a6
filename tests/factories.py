"""Rows with sensible defaults, made through the services (so counters stay right)."""

import itertools

from forum.extensions import db
from forum.models import Community, Experience, Organization, Post, Thread, User
from forum.services.accounts import do_register
from forum.services.communities import do_create_community
from forum.services.posts import do_create_post
from forum.services.threads import do_create_thread

_seq = itertools.count(1)


def make_user(username: str | None = None, *, password: str = "correct horse battery staple",
              role: str = "member", is_verified: bool = True, trust_level: int = 1, country: str = "BR",
              sector: str = "government", email: str | None = None, **kwargs) -> User:
    n = next(_seq)
    username = username or f"user{n}"
    return do_register(
        email=email or f"{username}@example.org",
        username=username,
        password=password,
        country=country,
        sector=sector,
        organization=kwargs.pop("organization", "Ministry of Health"),
        display_name=kwargs.pop("display_name", username.capitalize()),
        role=role,
        trust_level=trust_level,
        is_verified=is_verified,
        send_confirmation=False,
        **kwargs,
    )


def make_community(slug: str | None = None, **kwargs) -> Community:
    n = next(_seq)
    slug = slug or f"community-{n}"
    return do_create_community(None, slug=slug, name=kwargs.pop("name", f"Community {n}"),
                               description=kwargs.pop("description", "A community of practice"), **kwargs)


def make_thread(author: User, community: Community, *, title: str = "Cold chain in the Amazon",
                body: str | None = None, kind: str = "discussion") -> Thread:
    # Distinct bodies by default: the same text twice within minutes is refused as a duplicate.
    body = body if body is not None else f"How do you keep vaccines cold on river routes? ({next(_seq)})"
    return do_create_thread(author, community, title=title, body=body, kind=kind)


def make_post(author: User, thread: Thread, body: str = "A reply with **Markdown**.") -> Post:
    return do_create_post(author, thread, body=body)


def refetch(model, ident):
    """A fresh copy of a row from the database (not the identity map)."""
    db.session.expire_all()
    return db.session.get(model, ident)


EXPERIENCE_PATH = {"draft": [], "in_review": ["in_review"], "published": ["in_review", "published"],
                   "archived": ["in_review", "published", "archived"]}


def make_experience(moderator: User, author: User, community: Community, *, title: str = "Cold chain",
                    countries: tuple[str, ...] = ("BR", "PE"), status: str = "published",
                    summary: str = "Solar fridges kept vaccines potent.", language: str = "en",
                    body: str | None = None, **fields) -> Experience:
    """An experience documented from a new thread of `author`, through the services, in `status`."""
    from forum.services import experiences

    thread = make_thread(author, community, title=title, body=body)
    experience = experiences.do_promote_thread(moderator, thread)
    experiences.do_update_experience(moderator, experience, {
        "title": title, "summary": summary, "modality": "bilateral", "language": language,
        "countries": [{"code": code, "role": "partner"} for code in countries],
        "start_year": 2020, "end_year": 2022, **fields})
    for step in EXPERIENCE_PATH[status]:
        experiences.do_transition(moderator, experience, to=step)
    return experience


def make_organization(name: str = "Ministry of Health", country: str = "BR", type: str = "ministry",
                      **kwargs) -> Organization:
    from forum.services.organizations import do_find_or_create_organization

    return do_find_or_create_organization(None, name=name, country=country, type=type, **kwargs)
