"""Linked translations of documented experiences: creating, editing, reviewing, keeping them in step.

A translation holds the record's translatable text (title, summary, Markdown sections) in one of
the other content languages; it is reviewed like the record (draft -> in review -> published, and
back to draft with the reviewer's comment), by the record's moderators.

Out of date: a translation remembers the source revision it was made from and a fingerprint of
the source's translatable text then. When the source's text changes (whatever wrote it: an edit of
a draft, a correction of a published record), the fingerprints differ; `source_changes` gives the
source's diff since that revision, until a translator marks it updated. Nothing has to run when
the source changes, and a change of the countries or the period does not mark anything.

Reading in a language: `localized(experience, lang)` is the one function that returns the text
fields in a language (the translation's when there is one the reader may read, else the
original's); the record page, the API and the exports all use it.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum import content, permissions
from forum.errors import Conflict, NotFound, ValidationError
from forum.experience_reference import LANGUAGES, SECTIONS, STATUS_LABELS
from forum.extensions import db
from forum.models import Experience, ExperienceRevision, ExperienceTranslation, ExperienceTranslator, User, utcnow
from forum.services import audit, experiences
from forum.services import experience_fields as f
from forum.services import experience_revisions as revisions
from forum.services import validation as v
from forum.services.notifications import notify_many

# The fields a translation translates; everything else (countries, period, people) is the record's.
TRANSLATABLE_FIELDS = ("title", "summary", *SECTIONS)
TEXT_FIELDS = frozenset(TRANSLATABLE_FIELDS)
# (from, to) -> whether the step needs a comment; the record's workflow without "archived".
WORKFLOW: dict[tuple[str, str], bool] = {
    ("draft", "in_review"): False,
    ("in_review", "draft"): True,  # changes requested
    ("in_review", "published"): False,
    ("published", "draft"): True,  # unpublished to change
}
COMMENT_MAX = 5000


def allowed_targets(status: str) -> list[str]:
    return [to for (frm, to) in WORKFLOW if frm == status]


# ---------- the source's text and its fingerprint ----------


def source_text(experience: Experience) -> dict[str, str]:
    """The record's translatable text now (in the shape of a revision's snapshot)."""
    return {"title": experience.title, "summary": experience.summary or "",
            **{name: (experience.sections or {}).get(name, "") for name in SECTIONS}}


def source_fingerprint(experience: Experience) -> str:
    return _fingerprint(source_text(experience))


def _fingerprint(text: dict[str, str]) -> str:
    blob = json.dumps({name: text.get(name) or "" for name in TRANSLATABLE_FIELDS}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def is_out_of_date(experience: Experience, translation: ExperienceTranslation) -> bool:
    return translation.source_fingerprint != source_fingerprint(experience)


def source_changes(experience: Experience, translation: ExperienceTranslation) -> list[revisions.FieldDiff]:
    """The source's translatable text compared with what it was at the translation's source
    revision (experience_revisions.compare: side-by-side rows per field); [] when up to date. One
    query, only when out of date."""
    if not is_out_of_date(experience, translation):
        return []
    snapshot = db.session.scalar(
        select(ExperienceRevision.snapshot).where(ExperienceRevision.experience_id == experience.id,
                                                  ExperienceRevision.number == translation.source_revision)) or {}
    old = {name: snapshot.get(name) or "" for name in TRANSLATABLE_FIELDS}
    return revisions.compare(old, source_text(experience))


# ---------- reading in a language ----------


@dataclass(frozen=True)
class Localized:
    """The text fields of a record in one language: a translation's, or the original's."""

    language: str
    title: str
    summary: str
    sections: dict[str, str]
    sections_html: dict[str, str]
    source_language: str
    translation: ExperienceTranslation | None = None
    translators: list[User] = field(default_factory=list)

    @property
    def is_translation(self) -> bool:
        return self.translation is not None


def original(experience: Experience) -> Localized:
    return Localized(language=experience.language, title=experience.title, summary=experience.summary or "",
                     sections=dict(experience.sections or {}), sections_html=dict(experience.sections_html or {}),
                     source_language=experience.language)


def localized(experience: Experience, lang: str | None, viewer: Any = None) -> Localized:
    """The record's text fields in `lang`: its translation into `lang` when there is one `viewer`
    may read (published, or a draft of theirs; no viewer: published only), else the original.
    `Localized.language` says which it is. Needs `experience.translations` (loaded with the record
    by experiences.experience_options)."""
    found = translation_in(experience, lang)
    if found is None or (found.status != "published"
                         and not permissions.can_view_translation(viewer, experience, found)):
        return original(experience)
    return Localized(language=found.language, title=found.title, summary=found.summary or "",
                     sections=dict(found.sections or {}), sections_html=dict(found.sections_html or {}),
                     source_language=experience.language, translation=found, translators=found.translator_users)


def translation_in(experience: Experience, lang: str | None) -> ExperienceTranslation | None:
    if not lang or lang == experience.language:
        return None
    return next((t for t in experience.translations if t.language == lang), None)


def published_languages(experience: Experience) -> list[str]:
    """The languages a reader can read the record in: its own, then its published translations."""
    return [experience.language, *(t.language for t in experience.translations if t.status == "published")]


def access_translation(user: Any, experience: Experience, language: object) -> ExperienceTranslation:
    """The record's translation into `language` if the user may read it; NotFound for missing and
    forbidden alike."""
    found = translation_in(experience, language if isinstance(language, str) else None)
    if found is None or not permissions.can_view_translation(user, experience, found):
        raise NotFound()
    return found


def check_read_language(value: object, field: str = "lang") -> str | None:
    """`?lang=` of a read: empty, or a content language (anything else is refused by name)."""
    if value is None or value == "":
        return None
    return v.check_content_language(value, field)


# ---------- validation ----------


def check_language(experience: Experience, value: object, field: str = "language") -> str:
    """A content language other than the record's own, not translated yet."""
    code = v.check_content_language(value, field)
    if code == experience.language:
        raise ValidationError(field, _("This experience is written in %(language)s: choose another language.",
                                       language=LANGUAGES[code]), code="same_as_source")
    if translation_in(experience, code) is not None:
        raise ValidationError(field, _("This experience already has a translation into %(language)s.",
                                       language=LANGUAGES[code]), code="already_translated")
    return code


