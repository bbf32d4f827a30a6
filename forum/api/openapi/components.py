"""The objects the API answers with, shared by several operations (forum.serializers and the
serializers of the services and views), the error answers and the security schemes."""

from typing import Any

from forum.api.openapi.spec import (
    ANY,
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    STRING,
    array,
    enum,
    nullable,
    obj,
    ref,
    strict,
)

THREAD_KINDS = ("discussion", "question", "offer", "request", "announcement")

USER_BRIEF = strict({"id": INTEGER, "username": STRING, "display_name": STRING, "country": nullable(STRING)})

ORGANIZATION_BRIEF = strict({"slug": STRING, "name": STRING, "acronym": nullable(STRING), "type": STRING,
                             "country": nullable(STRING)})

USER_ME = obj({
    "id": INTEGER, "username": STRING, "display_name": STRING, "country": nullable(STRING),
    "email": STRING, "organization": nullable(STRING), "organization_record": nullable(ref("OrganizationBrief")),
    "sector": nullable(STRING), "role": enum("member", "moderator", "admin"), "locale": nullable(STRING),
    "bio": nullable(STRING), "bio_html": nullable(STRING), "position": nullable(STRING),
    "expertise": array(STRING), "languages": array(STRING), "timezone": nullable(STRING),
    "show_email_to_members": BOOLEAN, "profile_members_only": BOOLEAN, "avatar_url": STRING,
    "is_verified": BOOLEAN, "post_count": INTEGER, "accepted_answer_count": INTEGER,
    "unread_notification_count": INTEGER, "created_at": DATETIME,
}, required="*", additional=False)

USER_PROFILE = obj({
    "id": INTEGER, "username": STRING, "display_name": STRING, "avatar_url": STRING, "created_at": DATETIME,
    "details_hidden": BOOLEAN,
}, required="*", optional={
    "country": nullable(STRING), "sector": nullable(STRING), "organization": nullable(STRING),
    "organization_record": nullable(ref("OrganizationBrief")), "position": nullable(STRING),
    "expertise": array(strict({"slug": STRING, "name": STRING})), "languages": array(STRING),
    "bio_html": nullable(STRING), "post_count": INTEGER, "accepted_answer_count": INTEGER,
    "email": STRING, "is_deactivated": BOOLEAN,
}, additional=False, description="A profile as the reader may see it: the details only when its privacy "
                                 "choice allows (`details_hidden`), the email when its owner shows it.")

USER_MODERATION = strict({**USER_BRIEF["properties"], "role": STRING, "suspended_until": nullable(DATETIME),
                          "suspension_reason": nullable(STRING), "is_suspended": BOOLEAN,
                          "is_deactivated": BOOLEAN})

COMMUNITY = strict({
    "id": INTEGER, "slug": STRING, "name": STRING, "description": STRING, "lang": STRING,
    "localized_name": STRING, "localized_description": STRING,
    "translations": obj(additional=strict({"name": STRING, "description": STRING})),
    "thread_count": INTEGER, "post_count": INTEGER, "member_count": INTEGER,
    "last_activity_at": nullable(DATETIME),
})

THREAD = strict({
    "id": INTEGER, "community": STRING, "title": STRING, "slug": STRING, "kind": enum(*THREAD_KINDS),
    "language": nullable(STRING), "author": nullable(ref("UserBrief")), "is_pinned": BOOLEAN,
    "is_locked": BOOLEAN, "slow_mode_seconds": nullable(INTEGER), "post_count": INTEGER,
    "last_post_number": INTEGER, "answered_post_id": nullable(INTEGER), "created_at": DATETIME,
    "last_activity_at": nullable(DATETIME),
})

REACTION_COUNTS = obj({"helpful": INTEGER, "thanks": INTEGER, "same_here": INTEGER},
                      required="*", additional=INTEGER)

