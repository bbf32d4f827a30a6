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


def has_no_controls(value: str, *, multiline: bool = True) -> bool:
    """Whether `value` has no control character (Unicode category Cc: NUL, which PostgreSQL refuses
    in text, and the others no input of ours needs), tabs and line breaks aside when `multiline`.
    The one place that decides, for the request boundary (forum.boundary), JSON bodies and every
    text a service checks."""
    allowed = "\n\r\t" if multiline else ""
    return not any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value)


def check_text(value: object, field: str) -> str:
    """Any text input: None is empty; non-strings, unencodable text and control characters other
    than tabs and line breaks are refused (not stripped). Every text a service reads passes here, so
    a form with a NUL in a field shows again with the error next to it."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(field, _("This value must be text."), code="wrong_type")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates ("\ud800") are valid JSON but not text
        raise ValidationError(field, _("This text contains characters that are not allowed.")) from None
    if not has_no_controls(value):
        raise ValidationError(field, _("This text contains characters that are not allowed."))
    return value


def check_email(value: object, field: str = "email") -> str:
    text = check_text(value, field).strip()
    if not text:
        raise ValidationError(field, _("Enter your email address."), code="required")
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError(field, _("Enter a valid email address.")) from None
    return result.normalized.lower()


def check_username(value: object, field: str = "username") -> str:
    text = check_text(value, field).strip()
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
    text = check_text(value, field)
    if len(text) < PASSWORD_MIN:
        raise ValidationError(field, _("Use at least %(n)d characters.", n=PASSWORD_MIN), code="too_short")
    if len(text) > PASSWORD_MAX:
        raise ValidationError(field, _("Use at most %(n)d characters.", n=PASSWORD_MAX), code="too_long")
    lowered = text.lower()
    if lowered in _common_passwords() or lowered in {username.lower(), email.lower()}:
        raise ValidationError(field, _("This password is too common. Choose another."), code="too_common")
    return text


def check_country(value: object, field: str = "country") -> str:
    text = check_text(value, field).strip().upper()
    if len(text) != 2 or pycountry.countries.get(alpha_2=text) is None:
        raise ValidationError(field, _("Choose a country."))
    return text


def check_sector(value: object, field: str = "sector") -> str:
    text = check_text(value, field).strip()
    if text not in SECTORS:
        raise ValidationError(field, _("Choose a sector."))
    return text


def check_role(value: object, field: str = "role") -> str:
    text = check_text(value, field).strip()
    if text not in ROLES:
        raise ValidationError(field, _("Choose a role."))
    return text


def check_locale(value: object, field: str = "locale") -> str | None:
    text = check_text(value, field).strip()
    if not text:
        return None
    if text not in LOCALES:
        raise ValidationError(field, _("Choose a language."))
    return text


def check_line(value: object, field: str, *, max_length: int, required: bool = False) -> str:
    """A single line of plain text: trimmed, inner whitespace collapsed, no control characters."""
    text = " ".join(check_text(value, field).split())
    if required and not text:
        raise ValidationError(field, _("This field is required."), code="required")
    if len(text) > max_length:
        raise ValidationError(field, _("Use at most %(n)d characters.", n=max_length), code="too_long")
    if not has_no_controls(text):
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
    text = check_text(value, field)
    text = text.replace("\r\n", "\n").rstrip()
    if not text.strip():
        raise ValidationError(field, _("Write something first."), code="required")
    if len(text) > MAX_BODY_LENGTH:
        raise ValidationError(
            field, _("Use at most %(n)d characters.", n=MAX_BODY_LENGTH), code="too_long"
        )
    if not has_no_controls(text):
        raise ValidationError(field, _("This text contains characters that are not allowed."))
    return text


def check_kind(value: object, field: str = "kind") -> str:
    text = check_text(value, field).strip() or "discussion"
    if text not in THREAD_KINDS:
        raise ValidationError(field, _("Choose a kind of thread."))
    return text


def check_content_language(value: object, field: str = "language", *, required: bool = True) -> str | None:
    """One of the content languages ("en", "es", "pt", "fr"); empty means "guess it" when not required."""
    from forum.content_language import CONTENT_LANGUAGES

    text = check_text(value, field).strip()
    if not text and not required:
        return None
    if text not in CONTENT_LANGUAGES:
        raise ValidationError(field, _("Choose a language."), code="unknown_language")
    return text


def check_slug(value: object, field: str = "slug") -> str:
    text = check_text(value, field).strip()
    if not (2 <= len(text) <= 64) or not SLUG_RE.fullmatch(text):
        raise ValidationError(field, _("Use 2 to 64 lowercase letters, digits and hyphens."))
    if text in RESERVED_COMMUNITY_SLUGS:
        raise ValidationError(field, _("This address is reserved."), code="reserved")
    return text


def check_bio(value: object, field: str = "bio") -> str:
    text = check_text(value, field).replace("\r\n", "\n").strip()
    if len(text) > 2000:
        raise ValidationError(field, _("Use at most %(n)d characters.", n=2000), code="too_long")
    if not has_no_controls(text):
        raise ValidationError(field, _("This text contains characters that are not allowed."))
    return text


MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on PostgreSQL
MAX_PAGE = 1_000_000  # of any paginated list


def is_valid_id(value: int) -> bool:
    return 1 <= value <= MAX_ID


# A whole number as a client writes one: ASCII digits. `str.isdigit()` is True for "²" (and int()
# then raises) and int() reads "١٢" as 12; neither is a number anyone means.
_INTEGER_RE = re.compile(r"-?[0-9]+")
# More characters than any number we accept (64-bit with a sign): refused before int(), which would
# otherwise convert a 4,000-digit string (and raise beyond 4,300).
INTEGER_MAX_CHARS = 20


def check_int(value: object, field: str, *, minimum: int = 0, maximum: int = 10**9) -> int:
    """The one way to read a whole number from a request (query string, form field, JSON value):
    an int, or text of ASCII digits of bounded length; then the range."""
    if isinstance(value, bool):
        raise ValidationError(field, _("This value must be a whole number."), code="wrong_type")
    if isinstance(value, int):
        number = value
    else:
        text = value.strip() if isinstance(value, str) else ""
        if not _INTEGER_RE.fullmatch(text):
            raise ValidationError(field, _("This value must be a whole number."), code="wrong_type")
        if len(text) > INTEGER_MAX_CHARS:
            raise ValidationError(field, _("This number is out of range."), code="out_of_range")
        number = int(text)
    if not minimum <= number <= maximum:
        raise ValidationError(field, _("This number is out of range."), code="out_of_range")
    return number


def check_optional_int(value: object, field: str, *, minimum: int = 0, maximum: int = 10**9) -> int | None:
    """check_int, with None or empty text meaning "not given"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return check_int(value, field, minimum=minimum, maximum=maximum)


