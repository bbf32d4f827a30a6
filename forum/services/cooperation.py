"""Cooperation offers and requests: their structured fields, the board, and matching.

Matching (`score`) — how well an offer answers a request, between 0 and 1:

    score = 0.40 * J(themes) + 0.30 * J(support types) + 0.15 * [same modality] + 0.15 * J(languages)

where J(A, B) = size of (A intersection B) / size of (A union B), the Jaccard index (0 when both
are empty). Themes and the kind of support weigh most because they say what the cooperation is
about; modality and a shared language say whether it can happen.

Candidates are the open offers (for a request; requests for an offer) from ANOTHER country, not
expired (`open_until` today or later, or none), not closed or matched, whose thread is not deleted
and which share at least one theme or support type. They are ranked by score, ties broken by the
newest thread. Suggestions need SUGGEST_MIN; owners are notified once per pair when a new or
edited offer/request reaches NOTIFY_MIN.
"""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from forum import permissions
from forum.errors import Conflict, NotFound, ValidationError
from forum.experience_reference import MODALITIES
from forum.extensions import db
from forum.models import (
    COOPERATION_KINDS,
    COOPERATION_STATUSES,
    SUPPORT_TYPES,
    Community,
    CooperationDetails,
    CooperationFacet,
    CooperationMatch,
    CooperationSuggestion,
    Thread,
    User,
    cooperation_themes,
    utcnow,
)
from forum.services import validation as v
from forum.services.board_alerts import notify_alerts
from forum.services.notifications import do_notify

WEIGHTS = {"themes": 0.40, "support": 0.30, "modality": 0.15, "languages": 0.15}
SUGGEST_MIN = 0.25
NOTIFY_MIN = 0.5
SUGGESTIONS_SHOWN = 5
# The matcher scores at most this many candidates (the newest), so a write costs bounded work.
CANDIDATES_MAX = 500
MAX_THEMES = 10
FIELDS = ("country", "themes", "support_types", "modality", "languages", "open_until", "status",
          "replicates_experience_id")


def opposite(kind: str) -> str:
    return "offer" if kind == "request" else "request"


# ---------- validation ----------


def check_support_types(value: object, field: str = "support_types") -> list[str]:
    items = v._items(value, field)
    chosen = list(dict.fromkeys(item.strip() for item in items))
    if not chosen:
        raise ValidationError(field, _("Choose at least one type of support."), code="required")
    if any(item not in SUPPORT_TYPES for item in chosen):
        raise ValidationError(field, _("Choose types of support from the list."))
    return chosen


def check_modality(value: object, field: str = "modality") -> str:
    text = v.check_text(value, field).strip()
    if text not in MODALITIES:
        raise ValidationError(field, _("Choose a cooperation modality."))
    return text


def check_status(value: object, field: str = "status") -> str:
    text = v.check_text(value, field).strip() or "open"
    if text not in COOPERATION_STATUSES:
        raise ValidationError(field, _("Choose open, matched or closed."))
    return text


def check_open_until(value: object, field: str = "open_until") -> date | None:
    if isinstance(value, date):
        return value
    text = v.check_text(value, field).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(field, _("Enter a date as YYYY-MM-DD.")) from None


def check_themes(value: object, field: str = "themes") -> list[Community]:
    slugs = list(dict.fromkeys(item.strip() for item in v._items(value, field)))
    if len(slugs) > MAX_THEMES:
        raise ValidationError(field, _("Choose at most %(n)d themes.", n=MAX_THEMES), code="too_many")
    if not slugs:
        return []
    found = {c.slug: c for c in db.session.scalars(select(Community).where(Community.slug.in_(slugs)))}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ValidationError(field, _("There is no community called %(slug)s.", slug=missing[0][:64]))
    return [found[slug] for slug in slugs]


@dataclass
class CooperationInput:
    country: str
    themes: list[Community]
    support_types: list[str]
    modality: str
    languages: list[str]
    open_until: date | None
    status: str
    replicates_experience_id: int | None = None


def check_replicates(value: object, field: str = "replicates_experience_id") -> int | None:
    """The published experience a request wants to replicate (none: nothing cited)."""
    from forum.models import Experience

    ident = v.check_optional_int(value, field, minimum=1, maximum=v.MAX_ID)
    if ident is None:
        return None
    if db.session.scalar(select(Experience.status).where(Experience.id == ident)) != "published":
        raise ValidationError(field, _("There is no published experience with this number."), code="not_found")
    return ident


