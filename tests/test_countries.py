"""Country pages: the list of the Americas and one page per country, in two languages; 404s and the
lower-case redirect; members-only profiles; the Atom feed; the API; country names linked from the
other pages; a constant number of queries."""

import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from forum.charts import AMERICAS
from forum.extensions import db
from forum.i18n import sort_key
from forum.models import Thread, User, utcnow
from forum.services import cooperation as coop
from forum.services.accounts import do_update_profile
from forum.services.communities import do_join
from tests.conftest import starting_rows
from tests.factories import make_community, make_experience, make_organization, make_user
from tests.test_api_support import API, assert_error

ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"
_n = itertools.count(1)


def coop_thread(author, community, kind, *, country, support=("training",), status="open", title=None):
    thread, _details = coop.do_create_cooperation_thread(
        author, community, title=title or f"A {kind} number {next(_n)}", body=f"Details of it {next(_n)}",
        kind=kind, cooperation={"country": country, "themes": [community.slug], "support_types": list(support),
                                "modality": "south_south", "languages": ["es"], "status": status})
    return thread


@pytest.fixture
def world(app):
    """Brazil: two open offers, an open request, a closed offer, an offer whose thread was
    deleted, a published experience (with Peru) and a draft one; Ana (public profile), Bruno
    (members-only), Caio (deactivated); an organization. Peru: an open request. Built once per
    process."""
    starting_rows(app, "countries-world", lambda: _build_world(app))


def _build_world(app) -> None:
    with app.app_context():
        boss = make_user("boss", role="moderator", country="US")
        ana = make_user("ana", country="BR", display_name="Ana Souza")
        bruno = make_user("bruno", country="BR", display_name="Bruno Secreto")
        do_update_profile(bruno, profile_members_only=True)
        caio = make_user("caio", country="BR", display_name="Caio Gone")
        caio.deactivated_at = utcnow()
        pia = make_user("pia", country="PE", display_name="Pia Quispe")
        vaccines = make_community("vaccines", name="Vaccines")
        make_community("quiet", name="Quiet corner")
        coop_thread(ana, vaccines, "offer", country="BR", title="Cold chain training from Brazil")
        coop_thread(ana, vaccines, "offer", country="BR", title="Second Brazilian offer")
        coop_thread(ana, vaccines, "request", country="BR", title="Brazil asks for dengue experts")
        coop_thread(ana, vaccines, "offer", country="BR", status="closed", title="Closed Brazilian offer")
        gone = coop_thread(ana, vaccines, "offer", country="BR", title="Deleted Brazilian offer")
        gone.deleted_at = utcnow()
        coop_thread(pia, vaccines, "request", country="PE", title="Peru asks for training")
        make_experience(boss, ana, vaccines, title="Solar fridges on the Amazon", countries=("BR", "PE"))
        make_experience(boss, ana, vaccines, title="Draft about Brazil", countries=("BR",), status="draft")
        make_organization("Fiocruz", country="BR", type="university")
        db.session.commit()


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-code="([A-Z]{2})">', html)


# ---------- the list ----------


@pytest.mark.parametrize(("lang", "brazil", "usa"), [("en", "Brazil", "United States"),
                                                      ("es", "Brasil", "Estados Unidos")])
