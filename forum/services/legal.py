"""The terms of use and the privacy notice: versions published by administrators, accepted by
members at registration, and asked again of every member after a new version.

Before the first version of a document is published, nobody is asked about it (a new site writes
its own). The current versions are read once a minute per process (`CURRENT_SECONDS`), and each
member's accepted versions are on their row: asking costs a page no query.
"""

import time
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from forum import content, permissions
from forum.errors import NotFound, ValidationError
from forum.extensions import db
from forum.models import LEGAL_KINDS, LegalConsent, LegalText, User
from forum.models.base import utcnow
from forum.services import audit
from forum.services import validation as v

CURRENT_SECONDS = 60.0
_current: dict[str, tuple[float, dict[str, int]]] = {}


@dataclass(frozen=True)
class Pending:
    kind: str
    version: int


def current_versions() -> dict[str, int]:
    """{kind: newest version} of the published documents (one query a minute per process)."""
    key = current_app.config["SQLALCHEMY_DATABASE_URI"]
    found = _current.get(key)
    now = time.monotonic()
    if found is None or now - found[0] > CURRENT_SECONDS:
        try:
            versions = dict(db.session.execute(
                select(LegalText.kind, func.max(LegalText.version)).group_by(LegalText.kind)).all())
        except SQLAlchemyError:  # an error page while the database is away still renders
            db.session.rollback()
            return found[1] if found else {}
        found = _current[key] = (now, versions)
    return found[1]


def forget_current(known: dict[str, int] | None = None) -> None:
    """Read the current versions again at the next page (after a publication); or, for a caller
    who just emptied or filled the database (the test suite), take `known` as them."""
    _current.clear()
    if known is not None:
        _current[current_app.config["SQLALCHEMY_DATABASE_URI"]] = (time.monotonic(), dict(known))


def accepted_version(user: User, kind: str) -> int | None:
    return user.terms_version if kind == "terms" else user.privacy_version


def pending(user: User) -> list[Pending]:
    """The documents whose current version the member has not accepted yet."""
    return [Pending(kind, version) for kind, version in sorted(current_versions().items())
            if (accepted_version(user, kind) or 0) < version]


def do_accept(user: User) -> None:
    """The member accepts the current version of every published document."""
    now = utcnow()
    for item in pending(user):
        db.session.add(LegalConsent(user_id=user.id, kind=item.kind, version=item.version, accepted_at=now))
        setattr(user, f"{item.kind}_version", item.version)
    db.session.flush()


def check_kind(kind: object) -> str:
    if kind not in LEGAL_KINDS:
        raise NotFound()
    return kind  # type: ignore[return-value]


def document(kind: str, version: object = None) -> LegalText | None:
    """A version of a document (the current one by default); None before any is published."""
    query = select(LegalText).where(LegalText.kind == check_kind(kind))
    if version is not None:
        number = v.check_int(version, "version", minimum=1, maximum=v.MAX_ID)
        return db.session.scalar(query.where(LegalText.version == number))
    return db.session.scalar(query.order_by(LegalText.version.desc()).limit(1))


def versions(kind: str) -> list[LegalText]:
    return list(db.session.scalars(select(LegalText).where(LegalText.kind == check_kind(kind))
                                   .order_by(LegalText.version.desc())))


def do_publish(admin: User, kind: str, source: object) -> LegalText:
    """A new version: every member is asked to accept it at their next page."""
    permissions.require_signed_in(admin)
    permissions.require(permissions.is_admin(admin))
    text = v.check_body(source, "source")
    latest = document(kind)
    if latest is not None and latest.source == text:
        raise ValidationError("source", _("This is the current version already: change the text to publish a "
                                          "new one."), code="unchanged")
    published = LegalText(kind=kind, version=(latest.version + 1) if latest else 1, source=text,
                          html=content.render(text), created_at=utcnow(), created_by_id=admin.id)
    db.session.add(published)
    db.session.flush()
    audit.record(admin, "legal.publish", "legal", published.id, details={"kind": kind, "version": published.version})
    db.session.flush()
    forget_current()
    return published