POST = strict({
    "id": INTEGER, "thread_id": INTEGER, "number": INTEGER, "author": nullable(ref("UserBrief")),
    "html": nullable(STRING), "language": nullable(STRING), "is_deleted": BOOLEAN, "is_hidden": BOOLEAN,
    "created_at": DATETIME, "edited_at": nullable(DATETIME), "revision_count": INTEGER,
    "reactions": ref("ReactionCounts"), "my_reactions": array(enum("helpful", "thanks", "same_here")),
}, optional={"hidden_reason": nullable(STRING), "hidden_pending_review": BOOLEAN})
POST["description"] = ("A post as the reader may see it: `html` is null when they may not read it, and for a "
                       "deleted post; `hidden_reason` for those who may read a hidden one.")

NOTIFICATION = strict({
    "id": INTEGER, "kind": STRING, "text": STRING, "detail": nullable(STRING), "url": nullable(STRING),
    "message": nullable(STRING), "actor": nullable(ref("UserBrief")), "thread_id": nullable(INTEGER),
    "post_id": nullable(INTEGER), "project_id": nullable(INTEGER), "experience_id": nullable(INTEGER),
    "is_read": BOOLEAN, "created_at": DATETIME, "read_at": nullable(DATETIME),
}, optional={"reasons": ANY})

FLAG = strict({"id": INTEGER, "reason": STRING, "note": nullable(STRING), "flagger": nullable(ref("UserBrief")),
               "created_at": DATETIME, "post_id": INTEGER, "status": STRING, "resolved_at": nullable(DATETIME)})

SUSPENSION = strict({"id": INTEGER, "until": nullable(DATETIME), "reason": nullable(STRING), "created_at": DATETIME,
                     "lifted_at": nullable(DATETIME)})

ORGANIZATION = strict({
    "id": INTEGER, **ORGANIZATION_BRIEF["properties"], "website": nullable(STRING), "member_count": INTEGER,
    "merged_into": nullable(STRING), "created_at": DATETIME, "updated_at": nullable(DATETIME),
})

CONVERSATION = strict({
    "id": INTEGER, "subject": STRING, "participants": array(nullable(ref("UserBrief"))),
    "message_count": INTEGER, "last_message_at": nullable(DATETIME), "is_reported": BOOLEAN,
}, optional={"unread": BOOLEAN})

MESSAGE = strict({"id": INTEGER, "conversation_id": INTEGER, "author": nullable(ref("UserBrief")),
                  "source": STRING, "html": STRING, "created_at": DATETIME})

DRAFT = strict({"key": STRING, "body": STRING, "updated_at": DATETIME},
               optional={"title": STRING, "fields": obj(additional=STRING)})

COOPERATION = strict({
    "kind": enum("offer", "request"), "country": nullable(STRING), "themes": array(STRING),
    "support_types": array(STRING), "modality": nullable(STRING), "languages": array(STRING),
    "open_until": nullable(DATE), "status": STRING, "replicates_experience_id": nullable(INTEGER),
})

COOPERATION_THREAD = strict({"id": INTEGER, "title": STRING, "slug": STRING, "kind": enum(*THREAD_KINDS),
                             "author": nullable(ref("UserBrief")), "created_at": DATETIME})

COOPERATION_ITEM = obj({"thread": ref("CooperationThread"), **COOPERATION["properties"]}, required="*",
                       additional=False)

MATCH = strict({"id": INTEGER, "request_id": INTEGER, "offer_id": INTEGER, "status": STRING,
                "created_at": DATETIME, "decided_at": nullable(DATETIME)})

INTEREST = strict({
    "id": INTEGER, "thread_id": INTEGER, "status": STRING, "member": nullable(ref("UserBrief")),
    "country": nullable(STRING), "message": STRING,
    "organization": nullable(strict({"slug": STRING, "name": STRING})),
    "conversation_id": nullable(INTEGER), "project_id": nullable(INTEGER), "created_at": DATETIME,
    "decided_at": nullable(DATETIME),
})

