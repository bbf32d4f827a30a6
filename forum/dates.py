"""Times as readers expect them: "3 hours ago" while recent, a date after a week, and the exact
local time (never seconds) where they can ask for it (a `<time>` element's title).

In the reader's language and time zone (Flask-Babel's per-request locale and zone: their profile's
zone, else UTC). Babel is called directly with those, once per value: Flask-Babel's wrappers look
the locale and zone up again for every call, which a page of 20 posts paid 40 times.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time, format_timedelta
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _

RECENT = timedelta(days=7)  # up to this old, a time is said relative to now
JUST_NOW = timedelta(seconds=45)


def _reader() -> tuple[Locale, object]:
    return get_locale() or Locale.parse("en"), get_timezone() or UTC


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def exact(value: datetime | None) -> str:
    """Date and time to the minute, in the reader's zone ("Dec 7, 2026, 5:34 PM", "7 dic 2026, 17:34")."""
    if value is None:
        return ""
    return _exact(value, *_reader())


# A page shows the same times to every reader of a language and zone, page after page: each is
# formatted once per process (a few thousand strings at most), not once per post and request.
@lru_cache(maxsize=8192)
def _exact(value: datetime, locale: Locale, zone: object) -> str:
    local = _aware(value).astimezone(zone)
    pattern = locale.datetime_formats["medium"].replace("'", "")
    return (pattern.replace("{0}", format_time(local, "short", tzinfo=zone, locale=locale))
            .replace("{1}", format_date(local.date(), "medium", locale=locale)))


def day(value: datetime | date | None, fmt: str = "medium") -> str:
    """The calendar day in the reader's zone ("December 7, 2026" with fmt="long")."""
    if value is None:
        return ""
    return _day(value, fmt, *_reader())


@lru_cache(maxsize=8192)
def _day(value: datetime | date, fmt: str, locale: Locale, zone: object) -> str:
    if isinstance(value, datetime):
        value = _aware(value).astimezone(zone).date()
    return format_date(value, fmt, locale=locale)


END_OF_DAY = time(23, 59, 59)  # what a date given alone means as an end: forum.services.sanctions.check_until


def until(value: datetime | date | None) -> str:
    """The end of a period ("suspended until …", "open until …"): the day when it ends with a
    day, as a date given alone is stored (the end of that day, UTC), else the exact time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        in_utc = _aware(value).astimezone(UTC)
        if in_utc.time().replace(microsecond=0) != END_OF_DAY:
            return exact(value)
        value = in_utc.date()
    return format_date(value, "medium", locale=_reader()[0])


def relative(value: datetime | None, now: datetime | None = None) -> str:
    """ "just now", "3 hours ago", "in 2 days" within a week of now; the day beyond."""
    if value is None:
        return ""
    delta = _aware(value) - (now or datetime.now(UTC))
    if abs(delta) > RECENT:
        return day(value)
    if abs(delta) < JUST_NOW:
        return _("just now")
    locale, _zone = _reader()
    return format_timedelta(delta, add_direction=True, threshold=1, locale=locale)
