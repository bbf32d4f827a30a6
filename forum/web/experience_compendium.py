"""The PDF compendium: choosing the records (the library's filters, then ticks), the language and
the title; the PDF at once for small selections, a progress page for the larger ones."""

from flask import Blueprint, Response, current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from forum.errors import NotFound, ValidationError
from forum.i18n import current_language
from forum.ratelimits import compendium_limit
from forum.services import experience_compendium as compendium
from forum.services import experience_library as library
from forum.web.experience_forms import CompendiumForm
from forum.web.forms import show_error

bp = Blueprint("experience_compendium", __name__)

PDF_NAME = "horizonte-compendium.pdf"


def _query(args) -> library.LibraryQuery:
    try:
        return library.parse_query(args)
    except ValidationError as error:
        raise NotFound(error.message) from None


def _page(form: CompendiumForm, query: library.LibraryQuery, status: int = 200):
    """The chooser: the library's records for these filters (at most COMPENDIUM_MAX_RECORDS, all
    ticked at first: a bounded list, so one page)."""
    limit = current_app.config["COMPENDIUM_MAX_RECORDS"]
    result = library.search(query, 1, limit)
    form.experience_ids.choices = [(str(e.id), e.title) for e in result.items]
    if request.method == "GET":
        form.experience_ids.data = [str(e.id) for e in result.items]
        form.language.data = current_language()
    args = {**query.filters, **({"q": [query.q]} if query.q else {}),
            **({"sort": [query.sort]} if query.sort != "newest" else {})}
    return render_template("experiences/compendium/choose.html", form=form, query=query, result=result, args=args,
                           too_many=result.total > limit, limit=limit,
                           sync_max=current_app.config["COMPENDIUM_SYNC_MAX"]), status


@bp.get("/experiences/compendium")
def choose():
    return _page(CompendiumForm(), _query(request.args))


@bp.post("/experiences/compendium")
@compendium_limit
def create():
    query = _query(request.form)  # the filters the list was shown with, to show it again
    form = CompendiumForm()
    try:
        language = compendium.check_language(form.language.data)
        title = compendium.check_title(form.title.data)
        ids = compendium.check_selection(request.form.getlist("experience_ids"))
    except ValidationError as error:
        show_error(form, error)
        return _page(form, query, error.status)
    if compendium.is_synchronous(ids):
        pdf, _pages = compendium.render_pdf(ids, language=language, title=title)
        return Response(pdf, mimetype="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{PDF_NAME}"'})
    job = compendium.do_request_compendium(current_user, ids, language=language, title=title)
    return redirect(url_for("experience_compendium.progress", token=job.token), 303)


@bp.get("/experiences/compendium/<token>")
def progress(token: str):
    job = compendium.access_job(token)
    return render_template("experiences/compendium/progress.html", job=job)


@bp.get("/experiences/compendium/<token>/compendium.pdf")
def download(token: str):
    path = compendium.finished_file(compendium.access_job(token))
    return send_file(path, mimetype="application/pdf", as_attachment=True, download_name=PDF_NAME, max_age=0)