def test_the_list_has_every_country_of_the_americas_in_the_reader_language(app, client, world, lang, brazil, usa):
    response = client.get("/countries", headers={"Accept-Language": lang})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    codes = _rows(html)
    assert sorted(codes) == sorted(AMERICAS)
    names = re.findall(r'<tr data-code="[A-Z]{2}"><th scope="row"><a class="country-link" href="/countries/[A-Z]{2}">'
                       r'([^<]+)</a>', html)
    assert len(names) == len(AMERICAS) and names == sorted(names, key=sort_key)
    assert f'<a class="country-link" href="/countries/BR">{brazil}</a>' in html
    assert f'href="/countries/US">{usa}</a>' in html
    # Brazil: 2 open offers, 1 open request, 1 published experience, 2 members a visitor may see
    # listed... no: Ana only (Bruno is members-only, Caio deactivated).
    row = re.search(r'<tr data-code="BR">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", row) == ["2", "1", "1", "1"]


def test_the_list_counts_members_only_profiles_for_members(app, client, auth, world, member):
    auth.login("member")  # the persona is from Brazil too
    html = client.get("/countries").get_data(as_text=True)
    row = re.search(r'<tr data-code="BR">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", row) == ["2", "1", "1", "3"]


# ---------- a country's page ----------


@pytest.mark.parametrize(("lang", "title", "offers"), [("en", "Brazil", "Open offers"),
                                                       ("es", "Brasil", "Ofertas abiertas")])
def test_a_country_page_shows_what_it_offers_asks_documented_and_who(app, client, world, lang, title, offers):
    response = client.get("/countries/BR", headers={"Accept-Language": lang})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"<h1>{title}</h1>" in html and offers in html
    for shown in ("Cold chain training from Brazil", "Second Brazilian offer", "Brazil asks for dengue experts",
                  "Solar fridges on the Amazon", "Ana Souza", "Fiocruz", "Vaccines"):
        assert shown in html, shown
    for hidden in ("Closed Brazilian offer", "Deleted Brazilian offer", "Draft about Brazil", "Peru asks for training",
                   "Caio Gone", "Pia Quispe"):
        assert hidden not in html, hidden
    # Links to the rest: the board, the library and the directory filtered by the country.
    assert 'href="/cooperation?country=BR&amp;kind=offer&amp;status=open"' in html
    assert 'href="/experiences?country=BR"' in html and 'href="/people?country=BR"' in html
    assert 'href="/countries/BR/feed.atom"' in html
    # The experience names its other country, linked to that country's page.
    assert 'href="/countries/PE"' in html


def test_a_small_map_locates_the_country(app, client, world):
    html = client.get("/countries/PE").get_data(as_text=True)
    svg = ET.fromstring(re.search(r'<svg xmlns=.*?</svg>', html, re.S).group(0))  # noqa: S314 (our own output)
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text == "Peru on the map of the Americas"
    current = [el for el in svg.iter() if "chart-country-current" in (el.get("class") or "")]
    assert [el.get("data-code") for el in current] == ["PE"]
    assert list(svg.iter(f"{SVG}a")) == [] and svg.find(f"{SVG}g[@class='chart-legend']") is None


def test_the_list_map_links_each_active_country_to_its_page(app, client, world):
    html = client.get("/countries").get_data(as_text=True)
    svg = ET.fromstring(re.search(r'<svg xmlns=.*?</svg>', html, re.S).group(0))  # noqa: S314 (our own output)
    assert {a.get("data-code"): a.get("href") for a in svg.iter(f"{SVG}a")} == {"BR": "/countries/BR",
                                                                               "PE": "/countries/PE"}


def test_members_only_profiles_are_listed_for_members_only(app, client, auth, world, member):
    anonymous = client.get("/countries/BR").get_data(as_text=True)
    assert "Ana Souza" in anonymous and "Bruno Secreto" not in anonymous
    assert 'href="/u/bruno"' not in anonymous
    auth.login("member")
    signed_in = client.get("/countries/BR").get_data(as_text=True)
    assert "Bruno Secreto" in signed_in and "Caio Gone" not in signed_in


def test_active_communities_are_those_of_its_recent_threads(app, client, world):
    html = client.get("/countries/BR").get_data(as_text=True)
    section = html.split('id="communities-h"')[1].split("</section>")[0]
    assert "Vaccines" in section and "Quiet corner" not in section
    # Mexico has no thread at all.
    assert "No recent thread from Mexico." in client.get("/countries/MX").get_data(as_text=True)


def test_a_quiet_country_has_a_page_with_empty_sections(app, client, world):
    response = client.get("/countries/KN")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "No open offer from Saint Kitts and Nevis." in html and "No open request from" in html
    assert "No published experience involves Saint Kitts and Nevis yet." in html


@pytest.mark.parametrize("path", ["/countries/br", "/countries/Br", "/countries/bR/feed.atom"])
def test_lower_case_codes_redirect_to_upper_case(app, client, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response.headers["Location"] == path.replace(path.split("/")[2], path.split("/")[2].upper())


@pytest.mark.parametrize("code", ["XX", "FR", "ES", "xx", "es", "B", "BRA", "B1", "ß", "ﬀ", "12", "é"])
def test_unknown_and_non_american_codes_are_404_pages(app, client, code):
    for path in (f"/countries/{code}", f"/countries/{code}/feed.atom"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.mimetype == "text/html"


# ---------- the feed ----------


def test_the_feed_is_atom_with_the_newest_offers_requests_and_experiences(app, client, world):
    response = client.get("/countries/BR/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314 (our own output, under test)
    base = app.config["SERVER_BASE_URL"].rstrip("/")
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text == f"{base}/countries/BR/feed.atom"
    assert feed.find(f"{ATOM}updated").text
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert set(titles) == {"Cold chain training from Brazil", "Second Brazilian offer",
                           "Brazil asks for dengue experts", "Closed Brazilian offer", "Solar fridges on the Amazon"}
    for entry in entries:
        ident = entry.find(f"{ATOM}id").text
        assert ident.startswith(base + "/") and entry.find(f"{ATOM}link").get("href") == ident
        assert entry.find(f"{ATOM}updated").text and entry.find(f"{ATOM}author/{ATOM}name").text
    kinds = {e.find(f"{ATOM}title").text: e.find(f"{ATOM}category").get("term") for e in entries}
    assert kinds["Solar fridges on the Amazon"] == "experience" and kinds["Second Brazilian offer"] == "offer"
    offer = next(e for e in entries if e.find(f"{ATOM}title").text == "Second Brazilian offer")
    assert offer.find(f"{ATOM}summary").text.startswith("Details of it")


def test_an_empty_feed_is_still_valid(app, client):
    feed = ET.fromstring(client.get("/countries/KN/feed.atom").data)  # noqa: S314
    assert feed.findall(f"{ATOM}entry") == [] and feed.find(f"{ATOM}updated").text


# ---------- the API ----------


def test_api_lists_every_country_with_counts(app, client, world):
    response = client.get(f"{API}/countries", headers={"Accept-Language": "es"})
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert sorted(item["code"] for item in items) == sorted(AMERICAS)
    brazil = next(item for item in items if item["code"] == "BR")
    assert brazil["name"] == "Brasil" and brazil["url"].endswith("/countries/BR")
    assert brazil["counts"] == {"offers": 2, "requests": 1, "experiences": 1, "members": 1}


def test_api_shows_a_country(app, client, world):
    body = client.get(f"{API}/countries/br").get_json()  # any case
    assert body["country"]["code"] == "BR" and body["country"]["counts"]["offers"] == 2
    assert {o["thread"]["title"] for o in body["offers"]} == {"Cold chain training from Brazil",
                                                              "Second Brazilian offer"}
    assert [r["thread"]["title"] for r in body["requests"]] == ["Brazil asks for dengue experts"]
    assert all(o["country"] == "BR" and o["status"] == "open" for o in body["offers"] + body["requests"])
    assert [e["title"] for e in body["experiences"]] == ["Solar fridges on the Amazon"]
    assert [c["slug"] for c in body["communities"]] == ["vaccines"]
    # Fiocruz, and the record the members' profiles are linked to (the most members first)
    assert [o["name"] for o in body["organizations"]] == ["Ministry of Health", "Fiocruz"]
    assert body["people_url"].endswith("/api/v1/people?country=BR")


@pytest.mark.parametrize("code", ["XX", "FR", "B", "ß", "BRA"])
def test_api_unknown_country_is_a_json_404(app, client, code):
    assert_error(client.get(f"{API}/countries/{code}"), 404, "not_found")


# ---------- country names link to their page ----------


def test_country_names_link_to_their_pages_from_other_pages(app, client, world):
    with app.app_context():
        spaniard = make_user("pepe", country="ES", display_name="Pepe")
        thread = db.session.scalar(select(Thread).where(Thread.title == "Cold chain training from Brazil"))
        from tests.factories import make_post

        make_post(spaniard, thread, "From Madrid, with interest.")
        thread_path = f"/t/{thread.id}/{thread.slug}"
        db.session.commit()
    brazil = '<a class="country-link" href="/countries/BR">Brazil</a>'
    thread_page = client.get(thread_path).get_data(as_text=True)
    assert f'<span class="post-country">{brazil}</span>' in thread_page  # author line
    assert f"<dt>Country</dt><dd>{brazil}</dd>" in thread_page  # the offer's fields
    # Spain has no page here: its name is shown, not linked.
    assert '<span class="post-country">Spain</span>' in thread_page
    assert brazil in client.get("/u/ana").get_data(as_text=True)
    assert brazil in client.get("/people").get_data(as_text=True)
    assert brazil in client.get("/cooperation").get_data(as_text=True)
    assert brazil in client.get("/experiences").get_data(as_text=True)


# ---------- queries ----------


def _grow(app, n: int) -> None:
    with app.app_context():
        community = make_community()
        for i in range(n):
            user = make_user(country="BR")
            do_join(user, community)
            coop_thread(user, community, "offer" if i % 2 else "request", country="BR")
            make_organization(f"Institute {i}", country="BR")
        boss = db.session.scalar(select(User).where(User.username == "boss"))
        for _ in range(n):
            make_experience(boss, user, community, title=f"Experience {next(_n)}", countries=("BR", "AR"))
        db.session.commit()


# ... and its projects, with their countries when there are some
COUNTRY_PAGE_QUERIES = 15
COUNTRY_LIST_QUERIES = 4


def test_pages_take_a_constant_number_of_queries(app, client, world, count_queries):
    counts = []
    for grow in (0, 12):
        _grow(app, grow)
        with count_queries() as page:
            assert client.get("/countries/BR").status_code == 200
        with count_queries() as listing:
            assert client.get("/countries").status_code == 200
        with count_queries() as feed:
            assert client.get("/countries/BR/feed.atom").status_code == 200
        with count_queries() as api:
            assert client.get(f"{API}/countries/BR").status_code == 200
        counts.append((page.count, listing.count, feed.count, api.count))
        assert page.count <= COUNTRY_PAGE_QUERIES, page.statements
        assert listing.count <= COUNTRY_LIST_QUERIES, listing.statements
    assert counts[0] == counts[1]
