"""Flags, the review queue, moderators' actions and the audit log (forum.api.moderation)."""

from forum.api.openapi.spec import (
    ANY,
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

TAG = "Moderation"

QUEUE_ITEM = strict({
    "post": ref("Post"), "thread": strict({"id": INTEGER, "title": STRING, "community": STRING}),
    "flags": array(strict({"id": INTEGER, "reason": STRING, "note": nullable(STRING),
                           "flagger": nullable(ref("UserBrief")), "created_at": DATETIME})),
    "reasons": obj(additional=INTEGER),
    "author": strict({"id": INTEGER, "username": STRING, "display_name": STRING, "country": nullable(STRING),
                      "post_count": INTEGER, "upheld_flag_count": INTEGER, "suspensions": array(ref("Suspension"))}),
})
AUDIT_ENTRY = strict({
    "id": INTEGER, "created_at": DATETIME, "actor": nullable(ref("UserBrief")), "action": STRING,
    "target_type": nullable(STRING), "target_id": nullable(INTEGER), "community_id": nullable(INTEGER),
    "reason": nullable(STRING), "details": ANY, "action_label": STRING, "details_text": array(STRING),
})
UNTIL = {"type": "string", "description": "The end of a suspension (ISO 8601 date or time); none: until lifted."}
ACTION_NOTE = ("Each action accepts only the fields it uses: ")

OPERATIONS = [
    Operation("post", "/posts/{post_id}/flags", "flag_post", "Flag a post for the moderators",
              {201: strict({"flag": ref("Flag")})},
              body=obj({"reason": enum("spam", "off_topic", "abusive", "misinformation", "other"), "note": STRING},
                       required=["reason"]), rate_limited=True, errors=(409,),
              example={"reason": "spam", "note": "The same link in five threads"}),
    Operation("get", "/moderation/queue", "moderation_queue", "Open flags, grouped by post (25 a page)",
              {200: page_of(QUEUE_ITEM)}, query=[PAGE]),
    Operation("post", "/moderation/posts/{post_id}", "moderate_post", "Act on a post",
              {200: strict({"post": ref("Post")}, optional={
                  "dismissed": INTEGER, "user": ref("UserModeration"), "suspension": ref("Suspension")})},
              body=obj({"action": enum("hide", "restore", "delete", "undelete", "dismiss", "warn", "suspend_author"),
                        "reason": STRING, "message": STRING, "until": UNTIL}, required=["action"]),
              errors=(409,),
              description=ACTION_NOTE + "`warn` takes `message`; `suspend_author` takes `until` and `reason`; the "
                                        "others take `reason`."),
    Operation("post", "/moderation/threads/{thread_id}", "moderate_thread", "Act on a thread",
              {200: strict({"thread": ref("Thread")}),
               201: strict({"thread": ref("Thread"), "source": ref("Thread")})},
              body=obj({"action": enum("lock", "unlock", "pin", "unpin", "rename", "move", "close", "slow_mode",
                                       "split"),
                        "reason": STRING, "title": STRING, "community": STRING, "message": STRING,
                        "seconds": INTEGER, "post_ids": array(INTEGER)}, required=["action"]),
              errors=(409,),
              description=ACTION_NOTE + "`rename` takes `title`; `move` takes `community`; `close` takes "
                                        "`message`; `slow_mode` takes `seconds`; `split` takes `post_ids` and "
                                        "`title` (201 with the new thread); the others take `reason`.",
              example={"action": "pin", "reason": "Answers a common question"}),
    Operation("post", "/moderation/users/{username}", "moderate_user", "Act on a member",
              {200: strict({"user": ref("UserModeration")}, optional={"suspension": ref("Suspension")})},
              body=obj({"action": enum("suspend", "unsuspend", "warn", "deactivate", "reactivate", "set_role"),
                        "until": UNTIL, "reason": STRING, "message": STRING,
                        "role": enum("member", "moderator", "admin")}, required=["action"]),
              errors=(409,),
              description=ACTION_NOTE + "`suspend` takes `until` and `reason`; `warn` takes `message`; `set_role` "
                                        "takes `role`; the others take `reason`."),
    Operation("get", "/moderation/log", "moderation_log", "The audit log (50 a page)",
              {200: page_of(AUDIT_ENTRY)},
              query=[query("action", {"type": "string", "maxLength": 48}),
                     query("actor", {"type": "string", "maxLength": 30}, "A username."),
                     query("target_type", {"type": "string", "maxLength": 16}),
                     query("target_id", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}), PAGE],
              description="Each entry as stored (`action`, `details`) and in the reader's language (`action_label`, "
                          "`details_text`: one sentence a line)."),
]
