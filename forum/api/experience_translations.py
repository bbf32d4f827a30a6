"""/api/v1/experiences/<id>/translations: a record's translations, starting one, editing it, its
review, marking it updated. The record itself in a language is `GET /experiences/<id>?lang=`."""

from typing import Any

from flask import request
from flask_login import current_user

from forum import permissions, serializers
from forum.api.blueprint import bp
from forum.api.helpers import json_body, signed_in_user
from forum.experience_reference import SECTIONS
from forum.extensions import db
from forum.models import Experience, ExperienceTranslation
from forum.services import experience_translations as translations
from forum.services import experiences as service
from forum.services.experience_export import language_url

TEXT_FIELDS = {"title", "summary", *SECTIONS}


def translation_brief(experience: Experience, translation: ExperienceTranslation) -> dict[str, Any]:
    """One entry of the record's `translations`."""
    return {"language": translation.language, "status": translation.status,
            "out_of_date": translations.is_out_of_date(experience, translation),
            "url": language_url(experience, translation.language)}


def translations_of(experience: Experience) -> list[dict[str, Any]]:
    """The record's translations the viewer may see (published ones for everyone)."""
    return [translation_brief(experience, t) for t in experience.translations
            if permissions.can_view_translation(current_user, experience, t)]


def _translation_document(experience: Experience, translation: ExperienceTranslation) -> dict[str, Any]:
    return {"translation": {
        **translation_brief(experience, translation),
        "source_language": experience.language,
        "source_revision": translation.source_revision,
        "title": translation.title, "summary": translation.summary,
        "sections": {name: (translation.sections or {}).get(name, "") for name in SECTIONS},
        "translators": [serializers.user_brief(u) for u in translation.translator_users],
        "created_at": serializers.iso(translation.created_at), "updated_at": serializers.iso(translation.updated_at),
        "published_at": serializers.iso(translation.published_at),
        # The source's changes since the translation's source revision ([] when up to date).
        "source_changes": [{
            "field": d.field,
            "rows": [{"kind": r.kind, "old_number": r.old_number, "old": r.old, "new_number": r.new_number,
                      "new": r.new} for r in d.rows],
        } for d in translations.source_changes(experience, translation)],
    }, "allowed_transitions": [
        to for to in translations.allowed_targets(translation.status)
        if permissions.can_transition_translation(current_user, experience, translation, to)]}


def _reloaded(experience_id: int, language: str) -> tuple[Experience, ExperienceTranslation]:
    db.session.flush()
    db.session.expire_all()
    experience = service.access_experience(current_user, experience_id)
    return experience, translations.access_translation(current_user, experience, language)


@bp.get("/experiences/<int:experience_id>/translations/<lang>")
def show_translation(experience_id: int, lang: str):
    experience = service.access_experience(current_user, experience_id)
    return _translation_document(experience, translations.access_translation(current_user, experience, lang))


@bp.post("/experiences/<int:experience_id>/translations")
def create_translation(experience_id: int):
    user = signed_in_user()
    experience = service.access_experience(user, experience_id)
    data = json_body({"language", *TEXT_FIELDS})
    translation = translations.do_create_translation(user, experience, data)
    document = _translation_document(*_reloaded(experience_id, translation.language))
    return document, 201, {"Location": document["translation"]["url"]}


@bp.patch("/experiences/<int:experience_id>/translations/<lang>")
def update_translation(experience_id: int, lang: str):
    user = signed_in_user()
    experience = service.access_experience(user, experience_id)
    translation = translations.access_translation(user, experience, lang)
    translations.do_update_translation(user, experience, translation, json_body(TEXT_FIELDS))
    return _translation_document(*_reloaded(experience_id, translation.language))


@bp.post("/experiences/<int:experience_id>/translations/<lang>/transition")
def transition_translation(experience_id: int, lang: str):
    user = signed_in_user()
    experience = service.access_experience(user, experience_id)
    translation = translations.access_translation(user, experience, lang)
    data = json_body({"to", "comment"})
    translations.do_transition_translation(user, experience, translation, to=data.get("to"),
                                           comment=data.get("comment", ""))
    return _translation_document(*_reloaded(experience_id, translation.language))


@bp.post("/experiences/<int:experience_id>/translations/<lang>/updated")
def mark_translation_updated(experience_id: int, lang: str):
    user = signed_in_user()
    experience = service.access_experience(user, experience_id)
    translation = translations.access_translation(user, experience, lang)
    translations.do_mark_translation_updated(user, experience, translation)
    return _translation_document(*_reloaded(experience_id, translation.language))


def read_language() -> str | None:
    """`?lang=` of a read (422 unknown_language for anything but a content language)."""
    return translations.check_read_language(request.args.get("lang"))