def check_cooperation(data: dict[str, Any], *, default_theme: Community | None = None,
                      current: CooperationDetails | None = None) -> CooperationInput:
    """All the fields of an offer/request. With `current` (an edit), absent fields keep their value."""
    if not isinstance(data, dict):
        raise ValidationError("cooperation", _("Give the cooperation fields as an object."), code="wrong_type")

    def given(name: str) -> bool:
        return current is None or name in data

    country = v.check_country(data.get("country")) if given("country") else current.country
    themes = check_themes(data.get("themes")) if given("themes") else list(current.themes)
    if not themes:
        if default_theme is None:
            raise ValidationError("themes", _("Choose at least one theme."), code="required")
        themes = [default_theme]
    support = check_support_types(data.get("support_types")) if given("support_types") else current.support_types
    modality = check_modality(data.get("modality")) if given("modality") else current.modality
    if given("languages"):
        languages = v.check_languages(data.get("languages"))
        if not languages:
            raise ValidationError("languages", _("Choose at least one language."), code="required")
    else:
        languages = current.languages
    open_until = check_open_until(data.get("open_until")) if given("open_until") else current.open_until
    if open_until is not None and open_until < date.today() and (current is None
                                                                  or open_until != current.open_until):
        raise ValidationError("open_until", _("Choose today or a later date."), code="in_the_past")
    status = check_status(data.get("status")) if given("status") else current.status
    replicates = (check_replicates(data.get("replicates_experience_id")) if given("replicates_experience_id")
                  else current.replicates_experience_id)
    return CooperationInput(country, themes, support, modality, languages, open_until, status, replicates)


# ---------- writes ----------


def do_set_cooperation(user: User, thread: Thread, fields: CooperationInput) -> CooperationDetails:
    """Create or replace the details of an offer/request thread, then notify new matches."""
    permissions.require_write(user)
    if thread.kind not in COOPERATION_KINDS:
        raise ValidationError("kind", _("Only offers and requests have cooperation details."))
    details = thread.cooperation
    is_new = details is None
    if details is None:
        permissions.require(thread.author_id == user.id or permissions.can_edit_cooperation(user, thread))
        details = CooperationDetails(thread_id=thread.id, kind=thread.kind, created_at=utcnow())
        details.thread = thread
        details.facets = []
        db.session.add(details)
    else:
        permissions.require(permissions.can_edit_cooperation(user, thread))
    details.country = fields.country
    details.themes = list(fields.themes)
    details.modality = fields.modality
    details.open_until = fields.open_until
    details.status = fields.status
    details.replicates_experience_id = fields.replicates_experience_id
    details.updated_at = utcnow()
    wanted = {("support", s) for s in fields.support_types} | {("language", lang) for lang in fields.languages}
    details.facets = [f for f in details.facets if (f.facet, f.value) in wanted] + [
        CooperationFacet(facet=facet, value=value) for facet, value in sorted(wanted)
        if not any(f.facet == facet and f.value == value for f in details.facets)]
    db.session.flush()
    notify_new_matches(details)
    if is_new and is_active(details):
        notify_alerts(details)
    return details


def notify_new_matches(details: CooperationDetails) -> int:
    """Tell both owners about each pair at or above NOTIFY_MIN that nobody was told about yet."""
    if not is_active(details):
        return 0
    strong = [(other, e) for other, e in explained_suggestions(details, limit=CANDIDATES_MAX, minimum=NOTIFY_MIN)]
    if not strong:
        return 0
    pairs = {_pair(details, other): (other, e) for other, e in strong}
    told = {(row[0], row[1]) for row in db.session.execute(
        select(CooperationSuggestion.request_id, CooperationSuggestion.offer_id)
        .where(or_(CooperationSuggestion.request_id == details.thread_id,
                   CooperationSuggestion.offer_id == details.thread_id)))}
    count = 0
    for pair, (other, e) in pairs.items():
        if pair in told:
            continue
        db.session.add(CooperationSuggestion(request_id=pair[0], offer_id=pair[1], score=round(e.score, 4),
                                             created_at=utcnow()))
        # The reasons travel with the notification, as data: its line is written in the reader's language.
        reasons = json.dumps(e.as_json(), sort_keys=True)
        do_notify(details.thread.author_id, "match", thread=other.thread, message=reasons)
        do_notify(other.thread.author_id, "match", thread=details.thread, message=reasons)
        count += 1
    db.session.flush()
    return count


