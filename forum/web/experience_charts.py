"""The experience library as a map of the Americas and as a network of cooperating countries.

Both pages are server-rendered SVG (forum.charts) with a table right below as their text
alternative; every country links to the library filtered by it. Two queries each, whatever the
number of experiences: the counts per country and the counts per pair of countries.
"""

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from forum.charts import AMERICAS, render_americas_map, render_network
from forum.i18n import country_name, sort_key
from forum.services import experience_library as library

bp = Blueprint("experience_charts", __name__)


def library_href(code: str) -> str:
    return url_for("experiences.library", country=code)


def _by_name(codes: list[str]) -> list[str]:
    return sorted(codes, key=lambda code: (sort_key(country_name(code)), code))


def _node_label(code: str, n: int) -> str:
    return ngettext("%(country)s: %(num)d published experience", "%(country)s: %(num)d published experiences", n,
                    country=country_name(code))


def _edge_label(a: str, b: str, n: int) -> str:
    return ngettext("%(a)s and %(b)s: %(num)d shared experience", "%(a)s and %(b)s: %(num)d shared experiences", n,
                    a=country_name(a), b=country_name(b))


@bp.get("/experiences/map")
def map_page():
    counts = library.published_country_counts()
    shown = {code: n for code, n in counts.items() if code in AMERICAS and n > 0}
    chart = render_americas_map(
        shown, href=library_href, name=country_name,
        title=_("Published experiences per country in the Americas"),
        label=_node_label,
        legend_title=_("Experiences"), no_data_label=_("None"), element_id="experience-map")
    rows = [(code, country_name(code), shown[code]) for code in _by_name(list(shown))]
    return render_template("experiences/map.html", chart=chart, rows=rows, href=library_href)


@bp.get("/experiences/network")
def network_page():
    counts = library.published_country_counts()
    pairs = library.published_country_pair_counts()
    chart = render_network(
        counts, pairs, href=library_href, name=country_name,
        title=_("Countries that documented experiences together"),
        node_label=_node_label, edge_label=_edge_label,
        empty_text=_("No published experience involves two countries yet."), element_id="experience-network")
    rows = sorted(((a, b, n) for (a, b), n in pairs.items() if n > 0),
                  key=lambda row: (-row[2], sort_key(country_name(row[0])),
                                   sort_key(country_name(row[1]))))
    return render_template("experiences/network.html", chart=chart, rows=rows, href=library_href,
                           country=country_name)
