"""Site settings that an administrator changes while the site runs (/moderation/settings).

Only settings that are safe to change at run time live here: each is read afresh by every page
(no process keeps a copy longer than `CURRENT_SECONDS`), none is needed to start the application,
reach a service or keep a secret, and a wrong value is undone from the same page:

* the site's name and tagline, shown in the layout (text, escaped like any other);
* an announcement shown on every page (Markdown, rendered and sanitized once at write time by
  forum.content, like a post), which a reader may hide until its next version;
* the registration mode: open, by invitation only, or closed (invitations work in every mode).

Settings an operator sets in the environment stay there (rate limits, mail server, secrets, the
database): Flask-Limiter, the mail sender and the pools read them once at start, and a wrong value
could lock the administrators out of the very page that would fix it.

The current values are read once every `CURRENT_SECONDS` per process, as forum.services.legal
reads the current terms: a page costs no query; a change shows at once in the process that made
it, and within `CURRENT_SECONDS` in the others. Every change is in the audit log.
"""

import time
from dataclasses import dataclass, fields

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from forum import content, permissions
from forum.errors import Forbidden, ValidationError
from forum.extensions import db
from forum.models import REGISTRATION_MODES, SiteSettings, User
from forum.models.base import utcnow
from forum.services import audit
from forum.services import validation as v

CURRENT_SECONDS = 30.0
ANNOUNCEMENT_MAX = 2000
ROW_ID = 1


@dataclass(frozen=True)
class Settings:
    site_name: str = "Horizonte"
    tagline: str = ""
    announcement: str = ""
    announcement_html: str = ""
    announcement_version: int = 0
    registration_mode: str = "open"


DEFAULTS = Settings()
# What an administrator edits (the announcement's HTML and version follow its source).
EDITABLE = ("site_name", "tagline", "announcement", "registration_mode")
_current: dict[str, tuple[float, Settings]] = {}


def _from_row(row: SiteSettings | None) -> Settings:
    if row is None:
        return DEFAULTS
    return Settings(**{f.name: getattr(row, f.name) for f in fields(Settings)})


def current() -> Settings:
    """The settings in force (one query every CURRENT_SECONDS per process)."""
    key = current_app.config["SQLALCHEMY_DATABASE_URI"]
    found = _current.get(key)
    now = time.monotonic()
    if found is None or now - found[0] > CURRENT_SECONDS:
        try:
            settings = _from_row(db.session.get(SiteSettings, ROW_ID))
        except SQLAlchemyError:  # an error page while the database is away still renders
            db.session.rollback()
            return found[1] if found else DEFAULTS
        found = _current[key] = (now, settings)
    return found[1]


def forget_current(known: Settings | None = None) -> None:
    """Read the settings again at the next page (after a change); or, for a caller who just
    emptied the database (the test suite), take `known` as them."""
    _current.clear()
    if known is not None:
        _current[current_app.config["SQLALCHEMY_DATABASE_URI"]] = (time.monotonic(), known)


def check_registration_mode(value: object, field: str = "registration_mode") -> str:
    text = v.check_text(value, field).strip()
    if text not in REGISTRATION_MODES:
        raise ValidationError(field, _("Choose one of the listed values."), code="invalid_choice")
    return text


def registration_refusal(settings: Settings | None = None) -> str | None:
    """Why a person cannot register on their own now (None: they can)."""
    mode = (settings or current()).registration_mode
    if mode == "invitation":
        return _("Joining is by invitation only: ask an administrator to invite you.")
    if mode == "closed":
        return _("Registration is closed for now.")
    return None


def check_registration_open() -> None:
    """Raise the clear 403 of a registration mode that turns a person away (invitations pass)."""
    refusal = registration_refusal()
    if refusal is not None:
        raise Forbidden(refusal, code="registration_closed")


def do_update(admin: User, *, site_name: object, tagline: object, announcement: object,
              registration_mode: object) -> Settings:
    """Save the settings; each one that changed is an audit entry of its own."""
    permissions.require_signed_in(admin)
    permissions.require(permissions.can_change_site_settings(admin))
    values = {
        "site_name": v.check_line(site_name, "site_name", max_length=60, required=True),
        "tagline": v.check_line(tagline, "tagline", max_length=160),
        "announcement": _check_announcement(announcement),
        "registration_mode": check_registration_mode(registration_mode),
    }
    row = db.session.get(SiteSettings, ROW_ID, with_for_update=True)
    before = _from_row(row)
    if row is None:
        row = SiteSettings(id=ROW_ID, **{f.name: getattr(DEFAULTS, f.name) for f in fields(Settings)})
        db.session.add(row)
    changed = [name for name in EDITABLE if values[name] != getattr(before, name)]
    if not changed:
        return before
    for name in changed:
        setattr(row, name, values[name])
        audit.record(admin, "site.settings", "site", ROW_ID,
                     details={"setting": name, "before": getattr(before, name), "after": values[name]})
    if "announcement" in changed:
        row.announcement_html = content.render(values["announcement"]) if values["announcement"] else ""
        row.announcement_version = before.announcement_version + 1
    row.updated_at = utcnow()
    row.updated_by_id = admin.id
    db.session.flush()
    forget_current()
    return _from_row(row)


def _check_announcement(value: object) -> str:
    text = v.check_text(value, "announcement").strip()
    if len(text) > ANNOUNCEMENT_MAX:
        raise ValidationError("announcement", _("Use at most %(n)d characters.", n=ANNOUNCEMENT_MAX), code="too_long")
    if not v.has_no_controls(text):
        raise ValidationError("announcement", _("This text contains characters that are not allowed."))
    return text
