"""Good-practice assessment of documented experiences, and their validation by every country involved.

Assessment, in PAHO's two steps:

1. a basic screening: a moderator of the record (not one of its editors) ticks a checklist
   (results documented, a year of implementation or completed, consent of the people quoted,
   contacts available), with an optional comment; it passes when every box is ticked;
2. a technical assessment, once the screening passed: each core attribute (config
   GOOD_PRACTICE_ATTRIBUTES) scored 1-4 with a written justification by assessors (moderators of
   the record who are not its editors), who may revise their scores.

A record is "assessed" when at least MIN_ASSESSORS assessors scored every attribute, and a "good
practice" when it is assessed and every attribute's median is at least GOOD_PRACTICE_MEDIAN. The
state is kept on the record (`Experience.assessment_status`) and as facets (`assessment=assessed`,
`assessment=good_practice`), in the transaction of the change that causes it.

Validation (SEGIB's rule): when a record goes to review, the focal points of each country involved
(members an admin named to speak for it) are asked to confirm the facts about their country: its
role, the period and the partner organizations (the record does not say which organization is
whose, so every country confirms the list). They validate, or ask for a change with a comment. A
later edit of those facts puts that country back to pending. `validated=all` is a facet too.

Two hooks in forum.services.experiences: `refresh_derived` (from its facet refresh, run by every
write of the record's fields) and `request_validations` (draft -> in review).
"""

import json
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.errors import Conflict, Forbidden, NotFound, ValidationError
from forum.experience_reference import ASSESSMENT_FILTERS, GOOD_PRACTICE_ATTRIBUTES, SCREENING_CHECK_LABELS
from forum.extensions import db
from forum.i18n import country_name
from forum.models import (
    SCREENING_CHECKS,
    CountryFocalPoint,
    Experience,
    ExperienceFacet,
    ExperienceScore,
    ExperienceScreening,
    ExperienceValidation,
    User,
    utcnow,
)
from forum.services import audit
from forum.services import validation as v
from forum.services.notifications import notify_many

SCORE_MIN, SCORE_MAX = 1, 4
MIN_ASSESSORS = 2
GOOD_PRACTICE_MEDIAN = 3
TEXT_MAX = 2000  # a justification, a screening comment, a requested change
DECISIONS = ("validated", "changes_requested")
OWN_FACETS = tuple(ASSESSMENT_FILTERS)  # "assessment", "validated"
NOTIFICATION_KIND = "experience_validation"


def attributes() -> list[str]:
    """The core attributes scored on this site, in order (config GOOD_PRACTICE_ATTRIBUTES)."""
    return list(current_app.config["GOOD_PRACTICE_ATTRIBUTES"])


def check_attribute_codes(codes: Iterable[str]) -> None:
    """At start-up: every configured attribute must be one the site has labels for."""
    codes = list(codes)
    unknown = [code for code in codes if code not in GOOD_PRACTICE_ATTRIBUTES]
    if unknown or not codes:
        raise RuntimeError(f"GOOD_PRACTICE_ATTRIBUTES: choose among {', '.join(GOOD_PRACTICE_ATTRIBUTES)} "
                           f"(unknown: {', '.join(unknown) or 'none given'})")


# ---------- the rule ----------


def median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def compute_status(screening: ExperienceScreening | None, scores: Iterable[ExperienceScore],
                   codes: list[str]) -> str:
    """none / screened / assessed / good_practice, from the screening and every score."""
    if screening is None or not screening.is_passed:
        return "none"
    by_attribute: dict[str, list[int]] = {code: [] for code in codes}
    scored: dict[int, set[str]] = {}
    for s in scores:
        if s.attribute in by_attribute:
            by_attribute[s.attribute].append(s.score)
            scored.setdefault(s.assessor_id, set()).add(s.attribute)
    complete = sum(1 for done in scored.values() if done >= set(codes))
    if complete < MIN_ASSESSORS:
        return "screened"
    if all((median(values) or 0) >= GOOD_PRACTICE_MEDIAN for values in by_attribute.values()):
        return "good_practice"
    return "assessed"


# ---------- reads ----------


@dataclass
class AttributeResult:
    code: str
    scores: list[ExperienceScore]
    median: float | None


@dataclass
class Assessment:
    status: str
    screening: ExperienceScreening | None
    attributes: list[AttributeResult]
    assessors: list[User]

    @property
    def is_good_practice(self) -> bool:
        return self.status == "good_practice"

    def scores_by(self, assessor_id: int) -> dict[str, ExperienceScore]:
        return {s.attribute: s for a in self.attributes for s in a.scores if s.assessor_id == assessor_id}


