"""Documented experiences: promotion, the library, the record, its workflow, editors, revisions,
translations, assessment, validations, country focal points and PDF compendiums
(forum.api.experiences, experience_translations, experience_assessment, experience_compendium)."""

from forum.api.openapi.spec import (
    BOOLEAN,
    DATETIME,
    INTEGER,
    PAGE,
    STRING,
    Operation,
    array,
    enum,
    nullable,
    obj,
    page_of,
    query,
    ref,
    strict,
)

TAG = "Experiences"

SECTIONS = ("context", "objectives", "activities", "results", "lessons", "sustainability", "funding", "references")
TEXT_FIELDS = dict.fromkeys(("title", "summary", *SECTIONS), STRING)
LANG = query("lang", {"type": "string", "pattern": "^[a-z]{2,3}$"},
             "The text in this language where a translation exists (`experience.language` says).")
REPEATED = {"type": "array", "items": STRING, "maxItems": 10}
LIBRARY_FILTERS = [
    query("country", REPEATED, "ISO codes (repeat the parameter for several)."),
    query("theme", REPEATED, "Community slugs."), query("modality", REPEATED), query("sdg", REPEATED),
    query("year", REPEATED), query("lang", REPEATED), query("assessment", {"type": "array", "items": enum(
        "assessed", "good_practice"), "maxItems": 10}),
    query("validated", {"type": "array", "items": enum("all"), "maxItems": 10}),
    query("q", {"type": "string", "maxLength": 200}), query("sort", enum("newest", "period")),
]
COUNTRY_ROLE = strict({"code": STRING, "role": STRING})
LIBRARY_ITEM = strict({
    "id": INTEGER, "url": STRING, "title": STRING, "summary": STRING, "modality": nullable(STRING),
    "countries": array(COUNTRY_ROLE), "themes": array(STRING), "sdg_targets": array(STRING),
    "start_year": nullable(INTEGER), "end_year": nullable(INTEGER), "is_ongoing": BOOLEAN,
    "language": STRING, "published_at": nullable(DATETIME), "assessment_status": nullable(STRING),
})
QUEUE_ITEM = strict({
    "id": INTEGER, "url": STRING, "title": STRING, "status": STRING, "changes_requested": BOOLEAN,
    "status_changed_at": nullable(DATETIME), "editors": array(nullable(ref("UserBrief"))),
    "countries": array(COUNTRY_ROLE), "validation": nullable(obj(required=())),
})
EDITABLE = obj({
    **TEXT_FIELDS, "modality": STRING, "language": STRING, "license": STRING,
    "countries": array(obj({"code": STRING, "role": STRING})), "partner_organizations": array(STRING),
    "themes": array(STRING), "sdg_targets": array(STRING), "contributors": array(STRING), "contacts": array(STRING),
    "start_year": nullable(INTEGER), "start_month": nullable(INTEGER), "end_year": nullable(INTEGER),
    "end_month": nullable(INTEGER), "is_ongoing": BOOLEAN,
    "change_note": {"type": "string", "description": "Required to correct a published record."},
})
TRANSITION = obj({"to": STRING, "comment": STRING}, required=["to"])
ASSESSMENT_DOCUMENT = strict({"assessment": ref("Assessment"), "validations": ref("Validations")})
DOCUMENT = ref("ExperienceDocument")
TRANSLATION = ref("TranslationDocument")
LOCATION = {"Location": {"description": "The new record's address.", "schema": STRING}}

