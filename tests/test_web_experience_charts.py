"""The experience map and cooperation network: what they shade, link and count, their tables,
translated names, no JavaScript and a constant number of queries."""

import re
import xml.etree.ElementTree as ET

import pytest

from forum.extensions import db
from forum.models import User
from tests.factories import make_community, make_experience, make_user

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def crafted(app):
    """Published: BR+PE, BR+PE+CO, MX alone, BR+ES (Spain: off the map). Not published: a draft
    with US+CA, one in review with AR+BR, an archived one with CL+PE."""
    with app.app_context():
        boss = make_user("boss", role="moderator", country="US")
        ana = make_user("ana", country="BR")
        community = make_community("immunization", name="Immunization")
        for n, (countries, status) in enumerate([
            (("BR", "PE"), "published"), (("BR", "PE", "CO"), "published"), (("MX",), "published"),
            (("BR", "ES"), "published"), (("US", "CA"), "draft"), (("AR", "BR"), "in_review"),
            (("CL", "PE"), "archived"),
        ]):
            make_experience(boss, ana, community, title=f"Experience {n}", countries=countries, status=status)
        db.session.commit()


EXPECTED_COUNTS = {"BR": 3, "PE": 2, "CO": 1, "MX": 1}
EXPECTED_PAIRS = {("BR", "PE"): 2, ("BR", "CO"): 1, ("CO", "PE"): 1, ("BR", "ES"): 1}


def _svg(html: str) -> ET.Element:
    match = re.search(r"<svg xmlns=.*?</svg>", html, re.S)
    assert match, html
    return ET.fromstring(match.group(0))  # noqa: S314 (our own output, under test)


def _table_rows(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_the_map_shades_and_links_exactly_the_published_countries(app, client, crafted):
    response = client.get("/experiences/map")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    svg = _svg(html)
    links = {a.get("data-code"): a for a in svg.iter(f"{SVG}a")}
    # Only countries of published experiences; ES is not in the Americas, US/CA/AR/CL only in drafts,
    # reviews or archived records.
    assert set(links) == set(EXPECTED_COUNTS)
    for code, a in links.items():
        assert a.get("href") == f"/experiences?country={code}"
        n = EXPECTED_COUNTS[code]
        title = a.find(f"{SVG}title").text
        assert title.endswith(f": {n} published experience{'s' if n > 1 else ''}"), title
    shaded = {g.get("data-code") for g in svg.iter(f"{SVG}g") if "chart-country-shaded" in (g.get("class") or "")}
    assert shaded == set()  # every shaded country is a link
    empty = {g.get("data-code") for g in svg.iter(f"{SVG}g") if "chart-country-empty" in (g.get("class") or "")}
    assert {"US", "CA", "AR", "CL"} <= empty and not empty & set(EXPECTED_COUNTS)
    # Brazil (3) is darker than Mexico (1): different colour classes.
    fill = {code: (a.find(f"{SVG}path") if a.find(f"{SVG}path") is not None else a.find(f"{SVG}circle")).get("fill")
            for code, a in links.items()}
    assert fill["BR"] != fill["MX"] and fill["MX"] == fill["CO"]
    # The table below says the same.
    rows = _table_rows(html, "experience-map-table")
    assert rows == [["Brazil", "3"], ["Colombia", "1"], ["Mexico", "1"], ["Peru", "2"]]
    assert html.index("</svg>") < html.index('id="experience-map-table"')
    # The library filtered by a country lists what the map counted.
    library = client.get("/experiences?country=BR").get_data(as_text=True)
    assert "3 experiences" in library


def test_the_network_has_an_edge_per_shared_pair(app, client, crafted):
    response = client.get("/experiences/network")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    svg = _svg(html)
    edges = {(line.get("data-source"), line.get("data-target")): int(line.get("data-weight"))
             for line in svg.iter(f"{SVG}line")}
    assert edges == EXPECTED_PAIRS
    nodes = {a.get("data-code"): a.get("href") for a in svg.iter(f"{SVG}a")}
    assert nodes == {code: f"/experiences?country={code}" for code in ("BR", "CO", "ES", "MX", "PE")}
    rows = _table_rows(html, "experience-network-table")
    assert rows == [["Brazil", "Peru", "2"], ["Brazil", "Colombia", "1"], ["Brazil", "Spain", "1"],
                    ["Colombia", "Peru", "1"]]
    edge_titles = {line.find(f"{SVG}title").text for line in svg.iter(f"{SVG}line")}
    assert "Brazil and Peru: 2 shared experiences" in edge_titles


def test_empty_library(app, client):
    html = client.get("/experiences/map").get_data(as_text=True)
    assert not _svg(html).findall(f".//{SVG}a") and "No experience has been published yet." in html
    html = client.get("/experiences/network").get_data(as_text=True)
    assert "<svg xmlns" not in html and html.count("No published experience involves two countries yet.") == 2


def test_pages_work_without_javascript_and_are_linked_from_the_library(app, client, crafted):
    library = client.get("/experiences").get_data(as_text=True)
    assert 'href="/experiences/map"' in library and 'href="/experiences/network"' in library
    for path in ("/experiences/map", "/experiences/network"):
        html = client.get(path).get_data(as_text=True)
        body = html[html.index("<main"):html.index("</main>")] if "<main" in html else html
        # Everything is in the HTML of a plain GET: no script draws or fills the chart.
        assert "<script" not in body and not re.search(r"\son[a-z]+=", body)
        assert "<svg" in body and "<table" in body


def test_country_names_follow_the_reader_language(app, client, crafted):
    html = client.get("/experiences/map", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert _table_rows(html, "experience-map-table") == [["Brasil", "3"], ["Colombia", "1"], ["México", "1"],
                                                         ["Perú", "2"]]
    html = client.get("/experiences/network", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert ["Brésil", "Espagne", "1"] in _table_rows(html, "experience-network-table")


@pytest.mark.parametrize("extra", [0, 6])
def test_constant_number_of_queries(app, client, crafted, count_queries, extra):
    if extra:
        with app.app_context():
            boss = db.session.query(User).filter_by(username="boss").one()
            community = make_community("emergencies", name="Emergencies")
            for n in range(extra):
                make_experience(boss, boss, community, title=f"More {n}", countries=("CU", "HT", "DO")[: 1 + n % 3])
            db.session.commit()
    for path in ("/experiences/map", "/experiences/network"):
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        assert counter.count <= 2, counter.statements
