"""The home page of the mission: its sections and numbers, a member's suggested matches and
communities' threads, the map linking countries to their pages, and a constant number of queries."""

import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Community, User, utcnow
from forum.services import cooperation as coop
from forum.services.communities import do_join
from tests.factories import make_community, make_experience, make_thread, make_user

SVG = "{http://www.w3.org/2000/svg}"
_n = itertools.count(1)


def coop_thread(author, community, kind, *, country, support=("training",), title=None, status="open"):
    thread, _details = coop.do_create_cooperation_thread(
        author, community, title=title or f"A {kind} number {next(_n)}", body=f"Details {next(_n)}", kind=kind,
        cooperation={"country": country, "themes": [community.slug], "support_types": list(support),
                     "modality": "south_south", "languages": ["es"], "status": status})
    return thread


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


@pytest.fixture
def world(app, member, other_member):
    """Vaccines (the member joined it) and Dengue; the member's open request from Brazil, an offer
    from Peru that answers it and one from Mexico, closed; a published experience BR+PE, a draft
    with CO; a thread in each community."""
    with app.app_context():
        boss = make_user("boss", role="moderator", country="US")
        pia = make_user("pia", country="PE", display_name="Pia Quispe")
        vaccines = make_community("vaccines", name="Vaccines")
        dengue = make_community("dengue", name="Dengue")
        me = _user("member")
        do_join(me, vaccines)
        coop_thread(me, vaccines, "request", country="BR", title="Brazil asks for cold chain training")
        coop_thread(pia, vaccines, "offer", country="PE", title="Peru offers cold chain training")
        coop_thread(pia, dengue, "offer", country="MX", title="Closed Mexican offer", status="closed")
        make_experience(boss, pia, vaccines, title="Solar fridges on the Amazon", countries=("BR", "PE"))
        make_experience(boss, pia, vaccines, title="Draft from Colombia", countries=("CO",), status="draft")
        make_thread(_user("other"), vaccines, title="Vaccine hesitancy in border towns")
        make_thread(_user("other"), dengue, title="Dengue season in the Caribbean")
        db.session.commit()


def _section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_the_home_page_shows_the_mission_sections(app, client, world):
    html = client.get("/").get_data(as_text=True)
    assert "Peru offers cold chain training" in _section(html, "offers-h")
    assert "Brazil asks for cold chain training" in _section(html, "requests-h")
    assert "Closed Mexican offer" not in _section(html, "offers-h")
    experiences = _section(html, "experiences-h")
    assert "Solar fridges on the Amazon" in experiences and "Draft from Colombia" not in experiences
    # The numbers: Brazil and Peru are active; one open offer, one open request, no project, one experience.
    numbers = _section(html, "numbers-h")
    assert re.findall(r"<dd>(\d+)</dd>", numbers) == ["2", "1", "1", "0", "1"]
    assert "Countries active" in numbers
    communities = _section(html, "active-h")
    assert "Vaccines" in communities and "Dengue" in communities
    assert 'href="/c/vaccines"' in _section(html, "communities-h")  # all communities stay listed
    latest = _section(html, "latest-h")
    assert "Latest threads" in latest and "Dengue season in the Caribbean" in latest
    assert 'id="matches-h"' not in html  # a visitor has no matches


def test_the_map_links_each_active_country_to_its_page(app, client, world):
    html = client.get("/").get_data(as_text=True)
    svg = ET.fromstring(re.search(r"<svg xmlns=.*?</svg>", html, re.S).group(0))  # noqa: S314 (our own output)
    links = {a.get("data-code"): a.get("href") for a in svg.iter(f"{SVG}a")}
    assert links == {"BR": "/countries/BR", "PE": "/countries/PE"}  # Mexico's offer is closed
    assert 'href="/countries"' in html
    # Country names of the cards link to their pages.
    assert '<a class="country-link" href="/countries/PE">Peru</a>' in _section(html, "offers-h")


