"""Communities, threads, posts, answers, reactions, subscriptions, uploads (forum.api.communities,
threads, posts, answers, subscriptions, uploads)."""

from forum.api.openapi.components import THREAD_KINDS
from forum.api.openapi.spec import (
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

TAG = "Forum"

LANG = query("lang", {"type": "string", "pattern": "^[a-z]{2,3}$"},
             "The language of `localized_name` and `localized_description` (else the account's, the cookie's or "
             "Accept-Language's).")
LANGUAGE_CODE = {"type": "string", "description": "A content language code (en, es, pt, fr, ...)."}
COOPERATION_BODY = obj({
    "country": STRING, "themes": array(STRING), "support_types": array(STRING), "modality": STRING,
    "languages": array(STRING), "open_until": nullable({"type": "string", "format": "date"}), "status": STRING,
    "replicates_experience_id": nullable(INTEGER),
}, description="An offer's or request's cooperation fields (see /threads/{thread_id}/cooperation).")

THREAD_WITH_POSTS = {
    "anyOf": [
        strict({"thread": ref("Thread"), "posts": array(ref("Post")), "page": INTEGER, "pages": INTEGER}),
        strict({"thread": ref("Thread"), "posts": array(ref("Post")), "after": INTEGER,
                "has_more": {"type": "boolean"}}),
    ],
}

OPERATIONS = [
    Operation("get", "/communities", "list_communities", "Communities with their counters",
              {200: strict({"items": array(ref("Community"))})}, signed_in=False, query=[LANG]),
    Operation("get", "/communities/{slug}", "get_community", "One community",
              {200: strict({"community": ref("Community")})}, signed_in=False, query=[LANG]),
    Operation("patch", "/communities/{slug}", "edit_community", "Edit a community (admins)",
              {200: strict({"community": ref("Community")})},
              body=obj({"name": STRING, "description": STRING, "position": INTEGER,
                        "translations": obj(additional=obj({"name": STRING, "description": STRING}))}),
              description="`translations`: `{\"es\": {\"name\", \"description\"}}`; a language given with empty "
                          "texts loses its translation, one not named keeps it."),
    Operation("get", "/communities/{slug}/threads", "list_threads", "A community's threads, pinned first",
              {200: page_of(ref("Thread"))}, signed_in=False, query=[PAGE]),
    Operation("post", "/communities/{slug}/threads", "create_thread", "Start a thread",
              {201: strict({"thread": ref("Thread"), "post": ref("Post")},
                           optional={"cooperation": ref("Cooperation")})},
              body=obj({"title": STRING, "body": STRING, "kind": enum(*THREAD_KINDS), "language": LANGUAGE_CODE,
                        "cooperation": COOPERATION_BODY}, required=["title", "body"]),
              rate_limited=True, errors=(409,),
              description="Without `language` it is guessed; an offer or request may carry its cooperation fields.",
              example={"title": "Cold chain on river routes", "kind": "question",
                       "body": "How do you keep vaccines cold on a three-day trip?"}),
    Operation("get", "/threads/{thread_id}", "show_thread", "A thread's posts, by page or after a post number",
              {200: THREAD_WITH_POSTS}, signed_in=False,
              query=[PAGE, query("after", {"type": "integer", "minimum": 0, "maximum": 10**9},
                                 "The posts after this number instead of a page (for catching up).")]),
    Operation("patch", "/threads/{thread_id}", "update_thread", "Correct a thread's language",
              {200: strict({"thread": ref("Thread")})}, body=obj({"language": LANGUAGE_CODE})),
    Operation("post", "/threads/{thread_id}/posts", "create_post", "Reply",
              {201: strict({"post": ref("Post")})}, body=obj({"body": STRING}, required=["body"]),
              rate_limited=True, errors=(409,),
              example={"body": "We use solar fridges and log the temperature twice a day."}),
    Operation("patch", "/posts/{post_id}", "edit_post", "Edit a post (a revision is kept)",
              {200: strict({"post": ref("Post")})}, body=obj({"body": STRING}, required=["body"]), errors=(409,),
              example={"body": "We use solar fridges and log the temperature twice a day (2-8 °C)."}),
    Operation("delete", "/posts/{post_id}", "delete_post", "Delete a post (soft)",
              {200: strict({"post": ref("Post")})}),
    Operation("get", "/posts/{post_id}/revisions", "post_revisions", "A post's edits, newest first, with word diffs",
              {200: strict({"post_id": INTEGER, "source": nullable(STRING), "revisions": array(strict({
                  "number": INTEGER, "edited_at": DATETIME, "replaced_source": STRING,
                  "replaced_written_at": nullable(DATETIME),
                  "diff": array(strict({"kind": enum("equal", "delete", "insert"), "text": STRING})),
              }, optional={"editor": nullable(ref("UserBrief"))}))})},
              signed_in=False, errors=(403,),
              description="`editor` for the post's moderators only. Readers of the post only (404 otherwise)."),
    Operation("post", "/threads/{thread_id}/answer", "mark_answer", "Mark a reply as the question's answer",
              {200: strict({"thread": ref("Thread")})}, body=obj({"post_id": INTEGER}, required=["post_id"])),
    Operation("delete", "/threads/{thread_id}/answer", "unmark_answer", "Unmark the answer",
              {200: strict({"thread": ref("Thread")})}),
    Operation("put", "/posts/{post_id}/reactions/{kind}", "react", "Give a reaction (idempotent)",
              {200: strict({"post": ref("Post")})}, rate_limited=True),
    Operation("delete", "/posts/{post_id}/reactions/{kind}", "react", "Take a reaction back (idempotent)",
              {200: strict({"post": ref("Post")})}, rate_limited=True),
    Operation("get", "/threads/{thread_id}/subscription", "get_thread_subscription", "How you follow a thread",
              {200: strict({"level": nullable(enum("watch", "mute"))})}),
    Operation("put", "/threads/{thread_id}/subscription", "put_thread_subscription", "Watch or mute a thread",
              {200: strict({"level": enum("watch", "mute")})},
              body=obj({"level": enum("watch", "mute")}, required=["level"]),
              example={"level": "watch"}),
    Operation("delete", "/threads/{thread_id}/subscription", "delete_thread_subscription",
              "Back to normal notifications", {200: strict({"level": {"type": "null"}})}),
    Operation("put", "/communities/{slug}/follow", "follow_community", "Follow a community",
              {200: strict({"following": {"const": True}})}),
    Operation("delete", "/communities/{slug}/follow", "unfollow_community", "Unfollow a community",
              {200: strict({"following": {"const": False}})}),
    Operation("post", "/uploads", "create_upload", "Attach a file",
              {201: strict({"upload": ref("Upload")})},
              multipart=obj({"file": {"type": "string", "contentMediaType": "application/octet-stream"}},
                            required=["file"]),
              rate_limited=True, errors=(415,),
              description="Put the answer's `url` (or `markdown`) in a post's or a message's `body`. 413 too "
                          "large, 415 type refused, 422 image too large or no file, 429 daily quota."),
    Operation("get", "/uploads/{upload_id}", "show_upload", "The file",
              {200: None, 304: None}, signed_in=False,
              content={200: {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
              description="For those who may read what it is attached to (the uploader until then)."),
]
