"""Documented experiences: promoting a thread, editing the record, editors and the workflow.

draft -> in_review -> published -> archived, and back to draft ("changes requested", with the
reviewer's comment). Every change of the editable fields leaves a revision (a full JSON snapshot);
editors hear about every change of status. Reads for pages and the API are in
`experience_library.py`; revisions and diffs in `experience_revisions.py`.
"""

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from slugify import slugify
from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from forum import content, permissions
from forum.errors import Conflict, Forbidden, NotFound, ValidationError
from forum.experience_reference import DEFAULT_LICENSE, LANGUAGES, SECTIONS, STATUS_LABELS
from forum.extensions import db
from forum.models import (
    Experience,
    ExperienceEvidence,
    ExperienceFacet,
    ExperiencePerson,
    ExperienceRevision,
    ExperienceScreening,
    ExperienceTheme,
    ExperienceTransition,
    ExperienceTranslation,
    ExperienceTranslator,
    ExperienceValidation,
    Post,
    Thread,
    User,
    utcnow,
)
from forum.services import audit, experience_assessment, organizations
from forum.services import experience_fields as f
from forum.services import validation as v
from forum.services.draft_rows import do_delete_draft
from forum.services.notifications import do_notify
from forum.services.post_notifications import notify_experience_published
from forum.services.uploads import link_uploads

# (from, to) -> whether the step needs a comment. Anything else is refused.
WORKFLOW: dict[tuple[str, str], bool] = {
    ("draft", "in_review"): False,
    ("in_review", "draft"): True,  # changes requested
    ("in_review", "published"): False,
    ("published", "draft"): True,  # changes requested after publication
    ("published", "archived"): False,
    ("archived", "draft"): False,
    ("archived", "published"): False,
}
MAX_EVIDENCE = 20
COMMENT_MAX = 5000
CHANGE_NOTE_MAX = 200  # "corrected the period": a line of the public changelog


def allowed_targets(status: str) -> list[str]:
    return [to for (frm, to) in WORKFLOW if frm == status]


def experience_options() -> list:
    return [
        joinedload(Experience.thread).joinedload(Thread.community),
        joinedload(Experience.project),  # "From the cooperation project ..." on the record
        # "Read in: ..." and the translated text (forum.services.experience_translations): joined, so a
        # record without translations costs no query more; their translators in one when it has some.
        joinedload(Experience.translations).selectinload(ExperienceTranslation.translators)
        .joinedload(ExperienceTranslator.user),
        joinedload(Experience.reviewed_by),  # "Reviewed by ..."
        selectinload(Experience.themes).joinedload(ExperienceTheme.community),
        selectinload(Experience.people).joinedload(ExperiencePerson.user),
        # The quoted posts with their threads: whether each quote may still be shown (readable_evidence).
        selectinload(Experience.evidence).options(
            joinedload(ExperienceEvidence.author), joinedload(ExperienceEvidence.post).joinedload(Post.thread)),
        # Good-practice screening and the countries' validations, joined: no query of their own.
        joinedload(Experience.screening).joinedload(ExperienceScreening.reviewer),
        joinedload(Experience.validations).joinedload(ExperienceValidation.decided_by),
    ]


def readable_evidence(user: Any, experience: Experience) -> list[ExperienceEvidence]:
    """The quotes of the record `user` may read (permissions.can_read_evidence): the page, the API and
    the exports show these."""
    return [e for e in experience.evidence if permissions.can_read_evidence(user, e)]


def access_experience(user: Any, experience_id: int) -> Experience:
    """The experience if the user may see it; NotFound for missing and forbidden alike."""
    if not v.is_valid_id(experience_id):
        raise NotFound()
    experience = db.session.scalars(
        select(Experience).options(*experience_options()).where(Experience.id == experience_id)).unique().first()
    if experience is None or not permissions.can_view_experience(user, experience):
        raise NotFound()
    return experience


def published_experience(value: object) -> Experience | None:
    """The published experience a query parameter names, or None (anything else, silently)."""
    try:
        ident = v.check_optional_int(value, "replicates", minimum=1, maximum=v.MAX_ID)
    except ValidationError:
        return None
    if ident is None:
        return None
    return db.session.scalar(select(Experience).where(Experience.id == ident, Experience.status == "published"))


def experience_for_thread(thread_id: int) -> Experience | None:
    """The experience a thread became (for the thread page's banner), whatever its status."""
    return db.session.scalar(select(Experience).where(Experience.thread_id == thread_id))


# ---------- snapshots ----------


