"""Validators: `check_*` normalizes one input or raises a ValidationError naming the field."""

import re
import unicodedata
from functools import lru_cache

import pycountry
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from forum.content import MAX_BODY_LENGTH
from forum.errors import ValidationError
from forum.models import ROLES, SECTORS, THREAD_KINDS

USERNAME_RE = re.compile(r"^[A-Za-z0-9_-]{3,30}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PASSWORD_MIN = 10
# Long passphrases are welcome; this bound only stops a megabyte from reaching the hasher.
PASSWORD_MAX = 1024
TITLE_MIN, TITLE_MAX = 5, 200
LOCALES = ("en", "es", "pt", "fr")
# /c/new creates a community, so no community may be called "new".
RESERVED_COMMUNITY_SLUGS = {"new"}


def _no_controls(value: str) -> bool:
    return not any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in value)


def _text(value: object, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(field, _("This value must be text."), code="wrong_type")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates ("\ud800") are valid JSON but not text
        raise ValidationError(field, _("This text contains characters that are not allowed.")) from None
    return value


def check_email(value: object, field: str = "email") -> str:
    text = _text(value, field).strip()
    if not text:
        raise ValidationError(field, _("Enter your email address."), code="required")
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError(field, _("Enter a valid email address.")) from None
    return result.normalized.lower()


def check_username(value: object, field: str = "username") -> str:
    text = _text(value, field).strip()
    if not USERNAME_RE.fullmatch(text):
        raise ValidationError(
            field, _("Usernames have 3 to 30 letters, digits, underscores or hyphens.")
        )
    return text


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    # zxcvbn's list of the 30,000 most common passwords.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_password(value: object, field: str = "password", *, username: str = "", email: str = "") -> str:
    text = _text(value, field)
    if len(text) < PASSWORD_MIN:
        raise ValidationError(field, _("Use at least %(n)d characters.", n=PASSWORD_MIN), code="too_short")
    if len(text) > PASSWORD_MAX:
        raise ValidationError(field, _("Use at most %(n)d characters.", n=PASSWORD_MAX), code="too_long")
    lowered = text.lower()
    if lowered in _common_passwords() or lowered in {username.lower(), email.lower()}:
        raise ValidationError(field, _("This password is too common. Choose another."), code="too_common")
    return text


def check_country(value: object, field: str = "country") -> str:
    text = _text(value, field).strip().upper()
    if len(text) != 2 or pycountry.countries.get(alpha_2=text) is None:
        raise ValidationError(field, _("Choose a country."))
    return text


def check_sector(value: object, field: str = "sector") -> str:
    text = _text(value, field).strip()
    if text not in SECTORS:
        raise ValidationError(field, _("Choose a sector."))
    return text


def check_role(value: object, field: str = "role") -> str:
    text = _text(value, field).strip()
    if text not in ROLES:
        raise ValidationError(field, _("Choose a role."))
    return text


def check_locale(value: object, field: str = "locale") -> str | None:
    text = _text(value, field).strip()
    if not text:
        return None
    if text not in LOCALES:
        raise ValidationError(field, _("Choose a language."))
    return text


def check_line(value: object, field: str, *, max_length: int, required: bool = False) -> str:
    """A single line of plain text: trimmed, inner whitespace collapsed, no control characters."""
    text = " ".join(_text(value, field).split())
    if required and not text:
        raise ValidationError(field, _("This field is required."), code="required")
    if len(text) > max_length:
        raise ValidationError(field, _("Use at most %(n)d characters.", n=max_length), code="too_long")
    if not _no_controls(text):
        raise ValidationError(field, _("This text contains characters that are not allowed."))
    return text


def check_display_name(value: object, field: str = "display_name") -> str:
    return check_line(value, field, max_length=80)


def check_organization(value: object, field: str = "organization") -> str:
    return check_line(value, field, max_length=120)


def check_title(value: object, field: str = "title") -> str:
    text = check_line(value, field, max_length=TITLE_MAX, required=True)
    if len(text) < TITLE_MIN:
        raise ValidationError(field, _("Use at least %(n)d characters.", n=TITLE_MIN), code="too_short")
    return text


def check_body(value: object, field: str = "body") -> str:
    text = _text(value, field)
    text = text.replace("\r\n", "\n").rstrip()
    if not text.strip():
        raise ValidationError(field, _("Write something first."), code="required")
    if len(text) > MAX_BODY_LENGTH:
        raise ValidationError(
            field, _("Use at most %(n)d characters.", n=MAX_BODY_LENGTH), code="too_long"
        )
    if not _no_controls(text):
        raise ValidationError(field, _("This text contains characters that are not allowed."))
    return text


def check_kind(value: object, field: str = "kind") -> str:
    text = _text(value, field).strip() or "discussion"
    if text not in THREAD_KINDS:
        raise ValidationError(field, _("Choose a kind of thread."))
    return text


def check_slug(value: object, field: str = "slug") -> str:
    text = _text(value, field).strip()
    if not (2 <= len(text) <= 64) or not SLUG_RE.fullmatch(text):
        raise ValidationError(field, _("Use 2 to 64 lowercase letters, digits and hyphens."))
    if text in RESERVED_COMMUNITY_SLUGS:
        raise ValidationError(field, _("This address is reserved."), code="reserved")
    return text


def check_bio(value: object, field: str = "bio") -> str:
    text = _text(value, field).strip()
    if len(text) > 2000:
        raise ValidationError(field, _("Use at most %(n)d characters.", n=2000), code="too_long")
    return text


MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on PostgreSQL


def is_valid_id(value: int) -> bool:
    return 1 <= value <= MAX_ID


def check_int(value: object, field: str, *, minimum: int = 0, maximum: int = 10**9) -> int:
    if isinstance(value, bool):
        raise ValidationError(field, _("This value must be a whole number."), code="wrong_type")
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        raise ValidationError(field, _("This value must be a whole number."), code="wrong_type") from None
    if not minimum <= number <= maximum:
        raise ValidationError(field, _("This number is out of range."), code="out_of_range")
    return number