def check_fields(data: dict[str, Any]) -> dict[str, str]:
    """Normalize the given text fields (title, summary, sections): every one before anything is
    written, so a refused edit changes nothing."""
    unknown = sorted(set(data) - TEXT_FIELDS)
    if unknown:
        raise ValidationError(unknown[0], _("Unknown field: %(name)s.", name=unknown[0]), code="unknown_field")
    out: dict[str, str] = {}
    if "title" in data:
        out["title"] = v.check_title(data["title"])
    if "summary" in data:
        out["summary"] = f.check_summary(data["summary"])
    for name in SECTIONS:
        if name in data:
            out[name] = f.check_section(data[name], name)
    return out


def check_complete(experience: Experience, translation: ExperienceTranslation) -> None:
    """Before review and publication: every field the original has is translated."""
    source = source_text(experience)
    text = _text(translation)
    for name in TRANSLATABLE_FIELDS:
        if source[name].strip() and not text[name].strip():
            raise ValidationError(name, _("Translate every part of the original before sending it for review."),
                                  code="incomplete")


def _text(translation: ExperienceTranslation) -> dict[str, str]:
    return {"title": translation.title, "summary": translation.summary or "",
            **{name: (translation.sections or {}).get(name, "") for name in SECTIONS}}


def _apply(translation: ExperienceTranslation, values: dict[str, str]) -> None:
    if "title" in values:
        translation.title = values["title"]
    if "summary" in values:
        translation.summary = values["summary"]
    if any(name in values for name in SECTIONS):
        sections, html = dict(translation.sections or {}), dict(translation.sections_html or {})
        for name in SECTIONS:
            if name in values:
                sections[name] = values[name]
                html[name] = content.render(values[name]) if values[name] else ""
        translation.sections, translation.sections_html = sections, html


def _add_translator(translation: ExperienceTranslation, user: User) -> None:
    if user.id not in translation.translator_ids:
        person = ExperienceTranslator(user_id=user.id, position=len(translation.translators))
        person.user = user
        translation.translators.append(person)


# ---------- writes ----------


