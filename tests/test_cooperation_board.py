"""The board people use: cards with the country in the reader's language, counts per kind and
country that say what a click would show, and "Publish an offer/request" leading to the form."""

import re
from datetime import date, timedelta

import pytest

from tests.conftest import form_post
from tests.test_cooperation import board, world  # noqa: F401

pytestmark = pytest.mark.usefixtures("board")


def _counts(html: str, heading_id: str) -> dict[str, str]:
    section = html[html.index(f'id="{heading_id}"'):]
    section = section[:section.index("</nav>")]
    return dict(re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a> <span class="count">([^<]+)</span>', section))


def test_cards_show_each_field_in_the_reader_s_language(client):
    html = client.get("/cooperation", headers={"Accept-Language": "es"}).get_data(as_text=True)
    cards = html.split('<li class="coop-card ')[1:]
    assert len(cards) == 4
    offer_one = next(body for body in cards if "Offer one" in body)
    assert "Perú" in offer_one and "Financiamiento" in offer_one and "quechua" in offer_one.lower()
    assert "Cooperación Sur-Sur" in offer_one or "Sur-Sur" in offer_one


def test_counts_per_kind_and_country_follow_the_other_filters(client):
    html = client.get("/cooperation").get_data(as_text=True)
    assert _counts(html, "facet-kind-h") == {"Offers": "2", "Requests": "2"}
    assert _counts(html, "facet-country-h") == {"Argentina": "1", "Brazil": "1", "Mexico": "1", "Peru": "1"}
    offers = client.get("/cooperation?kind=offer").get_data(as_text=True)
    # Choosing offers narrows the countries, while the kinds still show what each would give.
    assert _counts(offers, "facet-kind-h") == {"Offers": "2", "Requests": "2"}
    assert _counts(offers, "facet-country-h") == {"Argentina": "1", "Peru": "1"}
    assert 'href="/cooperation?kind=offer&amp;country=PE"' in offers


def test_publish_leads_to_the_new_thread_form_with_the_kind_chosen(app, client, auth, member):
    page = client.get("/cooperation").get_data(as_text=True)
    assert 'href="/cooperation/publish?kind=request"' in page
    chooser = client.get("/cooperation/publish?kind=request")
    assert chooser.status_code == 200 and 'name="theme" value="theme-a"' in chooser.get_data(as_text=True)
    jump = client.get("/cooperation/publish?kind=request&theme=theme-a")
    assert jump.status_code == 302 and jump.headers["Location"].endswith("/c/theme-a/new?kind=request")
    auth.login("member")
    form = client.get("/c/theme-a/new?kind=request").get_data(as_text=True)
    assert re.search(r'<option selected value="request">|<option value="request" selected>', form)
    answer = form_post(client, "/c/theme-a/new", {
        "title": "We ask for help with cold chain audits", "body": "Details of what we need.", "kind": "request",
        "language": "en", "country": "BO", "themes": ["theme-a"], "support_types": ["training"],
        "modality": "south_south", "languages": ["es"],
        "open_until": (date.today() + timedelta(days=30)).isoformat()}, page="/c/theme-a/new?kind=request")
    assert answer.status_code == 302
    board_page = client.get("/cooperation?country=BO").get_data(as_text=True)
    assert "We ask for help with cold chain audits" in board_page


def test_an_unknown_kind_or_theme_shows_the_chooser(client):
    assert client.get("/cooperation/publish?kind=bogus").status_code == 200
    assert client.get("/cooperation/publish?kind=offer&theme=nowhere").status_code == 200
