"""The PDF compendium: published experiences chosen by the library's filters (or ticked one by
one), in one interface language, rendered on the server by WeasyPrint.

A compendium is a cover (title, date), a table of contents with page numbers, the map of the
Americas with the countries of the chosen records (forum.charts, the map of /experiences/map), then
each experience: its facts, its sections and how to cite it. The records' own text is printed as
written (in the record's language); headings, labels and country names follow the chosen language.

Up to COMPENDIUM_SYNC_MAX records are rendered in the request (the demo's records, 50 of them: 87
pages in 12 s on this 2-core machine under a load of 8). Larger
selections become a `CompendiumJob` row, built after the commit on the compendium builder's thread
(forum.background, as mail is) or by `flask compendium run-pending` (cron: a job left behind by a
restart); its progress is on the row, the PDF under COMPENDIUM_DIR. Whoever holds the job's
address (an unguessable token) may download it: a compendium holds only published records, so a
shared link shows nothing that is not public, and a reader without an account can make one too. A
file is served only while every record in it is still published, and is deleted after
COMPENDIUM_KEEP_DAYS (`flask compendium prune`).
"""

import logging
import os
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app, render_template
from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import joinedload, selectinload

from forum import links, outbox
from forum.background import BackgroundWorker
from forum.charts import render_americas_map
from forum.content_language import CONTENT_LANGUAGE_NAMES
from forum.errors import NotFound, ValidationError
from forum.extensions import db
from forum.i18n import country_name
from forum.models import (
    CompendiumJob,
    Experience,
    ExperiencePerson,
    ExperienceTheme,
    ExperienceTranslation,
    ExperienceTranslator,
    Thread,
    utcnow,
)
from forum.services import experience_assessment as assessment
from forum.services import experience_citation as cite
from forum.services import experience_library as library
from forum.services import validation as v
from forum.services.experience_export import period_text, permalink
from forum.services.experience_translations import localized

log = logging.getLogger(__name__)


def batched(items: list[int], size: int) -> Iterator[tuple[int, ...]]:
    """itertools.batched (Python 3.12) for 3.11."""
    for start in range(0, len(items), size):
        yield tuple(items[start:start + size])

LANGUAGES = CONTENT_LANGUAGE_NAMES  # en, es, pt, fr: the interface's languages
TITLE_MAX = 200
PREPARE_BATCH = 25  # records written out between two progress updates
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,64}")
STALE_AFTER = timedelta(hours=1)  # a job "running" longer than this was left by a stopped process


# ---------- input ----------

def check_language(value: object, field: str = "language") -> str:
    if not isinstance(value, str) or value not in LANGUAGES:
        raise ValidationError(
            field, _("Choose a language for the compendium: English, Español, Português or Français."),
            code="unknown_language")
    return value


def check_title(value: object, field: str = "title") -> str:
    return v.check_line(value if value is not None else "", field, max_length=TITLE_MAX)


def check_selection(values: object, field: str = "experience_ids") -> list[int]:
    """The ticked records that are published, in the order given; refused when none is, or too many."""
    if not isinstance(values, list):
        raise ValidationError(field, _("This value must be a list."), code="wrong_type")
    maximum = current_app.config["COMPENDIUM_MAX_RECORDS"]
    if len(values) > maximum:
        raise ValidationError(field, _("A compendium holds at most %(n)d experiences: narrow the filters.",
                                       n=maximum), code="too_many")
    ids = list(dict.fromkeys(v.check_int(value, field, minimum=1, maximum=v.MAX_ID) for value in values))
    published = set(db.session.scalars(
        select(Experience.id).where(Experience.id.in_(ids), Experience.status == "published"))) if ids else set()
    chosen = [i for i in ids if i in published]
    if not chosen:
        raise ValidationError(field, _("Choose at least one published experience."), code="empty_selection")
    return chosen


def select_by_filters(query: library.LibraryQuery, field: str = "experience_ids") -> list[int]:
    """Every published record the library lists for `query`, in its order (the API's choice when it
    names no records)."""
    maximum = current_app.config["COMPENDIUM_MAX_RECORDS"]
    ids = list(db.session.scalars(
        select(Experience.id).where(Experience.id.in_(library.matching_ids(query)))
        .order_by(*library.order_clauses(query.sort)).limit(maximum + 1)))
    if not ids:
        raise ValidationError(field, _("Choose at least one published experience."), code="empty_selection")
    if len(ids) > maximum:
        raise ValidationError(field, _("A compendium holds at most %(n)d experiences: narrow the filters.",
                                       n=maximum), code="too_many")
    return ids


