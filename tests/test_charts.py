"""The SVG charts of forum/charts: parsed as XML and checked element by element."""

import itertools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pycountry
import pytest
from markupsafe import Markup

from forum.charts import AMERICAS, render_americas_map, render_network
from forum.charts.americas import PAHO_MEMBER_STATES, TERRITORIES
from forum.charts.geometry import (
    DATA_DIR,
    HEIGHT,
    TOPOJSON_PATH,
    WIDTH,
    americas_shapes,
    decode_arcs,
    marker_positions,
    simplify,
)
from forum.charts.map import classes
from forum.charts.svg import NO_DATA, SCALE, contrast_ratio, safe_href

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
EVIL = "<script>alert(\"x\")</script> & 'q'"


def country_name(code: str) -> str:
    return pycountry.countries.get(alpha_2=code).name


def link(code: str) -> str:
    return f"/experiences?country={code}&sort=new"


def draw_map(counts, **kwargs):
    kwargs.setdefault("href", link)
    kwargs.setdefault("name", country_name)
    kwargs.setdefault("title", "Experiences by country")
    return render_americas_map(counts, **kwargs)


def parse(svg: Markup) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 (our own output, under test)


def titles(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.findall(f"{SVG}title")]


def countries(root: ET.Element) -> dict[str, ET.Element]:
    group = root.find(f"{SVG}g[@class='chart-countries']")
    return {el.get("data-code"): el for el in group}


# --- vendored data -------------------------------------------------------------------------


def test_vendored_world_atlas_is_the_pinned_version():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["world-atlas"]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/world-atlas"]["version"]
    vendored = json.loads((DATA_DIR / "package.json").read_text())
    assert vendored["name"] == "world-atlas"
    assert pinned == locked == vendored["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin an exact version"
    assert "Michael Bostock" in (DATA_DIR / "LICENSE").read_text()
    assert TOPOJSON_PATH.name == "countries-50m.json"
    assert "node_modules/world-atlas/countries-50m.json" in (ROOT / "Makefile").read_text()


def test_americas_list():
    assert len(PAHO_MEMBER_STATES) == len(set(PAHO_MEMBER_STATES)) == 35
    assert not set(PAHO_MEMBER_STATES) & set(TERRITORIES)
    assert list(AMERICAS) == sorted(set(AMERICAS))
    assert "GL" not in AMERICAS
    for code in AMERICAS:
        assert pycountry.countries.get(alpha_2=code) is not None, code


def test_every_country_has_a_shape_or_a_marker():
    shapes = americas_shapes()
    markers = marker_positions()
    assert set(shapes) == set(AMERICAS)
    for code, shape in shapes.items():
        assert shape.d or shape.has_marker, code
        if shape.has_marker:
            x, y = markers[code]
            assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT
        cx, cy = shape.centroid
        assert 0 <= cx <= WIDTH and 0 <= cy <= HEIGHT, code
    # The big ones are drawn as shapes; Saint Kitts and Nevis is too small to see.
    assert all(not shapes[c].has_marker for c in ("BR", "US", "CA", "MX", "AR", "CU", "JM"))
    assert shapes["KN"].has_marker
    # French Guiana was cut out of France's shape, in the right place.
    assert shapes["GF"].bbox[0] > shapes["SR"].bbox[0]


def test_markers_do_not_hide_one_another():
    positions = list(marker_positions().values())
    for i, (ax, ay) in enumerate(positions):
        for bx, by in positions[i + 1 :]:
            assert (ax - bx) ** 2 + (ay - by) ** 2 >= 8**2


def test_topojson_decoder():
    topology = {
        "transform": {"scale": [0.5, 2], "translate": [10, -5]},
        "arcs": [[[0, 0], [2, 1], [-1, 3]]],
    }
    assert decode_arcs(topology) == [[(10.0, -5.0), (11.0, -3.0), (10.5, 3.0)]]
    assert decode_arcs({"arcs": [[[1, 2], [3, 4]]]}) == [[(1.0, 2.0), (3.0, 4.0)]]


def test_simplify_keeps_ends_and_closed_rings():
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (3.0, 5.0)]
    assert simplify(line, 0.5) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0)]
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]
    assert len(simplify(square, 0.5)) == 5


# --- map ----------------------------------------------------------------------------------


def test_map_shades_and_links_exactly_the_countries_with_experiences():
    counts = {"BR": 12, "KN": 1, "MX": 3, "CL": 0, "XX": 5, "FR": 4}
    root = parse(draw_map(counts))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "group"
    title = root.find(f"{SVG}title")
    assert title.text == "Experiences by country"
    assert root.get("aria-labelledby") == title.get("id")
    by_code = countries(root)
    assert set(by_code) == set(AMERICAS)
    links = {code for code, el in by_code.items() if el.tag == f"{SVG}a"}
    assert links == {"BR", "KN", "MX"}
    assert by_code["BR"].get("href") == "/experiences?country=BR&sort=new"
    assert titles(by_code["BR"]) == ["Brazil: 12"]
    assert titles(by_code["KN"]) == ["Saint Kitts and Nevis: 1"]
    assert titles(by_code["CL"]) == ["Chile: 0"]
    # Shaded with the scale, the others grey; the tiny state has a circle to click.
    assert by_code["BR"].find(f"{SVG}path").get("fill") in SCALE
    assert by_code["KN"].find(f"{SVG}circle").get("fill") in SCALE
    for code in set(AMERICAS) - links:
        shape = by_code[code].find(f"{SVG}path")
        if shape is None:
            shape = by_code[code].find(f"{SVG}circle")
        assert shape.get("fill") == NO_DATA, code
    # The darkest colour goes to the largest count.
    assert by_code["BR"].find(f"{SVG}path").get("fill") == SCALE[-1]