ALERT = strict({"id": INTEGER, "filters": obj(additional=ANY), "created_at": DATETIME})

FACETS = obj(additional=array(strict({"value": ANY, "count": INTEGER})),
             description="For each filter, its values with how many records each has.")

PROJECT_BRIEF = strict({
    "id": INTEGER, "title": STRING, "slug": STRING, "status": STRING, "modality": nullable(STRING),
    "countries": array(strict({"code": STRING, "role": STRING})), "themes": array(STRING),
    "planned_start": nullable(DATE), "planned_end": nullable(DATE), "actual_start": nullable(DATE),
    "actual_end": nullable(DATE), "created_at": DATETIME, "url": STRING,
})

MILESTONE = strict({"id": INTEGER, "title": STRING, "due_date": nullable(DATE), "done_date": nullable(DATE),
                    "responsible_country": nullable(STRING), "is_overdue": BOOLEAN})

BUDGET_LINE = strict({"id": INTEGER, "country": nullable(STRING), "amount": nullable(STRING),
                      "currency": nullable(STRING), "in_kind": BOOLEAN, "description": nullable(STRING)})

PROJECT = strict({
    **PROJECT_BRIEF["properties"], "summary": STRING, "summary_html": STRING, "objectives": nullable(STRING),
    "objectives_html": nullable(STRING), "support_types": array(STRING),
    "organizations": array(strict({"id": INTEGER, "slug": STRING, "name": STRING, "country": nullable(STRING)})),
    "focal_points": array(nullable(ref("UserBrief"))), "milestones": array(ref("Milestone")),
    "budget_lines": array(ref("BudgetLine")), "offer_thread_id": nullable(INTEGER),
    "request_thread_id": nullable(INTEGER), "discussion_thread_id": nullable(INTEGER),
    "experience_id": nullable(INTEGER), "created_by": nullable(ref("UserBrief")), "updated_at": nullable(DATETIME),
    "revision_count": INTEGER,
})

PROJECT_DOCUMENT = strict({
    "project": ref("Project"),
    "status_history": array(strict({"from": nullable(STRING), "to": STRING, "note": nullable(STRING),
                                    "actor": nullable(ref("UserBrief")), "created_at": DATETIME})),
    "allowed_transitions": array(STRING), "can_edit": BOOLEAN,
})

DIFF_FIELDS = array(strict({"field": STRING, "rows": array(strict({
    "kind": STRING, "old_number": nullable(INTEGER), "old": nullable(STRING), "new_number": nullable(INTEGER),
    "new": nullable(STRING)}))}))

# The export document (forum.services.experience_export.to_json; its versioned JSON Schema is
# static/schemas/): the names every record has, the rest left to that schema.
EXPERIENCE = obj({
    "schema_version": STRING, "id": INTEGER, "url": STRING, "status": STRING, "title": STRING,
    "summary": STRING, "countries": array(obj({"code": STRING, "name": STRING, "role": STRING}, required="*")),
    "partner_organizations": array(ANY), "modality": nullable(STRING),
    "themes": array(obj({"slug": STRING, "name": STRING}, required="*")),
    "sdg_targets": array(obj({"code": STRING, "label": STRING}, required="*")), "period": obj(required=()),
    "sections": obj(additional=STRING), "language": STRING, "license": obj({"id": STRING}, required="*"),
    "source_thread": nullable(obj({"id": INTEGER, "title": STRING, "url": STRING}, required="*")),
    "evidence": array(obj({"post_id": nullable(INTEGER)}, required="*")), "files": array(ANY),
    "contributors": array(ANY), "editors": array(ANY), "contacts": array(ANY), "revision": INTEGER,
    "created_at": DATETIME, "updated_at": nullable(DATETIME), "published_at": nullable(DATETIME),
}, required="*")

TRANSLATION_BRIEF = strict({"language": STRING, "status": STRING, "out_of_date": BOOLEAN, "url": STRING})

