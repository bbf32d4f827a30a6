"""Reference lists of cooperation offers and requests, and how a match's reasons read: codes are
stored, labels are shown in the reader's language. No database here, so notifications, mail and
pages can all use it."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.experience_reference import MODALITIES
from forum.i18n import current_language, language_name
from forum.models import COOPERATION_STATUSES, INTEREST_STATUSES, SUPPORT_TYPES

SUPPORT_LABELS = {
    "technical_assistance": _l("Technical assistance"),
    "training": _l("Training"),
    "expert_exchange": _l("Exchange of experts"),
    "study_visit": _l("Study visit"),
    "documents_tools": _l("Documents and tools"),
    "funding": _l("Funding"),
}
STATUS_LABELS = {"open": _l("Open"), "matched": _l("Matched"), "closed": _l("Closed")}
assert set(SUPPORT_LABELS) == set(SUPPORT_TYPES) and set(STATUS_LABELS) == set(COOPERATION_STATUSES)

INTEREST_STATUS_LABELS = {"pending": _l("Waiting for an answer"), "accepted": _l("Accepted"),
                          "declined": _l("Declined"), "withdrawn": _l("Withdrawn")}
assert set(INTEREST_STATUS_LABELS) == set(INTEREST_STATUSES)


def reason_lines(explanation: Any) -> list[str]:
    """The reasons in the reader's language, one sentence each, from an explanation or its JSON
    (`Explanation.as_json`, as a match notification stores it)."""
    data = explanation.as_json() if hasattr(explanation, "as_json") else explanation
    theme_names = data.get("theme_names") or {}
    translated = data.get("theme_names_i18n") or {}  # absent from matches stored before it was
    locale = current_language()

    def theme_name(slug: str) -> str:
        return (translated.get(slug) or {}).get(locale) or theme_names.get(slug, slug)

    def themes(slugs: list[str]) -> list[str]:
        return [theme_name(slug) for slug in slugs]

    def supports(codes: list[str]) -> list[str]:
        return [str(SUPPORT_LABELS[code]) for code in codes if code in SUPPORT_LABELS]

    def languages(codes: list[str]) -> list[str]:
        return [language_name(code, in_sentence=True) for code in codes]

    shared, missing = data.get("shared") or {}, data.get("missing") or {}
    lines = []
    if shared.get("themes"):
        lines.append(_("Shared themes: %(names)s.", names=", ".join(themes(shared["themes"]))))
    if supports(shared.get("support_types") or []):
        lines.append(_("Shared types of support: %(names)s.", names=", ".join(supports(shared["support_types"]))))
    if shared.get("modality") in MODALITIES:
        lines.append(_("Same modality: %(name)s.", name=str(MODALITIES[shared["modality"]])))
    if shared.get("languages"):
        lines.append(_("Shared languages: %(names)s.", names=", ".join(languages(shared["languages"]))))
    lacking = (themes(missing.get("themes") or []) + supports(missing.get("support_types") or [])
               + languages(missing.get("languages") or []))
    if lacking:
        lines.append(_("The request also asks for what the offer lacks: %(names)s.", names=", ".join(lacking)))
    return lines


def score_text(value: float) -> str:
    """The score as a percentage in the reader's locale ("78 %" in French, "78%" in English)."""
    from flask_babel import format_percent

    return format_percent(value)


def describe_board_filters(filters: dict[str, str], theme_name: str | None = None) -> str:
    """A saved search in words: "Requests · Bolivia · Theme: Immunization · Training"."""
    from forum.i18n import country_name

    parts = []
    if filters.get("kind"):
        parts.append(str(_l("Offers") if filters["kind"] == "offer" else _l("Requests")))
    if filters.get("country"):
        parts.append(country_name(filters["country"]))
    if filters.get("theme"):
        parts.append(_("Theme: %(name)s", name=theme_name or filters["theme"]))
    if filters.get("support") in SUPPORT_LABELS:
        parts.append(str(SUPPORT_LABELS[filters["support"]]))
    if filters.get("modality") in MODALITIES:
        parts.append(str(MODALITIES[filters["modality"]]))
    if filters.get("language"):
        parts.append(language_name(filters["language"]))
    if filters.get("status") in STATUS_LABELS:
        parts.append(str(STATUS_LABELS[filters["status"]]))
    return " · ".join(parts)
