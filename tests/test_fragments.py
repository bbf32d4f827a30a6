"""The home page's and the country pages' public fragments, kept for FRAGMENT_CACHE_SECONDS in each
process (forum/web/fragments.py): served again without their queries, never across languages,
time zones or signed-in states, renewed when they expire, and never holding a member's own part."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import User
from forum.services import cooperation as coop
from forum.services.accounts import do_update_profile
from forum.web.fragments import EXTENSION, FragmentCache
from tests.conftest import make_test_config
from tests.factories import make_community, make_user


@pytest.fixture
def app_config(database_url):
    return make_test_config(database_url, FRAGMENT_CACHE_SECONDS=30)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app):
    """The app's fragment cache, on a clock the test moves (the cache is the real one)."""
    clock = Clock()
    app.extensions[EXTENSION] = FragmentCache(30, timer=clock)
    return clock


@pytest.fixture
def world(app, member):
    with app.app_context():
        ana = make_user("ana", country="BR", display_name="Ana Souza")
        bruno = make_user("bruno", country="BR", display_name="Bruno Secreto")
        do_update_profile(bruno, profile_members_only=True)
        make_community("vaccines", name="Vaccines")
        db.session.commit()
        publish_offer(ana, "Cold chain training from Brazil")


def publish_offer(author: User, title: str) -> None:
    from forum.models import Community

    author = db.session.merge(author)
    vaccines = db.session.scalar(select(Community).where(Community.slug == "vaccines"))
    coop.do_create_cooperation_thread(
        author, vaccines, title=title, body=f"{title}: the details.", kind="offer",
        cooperation={"country": "BR", "themes": ["vaccines"], "support_types": ["training"],
                     "modality": "south_south", "languages": ["es"], "status": "open"})
    db.session.commit()


def _publish(app, title: str) -> None:
    with app.test_request_context(method="POST"):
        publish_offer(db.session.scalar(select(User).where(User.username == "ana")), title)


def _without_csrf_tokens(html: str) -> str:
    """The page minus its CSRF tokens, which carry the second they were signed in."""
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]*"', 'name="csrf_token"', html)


@pytest.mark.parametrize("path", ["/", "/countries/BR"])
def test_a_second_reader_gets_the_same_page_without_the_fragments_queries(app, client, world, clock, count_queries,
                                                                         path):
    with count_queries() as first:
        html = client.get(path).get_data(as_text=True)
    with count_queries() as second:
        again = client.get(path).get_data(as_text=True)
    assert "Cold chain training from Brazil" in html
    assert _without_csrf_tokens(again) == _without_csrf_tokens(html)
    assert second.count < first.count - 5, (first.count, second.count)


@pytest.mark.parametrize("path", ["/", "/countries/BR"])
def test_a_new_offer_shows_once_the_fragment_expires(app, client, world, clock, path):
    assert "Cold chain training from Brazil" in client.get(path).get_data(as_text=True)
    _publish(app, "Field epidemiology mentoring")
    assert "Field epidemiology mentoring" not in client.get(path).get_data(as_text=True)
    clock.now += 31
    assert "Field epidemiology mentoring" in client.get(path).get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/countries/BR"])
def test_each_language_gets_its_own_fragment(app, client, world, clock, path):
    english = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    spanish = client.get(path, headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Open offers" in english and "Open offers" not in spanish
    assert "Ofertas abiertas" in spanish


def test_a_member_only_profile_never_reaches_a_visitor_through_the_cache(app, client, auth, world, clock):
    auth.login("member")
    assert "Bruno Secreto" in client.get("/countries/BR").get_data(as_text=True)
    auth.logout()
    assert "Bruno Secreto" not in client.get("/countries/BR").get_data(as_text=True)


def test_a_time_zone_gets_its_own_fragment(app, client, auth, world, clock):
    client.get("/")  # a visitor's fragment, in UTC
    with app.app_context():
        do_update_profile(db.session.scalar(select(User).where(User.username == "member")), timezone="America/Lima")
        db.session.commit()
    auth.login("member")
    _publish(app, "Offer seen in Lima")
    assert "Offer seen in Lima" in client.get("/").get_data(as_text=True)  # not the visitor's UTC fragment


def test_a_members_own_part_is_never_cached(app, client, auth, world, clock):
    auth.login("member")
    client.get("/")
    with app.test_request_context(method="POST"):
        from forum.models import Community

        me = db.session.scalar(select(User).where(User.username == "member"))
        vaccines = db.session.scalar(select(Community).where(Community.slug == "vaccines"))
        coop.do_create_cooperation_thread(
            me, vaccines, title="Peru asks for cold chain training", body="We need training.", kind="request",
            cooperation={"country": "PE", "themes": ["vaccines"], "support_types": ["training"],
                         "modality": "south_south", "languages": ["es"], "status": "open"})
        db.session.commit()
    html = client.get("/").get_data(as_text=True)
    matches = html.split('id="matches-h"')[1].split("</section>")[0]
    assert "Peru asks for cold chain training" in matches and "Cold chain training from Brazil" in matches
