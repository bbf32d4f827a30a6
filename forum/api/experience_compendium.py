"""/api/v1/experiences/compendiums: PDF compendiums, always built in the background (a client
polls the job, then downloads the file at its `pdf_url`)."""

from flask import request
from flask_login import current_user

from forum import links
from forum.api.blueprint import bp
from forum.api.helpers import json_body
from forum.ratelimits import compendium_limit
from forum.serializers import iso
from forum.services import experience_compendium as compendium
from forum.services import experience_library as library


def _job(job) -> dict:
    return {
        "token": job.token, "status": job.status, "stage": job.stage or None, "done": job.done_count,
        "total": job.total, "language": job.language, "title": job.title, "experience_ids": job.experience_ids,
        "page_count": job.page_count, "created_at": iso(job.created_at), "finished_at": iso(job.finished_at),
        "url": links.absolute("experience_compendium.progress", token=job.token),
        "pdf_url": links.absolute("experience_compendium.download", token=job.token)
        if job.status == "done" else None,
    }


@bp.post("/experiences/compendiums")
@compendium_limit
def create_compendium():
    """Body: `language` (en, es, pt, fr), optional `title`, and `experience_ids`; without ids, every
    published record matching the library's filters in the query string (`?theme=immunization`)."""
    data = json_body({"experience_ids", "language", "title"})
    language = compendium.check_language(data.get("language"))
    title = compendium.check_title(data.get("title", ""))
    if "experience_ids" in data:
        ids = compendium.check_selection(data["experience_ids"])
    else:
        ids = compendium.select_by_filters(library.parse_query(request.args))
    job = compendium.do_request_compendium(current_user, ids, language=language, title=title)
    return {"compendium": _job(job)}, 202, {"Location": links.absolute("api.compendium", token=job.token)}


@bp.get("/experiences/compendiums/<token>", endpoint="compendium")
def show_compendium(token: str):
    return {"compendium": _job(compendium.access_job(token))}