def _scores(experience: Experience) -> list[ExperienceScore]:
    """Every score of the record with its assessor (one query; none before a passed screening)."""
    if experience.screening is None or not experience.screening.is_passed:
        return []
    return list(db.session.scalars(
        select(ExperienceScore).options(joinedload(ExperienceScore.assessor))
        .where(ExperienceScore.experience_id == experience.id)
        .order_by(ExperienceScore.created_at, ExperienceScore.assessor_id)))


def assessment_of(experience: Experience) -> Assessment:
    """The screening, each configured attribute's scores and median, and who assessed."""
    scores = _scores(experience)
    codes = attributes()
    assessors: dict[int, User] = {}
    for s in scores:
        assessors.setdefault(s.assessor_id, s.assessor)
    results = []
    for code in codes:
        mine = [s for s in scores if s.attribute == code]
        results.append(AttributeResult(code, mine, median([s.score for s in mine])))
    return Assessment(experience.assessment_status, experience.screening, results, list(assessors.values()))


def medians_of(experiences: Iterable[Experience]) -> dict[int, dict[str, float | None]]:
    """{experience id: {attribute: median}} of the assessed records among `experiences`, in one
    query (the compendium prints them)."""
    assessed = [e.id for e in experiences if e.assessment_status in ("assessed", "good_practice")]
    values: dict[int, dict[str, list[int]]] = {ident: {} for ident in assessed}
    if assessed:
        for experience_id, attribute, score in db.session.execute(
                select(ExperienceScore.experience_id, ExperienceScore.attribute, ExperienceScore.score)
                .where(ExperienceScore.experience_id.in_(assessed))):
            values[experience_id].setdefault(attribute, []).append(score)
    return {ident: {code: median(by_code.get(code, [])) for code in attributes()} for ident, by_code in values.items()}


@dataclass
class ValidationSummary:
    """Each involved country's state, in the record's order of countries."""

    validated: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    changes_requested: list[str] = field(default_factory=list)

    @property
    def is_requested(self) -> bool:
        return bool(self.validated or self.pending or self.changes_requested)

    @property
    def is_complete(self) -> bool:
        """Every country involved validated (and there is at least one)."""
        return bool(self.validated) and not self.pending and not self.changes_requested

    def as_dict(self) -> dict[str, Any]:
        return {"validated": self.validated, "pending": self.pending, "changes_requested": self.changes_requested,
                "is_complete": self.is_complete}


def summarize(experience: Experience, rows: Iterable[ExperienceValidation]) -> ValidationSummary:
    by_country = {row.country: row.status for row in rows}
    summary = ValidationSummary()
    if not by_country:
        return summary
    for c in experience.countries:
        status = by_country.get(c["code"], "pending")
        getattr(summary, status).append(c["code"])
    return summary


def validation_summary(experiences: Iterable[Experience]) -> dict[int, ValidationSummary]:
    """{experience id: summary} for a list of records, in one query (the editorial queue's)."""
    records = {e.id: e for e in experiences}
    rows: dict[int, list[ExperienceValidation]] = {ident: [] for ident in records}
    if records:
        for row in db.session.scalars(select(ExperienceValidation)
                                      .where(ExperienceValidation.experience_id.in_(list(records)))):
            rows[row.experience_id].append(row)
    return {ident: summarize(records[ident], rows[ident]) for ident in records}


def validations_of(experience: Experience) -> list[tuple[str, ExperienceValidation | None]]:
    """(country code, its validation or None) for every country involved, in the record's order
    (the relationship is loaded with the record: no query)."""
    by_country = {row.country: row for row in experience.validations}
    return [(c["code"], by_country.get(c["code"])) for c in experience.countries]


def country_facts(experience: Experience, country: str) -> dict[str, Any]:
    """What a country validates about itself: its role, the period, the partner organizations."""
    role = next((c["role"] for c in experience.countries if c["code"] == country), None)
    return {"role": role,
            "period": [experience.start_year, experience.start_month, experience.end_year, experience.end_month,
                       experience.is_ongoing],
            "organizations": list(experience.partner_organizations or [])}


# ---------- derived state ----------


def _facet_rows(experience: Experience) -> set[tuple[str, str]]:
    rows: set[tuple[str, str]] = set()
    if experience.assessment_status in ("assessed", "good_practice"):
        rows.add(("assessment", "assessed"))
    if experience.assessment_status == "good_practice":
        rows.add(("assessment", "good_practice"))
    if summarize(experience, experience.validations).is_complete:
        rows.add(("validated", "all"))
    return rows