def snapshot(experience: Experience) -> dict[str, Any]:
    """The editable fields as plain JSON: what a revision keeps and what diffs compare."""
    return {
        "title": experience.title,
        "summary": experience.summary,
        "modality": experience.modality,
        "countries": [dict(c) for c in experience.countries],
        "partner_organizations": list(experience.partner_organizations),
        "themes": [t.community.slug for t in experience.themes],
        "sdg_targets": list(experience.sdg_targets),
        "start_year": experience.start_year,
        "start_month": experience.start_month,
        "end_year": experience.end_year,
        "end_month": experience.end_month,
        "is_ongoing": experience.is_ongoing,
        "language": experience.language,
        "license": experience.license,
        **{name: experience.sections.get(name, "") for name in SECTIONS},
        "contributors": [u.username for u in experience.people_with_role("contributor")],
        "contacts": [u.username for u in experience.people_with_role("contact")],
    }


def _record_revision(experience: Experience, editor: User, now: datetime,
                     change_note: str = "") -> ExperienceRevision:
    experience.revision_count = (experience.revision_count or 0) + 1
    revision = ExperienceRevision(experience_id=experience.id, number=experience.revision_count,
                                  editor_id=editor.id, snapshot=snapshot(experience), change_note=change_note,
                                  created_at=now)
    db.session.add(revision)
    return revision


def _facet_rows(experience: Experience) -> set[tuple[str, str]]:
    rows = {("country", c["code"]) for c in experience.countries}
    rows |= {("theme", t.community.slug) for t in experience.themes}
    rows |= {("sdg", target) for target in experience.sdg_targets}
    rows.add(("lang", experience.language))
    # ... and every language it can be read in (its published translations).
    rows |= {("lang", t.language) for t in experience.translations if t.status == "published"}
    if experience.modality:
        rows.add(("modality", experience.modality))
    if experience.start_year:
        # Every year the period covers; an ongoing one runs to the year of the last edit.
        last = experience.end_year or (utcnow().year if experience.is_ongoing else experience.start_year)
        rows |= {("year", str(year)) for year in range(experience.start_year, max(last, experience.start_year) + 1)}
    return rows


def _refresh_facets(experience: Experience, actor: User | None = None) -> None:
    db.session.flush()
    db.session.execute(delete(ExperienceFacet).where(ExperienceFacet.experience_id == experience.id))
    rows = [{"experience_id": experience.id, "facet": facet, "value": value}
            for facet, value in sorted(_facet_rows(experience))]
    if rows:
        db.session.execute(insert(ExperienceFacet), rows)
    organizations.refresh_experience_names(experience)
    # The assessment's and the countries' derived state: validations follow the facts, own facets.
    experience_assessment.refresh_derived(experience, actor)


def refresh_facets(experience: Experience) -> None:
    """Rewrite the record's facet rows (a change outside this module: a translation published)."""
    _refresh_facets(experience)


def _set_people(experience: Experience, role: str, users: list[User]) -> None:
    """Make the people with `role` exactly `users`, in order (adding and removing only the difference)."""
    wanted = {u.id: index for index, u in enumerate(users)}
    for person in [p for p in experience.people if p.role == role]:
        if person.user_id not in wanted:
            experience.people.remove(person)
        else:
            person.position = wanted.pop(person.user_id)
    by_id = {u.id: u for u in users}
    for user_id, position in wanted.items():
        person = ExperiencePerson(user_id=user_id, role=role, position=position)
        person.user = by_id[user_id]
        experience.people.append(person)
    experience.people.sort(key=lambda p: (p.role, p.position))


def _set_themes(experience: Experience, communities: list) -> None:
    wanted = {c.id: index for index, c in enumerate(communities)}
    for theme in list(experience.themes):
        if theme.community_id not in wanted:
            experience.themes.remove(theme)
        else:
            theme.position = wanted.pop(theme.community_id)
    by_id = {c.id: c for c in communities}
    for community_id, position in wanted.items():
        theme = ExperienceTheme(community_id=community_id, position=position)
        theme.community = by_id[community_id]
        experience.themes.append(theme)
    experience.themes.sort(key=lambda t: t.position)


