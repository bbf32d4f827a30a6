"""Experience pages: documenting a thread, the library, the record, editing, workflow, revisions,
exports and Atom feeds."""

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.errors import ForumError, NotFound, ValidationError
from forum.experience_reference import (
    COUNTRY_ROLES,
    FACET_LABELS,
    FACETS,
    FIELD_LABELS,
    GOOD_PRACTICE_ATTRIBUTES,
    LANGUAGES,
    LICENSE_URLS,
    LICENSES,
    MODALITIES,
    SDG_TARGETS,
    SECTIONS,
    STATUS_LABELS,
)
from forum.extensions import db
from forum.i18n import country_name
from forum.models import Community, Post, utcnow
from forum.services import bookmarks, cooperation, experience_assessment
from forum.services import experience_citation as cite
from forum.services import experience_export as export
from forum.services import experience_library as library
from forum.services import experience_queue as queue_service
from forum.services import experience_revisions as revisions
from forum.services import experiences as service
from forum.services import uploads as upload_service
from forum.services import validation as v
from forum.services.communities import access_community
from forum.services.experience_translations import check_read_language
from forum.services.profiles import resolve_member_names
from forum.services.threads import access_thread
from forum.web.drafts import prefill
from forum.web.experience_assessment import assessment_context
from forum.web.experience_forms import EditorForm, ExperienceForm, PromoteForm, TransitionForm
from forum.web.experience_translations import record_page_context
from forum.web.forms import EmptyForm, show_error
from forum.web.helpers import page_arg, redirect_with_error
from forum.web.pickers import point_errors_at_rows
from forum.web.uploads import attach_file, restore_typed

bp = Blueprint("experiences", __name__)

MAX_PROMOTE_POSTS = 200  # the evidence picker lists the first posts of a thread


@bp.record_once
def _reference(state) -> None:
    """Labels of the reference lists, for every template (imported macros included)."""
    state.app.jinja_env.globals.update(
        modality_labels=MODALITIES, country_role_labels=COUNTRY_ROLES, sdg_labels=SDG_TARGETS,
        section_labels=SECTIONS, status_labels=STATUS_LABELS, language_names=LANGUAGES, license_names=LICENSES,
        license_urls=LICENSE_URLS, facet_labels=FACET_LABELS, field_label=lambda name: FIELD_LABELS.get(name, name),
        editorial_queue_count=lambda: queue_service.awaiting_review_count(current_user),
        attribute_labels=GOOD_PRACTICE_ATTRIBUTES, translation_note=export.translation_note)


def _communities() -> list[Community]:
    return list(db.session.scalars(select(Community).order_by(Community.position, Community.name)))


# ---------- promotion ----------


@bp.route("/t/<int:thread_id>/document", methods=["GET", "POST"])
@login_required
def promote(thread_id: int):
    thread = access_thread(current_user, thread_id)
    permissions.require(permissions.can_promote_thread(current_user, thread),
                        _("Only moderators can document a thread as an experience."))
    existing = service.experience_for_thread(thread.id)
    if existing is not None:
        flash(_("This thread is already documented as an experience."), "warning")
        return redirect(url_for("experiences.show", experience_id=existing.id))
    form = PromoteForm()
    posts = list(db.session.scalars(
        select(Post).options(joinedload(Post.author))
        .where(Post.thread_id == thread.id, Post.deleted_at.is_(None), Post.hidden_at.is_(None))
        .order_by(Post.number).limit(MAX_PROMOTE_POSTS)))
    form.post_ids.choices = [(str(p.id), str(p.number)) for p in posts]
    if request.method == "POST":
        try:
            ids = [v.check_int(i, "post_ids", minimum=1, maximum=v.MAX_ID) for i in form.post_ids.data or []]
            experience = service.do_promote_thread(current_user, thread, evidence_post_ids=ids)
        except ForumError as error:
            form.form_errors.append(error.message)
            return render_template("experiences/promote.html", form=form, thread=thread, posts=posts), error.status
        flash(_("A draft experience was created from the thread. Complete it, then send it for review."), "success")
        return redirect(url_for("experiences.edit", experience_id=experience.id))
    return render_template("experiences/promote.html", form=form, thread=thread, posts=posts)


# ---------- the library ----------


def library_url(args: dict[str, list[str]], *, toggle: tuple[str, str] | None = None, **changes: Any) -> str:
    """The library's URL with a facet value added or removed (and the page back to 1)."""
    params = {key: list(values) for key, values in args.items()}
    if toggle:
        facet, value = toggle
        values = params.setdefault(facet, [])
        params[facet] = [x for x in values if x != value] if value in values else [*values, value]
    params.pop("page", None)
    for key, value in changes.items():
        params[key] = [str(value)] if value not in (None, "") else []
    pairs = [(key, value) for key, values in params.items() for value in values if value]
    return url_for("experiences.library") + ("?" + urlencode(pairs) if pairs else "")


