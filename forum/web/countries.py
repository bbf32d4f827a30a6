"""Country pages: the countries of the Americas, one page each, and each one's Atom feed.

Codes are ISO 3166-1 alpha-2 in upper case; a lower-case address answers 301 to the upper-case
one, any other code (or a country outside the Americas) the 404 page.
"""

from functools import lru_cache

from flask import Blueprint, Response, get_template_attribute, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from forum import links, permissions
from forum.charts import render_americas_map
from forum.i18n import country_name, current_language
from forum.models import utcnow
from forum.services import countries
from forum.web import fragments

bp = Blueprint("countries", __name__)


def country_href(code: str) -> str:
    return url_for("countries.show", code=code)


def activity_label(code: str, n: int) -> str:
    return ngettext("%(country)s: %(num)d open offer, request or published experience",
                    "%(country)s: %(num)d open offers, requests and published experiences", n,
                    country=country_name(code))


def activity_map(activity: dict[str, int], *, title: str, element_id: str) -> Markup:
    """The Americas shaded by open offers/requests and published experiences, each country with
    any linking to its page (server-rendered SVG, no query)."""
    shown = tuple(sorted((code, n) for code, n in activity.items() if n > 0))
    return _activity_map(current_language(), request.script_root, shown, str(title), element_id)


def locator_map(code: str, name: str) -> Markup:
    """The Americas with one country shaded and outlined, without links or legend (no query)."""
    return _locator_map(current_language(), code, str(name))


# The maps are pure functions of what they show and of the reader's language, and drawing one
# (53 countries, each named and labelled in that language) cost several milliseconds a page:
# the last ones drawn are kept (about 45 KB each).
@lru_cache(maxsize=64)
def _activity_map(language: str, script_root: str, shown: tuple[tuple[str, int], ...], title: str,
                  element_id: str) -> Markup:
    return render_americas_map(dict(shown), href=country_href, name=country_name, title=title, label=activity_label,
                               legend_title=_("Activity"), no_data_label=_("None"), element_id=element_id)


@lru_cache(maxsize=64)
def _locator_map(language: str, code: str, name: str) -> Markup:
    return render_americas_map({code: 1}, href=lambda _code: "", name=country_name,
                               title=_("%(country)s on the map of the Americas", country=name),
                               label=lambda other, _n: country_name(other), element_id="country-map",
                               highlight=code, legend=False)


def _canonical(code: str, endpoint: str) -> str | Response:
    """The upper-case code, or a 301 to the upper-case address of a lower-case one."""
    canonical = countries.canonical_code(code)
    if canonical != code:
        return redirect(url_for(endpoint, code=canonical), 301)
    return canonical


@bp.get("/countries")
def index():
    rows = countries.listing(current_user)
    chart = activity_map({row.code: row.counts.cooperation + row.counts.experiences for row in rows},
                         title=_("Open offers, requests and published experiences per country"),
                         element_id="countries-map")
    return render_template("countries/index.html", rows=rows, chart=chart)


@bp.get("/countries/<code>")
def show(code: str):
    canonical = _canonical(code, "countries.show")
    if isinstance(canonical, Response):
        return canonical
    # Who sees a member's details and who is listed depends only on being signed in
    # (permissions.can_see_profile_details, profiles.listed_people): that is the reader's part of the key.
    signed_in = permissions.is_signed_in(current_user)
    body = fragments.cached("country", canonical, signed_in, build=lambda: _country_body(canonical))
    return render_template("countries/show.html", body=body, name=country_name(canonical), code=canonical)


def _country_body(code: str) -> Markup:
    page = countries.country_page(current_user, code)
    return get_template_attribute("countries/_page.html", "body")(page, locator_map(code, page.name), current_user)


@bp.get("/countries/<code>/feed.atom")
def feed(code: str):
    canonical = _canonical(code, "countries.feed")
    if isinstance(canonical, Response):
        return canonical
    entries = countries.feed_entries(canonical)
    body = render_template(
        "countries/feed.xml", entries=entries,
        title=_("Horizonte: offers, requests and experiences of %(country)s", country=country_name(canonical)),
        self_url=links.absolute("countries.feed", code=canonical),
        page_url=links.absolute("countries.show", code=canonical),
        updated=max((entry.updated for entry in entries), default=None) or utcnow())
    return Response(body, mimetype="application/atom+xml")
