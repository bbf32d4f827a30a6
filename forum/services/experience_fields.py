"""Validators of the editable fields of an experience: `check_fields(data)` normalizes them all.

Every field is checked before anything is written, so a refused edit changes nothing. The
`ValidationError.field` is the name the API and the edit form use.
"""

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from forum.content import MAX_BODY_LENGTH
from forum.errors import ValidationError
from forum.experience_reference import COUNTRY_ROLES, LICENSES, MODALITIES, SDG_TARGETS, SECTIONS
from forum.extensions import db
from forum.models import Community, User
from forum.services import validation as v

SUMMARY_MAX = 600
MAX_LIST = 40  # countries, organizations, people, themes: a record, not a directory
ORGANIZATION_MAX = 200
YEAR_MIN, YEAR_MAX = 1950, 2100

LIST_FIELDS = ("countries", "partner_organizations", "themes", "sdg_targets", "contributors", "contacts")
PERIOD_FIELDS = ("start_year", "start_month", "end_year", "end_month", "is_ongoing")
EDITABLE_FIELDS = frozenset({"title", "summary", "modality", "language", "license", *LIST_FIELDS,
                             *PERIOD_FIELDS, *SECTIONS})


def _list(value: object, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(field, _("This value must be a list."), code="wrong_type")
    if len(value) > MAX_LIST:
        raise ValidationError(field, _("Give at most %(n)d values.", n=MAX_LIST), code="too_long")
    return value


def check_summary(value: object, field: str = "summary") -> str:
    text = " ".join(v.check_text(value, field).split())
    if len(text) > SUMMARY_MAX:
        raise ValidationError(field, _("Use at most %(n)d characters.", n=SUMMARY_MAX), code="too_long")
    return v.check_line(text, field, max_length=SUMMARY_MAX)


def check_modality(value: object, field: str = "modality") -> str | None:
    text = v.check_text(value, field).strip()
    if not text:
        return None
    if text not in MODALITIES:
        raise ValidationError(field, _("Choose a cooperation modality."), code="unknown_modality")
    return text


def check_countries(value: object, field: str = "countries") -> list[dict[str, str]]:
    """[{"code": "BR", "role": "offering"}, ...]: ISO 3166-1 alpha-2 codes, once each, with a role."""
    result: list[dict[str, str]] = []
    for item in _list(value, field):
        if not isinstance(item, dict) or set(item) - {"code", "role"}:
            raise ValidationError(field, _("Give each country as a code and a role."), code="wrong_type")
        raw = item.get("code")
        try:
            code = v.check_country(raw, field)
        except ValidationError:
            raise ValidationError(field, _("%(code)s is not an ISO 3166-1 country code.", code=str(raw)[:20]),
                                  code="unknown_country") from None
        role = item.get("role") or "partner"
        if role not in COUNTRY_ROLES:
            # The codes: what the API takes, and the form too (beside the labels in every language).
            raise ValidationError(field, _("Choose a role for %(code)s: %(roles)s.", code=code,
                                           roles=", ".join(COUNTRY_ROLES)),
                                  code="unknown_role")
        if any(c["code"] == code for c in result):
            raise ValidationError(field, _("%(code)s is listed twice.", code=code), code="duplicate")
        result.append({"code": code, "role": role})
    return result


def check_sdg_targets(value: object, field: str = "sdg_targets") -> list[str]:
    result: list[str] = []
    for item in _list(value, field):
        text = v.check_text(item, field).strip().lower()
        if text not in SDG_TARGETS:
            raise ValidationError(field, _("%(target)s is not an SDG 3 target (3.1 to 3.d).", target=text[:20]),
                                  code="unknown_sdg_target")
        if text not in result:
            result.append(text)
    return sorted(result, key=list(SDG_TARGETS).index)


def check_organizations(value: object, field: str = "partner_organizations") -> list[str]:
    result: list[str] = []
    for item in _list(value, field):
        text = v.check_line(item, field, max_length=ORGANIZATION_MAX)
        if text and text not in result:
            result.append(text)
    return result


def check_year(value: object, field: str) -> int | None:
    if value is None or value == "":
        return None
    return v.check_int(value, field, minimum=YEAR_MIN, maximum=YEAR_MAX)


def check_month(value: object, field: str) -> int | None:
    if value is None or value == "":
        return None
    return v.check_int(value, field, minimum=1, maximum=12)


def check_period(values: dict[str, Any]) -> dict[str, Any]:
    """The period as a whole: a start year before any month, an end not before the start, not ongoing and ended."""
    start_year, start_month = values["start_year"], values["start_month"]
    end_year, end_month = values["end_year"], values["end_month"]
    if not isinstance(values["is_ongoing"], bool):
        raise ValidationError("is_ongoing", _("This value must be true or false."), code="wrong_type")
    if start_month is not None and start_year is None:
        raise ValidationError("start_year", _("Give the year the experience started."), code="required")
    if end_month is not None and end_year is None:
        raise ValidationError("end_year", _("Give the year the experience ended."), code="required")
    if end_year is not None and values["is_ongoing"]:
        raise ValidationError("end_year", _("An ongoing experience has no end date."), code="ongoing_with_end")
    if end_year is not None and start_year is None:
        raise ValidationError("start_year", _("Give the year the experience started."), code="required")
    if end_year is not None and (end_year, end_month or 12) < (start_year, start_month or 1):
        raise ValidationError("end_year", _("The end of the period is before its start."), code="end_before_start")
    return values


def check_section(value: object, field: str) -> str:
    text = v.check_text(value, field).replace("\r\n", "\n").strip()
    if len(text) > MAX_BODY_LENGTH:
        raise ValidationError(field, _("Use at most %(n)d characters.", n=MAX_BODY_LENGTH), code="too_long")
    if not v.has_no_controls(text):
        raise ValidationError(field, _("This text contains characters that are not allowed."))
    return text


def check_language(value: object, field: str = "language") -> str:
    return v.check_content_language(value, field)


def check_license(value: object, field: str = "license") -> str:
    text = v.check_text(value, field).strip()
    if text not in LICENSES:
        raise ValidationError(field, _("Choose a license."), code="unknown_license")
    return text


def check_themes(value: object, field: str = "themes") -> list[Community]:
    """Community slugs, in the order given; each must exist."""
    slugs: list[str] = []
    for item in _list(value, field):
        text = v.check_text(item, field).strip()
        if text not in slugs:
            slugs.append(text)
    if not slugs:
        return []
    found = {c.slug: c for c in db.session.scalars(select(Community).where(Community.slug.in_(slugs)))}
    for slug in slugs:
        if slug not in found:
            raise ValidationError(field, _("There is no community called %(slug)s.", slug=slug[:64]),
                                  code="unknown_theme")
    return [found[s] for s in slugs]


def check_usernames(value: object, field: str) -> list[User]:
    """Usernames of active members, in the order given; each must exist."""
    keys: list[str] = []
    for item in _list(value, field):
        text = v.check_text(item, field).strip().lstrip("@").lower()
        if text and text not in keys:
            keys.append(text)
    if not keys:
        return []
    found = {u.username_key: u for u in db.session.scalars(
        select(User).where(User.username_key.in_(keys), User.deactivated_at.is_(None)))}
    for key in keys:
        if key not in found:
            raise ValidationError(field, _("There is no member called %(name)s.", name=key[:30]),
                                  code="unknown_user")
    return [found[k] for k in keys]


def check_fields(data: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Normalize the given editable fields; `current` gives the others (to check the period whole).

    Returns the normalized values of the given fields (themes as communities, people as users).
    """
    unknown = sorted(set(data) - EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(unknown[0], _("Unknown field: %(name)s.", name=unknown[0]), code="unknown_field")
    out: dict[str, Any] = {}
    if "title" in data:
        out["title"] = v.check_title(data["title"])
    if "summary" in data:
        out["summary"] = check_summary(data["summary"])
    if "modality" in data:
        out["modality"] = check_modality(data["modality"])
    if "language" in data:
        out["language"] = check_language(data["language"])
    if "license" in data:
        out["license"] = check_license(data["license"])
    if "countries" in data:
        out["countries"] = check_countries(data["countries"])
    if "partner_organizations" in data:
        out["partner_organizations"] = check_organizations(data["partner_organizations"])
    if "sdg_targets" in data:
        out["sdg_targets"] = check_sdg_targets(data["sdg_targets"])
    for name in SECTIONS:
        if name in data:
            out[name] = check_section(data[name], name)
    if any(name in data for name in PERIOD_FIELDS):
        period = {name: current[name] for name in PERIOD_FIELDS}
        for name in ("start_year", "end_year"):
            if name in data:
                period[name] = check_year(data[name], name)
        for name in ("start_month", "end_month"):
            if name in data:
                period[name] = check_month(data[name], name)
        if "is_ongoing" in data:
            period["is_ongoing"] = data["is_ongoing"]
        out.update(check_period(period))
    if "themes" in data:
        out["themes"] = check_themes(data["themes"])
    for name in ("contributors", "contacts"):
        if name in data:
            out[name] = check_usernames(data[name], name)
    return out


def check_complete(snapshot: dict[str, Any]) -> None:
    """What a record needs before review and publication (drafts may be incomplete)."""
    required = [
        ("summary", _("Write a summary before sending the experience for review.")),
        ("modality", _("Choose the cooperation modality before sending the experience for review.")),
        ("countries", _("List the countries involved before sending the experience for review.")),
        ("themes", _("Choose at least one theme before sending the experience for review.")),
        ("start_year", _("Give the year the experience started before sending it for review.")),
    ]
    for field, message in required:
        if not snapshot.get(field):
            raise ValidationError(field, message, code="incomplete")
    if not snapshot.get("end_year") and not snapshot.get("is_ongoing"):
        raise ValidationError("end_year", _("Give the end of the period, or mark the experience as ongoing."),
                              code="incomplete")
