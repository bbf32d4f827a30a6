"""Translations of an experience: starting one, editing it side by side with the original, its
review, marking it updated; and what the record page needs to show the record in a language.

The record in a language is `/experiences/<id>?lang=pt` (not a path of its own): one parameter
that the page, its exports (`.json?lang=`, `.md?lang=`) and the API (`?lang=`) all read the same
way, with no second route to keep in step with the slug redirect. Without `lang`, a reader whose
interface language has a published translation reads that one, with a note and a link to the
original (`?lang=<original>`, which is always the original).
"""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import permissions
from forum.errors import ForumError, ValidationError
from forum.experience_reference import LANGUAGES, SECTIONS, STATUS_LABELS
from forum.i18n import current_language
from forum.models import Experience, ExperienceTranslation
from forum.services import experience_export as export
from forum.services import experience_translations as translations
from forum.services import experiences as service
from forum.web.experience_forms import TransitionForm, TranslationForm
from forum.web.forms import EmptyForm, choices, show_error
from forum.web.helpers import redirect_with_error

bp = Blueprint("experience_translations", __name__)


# ---------- the record page in a language ----------


def reading_language(experience: Experience) -> str | None:
    """The language the record page shows: `?lang=` when it names a translation the reader may
    read (or the original's language), else the reader's interface language when a published
    translation is in it; None for the original. An unusable `?lang=` shows the original."""
    try:
        asked = translations.check_read_language(request.args.get("lang"))
    except ValidationError:
        asked = None
    if asked is not None:
        return asked
    found = translations.translation_in(experience, current_language())
    return found.language if found is not None and found.status == "published" else None


def record_page_context(experience: Experience) -> dict[str, Any]:
    """What the record page shows of its languages: the text in the language read, "Read in" links
    (the original and the published translations, but the one shown), the hreflang alternates, and
    for a translation its out-of-date diff and its review actions."""
    text = translations.localized(experience, reading_language(experience), current_user)
    published = translations.published_languages(experience)
    alternates = [(code, export.language_url(experience, code)) for code in published] if len(published) > 1 else []
    read_in = [(code, url_for("experiences.show", experience_id=experience.id, slug=experience.slug, lang=code))
               for code in published if code != text.language]
    visible = [t for t in experience.translations
               if permissions.can_view_translation(current_user, experience, t)]
    translation = text.translation
    context: dict[str, Any] = {
        "text": text, "read_in": read_in, "export_lang": {"lang": text.language} if translation else {},
        "alternates": alternates, "translations_shown": visible,
        "out_of_date": {t.id for t in visible if translations.is_out_of_date(experience, t)},
        "can_translate": permissions.can_create_translation(current_user, experience)
        and len(experience.translations) < len(LANGUAGES) - 1,
        "canonical": export.language_url(experience, text.language) if translation else export.permalink(experience),
        "translation_note": export.translation_note(text),
        "source_diffs": [], "translation_targets": [],
    }
    if translation is not None:
        context["source_diffs"] = translations.source_changes(experience, translation)
        context["translation_targets"] = [
            to for to in translations.allowed_targets(translation.status)
            if permissions.can_transition_translation(current_user, experience, translation, to)]
    return context


# ---------- starting and editing ----------


def _language_choices(experience: Experience) -> list[tuple[str, str]]:
    taken = {experience.language, *(t.language for t in experience.translations)}
    return choices([("", _("Choose…")), *((code, name) for code, name in LANGUAGES.items() if code not in taken)])


def _page(form: TranslationForm, experience: Experience, translation: ExperienceTranslation | None, status: int = 200):
    source = translations.source_text(experience)
    return render_template("experiences/translate.html", form=form, experience=experience, translation=translation,
                           source=source, source_html=experience.sections_html or {},
                           diffs=translations.source_changes(experience, translation) if translation else [],
                           sections=SECTIONS, action_form=EmptyForm()), status


def _record_url(experience: Experience, lang: str | None = None) -> str:
    return url_for("experiences.show", experience_id=experience.id, slug=experience.slug,
                   **({"lang": lang} if lang else {}))


@bp.route("/experiences/<int:experience_id>/translations/new", methods=["GET", "POST"])
@login_required
def new(experience_id: int):
    experience = service.access_experience(current_user, experience_id)
    permissions.require(permissions.can_create_translation(current_user, experience),
                        _("This experience cannot be translated now."))
    form = TranslationForm()
    form.language.choices = _language_choices(experience)
    if request.method == "GET":
        asked = request.args.get("lang", "")
        form.language.data = asked if any(c.value == asked for c in form.language.choices) else ""
        return _page(form, experience, None)
    try:
        translation = translations.do_create_translation(
            current_user, experience, {"language": form.language.data or "", **form.values()})
    except ForumError as error:
        if isinstance(error, ValidationError):
            show_error(form, error)
        else:
            form.form_errors.append(error.message)
        return _page(form, experience, None, error.status)
    flash(_("The translation was saved as a draft. Send it for review when it is complete."), "success")
    return redirect(_record_url(experience, translation.language))


@bp.route("/experiences/<int:experience_id>/translations/<lang>/edit", methods=["GET", "POST"])
@login_required
def edit(experience_id: int, lang: str):
    experience = service.access_experience(current_user, experience_id)
    translation = translations.access_translation(current_user, experience, lang)
    permissions.require(permissions.can_edit_translation(current_user, experience, translation),
                        _("Only the translators of a draft translation can change it."))
    form = TranslationForm()
    if request.method == "GET":
        form.fill({"title": translation.title, "summary": translation.summary,
                   **{name: (translation.sections or {}).get(name, "") for name in SECTIONS}})
        return _page(form, experience, translation)
    try:
        changed = translations.do_update_translation(current_user, experience, translation, form.values())
    except ForumError as error:
        if isinstance(error, ValidationError):
            show_error(form, error)
        else:
            form.form_errors.append(error.message)
        return _page(form, experience, translation, error.status)
    flash(_("The translation was saved.") if changed else _("Nothing changed."), "success")
    return redirect(_record_url(experience, translation.language))


@bp.post("/experiences/<int:experience_id>/translations/<lang>/transition/<to>")
@login_required
def transition(experience_id: int, lang: str, to: str):
    experience = service.access_experience(current_user, experience_id)
    translation = translations.access_translation(current_user, experience, lang)
    form = TransitionForm()
    back = _record_url(experience, translation.language)
    try:
        translations.do_transition_translation(current_user, experience, translation, to=to,
                                               comment=form.comment.data or "")
    except ForumError as error:
        return redirect_with_error(back, error.message)
    flash(_("The translation now has the status “%(status)s”.", status=STATUS_LABELS[to]), "success")
    return redirect(back)


@bp.post("/experiences/<int:experience_id>/translations/<lang>/updated")
@login_required
def mark_updated(experience_id: int, lang: str):
    experience = service.access_experience(current_user, experience_id)
    translation = translations.access_translation(current_user, experience, lang)
    back = _record_url(experience, translation.language)
    try:
        changed = translations.do_mark_translation_updated(current_user, experience, translation)
    except ForumError as error:
        return redirect_with_error(back, error.message)
    flash(_("The translation is marked as following the current text of the original.") if changed
          else _("The translation already follows the current text of the original."), "success")
    return redirect(back)