def _apply(experience: Experience, values: dict[str, Any]) -> None:
    for name in ("title", "summary", "modality", "language", "license", "countries", "partner_organizations",
                 "sdg_targets", *f.PERIOD_FIELDS):
        if name in values:
            setattr(experience, name, values[name])
    if "title" in values:
        experience.slug = slugify(values["title"], max_length=80, word_boundary=True) or "experience"
    if any(name in values for name in SECTIONS):
        sections = dict(experience.sections or {})
        html = dict(experience.sections_html or {})
        for name in SECTIONS:
            if name in values:
                sections[name] = values[name]
                html[name] = content.render(values[name]) if values[name] else ""
        experience.sections, experience.sections_html = sections, html
    if "themes" in values:
        _set_themes(experience, values["themes"])
    for role in ("contributors", "contacts"):
        if role in values:
            _set_people(experience, role[:-1], values[role])


# ---------- promotion ----------


def do_promote_thread(user: User, thread: Thread, *, evidence_post_ids: object = None) -> Experience:
    """A draft pre-filled from the thread: title, summary, theme, countries, contributors, quotes."""
    permissions.require_write(user)
    permissions.require(permissions.can_promote_thread(user, thread),
                        _("Only moderators can document a thread as an experience."))
    return _promote(user, thread, evidence_post_ids)


def do_promote_project_thread(user: User, project: Any, thread: Thread, data: dict[str, Any]) -> Experience:
    """A completed cooperation project documented in one step (forum.services.projects): its
    discussion thread promoted, the draft pre-filled with `data` (the project's countries and
    roles, organizations, modality, themes, period, objectives, results) before its first revision.
    Its focal points document it, not only moderators: permissions.can_document_project."""
    permissions.require_write(user)
    permissions.require(permissions.can_document_project(user, project) and thread.id == project.discussion_thread_id,
                        _("Only the focal points of a completed project and moderators can document it."))
    values = f.check_fields(data, dict.fromkeys(f.PERIOD_FIELDS) | {"is_ongoing": False})
    # The progress its focal points posted (the replies of its discussion) is the record's evidence.
    progress = list(db.session.scalars(
        select(Post.id).where(Post.thread_id == thread.id, Post.number > 1, Post.deleted_at.is_(None),
                              Post.hidden_at.is_(None)).order_by(Post.number.desc()).limit(MAX_EVIDENCE)))
    return _promote(user, thread, progress[::-1], values)


def _promote(user: User, thread: Thread, evidence_post_ids: object,
             values: dict[str, Any] | None = None) -> Experience:
    if experience_for_thread(thread.id) is not None:
        raise Conflict(_("This thread is already documented as an experience."), code="already_promoted")
    evidence = _evidence_posts(thread, evidence_post_ids)
    opening = db.session.scalar(
        select(Post).options(joinedload(Post.author)).where(Post.thread_id == thread.id, Post.number == 1))
    posters = list(db.session.scalars(
        select(User).join(Post, Post.author_id == User.id)
        .where(Post.thread_id == thread.id, Post.deleted_at.is_(None), Post.hidden_at.is_(None))
        .group_by(User.id).order_by(func.min(Post.number))))
    countries: list[dict[str, str]] = []
    for poster in posters:
        if poster.country and all(c["code"] != poster.country for c in countries):
            countries.append({"code": poster.country, "role": "partner"})
    now = utcnow()
    # The discussion's language; for a thread older than that record, its author's.
    language = thread.language or thread.author.locale or user.locale
    experience = Experience(
        thread_id=thread.id, title=thread.title, slug=thread.slug, status="draft", modality=None,
        # A hidden or deleted opening post is not quoted, even in the summary.
        summary=(f.check_summary(content.plain_text(opening.html, f.SUMMARY_MAX))
                 if opening and not opening.is_deleted and not opening.is_hidden else ""),
        countries=countries[: f.MAX_LIST], partner_organizations=[], sdg_targets=[], is_ongoing=False,
        language=language if language in LANGUAGES else "en", license=DEFAULT_LICENSE,
        sections={}, sections_html={}, revision_count=0,
        created_by_id=user.id, created_at=now, updated_at=now,
    )
    experience.thread = thread
    _set_themes(experience, [thread.community])
    _set_people(experience, "editor", [user])
    _set_people(experience, "contributor", posters[: f.MAX_LIST])
    for position, post in enumerate(evidence):
        experience.evidence.append(ExperienceEvidence(
            post_id=post.id, author_id=post.author_id, position=position, source=post.source, html=post.html,
            posted_at=post.created_at))
    try:
        with db.session.begin_nested():  # two moderators at once: the unique thread_id decides
            db.session.add(experience)
            db.session.flush()
    except IntegrityError:
        raise Conflict(_("This thread is already documented as an experience."), code="already_promoted") from None
    if values:
        _apply(experience, values)
    _record_revision(experience, user, now)
    _refresh_facets(experience, user)
    return experience