def is_synchronous(ids: list[int]) -> bool:
    return len(ids) <= current_app.config["COMPENDIUM_SYNC_MAX"]


# ---------- rendering ----------

class _NoFetch:
    """WeasyPrint fetches nothing: the document carries its styles and its map, and an image in a
    section (from the site itself, the sanitizer allows no other) is left out rather than fetched
    from inside the server."""

    _fail_on_errors = False

    def __call__(self, url: str, *args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"not fetched: {url[:80]}")


def _load(ids: tuple[int, ...]) -> list[Experience]:
    found = {e.id: e for e in db.session.scalars(
        select(Experience).options(
            joinedload(Experience.thread).joinedload(Thread.community),
            selectinload(Experience.themes).joinedload(ExperienceTheme.community),
            selectinload(Experience.people).joinedload(ExperiencePerson.user),
            # The text in the compendium's language where a published translation exists.
            selectinload(Experience.translations).selectinload(ExperienceTranslation.translators)
            .joinedload(ExperienceTranslator.user))
        .where(Experience.id.in_(ids), Experience.status == "published"))}
    return [found[i] for i in ids if i in found]


def default_title() -> str:
    return _("Compendium of documented experiences")


def render_pdf(ids: list[int], *, language: str, title: str = "", date: datetime | None = None,
               progress: Callable[[str, int], None] | None = None) -> tuple[bytes, int]:
    """The PDF of the published records among `ids` (in that order) and its number of pages.

    `progress(stage, done)` is called after each batch of records written out ("preparing") and
    before the layout of the pages ("layout"), the long part.
    """
    from weasyprint import HTML  # imported when used: about 0.7 s, not for every process start

    parts: list[Markup] = []
    contents: list[dict[str, Any]] = []
    countries: Counter[str] = Counter()
    with force_locale(language):
        done = 0
        for chunk in batched(ids, PREPARE_BATCH):
            records = _load(chunk)
            dates = cite.version_dates(records)
            medians = assessment.medians_of(records)
            validations = assessment.validation_summary(records)
            for experience in records:
                citation = cite.citation(experience, revision_date=dates.get(experience.id))
                text = localized(experience, language)
                anchor = f"experience-{experience.id}"
                parts.append(Markup(render_template(  # noqa: S704  a rendered, autoescaped template
                    "experiences/compendium/record.html", experience=experience, text=text, anchor=anchor,
                    citation_text=cite.text(citation), citation=citation, period=period_text(experience),
                    url=permalink(experience), medians=medians.get(experience.id),
                    validation=validations[experience.id])))
                contents.append({"anchor": anchor, "title": text.title, "language": text.language})
                countries.update({item["code"] for item in experience.countries})
            done += len(chunk)
            if progress is not None:
                progress("preparing", done)
        chart = render_americas_map(
            dict(countries), href=lambda code: links.absolute("experiences.library", country=code),
            name=country_name, title=_("Countries of the experiences in this compendium"),
            label=lambda code, n: ngettext("%(country)s: %(num)d experience", "%(country)s: %(num)d experiences",
                                           n, country=country_name(code)),
            legend_title=_("Experiences"), no_data_label=_("None"), element_id="compendium-map")
        rows = sorted(((country_name(code), n) for code, n in countries.items()), key=lambda row: row[0])
        html = render_template(
            "experiences/compendium/document.html", title=title or default_title(), language=language,
            date=format_date(date or utcnow(), "long"), contents=contents, parts=parts, chart=chart,
            country_rows=rows, site_url=links.site_url() + "/")
    if progress is not None:
        progress("layout", done)
    document = HTML(string=html, base_url=links.site_url() + "/", url_fetcher=_NoFetch()).render()
    return document.write_pdf(), len(document.pages)


# ---------- jobs ----------

