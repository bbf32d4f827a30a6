"""/api/v1/countries: the countries of the Americas with their counts, and one country's open
offers and requests and published experiences (the pages' figures, as JSON)."""

from flask_login import current_user

from forum import links, serializers
from forum.api.blueprint import bp
from forum.api.cooperation import _item as cooperation_item
from forum.services import countries
from forum.services.experience_export import permalink
from forum.services.project_reads import serialize_brief


def _country(code: str, name: str, counts: countries.CountryCounts) -> dict:
    return {"code": code, "name": name, "url": links.absolute("countries.show", code=code),
            "counts": counts.as_dict()}


@bp.get("/countries")
def list_countries():
    """Every country of the Americas, in the reader's alphabetical order."""
    return {"items": [_country(row.code, row.name, row.counts) for row in countries.listing(current_user)]}


@bp.get("/countries/<code>")
def show_country(code: str):
    """Case-insensitive code; any code that is not a country of the Americas is a 404."""
    page = countries.country_page(current_user, countries.canonical_code(code))
    return {
        "country": _country(page.code, page.name, page.counts),
        "offers": [cooperation_item(d) for d in page.offers],
        "requests": [cooperation_item(d) for d in page.requests],
        "experiences": [{
            "id": e.id, "url": permalink(e), "title": e.title, "summary": e.summary, "modality": e.modality,
            "countries": e.countries, "themes": [t.community.slug for t in e.themes],
            "language": e.language, "published_at": serializers.iso(e.published_at),
        } for e in page.experiences],
        "projects": [{**serialize_brief(project), "role": role} for role, project in page.projects],
        "communities": [{"slug": a.community.slug, "name": a.community.name, "recent_threads": a.threads,
                         "last_activity_at": serializers.iso(a.last_activity_at)} for a in page.communities],
        "organizations": [{"id": o.id, "slug": o.slug, "name": o.name, "acronym": o.acronym, "type": o.type,
                           "member_count": o.member_count} for o in page.organizations],
        # Its people, as the directory lists them for the viewer: /api/v1/people?country=<code>.
        "people_url": links.absolute("api.people", country=page.code),
    }
