"""Search (forum.api.search)."""

from forum.api.openapi.spec import (
    BOOLEAN,
    INTEGER,
    PAGE,
    STRING,
    Operation,
    array,
    enum,
    nullable,
    query,
    ref,
    strict,
)

TAG = "Search"

PAGING = {"page": INTEGER, "pages": INTEGER, "total": INTEGER, "total_is_exact": BOOLEAN}
GROUP = strict({
    "thread": nullable(strict({"id": INTEGER, "title": STRING, "url": STRING})),
    "item": nullable(ref("SearchItem")), "posts": array(ref("SearchItem")), "more_posts": INTEGER,
})

OPERATIONS = [
    Operation("get", "/search", "search_api", "Search posts, threads, experiences, people and your messages",
              {200: {"anyOf": [strict({"items": array(ref("SearchItem")), **PAGING}),
                               strict({"groups": array(GROUP), **PAGING})]}},
              signed_in=False, rate_limited=True,
              query=[query("q", {"type": "string", "maxLength": 500}, "The words (quotes for a phrase, -word to "
                                                                      "leave out)."),
                     query("type", description="post, thread, experience, person, message (your own: sign in)."),
                     query("community", description="A community's slug."),
                     query("author", description="A username."),
                     query("kind", description="A thread kind."), query("lang", description="A language code."),
                     query("from", {"type": "string", "format": "date"}),
                     query("to", {"type": "string", "format": "date"}),
                     query("sort", enum("relevance", "newest")),
                     query("include_hidden", enum("0", "1"), "Moderators: hidden posts too."),
                     query("group", enum("post", "thread"), "`thread`: results grouped by thread."),
                     query("answered", enum("0", "1"), "Only threads with an accepted answer and their posts."),
                     PAGE],
              description="422 codes: `empty_query`, `too_long`, `invalid`, `invalid_date`, `unknown_community`, "
                          "`unknown_author`."),
]
