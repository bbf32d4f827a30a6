"""Cooperation offers and requests: the board, an offer's or request's fields, matches, expressions
of interest, saved searches (forum.api.cooperation)."""

from forum.api.openapi import components
from forum.api.openapi.discussions import COOPERATION_BODY
from forum.api.openapi.spec import (
    INTEGER,
    NUMBER,
    PAGE,
    STRING,
    Operation,
    array,
    obj,
    page_of,
    query,
    ref,
    strict,
)

TAG = "Cooperation"

BOARD_FILTERS = ("kind", "country", "theme", "support", "modality", "language", "status")
FILTERS = obj(dict.fromkeys(BOARD_FILTERS, STRING))
REASONS = strict({"shared": obj(required=()), "missing": obj(required=()), "score_text": STRING,
                  "text": array(STRING)})
SUGGESTION = strict({"thread": ref("CooperationThread"), **components.COOPERATION["properties"], "score": NUMBER,
                     "reasons": REASONS})
COOPERATION = strict({"cooperation": ref("Cooperation")})
INTEREST = strict({"interest": ref("Interest")})
MATCH = strict({"match": ref("Match")})

OPERATIONS = [
    Operation("get", "/cooperation", "cooperation_board", "The cooperation board",
              {200: page_of(ref("CooperationItem"), filters=obj(required=()))}, signed_in=False,
              query=[*(query(name) for name in BOARD_FILTERS), PAGE]),
    Operation("get", "/threads/{thread_id}/cooperation", "show_cooperation", "An offer's or request's fields",
              {200: COOPERATION}, signed_in=False),
    Operation("put", "/threads/{thread_id}/cooperation", "update_cooperation", "Set every cooperation field",
              {200: COOPERATION}, body=COOPERATION_BODY),
    Operation("patch", "/threads/{thread_id}/cooperation", "update_cooperation",
              "Change the cooperation fields it names", {200: COOPERATION}, body=COOPERATION_BODY),
    Operation("get", "/threads/{thread_id}/matches", "list_matches", "Suggested, proposed and linked counterparts",
              {200: strict({"suggestions": array(SUGGESTION), "matched": array(ref("CooperationThread")),
                            "proposed": array(strict({"match": ref("Match"), "thread": ref("CooperationThread")}))})},
              signed_in=False,
              description="Each suggestion has a `score` and its `reasons`: `shared` and `missing` themes, support "
                          "types, languages, the shared modality, `score_text` and `text` in your language."),
    Operation("post", "/threads/{thread_id}/matches", "create_match",
              "Link a counterpart (from a request) or propose one (from an offer)", {201: MATCH},
              body=obj({"thread_id": INTEGER}, required=["thread_id"]), errors=(409,)),
    Operation("post", "/matches/{match_id}/{decision}", "decide_match", "Accept or decline a proposed match",
              {200: MATCH}, path_values={"decision": ["accept", "decline"]}, errors=(409,)),
    Operation("get", "/threads/{thread_id}/interests", "list_interests", "Expressions of interest",
              {200: strict({"items": array(ref("Interest"))})}, signed_in=False,
              description="All of them for the owner's side; one's own for a member."),
    Operation("post", "/threads/{thread_id}/interests", "create_interest", "Express interest",
              {201: INTEREST}, body=obj({"message": STRING, "organization": STRING}, required=["message"]),
              errors=(409,)),
    Operation("post", "/interests/{interest_id}/{decision}", "decide_interest",
              "Accept or decline an interest (the owner), or withdraw one (its member)", {200: INTEREST},
              path_values={"decision": ["accept", "decline", "withdraw"]}, errors=(409,)),
    Operation("get", "/cooperation/alerts", "list_alerts", "Your saved searches of the board",
              {200: strict({"items": array(ref("Alert"))})}, no_error=(403,)),
    Operation("post", "/cooperation/alerts", "create_alert", "Save a search of the board",
              {201: strict({"alert": ref("Alert")})}, body=obj({"filters": FILTERS}, required=["filters"]),
              errors=(409,)),
    Operation("delete", "/cooperation/alerts/{alert_id}", "delete_alert", "Delete a saved search", {204: None}),
]