SCREENING = strict({"passed": BOOLEAN, "checks": obj(additional=nullable(BOOLEAN)), "comment": nullable(STRING),
                    "reviewer": nullable(ref("UserBrief")), "screened_at": nullable(DATETIME)})

ASSESSMENT = strict({
    "status": STRING, "is_good_practice": BOOLEAN, "min_assessors": INTEGER, "screening": nullable(SCREENING),
    "attributes": array(strict({"code": STRING, "label": STRING, "median": nullable({"type": "number"}),
                                "scores": array(strict({"assessor": nullable(ref("UserBrief")), "score": INTEGER,
                                                        "justification": STRING,
                                                        "updated_at": nullable(DATETIME)}))})),
})

VALIDATION_SUMMARY = strict({"validated": array(STRING), "pending": array(STRING),
                             "changes_requested": array(STRING), "is_complete": BOOLEAN},
                            )
VALIDATION_SUMMARY["description"] = "The countries (ISO codes) in each state."

VALIDATIONS = strict({
    **VALIDATION_SUMMARY["properties"],
    "countries": array(strict({"country": STRING, "status": STRING, "decided_by": nullable(ref("UserBrief")),
                               "decided_at": nullable(DATETIME)}, optional={"comment": nullable(STRING)})),
})

EXPERIENCE_DOCUMENT = strict({
    "experience": ref("Experience"), "translations": array(ref("TranslationBrief")),
    "allowed_transitions": array(STRING), "reviewed_by": nullable(ref("UserBrief")),
    "reviewed_at": nullable(DATETIME),
    "changelog": array(strict({"date": DATETIME, "note": nullable(STRING), "revision": INTEGER})),
    "assessment": ref("Assessment"), "validations": ref("Validations"),
})

TRANSLATION_DOCUMENT = strict({
    "translation": strict({
        **TRANSLATION_BRIEF["properties"], "source_language": STRING, "source_revision": nullable(INTEGER),
        "title": STRING, "summary": STRING, "sections": obj(additional=STRING),
        "translators": array(nullable(ref("UserBrief"))), "created_at": DATETIME,
        "updated_at": nullable(DATETIME), "published_at": nullable(DATETIME), "source_changes": DIFF_FIELDS,
    }),
    "allowed_transitions": array(STRING),
})

COMPENDIUM = strict({
    "token": STRING, "status": enum("queued", "running", "done", "failed"), "stage": nullable(STRING),
    "done": INTEGER, "total": INTEGER, "language": STRING, "title": nullable(STRING),
    "experience_ids": array(INTEGER), "page_count": nullable(INTEGER), "created_at": DATETIME,
    "finished_at": nullable(DATETIME), "url": STRING, "pdf_url": nullable(STRING),
})

FOCAL_POINT = strict({"country": STRING, "user": nullable(ref("UserBrief")), "created_at": DATETIME})

BOOKMARK = obj({
    "id": INTEGER, "kind": enum("post", "thread", "experience"), "note": nullable(STRING),
    "remind_at": nullable(DATE), "reminded_at": nullable(DATETIME), "created_at": DATETIME,
}, required="*", optional={
    "post_id": INTEGER, "thread_id": INTEGER, "experience_id": INTEGER, "title": STRING, "url": STRING,
}, additional=False, description="`<kind>_id` names what it keeps (a post's also has `thread_id`).")

UPLOAD = strict({"id": INTEGER, "url": STRING, "kind": STRING, "size": INTEGER, "content_type": STRING,
                 "filename": STRING, "markdown": STRING})

SEARCH_ITEM = obj({
    "type": STRING, "id": ANY, "title": nullable(STRING), "community": ANY, "author": ANY, "kind": ANY,
    "language": ANY, "is_hidden": ANY, "url": STRING, "title_html": STRING, "snippet": STRING,
    "created_at": nullable(DATETIME),
}, required="*", optional={"username": STRING, "conversation_id": INTEGER, "thread": ANY}, additional=False)

