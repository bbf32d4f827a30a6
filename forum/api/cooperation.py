"""/api/v1/cooperation (the board) and an offer/request's fields and matches."""

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from forum import serializers
from forum.api.blueprint import bp
from forum.api.helpers import json_body, page_param, paginated, signed_in_user
from forum.cooperation_reference import reason_lines, score_text
from forum.errors import NotFound, ValidationError
from forum.services import board_alerts
from forum.services import cooperation as coop
from forum.services import cooperation_interest as interests
from forum.services.threads import access_thread


def _item(details) -> dict:
    return {"thread": _thread_brief(details.thread), **coop.serialize(details)}


def _thread_brief(thread) -> dict:
    return {"id": thread.id, "title": thread.title, "slug": thread.slug, "kind": thread.kind,
            "author": serializers.user_brief(thread.author), "created_at": serializers.iso(thread.created_at)}


@bp.get("/cooperation")
def cooperation_board():
    filters = coop.parse_board_filters(request.args)
    page = page_param()
    result = coop.board(filters, page, current_app.config.get("COOPERATION_PER_PAGE", 20))
    return {**paginated([_item(d) for d in result.items], result.page, result.pages, result.total),
            "filters": filters}


def _details(thread_id: int):
    thread = access_thread(current_user, thread_id)
    if thread.kind not in coop.COOPERATION_KINDS:
        raise NotFound()
    return thread, coop.load_details(thread.id)


@bp.get("/threads/<int:thread_id>/cooperation")
def show_cooperation(thread_id: int):
    _thread, details = _details(thread_id)
    if details is None:
        raise NotFound()
    return {"cooperation": coop.serialize(details)}


@bp.route("/threads/<int:thread_id>/cooperation", methods=["PUT", "PATCH"])
def update_cooperation(thread_id: int):
    """PUT sets every field; PATCH changes only the fields it names."""
    user = signed_in_user()
    thread, details = _details(thread_id)
    data = json_body(set(coop.FIELDS))
    current = details if request.method == "PATCH" else None
    fields = coop.check_cooperation(data, default_theme=thread.community, current=current)
    details = coop.do_set_cooperation(user, thread, fields)
    return {"cooperation": coop.serialize(details)}


def _reasons(why: coop.Explanation) -> dict:
    """What the pair shares and lacks (codes), and the same in the reader's language (`text`)."""
    data = why.as_json()
    return {"shared": data["shared"], "missing": data["missing"], "score_text": score_text(why.score),
            "text": reason_lines(why)}


@bp.get("/threads/<int:thread_id>/matches")
def list_matches(thread_id: int):
    _thread, details = _details(thread_id)
    if details is None:
        raise NotFound()
    suggestions = coop.explained_suggestions(details) if coop.is_active(details) else []
    links = coop.links(details)
    return {
        "suggestions": [{**_item(other), "score": round(why.score, 4), "reasons": _reasons(why)}
                        for other, why in suggestions],
        "matched": [_thread_brief(t) for t in links.matched],
        "proposed": [{"match": coop.serialize_match(match), "thread": _thread_brief(t)}
                     for match, t in links.proposed],
    }


@bp.post("/threads/<int:thread_id>/matches")
def create_match(thread_id: int):
    user = signed_in_user()
    thread = access_thread(user, thread_id)
    data = json_body({"thread_id"})
    match = coop.do_mark_matched(user, thread, data.get("thread_id"))
    return {"match": coop.serialize_match(match)}, 201


@bp.post("/matches/<int:match_id>/<any(accept, decline):decision>")
def decide_match(match_id: int, decision: str):
    """The request's owner (or a moderator) answers a proposed match."""
    user = signed_in_user()
    match = coop.do_decide_match(user, match_id, accept=decision == "accept")
    return {"match": coop.serialize_match(match)}


@bp.get("/threads/<int:thread_id>/interests")
def list_interests(thread_id: int):
    """All the interests for the offer/request's side; one's own for a member; none for others."""
    thread, details = _details(thread_id)
    if details is None:
        raise NotFound()
    return {"items": [interests.serialize_interest(i) for i in interests.interests_for(current_user, thread)]}


@bp.post("/threads/<int:thread_id>/interests")
def create_interest(thread_id: int):
    user = signed_in_user()
    _thread, details = _details(thread_id)
    if details is None:
        raise NotFound()
    data = json_body({"message", "organization"})
    interest = interests.do_express_interest(user, details, message=data.get("message"),
                                             organization=data.get("organization", ""))
    return {"interest": interests.serialize_interest(interest)}, 201


@bp.post("/interests/<int:interest_id>/<any(accept, decline, withdraw):decision>")
def decide_interest(interest_id: int, decision: str):
    """The owner accepts or declines; the member who wrote it withdraws it."""
    user = signed_in_user()
    interest = interests.load_interest(interest_id)
    if decision == "withdraw":
        interests.do_withdraw_interest(user, interest)
    else:
        interests.do_decide_interest(user, interest, accept=decision == "accept")
    return {"interest": interests.serialize_interest(interest)}


@bp.get("/cooperation/alerts")
def list_alerts():
    user = signed_in_user()
    return {"items": [board_alerts.serialize_alert(a) for a in board_alerts.alerts_of(user)]}


@bp.post("/cooperation/alerts")
def create_alert():
    """Save a board filter: `{"filters": {"kind": "request", "country": "BO", "theme": "vaccines"}}`."""
    user = signed_in_user()
    data = json_body({"filters"})
    given = data.get("filters")
    if not isinstance(given, dict):
        raise ValidationError("filters", _("Give the filters as an object."), code="wrong_type")
    unknown = sorted(set(given) - set(coop.BOARD_FILTERS))
    if unknown:
        raise ValidationError(unknown[0][:40], _("This filter does not exist."), code="unknown_field")
    if any(not isinstance(value, str) for value in given.values()):
        raise ValidationError("filters", _("Give each filter as text."), code="wrong_type")
    alert = board_alerts.do_save_alert(user, coop.parse_board_filters(given))
    return {"alert": board_alerts.serialize_alert(alert)}, 201


@bp.delete("/cooperation/alerts/<int:alert_id>")
def delete_alert(alert_id: int):
    user = signed_in_user()
    board_alerts.do_delete_alert(user, board_alerts.load_alert(user, alert_id))
    return "", 204