def _pair(a: CooperationDetails, b: CooperationDetails) -> tuple[int, int]:
    """(request id, offer id)."""
    return (a.thread_id, b.thread_id) if a.kind == "request" else (b.thread_id, a.thread_id)


def do_mark_matched(user: User, thread: Thread, other_id: object) -> CooperationMatch:
    """Link this offer/request with another of the opposite kind.

    The request's side decides: its owner (or a moderator of its community) links them at once,
    and both become `matched`; the offer's owner only proposes, and the request's owner hears of
    it and accepts or declines (`do_decide_match`). Proposing again what was declined is refused.
    """
    permissions.require_write(user)
    details = thread.cooperation
    if details is None:
        raise NotFound()
    permissions.require(permissions.can_edit_cooperation(user, thread))
    other_thread_id = v.check_int(other_id, "thread_id", minimum=1, maximum=v.MAX_ID)
    other = load_details(other_thread_id)
    if other is None or other.thread.is_deleted:
        raise ValidationError("thread_id", _("There is no offer or request with this number."), code="not_found")
    if other.kind != opposite(details.kind):
        raise ValidationError("thread_id", _("Match a request with an offer."), code="same_kind")
    if other.country == details.country:
        raise ValidationError("thread_id", _("Matches link different countries."), code="same_country")
    if "closed" in (details.status, other.status):
        raise ValidationError("thread_id", _("A closed offer or request cannot be matched."), code="closed")
    request, offer = (details, other) if details.kind == "request" else (other, details)
    decides = permissions.can_decide_match(user, request.thread)
    match = db.session.scalar(select(CooperationMatch).where(CooperationMatch.request_id == request.thread_id,
                                                             CooperationMatch.offer_id == offer.thread_id))
    if match is not None and (match.status == "accepted" or not decides):
        if match.status == "accepted":
            raise Conflict(_("These two are already matched."), code="already_matched")
        if match.status == "proposed":
            raise Conflict(_("This match is already proposed; the request's owner decides."), code="already_proposed")
        raise Conflict(_("The request's owner declined this match."), code="declined")
    if match is None:
        match = CooperationMatch(request_id=request.thread_id, offer_id=offer.thread_id, created_by_id=user.id,
                                 created_at=utcnow(), status="proposed")
        db.session.add(match)
    if decides:
        _accept(user, match, request, offer)
    else:
        db.session.flush()
        do_notify(request.thread.author_id, "match_proposed", actor=user, thread=request.thread)
    return match


def do_decide_match(user: User, match_id: object, *, accept: bool) -> CooperationMatch:
    """The request's owner (or a moderator) accepts or declines a match the offer's owner proposed."""
    permissions.require_write(user)
    ident = v.check_int(match_id, "match_id", minimum=1, maximum=v.MAX_ID)
    match = db.session.get(CooperationMatch, ident)
    request = load_details(match.request_id) if match is not None else None
    offer = load_details(match.offer_id) if match is not None else None
    if request is None or offer is None or request.thread.is_deleted or offer.thread.is_deleted:
        raise NotFound()
    permissions.require(permissions.can_decide_match(user, request.thread),
                        _("Only the request's owner or a moderator decides on a match."), code="not_request_owner")
    if match.status != "proposed":
        raise Conflict(_("This match was already decided."), code="already_decided")
    if accept:
        if "closed" in (request.status, offer.status):
            raise Conflict(_("A closed offer or request cannot be matched."), code="closed")
        _accept(user, match, request, offer)
    else:
        match.status = "declined"
        match.decided_by_id = user.id
        match.decided_at = utcnow()
        db.session.flush()
        do_notify(offer.thread.author_id, "match_declined", actor=user, thread=request.thread)
    return match