# ---------- profile fields ----------

# Languages a member may say they speak: ISO 639-1 codes, the Americas' official and most spoken
# languages first (Haitian Creole, Quechua, Guarani, Aymara...), then common others.
LANGUAGE_CODES = ("en", "es", "pt", "fr", "ht", "nl", "qu", "gn", "ay", "de", "it", "zh", "ja", "ko", "ar",
                  "ru", "hi")
MAX_LANGUAGES = 10
MAX_EXPERTISE = 10
EXPERTISE_MIN, EXPERTISE_MAX = 2, 40
BIO_MAX = 2000


def check_position(value: object, field: str = "position") -> str:
    return check_line(value, field, max_length=120)


def check_bool(value: object, field: str) -> bool:
    """A JSON boolean, or a form checkbox's value (absent is False)."""
    if value is None or value is False or value == "":
        return False
    if value is True or value in ("y", "on", "true", "1"):
        return True
    raise ValidationError(field, _("This value must be true or false."), code="wrong_type")


def _items(value: object, field: str) -> list[str]:
    """A list of strings from JSON, or a comma-separated line from a form."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in check_text(value, field).split(",") if part.strip()]
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return [check_text(item, field) for item in value]
    raise ValidationError(field, _("This value must be a list of text."), code="wrong_type")


def expertise_key(name: str) -> str:
    """One key for "Cold chain", "cold-chain" and "COLD CHAIN" (and the directory's filter)."""
    from slugify import slugify

    return slugify(name, max_length=48)


def check_expertise(value: object, field: str = "expertise") -> list[tuple[str, str]]:
    """(key, name) pairs, duplicates by key removed, in the order given."""
    tags: dict[str, str] = {}
    for item in _items(value, field):
        name = check_line(item, field, max_length=EXPERTISE_MAX)
        key = expertise_key(name)
        if len(name) < EXPERTISE_MIN or not key:
            raise ValidationError(field, _("Each field of expertise needs %(min)d to %(max)d characters.",
                                           min=EXPERTISE_MIN, max=EXPERTISE_MAX))
        tags.setdefault(key, name)
    if len(tags) > MAX_EXPERTISE:
        raise ValidationError(field, _("Name at most %(n)d fields of expertise.", n=MAX_EXPERTISE), code="too_many")
    return list(tags.items())


def check_languages(value: object, field: str = "languages") -> list[str]:
    codes: list[str] = []
    for item in _items(value, field):
        code = item.strip().lower()
        if code not in LANGUAGE_CODES:
            raise ValidationError(field, _("Choose languages from the list."))
        if code not in codes:
            codes.append(code)
    if len(codes) > MAX_LANGUAGES:
        raise ValidationError(field, _("Choose at most %(n)d languages.", n=MAX_LANGUAGES), code="too_many")
    return codes


@lru_cache(maxsize=1)
def time_zone_names() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def check_timezone(value: object, field: str = "timezone") -> str | None:
    """An IANA zone name known to zoneinfo ("America/Bogota"), or None when left empty."""
    text = check_text(value, field).strip()
    if not text:
        return None
    if text not in time_zone_names():
        raise ValidationError(field, _("Choose a time zone from the list, such as America/Bogota."))
    return text


def like_escape(text: str) -> str:
    """`text` as a literal inside a LIKE pattern (with `escape="\\"`): its %, _ and \\ match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