def test_map_without_experiences_is_a_plain_image():
    root = parse(draw_map({}))
    assert root.get("role") == "img"
    assert not root.findall(f".//{SVG}a")
    legend = root.find(f"{SVG}g[@class='chart-legend']")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["Experiences", "0"]


def test_map_escapes_names_links_and_titles():
    root_svg = draw_map(
        {"BR": 2, "AR": 1},
        href=lambda code: f'/x?c={code}"><script>alert(1)</script>',
        name=lambda code: EVIL,
        title=EVIL,
        legend_title=EVIL,
        no_data_label="<b>none</b>",
    )
    assert "<script>" not in root_svg
    assert "<b>" not in root_svg
    root = parse(root_svg)
    assert root.find(f"{SVG}title").text == EVIL
    by_code = countries(root)
    assert by_code["BR"].get("href") == '/x?c=BR"><script>alert(1)</script>'
    assert titles(by_code["BR"]) == [f"{EVIL}: 2"]
    assert not root.findall(f".//{SVG}script")


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>", "vbscript:x"],
)
def test_map_drops_unsafe_links(url):
    assert safe_href(url) is None
    root = parse(draw_map({"BR": 2}, href=lambda code: url))
    assert not root.findall(f".//{SVG}a")
    assert countries(root)["BR"].find(f"{SVG}path").get("fill") in SCALE


@pytest.mark.parametrize("url", ["/experiences/br", "https://example.org/a?b=1&c=2", "?country=BR", "#br"])
def test_safe_links_are_kept(url):
    assert safe_href(url) is not None


def test_map_label_callable_and_control_characters():
    root = parse(draw_map({"PE": 4}, label=lambda code, n: f"{n} experiencias en {code}"))
    assert titles(countries(root)["PE"]) == ["4 experiencias en PE"]
    assert titles(countries(root)["CL"]) == ["0 experiencias en CL"]
    # Characters XML forbids are dropped, so the SVG still parses.
    root = parse(draw_map({"PE": 4}, name=lambda c: "A\x00\x07B"))
    assert titles(countries(root)["PE"]) == ["AB: 4"]


def test_map_legend_and_classes():
    assert classes(0) == []
    assert classes(3) == [(1, 1), (2, 2), (3, 3)]
    assert classes(100) == [(1, 3), (4, 7), (8, 16), (17, 40), (41, 100)]
    for maximum in range(1, 300):
        ranges = classes(maximum)
        assert ranges[0][0] == 1 and ranges[-1][1] == maximum
        assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(ranges))
    root = parse(draw_map({"BR": 100, "AR": 1}))
    legend = root.find(f"{SVG}g[@class='chart-legend']")
    assert [t.text for t in legend.iter(f"{SVG}text")] == [
        "Experiences",
        "41\u2013100",
        "17\u201340",
        "8\u201316",
        "4\u20137",
        "1\u20133",
        "0",
    ]


def test_colours_have_enough_contrast():
    for colour in SCALE:
        assert contrast_ratio(colour, NO_DATA) >= 3
        assert contrast_ratio(colour, "#ffffff") >= 3


def test_map_is_deterministic_and_light():
    counts = {code: i % 7 for i, code in enumerate(AMERICAS)}
    first = draw_map(counts)
    assert draw_map(dict(reversed(counts.items()))) == first
    assert len(str(first).encode()) <= 60_000
    assert "style=" not in first and "<style" not in first  # the CSP forbids inline styles


# --- network ------------------------------------------------------------------------------


def draw_network(nodes, edges, **kwargs):
    kwargs.setdefault("href", lambda code: f"/experiences?country={code}")
    kwargs.setdefault("name", country_name)
    kwargs.setdefault("title", "Countries that share experiences")
    return render_network(nodes, edges, **kwargs)