def _accept(user: User, match: CooperationMatch, request: CooperationDetails, offer: CooperationDetails) -> None:
    now = utcnow()
    match.status = "accepted"
    match.decided_by_id = user.id
    match.decided_at = now
    for d in (request, offer):
        d.status = "matched"
        d.updated_at = now
    db.session.flush()
    # Each owner hears about it (the one who acted excepted: do_notify never tells the actor).
    do_notify(offer.thread.author_id, "matched", actor=user, thread=request.thread)
    do_notify(request.thread.author_id, "matched", actor=user, thread=offer.thread)


def serialize_match(match: CooperationMatch) -> dict[str, Any]:
    from forum.serializers import iso

    return {"id": match.id, "request_id": match.request_id, "offer_id": match.offer_id, "status": match.status,
            "created_at": iso(match.created_at), "decided_at": iso(match.decided_at)}


def do_create_cooperation_thread(author: User, community: Community, *, title: object, body: object,
                                 kind: object, cooperation: object,
                                 language: object = None) -> tuple[Thread, CooperationDetails | None]:
    """Start a thread; an offer or request given `cooperation` fields gets them in the same transaction."""
    from forum.services.threads import do_create_thread

    thread = do_create_thread(author, community, title=title, body=body, kind=kind, language=language)
    if thread.kind not in COOPERATION_KINDS or cooperation is None:
        if cooperation is not None:
            raise ValidationError("cooperation", _("Only offers and requests have cooperation details."))
        return thread, None
    fields = check_cooperation(cooperation, default_theme=community)  # type: ignore[arg-type]
    return thread, do_set_cooperation(author, thread, fields)


# ---------- reads ----------


def is_active(details: CooperationDetails, today: date | None = None) -> bool:
    today = today or date.today()
    return (details.status == "open" and (details.open_until is None or details.open_until >= today)
            and not details.thread.is_deleted)


def load_details(thread_id: int) -> CooperationDetails | None:
    return db.session.scalar(
        select(CooperationDetails).options(
            joinedload(CooperationDetails.thread).joinedload(Thread.author),
            selectinload(CooperationDetails.themes), selectinload(CooperationDetails.facets))
        .where(CooperationDetails.thread_id == thread_id))


def _jaccard(a: set, b: set) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


@dataclass(frozen=True)
class Explanation:
    """Why an offer answers a request: what they share, what the request asks that the offer
    lacks, and the score those make (the formula in this module's docstring)."""

    score: float
    themes: list[Community]
    support_types: list[str]
    modality: str | None  # the modality when both share it
    languages: list[str]
    missing_themes: list[Community]
    missing_support_types: list[str]
    missing_languages: list[str]

    def as_json(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "theme_names": {c.slug: c.name for c in (*self.themes, *self.missing_themes)},
            # The translations too: a notification stored now is read later in the reader's language.
            "theme_names_i18n": {c.slug: dict(c.name_i18n or {}) for c in (*self.themes, *self.missing_themes)
                                 if c.name_i18n},
            "shared": {"themes": [c.slug for c in self.themes], "support_types": self.support_types,
                       "modality": self.modality, "languages": self.languages},
            "missing": {"themes": [c.slug for c in self.missing_themes],
                        "support_types": self.missing_support_types, "languages": self.missing_languages},
        }


def explain(a: CooperationDetails, b: CooperationDetails) -> Explanation:
    """The score of a pair and its reasons (either order: the request is the side that asks)."""
    request, offer = (a, b) if a.kind == "request" else (b, a)
    themes_r, themes_o = {c.id: c for c in request.themes}, {c.id: c for c in offer.themes}
    support_r, support_o = set(request.support_types), set(offer.support_types)
    languages_r, languages_o = set(request.languages), set(offer.languages)
    same_modality = request.modality == offer.modality
    total = (WEIGHTS["themes"] * _jaccard(set(themes_r), set(themes_o))
             + WEIGHTS["support"] * _jaccard(support_r, support_o)
             + WEIGHTS["modality"] * (1.0 if same_modality else 0.0)
             + WEIGHTS["languages"] * _jaccard(languages_r, languages_o))
    return Explanation(
        score=total,
        themes=[c for key, c in themes_r.items() if key in themes_o],
        support_types=[s for s in SUPPORT_TYPES if s in support_r & support_o],
        modality=request.modality if same_modality else None,
        languages=sorted(languages_r & languages_o),
        missing_themes=[c for key, c in themes_r.items() if key not in themes_o],
        missing_support_types=[s for s in SUPPORT_TYPES if s in support_r - support_o],
        missing_languages=sorted(languages_r - languages_o),
    )


