"""Open data and citation: the library as CSV and JSON Lines with its Data Package, the short URL
`/e/<id>`, and each record's citation as BibTeX, RIS and CSL-JSON.

The files answer to the library's filters (`?country=PE&theme=immunization`) and stream every
matching record; a refused filter is the library's 404 with its message.
"""

from flask import Blueprint, Response, current_app, redirect, stream_with_context
from flask_login import current_user

from forum.services import experience_citation as cite
from forum.services import experience_opendata as opendata
from forum.services import experiences as service
from forum.services.experience_export import permalink
from forum.web.experiences import library_query

bp = Blueprint("experience_opendata", __name__)


def _download(body, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/experiences.csv")
def experiences_csv():
    query = library_query()
    return _download(stream_with_context(opendata.csv_lines(query)), "text/csv; charset=utf-8; header=present",
                     "horizonte-experiences.csv")


@bp.get("/experiences.jsonl")
def experiences_jsonl():
    query = library_query()
    return _download(stream_with_context(opendata.jsonl_lines(query)), f"{opendata.JSONL_MEDIATYPE}; charset=utf-8",
                     "horizonte-experiences.jsonl")


@bp.get("/experiences/datapackage.json")
def datapackage():
    return current_app.json.response(opendata.datapackage())


@bp.get("/e/<int:experience_id>")
def short_link(experience_id: int):
    """The address a citation names: a permanent redirect to the record, for whoever may read it."""
    experience = service.access_experience(current_user, experience_id)
    return redirect(permalink(experience), 301)


@bp.get("/experiences/<int:experience_id>/cite.bib")
def cite_bibtex(experience_id: int):
    experience = service.access_experience(current_user, experience_id)
    return _download(cite.bibtex(cite.citation(experience)), "application/x-bibtex; charset=utf-8",
                     f"experience-{experience.id}.bib")


@bp.get("/experiences/<int:experience_id>/cite.ris")
def cite_ris(experience_id: int):
    experience = service.access_experience(current_user, experience_id)
    return _download(cite.ris(cite.citation(experience)), "application/x-research-info-systems; charset=utf-8",
                     f"experience-{experience.id}.ris")


@bp.get("/experiences/<int:experience_id>/cite.json")
def cite_csl(experience_id: int):
    experience = service.access_experience(current_user, experience_id)
    return _download(cite.csl_text(cite.citation(experience)), "application/vnd.citationstyles.csl+json",
                     f"experience-{experience.id}.csl.json")