COUNTRY = strict({"code": STRING, "name": STRING, "url": STRING,
                  "counts": strict({"offers": INTEGER, "requests": INTEGER, "experiences": INTEGER,
                                    "members": INTEGER})})

ERROR = strict({"error": strict({"code": STRING, "message": STRING})})
ERROR["description"] = "Every error: a code for programs, a message in the reader's language."
ERROR["properties"]["error"]["properties"]["code"]["examples"] = ["not_found"]

SCHEMAS: dict[str, Any] = {
    "Error": ERROR, "UserBrief": USER_BRIEF, "UserMe": USER_ME, "UserProfile": USER_PROFILE,
    "UserModeration": USER_MODERATION, "OrganizationBrief": ORGANIZATION_BRIEF, "Organization": ORGANIZATION,
    "Community": COMMUNITY, "Thread": THREAD, "ReactionCounts": REACTION_COUNTS, "Post": POST,
    "Notification": NOTIFICATION, "Flag": FLAG, "Suspension": SUSPENSION, "Conversation": CONVERSATION,
    "Message": MESSAGE, "Draft": DRAFT, "Bookmark": BOOKMARK, "Upload": UPLOAD, "SearchItem": SEARCH_ITEM,
    "Cooperation": COOPERATION, "CooperationThread": COOPERATION_THREAD, "CooperationItem": COOPERATION_ITEM,
    "Match": MATCH, "Interest": INTEREST, "Alert": ALERT, "Facets": FACETS, "ProjectBrief": PROJECT_BRIEF,
    "Project": PROJECT, "ProjectDocument": PROJECT_DOCUMENT, "Milestone": MILESTONE, "BudgetLine": BUDGET_LINE,
    "Experience": EXPERIENCE, "ExperienceDocument": EXPERIENCE_DOCUMENT, "TranslationBrief": TRANSLATION_BRIEF,
    "TranslationDocument": TRANSLATION_DOCUMENT, "Assessment": ASSESSMENT, "Validations": VALIDATIONS,
    "Compendium": COMPENDIUM, "FocalPoint": FOCAL_POINT, "Country": COUNTRY,
}

_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.",
                                "schema": {"type": "string"}}}


def _error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"description": description,
                           "content": {"application/json": {"schema": ref("Error")}}}
    if headers:
        out["headers"] = headers
    return out


RESPONSES = {
    "BadRequest": _error("Not JSON, not a JSON object, or a cookie session's write without a valid "
                         "X-CSRFToken header (`csrf_failed`)."),
    "Unauthorized": _error("Not signed in, or the bearer token is invalid or revoked (`invalid_token`)."),
    "Forbidden": _error("Signed in, but not allowed to do this (a suspended, unverified or deactivated "
                        "account; a rule of the action)."),
    "NotFound": _error("Missing, or not yours to see: the same answer for both."),
    "Conflict": _error("The request conflicts with the current state."),
    "TooLarge": _error("The body is too large (1 MB; an upload: UPLOAD_MAX_BYTES)."),
    "UnsupportedMediaType": _error("This type of file is not accepted."),
    "Invalid": _error("A value breaks a rule: a field the endpoint does not name, a wrong type, a value "
                      "out of range, a control character; the message names the field."),
    "RateLimited": _error("Too many requests: wait `Retry-After` seconds.", _RETRY_AFTER),
    "Busy": _error("The database is busy: try again after `Retry-After` seconds.", _RETRY_AFTER),
}

SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "hz_...",
               "description": "A personal API token (settings page, or `flask users token USERNAME`). "
                              "A token that is sent must be valid: there is no fallback to the cookie."},
    "session": {"type": "apiKey", "in": "cookie", "name": "session",
                "description": "The site's session cookie, as the pages use it."},
    "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRFToken",
             "description": "With the session cookie, every write also sends this header: the value of the "
                            "page's `<meta name=\"csrf-token\">`."},
}