def _evidence_posts(thread: Thread, post_ids: object) -> list[Post]:
    field = "evidence_post_ids"
    if post_ids is None:
        return []
    if not isinstance(post_ids, list) or any(isinstance(i, bool) or not isinstance(i, int) for i in post_ids):
        raise ValidationError(field, _("Give a list of post ids."), code="wrong_type")
    if len(post_ids) > MAX_EVIDENCE:
        raise ValidationError(field, _("Quote at most %(n)d posts.", n=MAX_EVIDENCE), code="too_long")
    ids = list(dict.fromkeys(post_ids))
    if not all(v.is_valid_id(i) for i in ids):
        raise ValidationError(field, _("Quote only posts of this thread."), code="not_in_thread")
    posts = {p.id: p for p in db.session.scalars(
        select(Post).where(Post.id.in_(ids), Post.thread_id == thread.id,
                           Post.deleted_at.is_(None), Post.hidden_at.is_(None)))} if ids else {}
    if len(posts) != len(ids):
        raise ValidationError(field, _("Quote only visible posts of this thread."), code="not_in_thread")
    return sorted(posts.values(), key=lambda p: p.number)


# ---------- editing ----------


def check_change_note(value: object) -> str:
    """The note of a correction to a published record: required, one short line."""
    text = " ".join(v.check_text(value, "change_note").split())
    if not text:
        raise ValidationError("change_note", _("Say briefly what you corrected, for the record's changelog."),
                              code="required")
    if len(text) > CHANGE_NOTE_MAX:
        raise ValidationError("change_note", _("Use at most %(n)d characters.", n=CHANGE_NOTE_MAX), code="too_long")
    return text


def do_update_experience(user: User, experience: Experience, data: dict[str, Any],
                         change_note: object = None) -> bool:
    """Change the given fields of a draft, or correct a published record (`change_note` required:
    the public changelog shows it). Returns whether anything changed (a revision is kept).

    A correction stays published: its facets are rewritten here and its search row follows the
    changed fields (the watch of forum.search.experience_documents), as when it was published."""
    permissions.require_write(user)
    correcting = experience.status == "published"
    if correcting:
        permissions.require(permissions.can_correct_experience(user, experience),
                            _("Only the editors and moderators of this experience can correct it."),
                            code="not_editable")
    else:
        permissions.require(permissions.can_edit_experience(user, experience),
                            _("Only the editors of this draft can change it.") if experience.status == "draft"
                            else _("Only drafts and published records can be edited: ask a moderator to send "
                                   "it back to draft."),
                            code="not_editable")
    before = snapshot(experience)
    values = f.check_fields(data, before)
    if values.get("language", experience.language) != experience.language and any(
            t.language == values["language"] for t in experience.translations):
        # Its translation into that language would become a second version in the same language.
        raise ValidationError("language", _("This experience has a translation into that language: it cannot be "
                                            "written in it too."), code="already_translated")
    note = check_change_note(change_note) if correcting else ""
    _apply(experience, values)
    # The files its sections name are the record's: listed on its page and in its exports.
    link_uploads("\n".join(experience.sections_html.values()), {user.id}, experience=experience)
    do_delete_draft(user, f"experience:{experience.id}")
    if snapshot(experience) == before:
        return False
    now = utcnow()
    experience.updated_at = now
    _record_revision(experience, user, now, note)
    _refresh_facets(experience, user)
    return True


def changelog_and_version(experience: Experience) -> tuple[list[ExperienceRevision], datetime | None]:
    """The public changelog (of a published or archived record) and the date of its current
    revision (the version a citation names), in one query: what the record page shows."""
    rows = list(db.session.scalars(
        select(ExperienceRevision).where(ExperienceRevision.experience_id == experience.id,
                                         or_(ExperienceRevision.change_note != "",
                                             ExperienceRevision.number == experience.revision_count))
        .order_by(ExperienceRevision.number.desc())))
    current = next((r.created_at for r in rows if r.number == experience.revision_count), None)
    public = experience.status in ("published", "archived")
    return ([r for r in rows if r.change_note] if public else []), current


def changelog(experience: Experience) -> list[ExperienceRevision]:
    """The corrections of the published record, newest first (the revisions with a change note)."""
    return list(db.session.scalars(
        select(ExperienceRevision).where(ExperienceRevision.experience_id == experience.id,
                                         ExperienceRevision.change_note != "")
        .order_by(ExperienceRevision.number.desc())))