def _refresh_own_facets(experience: Experience) -> None:
    db.session.flush()
    db.session.execute(delete(ExperienceFacet).where(ExperienceFacet.experience_id == experience.id,
                                                     ExperienceFacet.facet.in_(OWN_FACETS)))
    rows = [{"experience_id": experience.id, "facet": facet, "value": value}
            for facet, value in sorted(_facet_rows(experience))]
    if rows:
        db.session.execute(insert(ExperienceFacet), rows)


def _recompute_status(experience: Experience) -> None:
    experience.assessment_status = compute_status(experience.screening, _scores(experience), attributes())


def refresh_derived(experience: Experience, actor: User | None = None) -> None:
    """After any write of the record's fields (forum.services.experiences._refresh_facets): the
    validations follow the countries (a country removed loses its row; one added, or one whose
    facts changed since its decision, is pending again), then the derived facets are rewritten.
    Focal points hear about what became pending, unless the record is a draft (they are asked when
    it goes to review)."""
    involved = [c["code"] for c in experience.countries]
    reopened: list[str] = []
    for row in list(experience.validations):
        if row.country not in involved:
            experience.validations.remove(row)
        elif row.status != "pending" and row.facts != country_facts(experience, row.country):
            row.status, row.requested_at = "pending", utcnow()
            reopened.append(row.country)
    if experience.validations or experience.status in permissions.ASSESSED_STATUSES:
        known = {row.country for row in experience.validations}
        for code in involved:
            if code not in known:
                experience.validations.append(ExperienceValidation(
                    country=code, status="pending", comment="", facts={}, requested_at=utcnow()))
                reopened.append(code)
    if reopened and experience.status != "draft":
        _ask_focal_points(experience, reopened, actor, "reopened")
    _refresh_own_facets(experience)


def request_validations(experience: Experience, actor: User) -> None:
    """Draft -> in review: every country involved is asked (again) to validate, unless it already
    validated these very facts. A change asked for earlier is pending again."""
    by_country = {row.country: row for row in experience.validations}
    now = utcnow()
    asked = []
    for c in experience.countries:
        row = by_country.get(c["code"])
        if row is None:
            experience.validations.append(ExperienceValidation(
                country=c["code"], status="pending", comment="", facts={}, requested_at=now))
        elif row.status == "validated" and row.facts == country_facts(experience, row.country):
            continue
        else:
            row.status, row.requested_at = "pending", now
        asked.append(c["code"])
    _ask_focal_points(experience, asked, actor, "requested")
    _refresh_own_facets(experience)


def _message(experience: Experience, country: str, decision: str, comment: str = "") -> str:
    """What a notification of this kind stores: data, written out in the reader's language
    (forum.notification_lines)."""
    return json.dumps({"experience_id": experience.id, "title": experience.title, "country": country,
                       "decision": decision, "comment": comment}, ensure_ascii=False)


def _ask_focal_points(experience: Experience, countries: list[str], actor: User | None, decision: str) -> None:
    if not countries:
        return
    focal: dict[str, list[int]] = {}
    for user_id, country in db.session.execute(
            select(CountryFocalPoint.user_id, CountryFocalPoint.country)
            .join(User, User.id == CountryFocalPoint.user_id)
            .where(CountryFocalPoint.country.in_(countries), User.deactivated_at.is_(None))):
        focal.setdefault(country, []).append(user_id)
    for country in countries:
        if focal.get(country):
            notify_many(dict.fromkeys(sorted(focal[country]), NOTIFICATION_KIND), actor=actor,
                        thread=experience.thread, experience=experience,
                        message=_message(experience, country, decision))


# ---------- writes ----------


def _lock(experience: Experience) -> None:
    """Writers of one record's assessment take turns (a row lock on PostgreSQL; SQLite writers are
    serialized already), and read its screening and validations as the last writer left them: two
    assessors scoring at once must not each compute the badge without the other's scores."""
    db.session.execute(select(Experience.id).where(Experience.id == experience.id).with_for_update())
    db.session.expire(experience, ["screening", "validations", "assessment_status"])


def _require_assessable(user: Any, experience: Experience, what: str) -> None:
    permissions.require_write(user)
    if experience.status not in permissions.ASSESSED_STATUSES:
        raise Conflict(_("Only experiences in review or published are assessed."), code="not_in_review")
    if permissions.is_experience_editor(user, experience):
        raise Forbidden(_("Editors of an experience cannot assess it: another moderator does."),
                        code="editor_cannot_assess")
    allowed = (permissions.can_screen_experience(user, experience) if what == "screen"
               else permissions.can_assess_experience(user, experience))
    permissions.require(allowed, _("Only moderators of this experience can assess it."), code="not_assessor")