def test_a_member_sees_suggested_matches_and_their_communities(app, client, auth, world):
    auth.login("member")
    html = client.get("/").get_data(as_text=True)
    matches = _section(html, "matches-h")
    assert "Brazil asks for cold chain training" in matches
    assert "Peru offers cold chain training" in matches and "Closed Mexican offer" not in matches
    latest = _section(html, "latest-h")
    assert "Latest threads in your communities" in latest
    assert "Vaccine hesitancy in border towns" in latest and "Dengue season in the Caribbean" not in latest


def test_a_member_without_offers_or_communities_sees_the_whole_forum(app, client, auth, world):
    auth.login("other")
    html = client.get("/").get_data(as_text=True)
    assert "You have no open offer or request." in _section(html, "matches-h")
    latest = _section(html, "latest-h")
    assert "Latest threads" in latest and "Dengue season in the Caribbean" in latest


def test_the_home_page_in_spanish(app, client, world):
    html = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Ofertas más recientes" in html and "Países activos" in html
    assert '<a class="country-link" href="/countries/PE">Perú</a>' in html


def _grow(app, n: int) -> None:
    """n more of everything: members with open offers and requests (all matching the member's
    request), published experiences, communities the member joins, threads."""
    with app.app_context():
        boss = _user("boss")
        me = _user("member")
        for i in range(n):
            community = make_community()
            do_join(me, community)
            author = make_user(country=("PE", "AR", "CL")[i % 3])
            coop_thread(author, community, "offer", country=author.country)
            coop_thread(me, community, "request", country="BR")
            make_thread(author, community, title=f"Thread {next(_n)}")
            make_experience(boss, author, community, title=f"Experience {next(_n)}", countries=("BR", author.country))
        db.session.commit()


# ... and the number of projects; a member's projects, with their countries when there are some
VISITOR_QUERIES = 13
MEMBER_QUERIES = 23


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_home_page_takes_a_constant_number_of_queries(app, client, auth, world, count_queries, signed_in):
    if signed_in:
        auth.login("member")
    counts = []
    for grow in (0, 8):
        _grow(app, grow)
        with count_queries() as counter:
            response = client.get("/")
        assert response.status_code == 200
        counts.append(counter.count)
        assert counter.count <= (MEMBER_QUERIES if signed_in else VISITOR_QUERIES), counter.statements
    assert counts[0] == counts[1], counts


def test_expired_offers_are_not_suggested(app, client, auth, world):
    with app.app_context():
        from forum.models import CooperationDetails, Thread

        offer = db.session.scalar(select(CooperationDetails).join(Thread, Thread.id == CooperationDetails.thread_id)
                                  .where(Thread.title == "Peru offers cold chain training"))
        offer.open_until = (utcnow().date().replace(year=2020))
        db.session.commit()
    auth.login("member")
    matches = _section(client.get("/").get_data(as_text=True), "matches-h")
    assert "Peru offers cold chain training" not in matches and "No suggested match yet." in matches


def test_suggestions_for_several_items_apply_each_items_rules(app, world):
    """One candidate query serves items of both kinds and of two countries: each item still gets
    only counterparts of the other kind, from another country, sharing a theme or a support."""
    with app.test_request_context(method="POST"):
        me, pia = _user("member"), _user("pia")
        vaccines = db.session.scalar(select(Community).where(Community.slug == "vaccines"))
        dengue = db.session.scalar(select(Community).where(Community.slug == "dengue"))
        coop_thread(me, vaccines, "offer", country="AR", title="Argentina offers training")
        coop_thread(pia, vaccines, "request", country="AR", title="Argentinian request")  # same country as the offer
        coop_thread(pia, vaccines, "request", country="CL", title="Chile asks for training")
        coop_thread(pia, vaccines, "offer", country="BR", title="Brazilian offer")  # same country as the request
        coop_thread(pia, dengue, "request", country="UY", title="Unrelated request", support=("funding",))
        db.session.commit()
        found = {own.thread.title: [other.thread.title for other, _why in matches]
                 for own, matches in coop.owner_suggestions(me.id)}
    assert found == {"Argentina offers training": ["Chile asks for training"],
                     "Brazil asks for cold chain training": ["Peru offers cold chain training"]}