@bp.get("/experiences", endpoint="library")
def library_page():
    query = library_query()
    result = library.search(query, page_arg(), current_app.config["EXPERIENCES_PER_PAGE"])
    args = {**query.filters, **({"q": [query.q]} if query.q else {}),
            **({"sort": [query.sort]} if query.sort != "newest" else {})}
    names = {c.slug: c.localized_name() for c in _communities()}
    return render_template("experiences/library.html", result=result, query=query, args=args,
                           library_url=library_url, theme_names=names, facet_names=FACETS)


def library_query() -> library.LibraryQuery:
    try:
        return library.parse_query(request.args)
    except ValidationError as error:
        raise NotFound(error.message) from None


# ---------- the editorial queue ----------


@bp.get("/experiences/queue", endpoint="queue")
@login_required
def queue_page():
    permissions.require(permissions.can_view_editorial_queue(current_user),
                        _("The editorial queue is for the editors and moderators of experiences."))
    try:
        tab = queue_service.check_tab(request.args.get("tab"), current_user)
    except ValidationError:
        raise NotFound() from None
    result = queue_service.queue_page(current_user, tab, page_arg(), current_app.config["EXPERIENCES_PER_PAGE"])
    now = utcnow()
    ages = {row.experience.id: format_timedelta(now - row.status_changed_at, granularity="minute", threshold=1)
            for row in result.rows}
    return render_template("experiences/queue.html", result=result, ages=ages, tabs=queue_service.TABS,
                           default_tab=queue_service.default_tab(current_user),
                           validations=experience_assessment.validation_summary(
                               [row.experience for row in result.rows]))


# ---------- the record ----------


@bp.get("/experiences/<int:experience_id>", defaults={"slug": None})
@bp.get("/experiences/<int:experience_id>/<slug>")
def show(experience_id: int, slug: str | None):
    experience = service.access_experience(current_user, experience_id)
    if slug is not None and slug != experience.slug:
        lang = {"lang": request.args["lang"]} if request.args.get("lang") else {}  # the language read stays
        return redirect(url_for("experiences.show", experience_id=experience.id, slug=experience.slug, **lang), 301)
    targets = [to for to in service.allowed_targets(experience.status)
               if permissions.can_transition_experience(current_user, experience, to)]
    changelog, revised = service.changelog_and_version(experience)
    citation = cite.citation(experience, revision_date=revised or experience.published_at or experience.updated_at)
    return render_template(
        "experiences/show.html", **record_page_context(experience),
        experience=experience, evidence=service.readable_evidence(current_user, experience),
        files=upload_service.experience_files(current_user, experience),
        targets=targets, transition_form=TransitionForm(),
        editor_form=EditorForm(), action_form=EmptyForm(), how_to_cite=cite.text(citation),
        json_ld=cite.json_ld(experience, citation), citation=citation,
        permalink=export.permalink(experience), period=export.period_text(experience),
        transitions=service.transitions(experience) if targets or permissions.is_experience_editor(
            current_user, experience) else [],
        changelog=changelog, awaits_another_reviewer=_awaits_another_reviewer(experience),
        experience_bookmark=bookmarks.bookmark_ids(current_user, "experience", [experience.id]).get(experience.id),
        **_replication(experience), **assessment_context(experience))


def _awaits_another_reviewer(experience) -> bool:
    """A moderator who edits the record sees why there is no Publish button for them."""
    return (experience.status in ("in_review", "archived")
            and permissions.can_moderate_experience(current_user, experience)
            and not permissions.can_publish_experience(current_user, experience))


def _replication(experience) -> dict:
    """Where a published experience is being replicated: the requests citing it, their projects."""
    if experience.status != "published":
        return {"replications": [], "replicating_projects": []}
    found = cooperation.replications(experience.id)
    return {"replications": found, "replicating_projects": cooperation.replicating_projects(found)}


def _export_language() -> str | None:
    """`?lang=` of an export: the text in that language where a translation exists."""
    return check_read_language(request.args.get("lang"))


@bp.get("/experiences/<int:experience_id>.json")
def export_json(experience_id: int):
    experience = service.access_experience(current_user, experience_id)
    response = current_app.json.response(export.to_json(experience, current_user, _export_language()))
    response.headers["Content-Disposition"] = f'attachment; filename="experience-{experience.id}.json"'
    return response


@bp.get("/experiences/<int:experience_id>.md")
def export_markdown(experience_id: int):
    experience = service.access_experience(current_user, experience_id)
    return Response(export.to_markdown(experience, current_user, _export_language()), mimetype="text/markdown",
                    headers={"Content-Disposition": f'attachment; filename="experience-{experience.id}.md"'})


# ---------- editing and the workflow ----------