def do_create_translation(user: User, experience: Experience, data: dict[str, Any]) -> ExperienceTranslation:
    """A draft translation into data["language"] from the record's current text; its creator is
    its first translator (and so its editor)."""
    permissions.require_write(user)
    permissions.require(permissions.can_create_translation(user, experience),
                        _("This experience cannot be translated now."), code="not_translatable")
    language = check_language(experience, data.get("language"))
    text = {name: value for name, value in data.items() if name != "language"}
    if "title" not in text:
        raise ValidationError("title", _("Give the translated title."), code="required")
    values = check_fields(text)
    now = utcnow()
    translation = ExperienceTranslation(
        language=language, title=values["title"], summary="", sections={}, sections_html={}, status="draft",
        source_revision=experience.revision_count, source_fingerprint=source_fingerprint(experience),
        created_by_id=user.id, created_at=now, updated_at=now)
    _apply(translation, values)
    _add_translator(translation, user)
    try:
        with db.session.begin_nested():  # two volunteers at once: the unique (record, language) decides
            experience.translations.append(translation)
            db.session.flush()
    except IntegrityError:
        raise Conflict(_("This experience already has a translation into %(language)s.",
                         language=LANGUAGES[language]), code="already_translated") from None
    return translation


def do_update_translation(user: User, experience: Experience, translation: ExperienceTranslation,
                          data: dict[str, Any]) -> bool:
    """Change the given text fields of a draft translation. Returns whether anything changed; whoever
    changed it is credited as a translator."""
    permissions.require_write(user)
    permissions.require(permissions.can_edit_translation(user, experience, translation),
                        _("Only the translators of this draft can change it.") if translation.status == "draft"
                        else _("Only drafts can be edited: ask a moderator to send it back to draft."),
                        code="not_editable")
    values = check_fields(data)
    before = _text(translation)
    _apply(translation, values)
    if _text(translation) == before:
        return False
    translation.updated_at = utcnow()
    _add_translator(translation, user)
    return True


def do_mark_translation_updated(user: User, experience: Experience, translation: ExperienceTranslation) -> bool:
    """The translation follows the source's current revision again. Returns whether it was out of date."""
    permissions.require_write(user)
    permissions.require(permissions.can_mark_translation_updated(user, experience, translation),
                        _("Only the translators of this translation can mark it updated."))
    if not is_out_of_date(experience, translation):
        return False
    translation.source_revision = experience.revision_count
    translation.source_fingerprint = source_fingerprint(experience)
    translation.updated_at = utcnow()
    return True


def do_transition_translation(user: User, experience: Experience, translation: ExperienceTranslation, *,
                              to: object, comment: object = "") -> None:
    permissions.require_write(user)
    target = v.check_text(to, "to").strip()
    step = (translation.status, target)
    if step not in WORKFLOW:
        raise ValidationError("to", _("A translation cannot go from the status “%(from)s” to “%(to)s”.",
                                      **{"from": STATUS_LABELS[translation.status],
                                         "to": STATUS_LABELS.get(target, target[:20] or "—")}),
                              code="transition_not_allowed")
    permissions.require(permissions.can_transition_translation(user, experience, translation, target),
                        _("Only moderators can publish a translation or request changes."), code="moderators_only")
    text = v.check_text(comment, "comment").replace("\r\n", "\n").strip()
    if len(text) > COMMENT_MAX:
        raise ValidationError("comment", _("Use at most %(n)d characters.", n=COMMENT_MAX), code="too_long")
    if WORKFLOW[step] and not text:
        raise ValidationError("comment", _("Say what should change."), code="required")
    if target in ("in_review", "published"):
        check_complete(experience, translation)
    if target == "published" and experience.status != "published":
        raise ValidationError("to", _("Publish the original before its translations."), code="source_not_published")
    now = utcnow()
    translation.status = target
    translation.updated_at = now
    if target == "published":
        translation.published_at = translation.published_at or now
    if "published" in step:
        _refresh_language_facets(experience)
    if step != ("draft", "in_review"):
        audit.record(user, f"experience_translation.{target}", "experience", experience.id,
                     community_id=experience.thread.community_id if experience.thread else None, reason=text,
                     details={"from": step[0], "to": target, "language": translation.language,
                              "title": translation.title})
    message = _("The %(language)s translation of “%(title)s” now has the status “%(status)s”.",
                language=LANGUAGES[translation.language], title=experience.title, status=STATUS_LABELS[target])
    if text:
        message = f"{message} {text}"
    notify_many(dict.fromkeys(sorted(translation.translator_ids), "experience_status"), actor=user,
                thread=experience.thread, experience=experience, message=message[:2000])


def _refresh_language_facets(experience: Experience) -> None:
    """The library's `lang` facet counts the languages a record is readable in (experiences._facet_rows)."""
    experiences.refresh_facets(experience)