def score(a: CooperationDetails, b: CooperationDetails) -> float:
    """The formula in this module's docstring."""
    return explain(a, b).score


def _candidates(items: list[CooperationDetails], today: date, limit: int = CANDIDATES_MAX, *,
                sharing: bool = True) -> Select:
    """The newest `limit` counterparts of any of `items` (the module's docstring says which). With
    several items, what depends on each one (its kind, its country) is checked again by `_eligible`.

    `sharing=False` leaves out "shares a theme or a type of support" (which nearly every open
    counterpart does, so the database sorts them all: 260 ms at 20,000 offers and requests on
    SQLite): the newest `limit` open counterparts are read in id order and stop there, and
    `_eligible` keeps those that share something. Bounded work for pages seen on every visit."""
    theme_ids = sorted({c.id for d in items for c in d.themes})
    support = sorted({s for d in items for s in d.support_types})
    countries = {d.country for d in items}
    shares_theme = CooperationDetails.thread_id.in_(
        select(cooperation_themes.c.thread_id).where(cooperation_themes.c.community_id.in_(theme_ids)))
    shares_support = CooperationDetails.thread_id.in_(
        select(CooperationFacet.thread_id).where(CooperationFacet.facet == "support",
                                                 CooperationFacet.value.in_(support)))
    query = (
        select(CooperationDetails).join(Thread, Thread.id == CooperationDetails.thread_id)
        .where(CooperationDetails.kind.in_(sorted({opposite(d.kind) for d in items})),
               CooperationDetails.status == "open",
               or_(CooperationDetails.open_until.is_(None), CooperationDetails.open_until >= today),
               CooperationDetails.thread_id.not_in([d.thread_id for d in items]),
               Thread.deleted_at.is_(None))
    )
    if len(countries) == 1:
        query = query.where(CooperationDetails.country != next(iter(countries)))
    if not sharing:
        # Thread ids are handed out in creation order: the newest first, from the primary key.
        return query.order_by(CooperationDetails.thread_id.desc()).limit(limit)
    return query.where(or_(shares_theme, shares_support)).order_by(
        Thread.created_at.desc(), Thread.id.desc()).limit(limit)


def _eligible(details: CooperationDetails, other: CooperationDetails) -> bool:
    """What `_candidates` asks of a counterpart, for one of several items."""
    return (other.kind == opposite(details.kind) and other.country != details.country
            and other.thread_id != details.thread_id
            and bool({c.id for c in details.themes} & {c.id for c in other.themes}
                     or set(details.support_types) & set(other.support_types)))


def explained_suggestions(details: CooperationDetails, *, limit: int = SUGGESTIONS_SHOWN,
                          minimum: float = SUGGEST_MIN) -> list[tuple[CooperationDetails, Explanation]]:
    """The best counterparts with why, best first (ties: newest first): three queries whatever the number."""
    return explained_suggestions_for([details], limit=limit, minimum=minimum)[0]


def explained_suggestions_for(items: list[CooperationDetails], *, limit: int = SUGGESTIONS_SHOWN,
                              minimum: float = SUGGEST_MIN, candidates: int = CANDIDATES_MAX,
                              sharing: bool = True, authors: bool = True,
                              ) -> list[list[tuple[CooperationDetails, Explanation]]]:
    """`explained_suggestions` of several offers/requests at once, in their order: the candidates
    of all of them in one query (the newest `candidates`; `_candidates` says what `sharing`
    changes), so three queries whatever the number. `authors=False` leaves the threads' authors
    unloaded, for a page that does not show them."""
    if not items:
        return []
    today = date.today()
    thread = joinedload(CooperationDetails.thread)
    rows = list(db.session.scalars(
        _candidates(items, today, candidates, sharing=sharing).options(
            thread.joinedload(Thread.author) if authors else thread,
            selectinload(CooperationDetails.themes), selectinload(CooperationDetails.facets))))
    found = []
    for details in items:
        explained = [(other, explain(details, other)) for other in rows if _eligible(details, other)]
        # `rows` is newest first and sorted() is stable, so equal scores keep newest first.
        ranked = sorted((pair for pair in explained if pair[1].score >= minimum), key=lambda pair: -pair[1].score)
        found.append(ranked[:limit])
    return found