def _check_text(value: object, field: str, *, required: bool) -> str:
    text = v.check_text(value, field).replace("\r\n", "\n").strip()
    if required and not text:
        raise ValidationError(field, _("Write a justification for this score."), code="required")
    if len(text) > TEXT_MAX:
        raise ValidationError(field, _("Use at most %(n)d characters.", n=TEXT_MAX), code="too_long")
    return text


def do_record_screening(user: User, experience: Experience, checks: object,
                        comment: object = "") -> ExperienceScreening:
    """Record the basic screening: {check: bool} for every item of the checklist, and a comment."""
    _require_assessable(user, experience, "screen")
    _lock(experience)
    if not isinstance(checks, dict):
        raise ValidationError("checks", _("Give each item of the checklist as true or false."), code="wrong_type")
    unknown = sorted(set(checks) - set(SCREENING_CHECKS))
    if unknown:
        raise ValidationError(unknown[0], _("Unknown item of the checklist: %(name)s.", name=str(unknown[0])[:40]),
                              code="unknown_check")
    values = {}
    for check in SCREENING_CHECKS:
        value = checks.get(check, False)
        if not isinstance(value, bool):
            raise ValidationError(check, _("“%(item)s”: give true or false.", item=SCREENING_CHECK_LABELS[check]),
                                  code="wrong_type")
        values[check] = value
    text = _check_text(comment, "comment", required=False)
    screening = experience.screening
    if screening is None:
        screening = ExperienceScreening(experience_id=experience.id)
        experience.screening = screening
    for check, value in values.items():
        setattr(screening, check, value)
    screening.comment, screening.reviewer, screening.screened_at = text, user, utcnow()
    audit.record(user, "experience.screened", "experience", experience.id, reason=text,
                 details={**values, "title": experience.title})
    _recompute_status(experience)
    _refresh_own_facets(experience)
    return screening


def do_score(user: User, experience: Experience, scores: object) -> list[ExperienceScore]:
    """Score some or all core attributes: {attribute: {"score": 1-4, "justification": text}}. An
    assessor's earlier score of the same attribute is replaced. Everything is checked first."""
    _require_assessable(user, experience, "assess")
    _lock(experience)
    if experience.screening is None or not experience.screening.is_passed:
        raise Conflict(_("The basic screening must pass before the technical assessment."), code="not_screened")
    codes = attributes()
    if not isinstance(scores, dict):
        raise ValidationError("scores", _("Give the scores as an object by attribute."), code="wrong_type")
    if not scores:
        raise ValidationError("scores", _("Score at least one attribute."), code="required")
    checked: dict[str, tuple[int, str]] = {}
    for code, item in scores.items():
        if code not in codes:
            raise ValidationError("scores", _("Unknown attribute: %(name)s.", name=str(code)[:40]),
                                  code="unknown_attribute")
        if not isinstance(item, dict) or set(item) - {"score", "justification"}:
            raise ValidationError(f"{code}.score", _("Give a score and a justification."), code="wrong_type")
        try:
            score = v.check_int(item.get("score"), f"{code}.score", minimum=SCORE_MIN, maximum=SCORE_MAX)
        except ValidationError as error:
            label = GOOD_PRACTICE_ATTRIBUTES[code]
            raise ValidationError(error.field, _("Score %(attribute)s from %(min)d to %(max)d.", attribute=label,
                                                 min=SCORE_MIN, max=SCORE_MAX), code="out_of_range") from None
        checked[code] = (score, _check_text(item.get("justification"), f"{code}.justification", required=True))
    existing = {s.attribute: s for s in db.session.scalars(
        select(ExperienceScore).where(ExperienceScore.experience_id == experience.id,
                                      ExperienceScore.assessor_id == user.id))}
    now = utcnow()
    written = []
    for code, (score, justification) in checked.items():
        row = existing.get(code)
        if row is None:
            row = ExperienceScore(experience_id=experience.id, assessor_id=user.id, attribute=code, created_at=now)
            db.session.add(row)
        row.score, row.justification, row.updated_at = score, justification, now
        written.append(row)
    db.session.flush()
    audit.record(user, "experience.assessed", "experience", experience.id,
                 details={"scores": {code: score for code, (score, _j) in checked.items()}, "title": experience.title})
    _recompute_status(experience)
    _refresh_own_facets(experience)
    return written