def do_add_editor(user: User, experience: Experience, username: object) -> User:
    permissions.require_write(user)
    permissions.require(permissions.can_manage_experience_editors(user, experience),
                        _("Only the editors and moderators of this experience can add editors."))
    (editor,) = f.check_usernames([username], "username") or [None]
    if editor is None:
        raise ValidationError("username", _("Give the username of a member."), code="required")
    if editor.id in experience.editor_ids:
        raise ValidationError("username", _("%(name)s is already an editor.", name=editor.username),
                              code="already_editor")
    editors = experience.people_with_role("editor")
    _set_people(experience, "editor", [*editors, editor])
    do_notify(editor.id, "experience_editor", actor=user, thread=experience.thread, experience=experience)
    return editor


def do_remove_editor(user: User, experience: Experience, editor_id: int) -> None:
    permissions.require_write(user)
    permissions.require(permissions.can_manage_experience_editors(user, experience),
                        _("Only the editors and moderators of this experience can remove editors."))
    editors = experience.people_with_role("editor")
    if all(e.id != editor_id for e in editors):
        raise NotFound()
    if len(editors) == 1:
        raise ValidationError("username", _("An experience keeps at least one editor."), code="last_editor")
    _set_people(experience, "editor", [e for e in editors if e.id != editor_id])


# ---------- workflow ----------


def do_transition(user: User, experience: Experience, *, to: object, comment: object = "") -> ExperienceTransition:
    permissions.require_write(user)
    target = v.check_text(to, "to").strip()
    step = (experience.status, target)
    if step not in WORKFLOW:
        raise ValidationError("to", _("An experience cannot go from the status “%(from)s” to “%(to)s”.",
                                      **{"from": STATUS_LABELS[experience.status],
                                         "to": STATUS_LABELS.get(target, target[:20] or "—")}),
                              code="transition_not_allowed")
    if (target == "published" and permissions.can_moderate_experience(user, experience)
            and not permissions.can_publish_experience(user, experience)):
        raise Forbidden(_("You are an editor of this experience: a moderator who is not one of its editors "
                          "reviews and publishes it."), code="reviewer_is_editor")
    permissions.require(permissions.can_transition_experience(user, experience, target),
                        _("Only moderators can publish, archive or request changes."), code="moderators_only")
    text = v.check_text(comment, "comment").replace("\r\n", "\n").strip()
    if len(text) > COMMENT_MAX:
        raise ValidationError("comment", _("Use at most %(n)d characters.", n=COMMENT_MAX), code="too_long")
    if WORKFLOW[step] and not text:
        raise ValidationError("comment", _("Say what should change."), code="required")
    if target in ("in_review", "published"):
        f.check_complete(snapshot(experience))
    now = utcnow()
    transition = ExperienceTransition(experience_id=experience.id, actor_id=user.id, from_status=experience.status,
                                      to_status=target, comment=text, created_at=now)
    db.session.add(transition)
    experience.status = target
    experience.updated_at = now
    if target == "published":
        experience.published_at = experience.published_at or now
        # Publishing by a moderator who is not an editor is the review the record shows; an editor
        # publishing alone (EXPERIENCE_PUBLISH_REVIEWERS=0) leaves it unreviewed.
        reviewed = not permissions.is_experience_editor(user, experience)
        experience.reviewed_by, experience.reviewed_at = (user, now) if reviewed else (None, None)
    if step != ("draft", "in_review"):  # every other step is a moderator's decision
        audit.record(user, f"experience.{target}", "experience", experience.id,
                     community_id=experience.thread.community_id if experience.thread else None,
                     reason=text, details={"from": step[0], "to": target, "title": experience.title})
    message = _("New status: %(status)s.", status=STATUS_LABELS[target])
    if text:
        message = f"{message} {text}"
    for editor_id in sorted(experience.editor_ids):
        do_notify(editor_id, "experience_status", actor=user, thread=experience.thread, experience=experience,
                  message=message[:2000])
    if target == "published" and experience.publication_notified_at is None:
        # Once per record: republishing after an archive or a round of changes tells nobody again.
        experience.publication_notified_at = now
        notify_experience_published(experience, user)
    if step == ("draft", "in_review"):  # each country involved is asked to validate its facts
        experience_assessment.request_validations(experience, user)
    return transition


def transitions(experience: Experience) -> list[ExperienceTransition]:
    return list(db.session.scalars(
        select(ExperienceTransition).options(joinedload(ExperienceTransition.actor))
        .where(ExperienceTransition.experience_id == experience.id).order_by(ExperienceTransition.id)))
