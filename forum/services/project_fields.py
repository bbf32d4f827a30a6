"""Validators of a cooperation project's fields, milestones and budget lines.

Each `check_*` normalizes one input or raises a ValidationError naming the field the API and the
forms use. `check_fields` checks every given field before anything is written, so a refused
change changes nothing.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import is_currency
from flask_babel import gettext as _
from sqlalchemy import select

from forum.content import MAX_BODY_LENGTH
from forum.errors import ValidationError
from forum.extensions import db
from forum.i18n import country_name
from forum.models import SUPPORT_TYPES, Community, Organization, Thread, User
from forum.services import experience_fields as ef
from forum.services import validation as v

SUMMARY_MAX = 5000
OBJECTIVES_MAX = 20_000
NOTE_MAX = 2000
MILESTONE_TITLE_MAX = 200
BUDGET_DESCRIPTION_MAX = 300
MAX_ITEMS = 40  # countries, organizations, focal points, themes: a project, not a directory
YEAR_MIN, YEAR_MAX = 1950, 2100
# The largest amount a line takes (a trillion): far above any project, far below BIGINT.
AMOUNT_MAX = Decimal(10) ** 12

DATE_FIELDS = ("planned_start", "planned_end", "actual_start", "actual_end")
THREAD_FIELDS = {"offer_thread_id": "offer", "request_thread_id": "request", "discussion_thread_id": None}
EDITABLE_FIELDS = frozenset({"title", "summary", "objectives", "modality", "themes", "support_types", "countries",
                             "organization_ids", *DATE_FIELDS, *THREAD_FIELDS})


def check_list(value: object, field: str) -> list[Any]:
    """A JSON list (or a tuple from Python callers) of at most MAX_ITEMS; None is empty."""
    if value is None:
        return []
    if isinstance(value, tuple):
        value = list(value)
    if not isinstance(value, list):
        raise ValidationError(field, _("This value must be a list."), code="wrong_type")
    if len(value) > MAX_ITEMS:
        raise ValidationError(field, _("Give at most %(n)d values.", n=MAX_ITEMS), code="too_long")
    return value


def check_markdown(value: object, field: str, max_length: int) -> str:
    text = v.check_text(value, field).replace("\r\n", "\n").strip()
    if len(text) > max_length:
        raise ValidationError(field, _("Use at most %(n)d characters.", n=max_length), code="too_long")
    return text


def check_note(value: object, field: str = "note", *, required: bool = True) -> str:
    text = check_markdown(value, field, NOTE_MAX)
    if required and not text:
        raise ValidationError(field, _("Say why, in a short note."), code="required")
    return text


def check_countries(value: object, field: str = "countries") -> list[dict[str, str]]:
    """[{"code": "BR", "role": "offering"}, ...] (pairs are taken too): at least two countries, and
    at least one offering and one receiving country unless every one is a partner."""
    items = [{"code": item[0], "role": item[1]} if isinstance(item, tuple | list) and len(item) == 2 else item
             for item in check_list(value, field)]
    countries = ef.check_countries(items, field)
    if len(countries) < 2:
        raise ValidationError(field, _("Name at least two countries."), code="too_few")
    roles = {c["role"] for c in countries}
    if roles != {"partner"} and not {"offering", "receiving"} <= roles:
        raise ValidationError(field, _("Name at least one offering and one receiving country, or make every "
                                       "country a partner."), code="roles")
    return countries


def check_modality(value: object, field: str = "modality") -> str | None:
    return ef.check_modality(value, field)


def check_support_types(value: object, field: str = "support_types") -> list[str]:
    chosen: list[str] = []
    for item in check_list(value, field):
        text = v.check_text(item, field).strip()
        if text not in SUPPORT_TYPES:
            raise ValidationError(field, _("Choose types of support from the list."), code="unknown_support_type")
        if text not in chosen:
            chosen.append(text)
    return chosen


def check_themes(value: object, field: str = "themes") -> list[Community]:
    """Community slugs (or communities), in the order given; each must exist."""
    items = check_list(value, field)
    if all(isinstance(item, Community) for item in items):
        return list(dict.fromkeys(items))
    return ef.check_themes(items, field)


def check_date(value: object, field: str) -> date | None:
    """A date (or YYYY-MM-DD text; empty is none) between 1950 and 2100."""
    if value is None or isinstance(value, date):
        found = value
    else:
        text = v.check_text(value, field).strip()
        if not text:
            return None
        try:
            found = date.fromisoformat(text)
        except ValueError:
            raise ValidationError(field, _("Enter a date as YYYY-MM-DD."), code="invalid_date") from None
    if found is not None and not YEAR_MIN <= found.year <= YEAR_MAX:
        raise ValidationError(field, _("Enter a date between %(start)d and %(end)d.", start=YEAR_MIN, end=YEAR_MAX),
                              code="out_of_range")
    return found


def check_required_date(value: object, field: str) -> date:
    found = check_date(value, field)
    if found is None:
        raise ValidationError(field, _("Enter a date as YYYY-MM-DD."), code="required")
    return found


def check_period(dates: dict[str, date | None]) -> None:
    """Ends not before starts (the error names the end), and no actual end without a start."""
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        if dates[end] is not None and dates[start] is None and start == "actual_start":
            raise ValidationError(start, _("Give the date it actually started."), code="required")
        if dates[start] is not None and dates[end] is not None and dates[end] < dates[start]:
            raise ValidationError(end, _("The end date is before the start date."), code="end_before_start")


def check_thread_link(value: object, field: str) -> int | None:
    """The id of a thread that exists and is not deleted; an offer or a request for those links."""
    ident = v.check_optional_int(value, field, minimum=1, maximum=v.MAX_ID)
    if ident is None:
        return None
    kind = THREAD_FIELDS[field]
    thread = db.session.get(Thread, ident)
    if thread is None or thread.is_deleted or (kind is not None and thread.kind != kind):
        message = {"offer": _("There is no offer with this number."),
                   "request": _("There is no request with this number.")}.get(kind or "", _("There is no thread "
                                                                                           "with this number."))
        raise ValidationError(field, message, code="not_found")
    return ident


def check_organization_ids(value: object, field: str = "organization_ids") -> list[Organization]:
    """Existing organizations, in the order given; a merged one counts as the one it became."""
    ids: list[int] = []
    for item in check_list(value, field):
        ident = v.check_int(item, field, minimum=1, maximum=v.MAX_ID)
        if ident not in ids:
            ids.append(ident)
    if not ids:
        return []
    found = {o.id: o for o in db.session.scalars(select(Organization).where(Organization.id.in_(ids)))}
    result: list[Organization] = []
    for ident in ids:
        organization = found.get(ident)
        if organization is None:
            raise ValidationError(field, _("There is no organization number %(id)d.", id=ident), code="not_found")
        while organization.merged_into is not None:
            organization = organization.merged_into
        if organization not in result:
            result.append(organization)
    return result


def check_focal_points(value: object, country_codes: Iterable[str], field: str = "focal_point_ids") -> list[User]:
    """Active members from one of the project's countries, in the order given."""
    ids: list[int] = []
    for item in check_list(value, field):
        ident = v.check_int(item, field, minimum=1, maximum=v.MAX_ID)
        if ident not in ids:
            ids.append(ident)
    if not ids:
        return []
    found = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_(ids), User.deactivated_at.is_(None)))}
    users = []
    for ident in ids:
        if ident not in found:
            raise ValidationError(field, _("There is no member number %(id)d.", id=ident), code="unknown_user")
        users.append(check_focal_point_country(found[ident], country_codes, field))
    return users