def do_validate(user: User, experience: Experience, country: object, *, decision: object,
                comment: object = "") -> ExperienceValidation:
    """A focal point validates what the record says about their country, or asks for a change."""
    permissions.require_write(user)
    try:
        code = v.check_country(country, "country")
    except ValidationError:
        raise ValidationError("country", _("Choose a country."), code="unknown_country") from None
    if all(c["code"] != code for c in experience.countries):
        raise ValidationError("country", _("%(country)s is not among the countries of this experience.",
                                           country=country_name(code)), code="not_involved")
    if code not in permissions.focal_point_countries(user):
        raise Forbidden(_("Only the focal points of %(country)s validate what it says about %(country)s.",
                          country=country_name(code)), code="not_focal_point")
    if experience.status not in permissions.ASSESSED_STATUSES:
        raise Conflict(_("Experiences are validated once they are sent for review."), code="not_in_review")
    permissions.require(permissions.can_validate_country(user, experience, code))
    _lock(experience)
    choice = v.check_text(decision, "decision").strip()
    if choice not in DECISIONS:
        raise ValidationError("decision", _("Validate, or ask for a change."), code="invalid_choice")
    text = v.check_text(comment, "comment").replace("\r\n", "\n").strip()
    if len(text) > TEXT_MAX:
        raise ValidationError("comment", _("Use at most %(n)d characters.", n=TEXT_MAX), code="too_long")
    if choice == "changes_requested" and not text:
        raise ValidationError("comment", _("Say what should change."), code="required")
    row = next((r for r in experience.validations if r.country == code), None)
    if row is None:
        row = ExperienceValidation(country=code, requested_at=utcnow())
        experience.validations.append(row)
    row.status, row.comment = choice, text
    row.facts = country_facts(experience, code)
    row.decided_by, row.decided_at = user, utcnow()
    audit.record(user, f"experience.country_{choice}", "experience", experience.id, reason=text,
                 details={"country": code, "title": experience.title})
    if choice == "changes_requested":
        notify_many(dict.fromkeys(sorted(experience.editor_ids), NOTIFICATION_KIND), actor=user,
                    thread=experience.thread, experience=experience, message=_message(experience, code, choice, text))
    _refresh_own_facets(experience)
    return row


# ---------- country focal points ----------


def focal_points(country: str | None = None) -> list[CountryFocalPoint]:
    """Every focal point (of one country), by country then username: one query."""
    query = (select(CountryFocalPoint).join(User, User.id == CountryFocalPoint.user_id)
             .options(joinedload(CountryFocalPoint.user)).order_by(CountryFocalPoint.country, User.username_key))
    if country:
        query = query.where(CountryFocalPoint.country == country)
    return list(db.session.scalars(query))


def _member(username: object) -> User:
    text = v.check_text(username, "username").strip().lstrip("@")
    user = db.session.scalar(select(User).where(User.username_key == text.lower(), User.deactivated_at.is_(None))) \
        if text and len(text) <= 30 else None
    if user is None:
        raise ValidationError("username", _("There is no member called %(name)s.", name=text[:30] or "—"),
                              code="unknown_user")
    return user


def do_add_focal_point(admin: User, *, username: object, country: object) -> CountryFocalPoint:
    """An admin names a member to speak for a country (any country: see the model)."""
    permissions.require_write(admin)
    permissions.require(permissions.can_name_focal_points(admin), _("Only admins name country focal points."))
    user = _member(username)
    code = v.check_country(country, "country")
    if db.session.get(CountryFocalPoint, (user.id, code)) is not None:
        raise ValidationError("username", _("%(name)s is already a focal point of %(country)s.",
                                            name=user.username, country=country_name(code)), code="already_named")
    row = CountryFocalPoint(user_id=user.id, country=code, created_by_id=admin.id, created_at=utcnow())
    row.user = user
    db.session.add(row)
    permissions.forget_focal_point_countries(user.id)
    audit.record(admin, "country.focal_point.add", "user", user.id, details={"country": code})
    return row


def do_remove_focal_point(admin: User, *, username: object, country: object) -> None:
    permissions.require_write(admin)
    permissions.require(permissions.can_name_focal_points(admin), _("Only admins name country focal points."))
    try:
        user, code = _member(username), v.check_country(country, "country")
    except ValidationError:
        raise NotFound() from None
    row = db.session.get(CountryFocalPoint, (user.id, code))
    if row is None:
        raise NotFound()
    db.session.delete(row)
    permissions.forget_focal_point_countries(user.id)
    audit.record(admin, "country.focal_point.remove", "user", user.id, details={"country": code})