@bp.route("/experiences/<int:experience_id>/edit", methods=["GET", "POST"])
@login_required
def edit(experience_id: int):
    """A draft's edits, or a correction of the published record (with its change note)."""
    experience = service.access_experience(current_user, experience_id)
    permissions.require(permissions.can_edit_experience(current_user, experience)
                        or permissions.can_correct_experience(current_user, experience),
                        _("Only the editors of a draft can change it."))
    form = ExperienceForm(communities=_communities())
    if request.method == "GET":
        form.fill(service.snapshot(experience))
        prefill(form, f"experience:{experience.id}", override=True)
        return render_template("experiences/edit.html", form=form, experience=experience)
    typed = form.references.data
    try:
        attach_file(form, "references")
        changed = service.do_update_experience(
            current_user, experience, form.values(),
            change_note=form.change_note.data if experience.status == "published" else None)
    except ForumError as error:
        if isinstance(error, ValidationError):
            show_error(form, error)
            point_errors_at_rows(form)
        else:
            form.form_errors.append(error.message)
        restore_typed(form, typed, "references")
        return render_template("experiences/edit.html", form=form, experience=experience), error.status
    flash(_("The experience was saved.") if changed else _("Nothing changed."), "success")
    return redirect(url_for("experiences.show", experience_id=experience_id))


@bp.post("/experiences/<int:experience_id>/transition/<to>")
@login_required
def transition(experience_id: int, to: str):
    experience = service.access_experience(current_user, experience_id)
    form = TransitionForm()
    try:
        service.do_transition(current_user, experience, to=to, comment=form.comment.data or "")
    except ForumError as error:
        return redirect_with_error(url_for("experiences.show", experience_id=experience_id), error.message)
    flash(_("The experience now has the status “%(status)s”.", status=STATUS_LABELS[to]), "success")
    return redirect(url_for("experiences.show", experience_id=experience_id))


@bp.post("/experiences/<int:experience_id>/editors")
@login_required
def add_editor(experience_id: int):
    experience = service.access_experience(current_user, experience_id)
    form = EditorForm()
    try:
        names = resolve_member_names(current_user, [form.username.data or ""], "username")  # a name works too
        editor = service.do_add_editor(current_user, experience, names[0] if names else "")
    except ForumError as error:
        return redirect_with_error(url_for("experiences.show", experience_id=experience_id) + "#editors-h",
                                   error.message)
    flash(_("%(name)s can now edit this experience.", name=editor.username), "success")
    return redirect(url_for("experiences.show", experience_id=experience_id) + "#editors-h")


@bp.post("/experiences/<int:experience_id>/editors/<int:user_id>/remove")
@login_required
def remove_editor(experience_id: int, user_id: int):
    experience = service.access_experience(current_user, experience_id)
    try:
        service.do_remove_editor(current_user, experience, user_id)
    except ForumError as error:
        return redirect_with_error(url_for("experiences.show", experience_id=experience_id) + "#editors-h",
                                   error.message)
    flash(_("The editor was removed."), "success")
    return redirect(url_for("experiences.show", experience_id=experience_id) + "#editors-h")


# ---------- revisions ----------


@bp.get("/experiences/<int:experience_id>/revisions")
def revision_list(experience_id: int):
    experience = service.access_experience(current_user, experience_id)
    return render_template("experiences/revisions.html", experience=experience,
                           revisions=revisions.revisions(experience))


@bp.get("/experiences/<int:experience_id>/compare")
def compare(experience_id: int):
    experience = service.access_experience(current_user, experience_id)
    try:
        old = revisions.revision(experience, request.args.get("from"))
        new = revisions.revision(experience, request.args.get("to"))
    except ValidationError:
        raise NotFound() from None
    return render_template("experiences/compare.html", experience=experience, old=old, new=new,
                           diffs=revisions.compare(old.snapshot, new.snapshot))


# ---------- Atom feeds ----------


def _feed(items, title: str, self_url: str) -> Response:
    # Published records only (the query says so); the rule of every page says it again here.
    items = [e for e in items if permissions.can_view_experience(current_user, e)]
    updated = max((e.published_at for e in items), default=None) or utcnow()
    body = render_template("experiences/feed.xml", items=items, title=title, self_url=self_url, updated=updated,
                           permalink=export.permalink, credited=export.credited_names)
    return Response(body, mimetype="application/atom+xml")


@bp.get("/experiences/feed.atom")
def feed():
    return _feed(library.feed_items(), _("Horizonte: new experiences"), request.url)


@bp.get("/experiences/themes/<slug>/feed.atom")
def theme_feed(slug: str):
    community = access_community(slug)
    return _feed(library.feed_items(theme=community.slug),
                 _("Horizonte: new experiences in %(theme)s", theme=community.localized_name()), request.url)


@bp.get("/experiences/countries/<code>/feed.atom")
def country_feed(code: str):
    try:
        country = v.check_country(code)
    except ValidationError:
        raise NotFound() from None
    return _feed(library.feed_items(country=country),
                 _("Horizonte: new experiences involving %(country)s", country=country_name(country)), request.url)