def suggestions(details: CooperationDetails, *, limit: int = SUGGESTIONS_SHOWN,
                minimum: float = SUGGEST_MIN) -> list[tuple[CooperationDetails, float]]:
    """`explained_suggestions` with the score alone."""
    return [(other, e.score) for other, e in explained_suggestions(details, limit=limit, minimum=minimum)]


# What a member's home page weighs: their newest open items, a few suggestions each, among the
# newest open counterparts only (bounded work on every visit; the thread page looks further).
HOME_ITEMS = 3
HOME_SUGGESTIONS = 3
HOME_CANDIDATES = 40


def owner_suggestions(user_id: int, *, items: int = HOME_ITEMS, per_item: int = HOME_SUGGESTIONS,
                      candidates: int = HOME_CANDIDATES,
                      ) -> list[tuple[CooperationDetails, list[tuple[CooperationDetails, Explanation]]]]:
    """The member's newest open, unexpired offers/requests, each with its best counterparts and
    why: six queries whatever the numbers."""
    today = date.today()
    own = list(db.session.scalars(
        select(CooperationDetails).join(Thread, Thread.id == CooperationDetails.thread_id)
        .options(joinedload(CooperationDetails.thread), selectinload(CooperationDetails.themes),
                 selectinload(CooperationDetails.facets))
        .where(Thread.author_id == user_id, Thread.deleted_at.is_(None), CooperationDetails.status == "open",
               or_(CooperationDetails.open_until.is_(None), CooperationDetails.open_until >= today))
        .order_by(CooperationDetails.thread_id.desc()).limit(items)))
    found = explained_suggestions_for(own, limit=per_item, candidates=candidates, sharing=False, authors=False)
    return list(zip(own, found, strict=True))


@dataclass
class Links:
    """The counterparts of an offer/request: linked (accepted matches), and proposed, not yet
    decided, with their match: on a request, the offers waiting for its owner's answer; on an
    offer, the requests it was proposed to."""

    matched: list[Thread]
    proposed: list[tuple[CooperationMatch, Thread]]


def links(details: CooperationDetails) -> Links:
    """One query, whatever the number of matches."""
    column, other = ((CooperationMatch.request_id, CooperationMatch.offer_id) if details.kind == "request"
                     else (CooperationMatch.offer_id, CooperationMatch.request_id))
    found = Links(matched=[], proposed=[])
    for row in db.session.execute(
            select(CooperationMatch, Thread).options(joinedload(Thread.author)).join(Thread, other == Thread.id)
            .where(column == details.thread_id, CooperationMatch.status.in_(("accepted", "proposed")),
                   Thread.deleted_at.is_(None))
            .order_by(CooperationMatch.created_at, CooperationMatch.id)):
        if row.CooperationMatch.status == "accepted":
            found.matched.append(row.Thread)
        else:
            found.proposed.append((row.CooperationMatch, row.Thread))
    return found


# ---------- the board ----------

BOARD_FILTERS = ("kind", "country", "theme", "support", "modality", "language", "status")


@dataclass
class BoardPage:
    items: list[CooperationDetails]
    total: int
    page: int
    pages: int
    filters: dict[str, str]


def parse_board_filters(args: Any) -> dict[str, str]:
    """One value per filter, from request args; an invalid value is a ValidationError naming it."""
    filters: dict[str, str] = {}
    for name in BOARD_FILTERS:
        value = (args.get(name) or "").strip()
        if not value:
            continue
        if name == "kind" and value not in COOPERATION_KINDS:
            raise ValidationError("kind", _("Choose offers or requests."))
        if name == "country":
            value = v.check_country(value)
        if name == "theme" and (not v.SLUG_RE.fullmatch(value) or len(value) > 64):
            raise ValidationError("theme", _("There is no community called %(slug)s.", slug=value[:64]))
        if name == "support" and value not in SUPPORT_TYPES:
            raise ValidationError("support", _("Choose types of support from the list."))
        if name == "modality":
            value = check_modality(value)
        if name == "language" and value not in v.LANGUAGE_CODES:
            raise ValidationError("language", _("Choose a language."))
        if name == "status":
            value = check_status(value)
        filters[name] = value
    return filters