OPERATIONS = [
    Operation("post", "/threads/{thread_id}/promote", "promote_thread", "Document a thread as an experience",
              {201: DOCUMENT}, body=obj({"evidence_post_ids": array(INTEGER)}), headers={201: LOCATION},
              errors=(409,)),
    Operation("get", "/experiences", "list_experiences", "The library, with facet counts",
              {200: strict({"items": array(LIBRARY_ITEM), "page": INTEGER, "pages": INTEGER, "total": INTEGER,
                            "facets": ref("Facets")})},
              signed_in=False, query=[*LIBRARY_FILTERS, PAGE]),
    Operation("get", "/experiences/queue", "experience_queue", "The editorial queue",
              {200: page_of(QUEUE_ITEM, tab=enum("review", "drafts", "changes", "mine"),
                            counts=obj(additional=INTEGER))},
              query=[query("tab", enum("review", "drafts", "changes", "mine")), PAGE]),
    Operation("get", "/experiences/{experience_id}", "show_experience", "One record",
              {200: DOCUMENT}, signed_in=False, query=[LANG]),
    Operation("patch", "/experiences/{experience_id}", "update_experience", "Edit a record's fields",
              {200: DOCUMENT}, body=EDITABLE, errors=(409,)),
    Operation("post", "/experiences/{experience_id}/transition", "transition_experience",
              "Move a record through the workflow (publishing: two-person rule)", {200: DOCUMENT}, body=TRANSITION,
              errors=(409,)),
    Operation("post", "/experiences/{experience_id}/editors", "add_experience_editor", "Add an editor",
              {201: DOCUMENT}, body=obj({"username": STRING}, required=["username"]), errors=(409,)),
    Operation("delete", "/experiences/{experience_id}/editors/{user_id}", "remove_experience_editor",
              "Remove an editor", {200: DOCUMENT}, errors=(409,)),
    Operation("get", "/experiences/{experience_id}/revisions", "experience_revisions", "A record's history",
              {200: strict({"items": array(strict({"number": INTEGER, "editor": nullable(ref("UserBrief")),
                                                   "created_at": DATETIME, "snapshot": obj(required=())}))})},
              signed_in=False),
    Operation("get", "/experiences/{experience_id}/revisions/compare", "compare_experience_revisions",
              "The differences between two revisions",
              {200: strict({"from": INTEGER, "to": INTEGER, "fields": array(strict({"field": STRING, "rows": array(
                  strict({"kind": STRING, "old_number": nullable(INTEGER), "old": nullable(STRING),
                          "new_number": nullable(INTEGER), "new": nullable(STRING)}))}))})},
              signed_in=False,
              query=[query("from", {"type": "integer", "minimum": 1}, "A revision number.", required=True),
                     query("to", {"type": "integer", "minimum": 1}, "A revision number.", required=True)]),
    Operation("post", "/experiences/{experience_id}/translations", "create_translation", "Start a translation",
              {201: TRANSLATION}, body=obj({"language": STRING, **TEXT_FIELDS}, required=["language"]),
              headers={201: {"Location": {"description": "The translation's page.", "schema": STRING}}},
              errors=(409,)),
    Operation("get", "/experiences/{experience_id}/translations/{lang}", "show_translation", "One translation",
              {200: TRANSLATION}, signed_in=False,
              description="With the original's changes since it was made (`source_changes`)."),
    Operation("patch", "/experiences/{experience_id}/translations/{lang}", "update_translation",
              "Edit a translation's text", {200: TRANSLATION}, body=obj(TEXT_FIELDS), errors=(409,)),
    Operation("post", "/experiences/{experience_id}/translations/{lang}/transition", "transition_translation",
              "Move a translation through its review", {200: TRANSLATION}, body=TRANSITION, errors=(409,)),
    Operation("post", "/experiences/{experience_id}/translations/{lang}/updated", "mark_translation_updated",
              "Mark a translation up to date with its original", {200: TRANSLATION}, errors=(409,)),
    Operation("put", "/experiences/{experience_id}/assessment/screening", "record_screening",
              "Record the basic screening (moderators who are not its editors)", {200: ASSESSMENT_DOCUMENT},
              body=obj({"checks": obj(additional=BOOLEAN), "comment": STRING}), errors=(409,)),
    Operation("put", "/experiences/{experience_id}/assessment/scores", "record_scores",
              "Score core attributes 1-4 with a justification", {200: ASSESSMENT_DOCUMENT},
              body=obj({"scores": obj(additional=obj({"score": {"type": "integer", "minimum": 1, "maximum": 4},
                                                      "justification": STRING}))}, required=["scores"]),
              errors=(409,)),
    Operation("post", "/experiences/{experience_id}/validations/{code}", "validate_country",
              "A country's focal point validates the record, or asks for a change", {200: ASSESSMENT_DOCUMENT},
              body=obj({"decision": enum("validated", "changes_requested"), "comment": STRING},
                       required=["decision"]), errors=(409,)),
    Operation("get", "/focal-points", "list_country_focal_points", "Country focal points",
              {200: strict({"items": array(ref("FocalPoint"))})},
              query=[query("country", {"type": "string", "pattern": "^[A-Za-z]{2}$"})], no_error=(403,)),
    Operation("post", "/focal-points", "add_country_focal_point", "Name a country focal point (admins)",
              {201: ref("FocalPoint")}, body=obj({"username": STRING, "country": STRING},
                                                 required=["username", "country"]), errors=(409,)),
    Operation("delete", "/focal-points/{code}/{username}", "remove_country_focal_point",
              "Remove a country focal point (admins)", {204: None}),
    Operation("post", "/experiences/compendiums", "create_compendium", "Request a PDF compendium",
              {202: strict({"compendium": ref("Compendium")})},
              body=obj({"language": enum("en", "es", "pt", "fr"), "title": STRING,
                        "experience_ids": array(INTEGER)}, required=["language"]),
              query=LIBRARY_FILTERS, signed_in=False, rate_limited=True,
              headers={202: {"Location": {"description": "The job.", "schema": STRING}}},
              description="Without `experience_ids`, every published record matching the library's filters in "
                          "the query string."),
    Operation("get", "/experiences/compendiums/{token}", "compendium", "A compendium job",
              {200: strict({"compendium": ref("Compendium")})}, signed_in=False),
]