def test_network_nodes_and_edges_match_the_input():
    nodes = {"BR": 5, "AR": 2, "MX": 3, "US": 1, "CU": 4}
    edges = {("BR", "AR"): 2, ("AR", "BR"): 1, ("MX", "US"): 1, ("CU", "CU"): 3, ("MX", "CU"): 0, ("PE", "BR"): 1}
    root = parse(draw_network(nodes, edges))
    assert root.get("role") == "group"
    assert root.find(f"{SVG}title").text == "Countries that share experiences"
    node_links = root.findall(f".//{SVG}a[@class='chart-node']")
    assert {a.get("data-code") for a in node_links} == {"BR", "AR", "MX", "US", "CU", "PE"}
    by_code = {a.get("data-code"): a for a in node_links}
    assert by_code["BR"].get("href") == "/experiences?country=BR"
    assert titles(by_code["BR"]) == ["Brazil: 5"]
    assert titles(by_code["PE"]) == ["Peru: 0"]
    assert by_code["BR"].find(f"{SVG}text").text == "BR"
    lines = root.findall(f".//{SVG}line")
    found = {(line.get("data-source"), line.get("data-target")): int(line.get("data-weight")) for line in lines}
    assert found == {("AR", "BR"): 3, ("MX", "US"): 1, ("BR", "PE"): 1}
    edge_titles = {t for line in lines for t in titles(line)}
    assert edge_titles == {"Argentina \u2014 Brazil: 3", "Mexico \u2014 United States: 1", "Brazil \u2014 Peru: 1"}
    widths = {key: float(line.get("stroke-width")) for key, line in zip(found, lines, strict=True)}
    assert widths[("AR", "BR")] > widths[("MX", "US")]
    radii = {code: float(a.find(f"{SVG}circle").get("r")) for code, a in by_code.items()}
    assert radii["BR"] > radii["AR"] > radii["PE"]


def test_network_empty_state():
    for edges in ({}, {("BR", "BR"): 2}, {("BR", "AR"): 0}):
        html = draw_network({"BR": 2}, edges, empty_text="Nothing <yet>")
        assert html == Markup('<p class="chart-empty">Nothing &lt;yet&gt;</p>')


def test_network_escapes_everything():
    svg = draw_network(
        {"BR": 1, "AR": 1},
        {("BR", "AR"): 1},
        href=lambda code: "javascript:alert(1)" if code == "AR" else f'/c/{code}?a="1"&b=<2>',
        name=lambda code: EVIL,
        title=EVIL,
    )
    assert "<script>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == EVIL
    nodes = {el.get("data-code"): el for el in root.iter() if el.get("class") == "chart-node"}
    assert nodes["BR"].tag == f"{SVG}a" and nodes["BR"].get("href") == '/c/BR?a="1"&b=<2>'
    assert nodes["AR"].tag == f"{SVG}g"  # the javascript: link was dropped
    assert titles(root.find(f".//{SVG}line")) == [f"{EVIL} \u2014 {EVIL}: 1"]


def test_network_layout_is_deterministic_and_labels_do_not_overlap():
    nodes = {code: i + 1 for i, code in enumerate(AMERICAS)}
    edges = {(a, b): 1 + (i % 4) for i, (a, b) in enumerate(itertools.pairwise(AMERICAS))}
    first = draw_network(nodes, edges)
    assert draw_network(dict(reversed(nodes.items())), dict(reversed(edges.items()))) == first
    root = parse(first)
    labels = [(float(t.get("x")), float(t.get("y"))) for t in root.iter(f"{SVG}text")]
    assert len(labels) == len(AMERICAS)
    for i, (ax, ay) in enumerate(labels):
        for bx, by in labels[i + 1 :]:
            # Two-letter labels at font size 13 are about 18 units wide and 13 high.
            assert abs(ax - bx) >= 18 or abs(ay - by) >= 13
    # North America is at the top of the circle, South America at the bottom.
    y_of = {t.text: float(t.get("y")) for t in root.iter(f"{SVG}text")}
    assert y_of["CA"] < 300 < y_of["AR"]
    assert y_of["US"] < 300 < y_of["BR"]


@pytest.mark.parametrize(("highlight", "counts"), [("PE", {"BR": 2, "PE": 1}), ("KN", {"BR": 2}), ("BR", {"BR": 3})])
def test_a_country_page_map_outlines_its_country_on_top(highlight, counts):
    """The outlined country comes last (drawn over its neighbours), in amber on a white halo,
    whether it has a count (a link) or not, a shape or only a marker; no other country is outlined."""
    from forum.charts.svg import BORDER, HIGHLIGHT

    root = parse(draw_map(counts, highlight=highlight))
    drawn = list(countries(root))
    assert drawn[-1] == highlight
    element = countries(root)[highlight]
    assert "chart-country-current" in element.get("class")
    shapes = [el for el in element if el.tag in (f"{SVG}path", f"{SVG}circle")]
    assert [el.get("stroke") for el in shapes][-2:] == [BORDER, HIGHLIGHT]
    assert (element.tag == f"{SVG}a") == (highlight in counts)
    others = [el for code, el in countries(root).items() if code != highlight]
    assert not any("chart-country-current" in el.get("class", "") for el in others)
    assert not any(shape.get("stroke") == HIGHLIGHT for el in others for shape in el)
    assert contrast_ratio(HIGHLIGHT, "#ffffff") >= 3


def test_the_shipped_shapes_are_what_the_atlas_gives():
    """forum/charts/data/americas-shapes.json (read by every process) is exactly what decoding,
    projecting and simplifying the vendored TopoJSON gives: after `make vendor` changes the atlas,
    this fails until the file is written again (`make vendor` does it)."""
    from forum.charts.geometry import compute_americas_shapes

    assert americas_shapes() == compute_americas_shapes()