def _board_query(filters: dict[str, str]) -> Select:
    query = select(CooperationDetails).join(Thread, Thread.id == CooperationDetails.thread_id) \
        .where(Thread.deleted_at.is_(None))
    for name in ("kind", "country", "modality", "status"):
        if name in filters:
            query = query.where(getattr(CooperationDetails, name) == filters[name])
    if "theme" in filters:
        query = query.where(CooperationDetails.thread_id.in_(
            select(cooperation_themes.c.thread_id).join(Community, Community.id == cooperation_themes.c.community_id)
            .where(Community.slug == filters["theme"])))
    for name, facet in (("support", "support"), ("language", "language")):
        if name in filters:
            query = query.where(CooperationDetails.thread_id.in_(
                select(CooperationFacet.thread_id).where(CooperationFacet.facet == facet,
                                                         CooperationFacet.value == filters[name])))
    return query


def board(filters: dict[str, str], page: int, per_page: int) -> BoardPage:
    """A filtered page, newest first: count, page (with thread and author), themes, facets."""
    query = _board_query(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max((total + per_page - 1) // per_page, 1)
    items = list(db.session.scalars(
        query.options(joinedload(CooperationDetails.thread).joinedload(Thread.author),
                      selectinload(CooperationDetails.themes), selectinload(CooperationDetails.facets))
        .order_by(Thread.created_at.desc(), Thread.id.desc())
        .offset((page - 1) * per_page).limit(per_page)))
    return BoardPage(items, total, page, pages, filters)


@dataclass
class BoardCounts:
    """How many offers and requests each kind and each country has under the other filters (so
    each count says what choosing it would show)."""

    kinds: dict[str, int]
    countries: list[tuple[str, int]]  # most first


def board_counts(filters: dict[str, str]) -> BoardCounts:
    """Two grouped queries, whatever the number of rows."""
    def grouped(column, without: str) -> list[tuple[str, int]]:
        others = {name: value for name, value in filters.items() if name != without}
        inner = _board_query(others).with_only_columns(column.label("key")).subquery()
        return [(row.key, row.n) for row in db.session.execute(
            select(inner.c.key, func.count().label("n")).group_by(inner.c.key).order_by(func.count().desc(),
                                                                                          inner.c.key))]
    kinds = dict(grouped(CooperationDetails.kind, "kind"))
    return BoardCounts(kinds={kind: kinds.get(kind, 0) for kind in COOPERATION_KINDS},
                       countries=grouped(CooperationDetails.country, "country"))


def serialize(details: CooperationDetails) -> dict[str, Any]:
    return {
        "kind": details.kind,
        "country": details.country,
        "themes": [c.slug for c in details.themes],
        "support_types": details.support_types,
        "modality": details.modality,
        "languages": details.languages,
        "open_until": details.open_until.isoformat() if details.open_until else None,
        "status": details.status,
        "replicates_experience_id": details.replicates_experience_id,
    }


def replications(experience_id: int) -> list[CooperationDetails]:
    """The requests (and offers) that cite an experience they want to replicate, newest first: one
    query with their threads."""
    return list(db.session.scalars(
        select(CooperationDetails).join(Thread, Thread.id == CooperationDetails.thread_id)
        .options(joinedload(CooperationDetails.thread))
        .where(CooperationDetails.replicates_experience_id == experience_id, Thread.deleted_at.is_(None))
        .order_by(Thread.created_at.desc(), Thread.id.desc()).limit(50)))


def replicating_projects(replications_: list[CooperationDetails]) -> list[Any]:
    """The public cooperation projects that grew out of those requests (one query)."""
    from forum.models.projects import Project

    thread_ids = [d.thread_id for d in replications_]
    if not thread_ids:
        return []
    return list(db.session.scalars(
        select(Project).options(selectinload(Project.countries))
        .where(or_(Project.request_thread_id.in_(thread_ids), Project.offer_thread_id.in_(thread_ids)),
               Project.status != "proposed")
        .order_by(Project.created_at.desc(), Project.id.desc())))