def check_focal_point_country(user: User, country_codes: Iterable[str], field: str) -> User:
    if user.country not in set(country_codes):
        raise ValidationError(field, _("%(name)s is from %(country)s, which is not one of the project's countries.",
                                       name=user.display_name, country=country_name(user.country) or "—"),
                              code="country_not_in_project")
    return user


def check_project_country(value: object, country_codes: Iterable[str], field: str) -> str:
    """One of the project's countries (a milestone's responsible country, a budget line's)."""
    code = v.check_country(value, field)
    if code not in set(country_codes):
        raise ValidationError(field, _("%(country)s is not one of the project's countries.",
                                       country=country_name(code)), code="country_not_in_project")
    return code


def check_fields(data: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Normalize the given editable fields; `current` (a snapshot) gives the others, so the dates
    are checked as a whole. Themes come back as communities, organizations as records."""
    unknown = sorted(set(data) - EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(unknown[0], _("Unknown field: %(name)s.", name=unknown[0]), code="unknown_field")
    out: dict[str, Any] = {}
    if "title" in data:
        out["title"] = v.check_title(data["title"])
    if "summary" in data:
        out["summary"] = check_markdown(data["summary"], "summary", SUMMARY_MAX)
    if "objectives" in data:
        out["objectives"] = check_markdown(data["objectives"], "objectives", min(OBJECTIVES_MAX, MAX_BODY_LENGTH))
    if "modality" in data:
        out["modality"] = check_modality(data["modality"])
    if "countries" in data:
        out["countries"] = check_countries(data["countries"])
    if "themes" in data:
        out["themes"] = check_themes(data["themes"])
    if "support_types" in data:
        out["support_types"] = check_support_types(data["support_types"])
    if "organization_ids" in data:
        out["organization_ids"] = check_organization_ids(data["organization_ids"])
    for name in THREAD_FIELDS:
        if name in data:
            out[name] = check_thread_link(data[name], name)
    dates = {name: _as_date(current.get(name)) for name in DATE_FIELDS}
    for name in DATE_FIELDS:
        if name in data:
            dates[name] = out[name] = check_date(data[name], name)
    check_period(dates)
    return out


def _as_date(value: object) -> date | None:
    if isinstance(value, str) and value:
        return date.fromisoformat(value)
    return value if isinstance(value, date) else None


# ---------- milestones ----------


def check_milestone_title(value: object, field: str = "title") -> str:
    return v.check_line(value, field, max_length=MILESTONE_TITLE_MAX, required=True)


# ---------- budget lines ----------


def check_currency(value: object, field: str = "currency") -> str:
    """An ISO 4217 code Babel knows (its CLDR list of currencies)."""
    code = v.check_text(value, field).strip().upper()
    if not code:
        raise ValidationError(field, _("Choose the currency of the amount."), code="required")
    if len(code) != 3 or not code.isascii() or not code.isalpha() or not is_currency(code):
        raise ValidationError(field, _("%(code)s is not an ISO 4217 currency code.", code=code[:10]),
                              code="unknown_currency")
    return code


def check_amount(value: object, field: str = "amount") -> Decimal:
    """Zero or more, at most two decimals: "1500", "1500.50", 1500 (a JSON number or form text)."""
    if isinstance(value, bool) or value is None:
        raise ValidationError(field, _("Enter an amount, for example 1500.50."), code="required")
    text = v.check_text(value, field).strip().replace(",", "") if isinstance(value, str) else str(value)
    if not text:
        raise ValidationError(field, _("Enter an amount, for example 1500.50."), code="required")
    if len(text) > 30:
        raise ValidationError(field, _("This number is out of range."), code="out_of_range")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError(field, _("Enter an amount, for example 1500.50."), code="wrong_type") from None
    if not amount.is_finite():
        raise ValidationError(field, _("Enter an amount, for example 1500.50."), code="wrong_type")
    if amount < 0:
        raise ValidationError(field, _("An amount cannot be negative."), code="negative")
    if amount > AMOUNT_MAX:
        raise ValidationError(field, _("This number is out of range."), code="out_of_range")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(field, _("Use at most two decimals."), code="too_precise")
    return amount.quantize(Decimal("0.01"))


def check_budget_description(value: object, field: str = "description", *, required: bool = False) -> str:
    text = v.check_line(value, field, max_length=BUDGET_DESCRIPTION_MAX)
    if required and not text:
        raise ValidationError(field, _("Say what is given in kind."), code="required")
    return text