def do_request_compendium(user: Any, ids: list[int], *, language: str, title: str) -> CompendiumJob:
    """Queue a compendium to build in the background (after the commit)."""
    job = CompendiumJob(
        token=secrets.token_urlsafe(24), language=language, title=title, experience_ids=ids,
        requested_by_id=user.id if getattr(user, "is_authenticated", False) else None,
        status="queued", stage="", done_count=0, total=len(ids), error="", created_at=utcnow())
    db.session.add(job)
    db.session.flush()
    outbox.queue(db.session, "compendium", job.id)
    return job


def access_job(token: str) -> CompendiumJob:
    """The job named by its token; NotFound for a malformed or unknown one."""
    job = db.session.scalar(select(CompendiumJob).where(CompendiumJob.token == token)) \
        if TOKEN_RE.fullmatch(token or "") else None
    if job is None:
        raise NotFound(_("There is no such compendium: it may have expired. Make a new one."))
    return job


def file_path(job: CompendiumJob) -> Path:
    return Path(current_app.config["COMPENDIUM_DIR"]) / f"{job.token}.pdf"


def finished_file(job: CompendiumJob) -> Path:
    """The PDF of a finished job, while every record in it is still published."""
    path = file_path(job)
    if job.status != "done" or not path.is_file():
        raise NotFound(_("This compendium is not ready."))
    published = db.session.scalar(select(func.count()).select_from(Experience).where(
        Experience.id.in_(job.experience_ids), Experience.status == "published"))
    if published != len(job.experience_ids):
        raise NotFound(_("An experience in this compendium is no longer published: make a new compendium."))
    return path


def _set(job_id: int, **values: Any) -> None:
    """Record the job's state in a transaction of its own (the page polling it sees it at once)."""
    db.session.execute(update(CompendiumJob).where(CompendiumJob.id == job_id).values(**values))
    db.session.commit()


def build_job(job_id: int) -> bool:
    """Build one queued job (claimed atomically: two builders never take the same one)."""
    claimed = db.session.execute(
        update(CompendiumJob).where(CompendiumJob.id == job_id, CompendiumJob.status == "queued")
        .values(status="running", stage="preparing", started_at=utcnow())).rowcount
    db.session.commit()
    if not claimed:
        return False
    job = db.session.get(CompendiumJob, job_id)
    assert job is not None
    ids, language, title, created = list(job.experience_ids), job.language, job.title, job.created_at
    path = file_path(job)
    try:
        pdf, pages = render_pdf(ids, language=language, title=title, date=created,
                                progress=lambda stage, done: _set(job_id, stage=stage, done_count=done))
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(pdf)
        os.replace(partial, path)  # a reader never sees half a file
    except Exception as error:
        db.session.rollback()
        log.exception("compendium %s failed", job_id)
        _set(job_id, status="failed", error=f"{type(error).__name__}: {error}"[:500], finished_at=utcnow())
        return True
    _set(job_id, status="done", stage="", done_count=len(ids), page_count=pages, finished_at=utcnow())
    return True


def run_pending() -> int:
    """Build every queued job, oldest first (and requeue those a stopped process left running)."""
    db.session.execute(update(CompendiumJob).where(
        CompendiumJob.status == "running", CompendiumJob.started_at < utcnow() - STALE_AFTER)
        .values(status="queued", stage="", done_count=0))
    db.session.commit()
    queued = list(db.session.scalars(select(CompendiumJob.id).where(CompendiumJob.status == "queued")
                                     .order_by(CompendiumJob.created_at, CompendiumJob.id)))
    return sum(build_job(job_id) for job_id in queued)


def prune() -> int:
    """Delete the jobs older than COMPENDIUM_KEEP_DAYS and their files."""
    cutoff = utcnow() - timedelta(days=current_app.config["COMPENDIUM_KEEP_DAYS"])
    old = list(db.session.scalars(select(CompendiumJob).where(CompendiumJob.created_at < cutoff)))
    for job in old:
        file_path(job).unlink(missing_ok=True)
    if old:
        db.session.execute(delete(CompendiumJob).where(CompendiumJob.id.in_([job.id for job in old])))
    db.session.commit()
    return len(old)


def _build_in_background(item: tuple[Flask, int]) -> None:
    app, job_id = item
    with app.app_context():
        try:
            build_job(job_id)
        finally:
            db.session.remove()


builder: BackgroundWorker[tuple[Flask, int]] = BackgroundWorker("compendium-builder", _build_in_background)
outbox.register_sender("compendium", lambda job_id: builder.submit((current_app._get_current_object(), job_id)))
