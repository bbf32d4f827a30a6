"""Searching: parameters, permissions, counting, ranking and the page of results.

Every filter and every permission is part of the full-text match itself (filter tokens in the
index, forum.search.schema; the exact bounds of a date range in SQL), before counting and
paging, so a result or a count never includes what the reader may not see:

* deleted posts, posts of deleted threads, deleted threads, and deactivated or unconfirmed
  people: never;
* hidden posts: only with `include_hidden` and only for those who may see hidden content there
  (moderators everywhere, community moderators in their communities).

One query fetches the newest COUNT_LIMIT matches with their scores (bm25 / ts_rank, computed for
those rows only); they give the count and are ranked here. Beyond COUNT_LIMIT the total shows as
"more than 1,000" and the results are ranked among those newest matches: ranking a word that
half the forum contains would otherwise cost a score for every one of them, and counting them a
visit to each, far beyond 100 ms at a million posts. Exact title matches come first whatever
their age (a separate, indexed lookup).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import and_, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from forum import permissions
from forum.content import html_to_text
from forum.errors import ValidationError
from forum.metrics import timed_search
from forum.models import THREAD_KINDS, Community, Post, Thread, User
from forum.models.communities import localized_text
from forum.search import text as t
from forum.search.backends import DOCS, Filters, backend_for
from forum.search.highlight import highlight
from forum.search.messages import MESSAGE_TYPE, search_messages
from forum.search.query import ParsedQuery, parse_query
from forum.search.registry import type_values, versions

PER_PAGE = 20
COUNT_LIMIT = 1_000
MAX_PAGE = COUNT_LIMIT // PER_PAGE + 1

SORTS = ("relevance", "newest")
GROUPS = ("thread", "post")
# Under a thread in grouped results: its best matching posts, at most this many.
POSTS_PER_THREAD = 3
LANGUAGE_FILTERS = (*t.LANGUAGES, t.SIMPLE)


@dataclass
class SearchParams:
    q: str = ""
    type: str = "all"
    community: str = ""
    author: str = ""
    kind: str = ""
    lang: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    include_hidden: bool = False
    # "thread": a thread once, with its best matching posts under it; "post": each match alone.
    group: str = "post"
    # Only posts and threads of threads that have an accepted answer (answered_filter).
    answered: bool = False


@dataclass
class SearchResults:
    params: SearchParams
    items: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    # False when there are more matches than COUNT_LIMIT (the total then says "more than").
    total_is_exact: bool = True
    page: int = 1
    # Grouped by thread (params.group == "thread"): one entry per thread or other result, each
    # {"item": the result itself (a thread's own match, a person, an experience) or None,
    #  "thread": {"id", "title", "slug"} or None, "posts": its best posts, "more_posts": how many more}.
    groups: list[dict[str, Any]] | None = None

    @property
    def pages(self) -> int:
        return max((self.total + PER_PAGE - 1) // PER_PAGE, 1)


def _text_arg(args, name: str, max_length: int = 100) -> str:
    value = args.get(name, "")
    value = t.clean(value).strip() if isinstance(value, str) else ""
    if len(value) > max_length:
        raise ValidationError(name, _("This value is too long."), code="invalid")
    return value


def _date_arg(args, name: str) -> date | None:
    value = _text_arg(args, name, 32)
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(name, _("Use a date like 2025-03-31."), code="invalid_date") from None


def read_params(args, page: int = 1, *, default_group: str = "post") -> SearchParams:
    """Filters from a query string (?q=&type=&community=&author=&kind=&lang=&from=&to=&sort=
    &group=&answered=). `default_group`: "thread" on the page, "post" in the API.

    Raises ValidationError naming the parameter. The query itself is checked by parse_query.
    """
    params = SearchParams(page=page)
    raw_q = args.get("q", "")
    params.q = raw_q if isinstance(raw_q, str) else ""
    params.type = _text_arg(args, "type") or "all"
    if params.type not in type_values() and params.type != MESSAGE_TYPE:
        raise ValidationError("type", _("Choose posts, threads, people, experiences or all."), code="invalid")
    params.community = _text_arg(args, "community", 64)
    params.author = _text_arg(args, "author", 64).lstrip("@")
    params.kind = _text_arg(args, "kind")
    if params.kind and params.kind not in THREAD_KINDS:
        raise ValidationError("kind", _("Unknown kind of thread."), code="invalid")
    params.lang = _text_arg(args, "lang")
    if params.lang and params.lang not in LANGUAGE_FILTERS:
        raise ValidationError("lang", _("Unknown language."), code="invalid")
    params.date_from = _date_arg(args, "from")
    params.date_to = _date_arg(args, "to")
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise ValidationError("to", _("The end date is before the start date."), code="invalid_date")
    params.sort = _text_arg(args, "sort") or "relevance"
    if params.sort not in SORTS:
        raise ValidationError("sort", _("Sort by relevance or newest."), code="invalid")
    params.include_hidden = _text_arg(args, "include_hidden") in ("1", "true", "on", "yes", "y")
    params.group = _text_arg(args, "group") or default_group
    if params.group not in GROUPS:
        raise ValidationError("group", _("Group by thread or show each post."), code="invalid")
    params.answered = _text_arg(args, "answered") in ("1", "true", "on", "yes", "y")
    return params


def answered_filter() -> Any:
    """The condition of `answered=1` on the `threads` table: the thread has an accepted answer
    (threads.answered_post_id, the reply its author or a moderator marked as the answer)."""
    return text("threads.answered_post_id IS NOT NULL")


def _threads_of(conn: Connection, doc_ids: list[int], answered: bool) -> dict[int, int | None]:
    """{document id: its thread's id (None for people and experiences)} of these matches: one
    query. With `answered`, only the posts and threads of answered threads are kept. A thread's
    own document (its title) is keyed by its negated id, so a group finds it however it ranks."""
    query = select(DOCS.c.id, DOCS.c.thread_id, DOCS.c.doc_type).where(DOCS.c.id.in_(doc_ids))
    if answered:
        query = query.join(Thread, Thread.id == DOCS.c.thread_id).where(answered_filter())
    found: dict[int, int | None] = {}
    for row in conn.execute(query):
        found[row.id] = row.thread_id
        if row.doc_type == "thread":
            found[-row.id] = row.thread_id
    return found


def resolve_filters(conn: Connection, viewer, params: SearchParams) -> Filters:
    """The parameters as ids, and what the viewer may see of hidden posts."""
    filters = Filters(doc_type=type_values()[params.type], kind=params.kind or None, language=params.lang or None)
    if params.community:
        filters.community_id = conn.scalar(select(Community.id).where(Community.slug == params.community))
        if filters.community_id is None:
            raise ValidationError("community", _("There is no such community."), code="unknown_community")
    if params.author:
        filters.author_id = conn.scalar(select(User.id).where(User.username_key == params.author.lower()))
        if filters.author_id is None:
            raise ValidationError("author", _("There is no member with this username."), code="unknown_author")
    if params.date_from:
        filters.start = datetime.combine(params.date_from, time(), UTC)
    if params.date_to and params.date_to < date.max:  # 9999-12-31 has no next day: no upper bound
        filters.end = datetime.combine(params.date_to + timedelta(days=1), time(), UTC)
    if params.include_hidden:
        if permissions.is_moderator(viewer):
            filters.hidden_everywhere = True
        else:
            filters.hidden_communities = tuple(sorted(permissions.moderated_community_ids(viewer)))
    return filters


def search(conn: Connection, viewer, params: SearchParams, parsed: ParsedQuery | None = None) -> SearchResults:
    """The page of results for `params`, timed for /metrics (horizonte_search_duration_seconds)."""
    with timed_search(params.type or "all"):
        return _search(conn, viewer, params, parsed)


def _search(conn: Connection, viewer, params: SearchParams, parsed: ParsedQuery | None) -> SearchResults:
    parsed = parsed or parse_query(params.q)
    results = SearchResults(params=params, page=params.page)
    if params.type == MESSAGE_TYPE:  # the searcher's own messages: not in the site's index
        results.items, results.total = search_messages(conn, viewer, parsed, params.page, PER_PAGE)
        return results
    backend = backend_for(conn, parsed, resolve_filters(conn, viewer, params))
    # The newest COUNT_LIMIT matches with their scores: the count, and what is ranked.
    candidates = backend.newest(COUNT_LIMIT)
    results.total_is_exact = len(candidates) < COUNT_LIMIT
    threads: dict[int, int | None] = {}
    if candidates and (params.group == "thread" or params.answered):
        threads = _threads_of(conn, [doc_id for doc_id, _score in candidates], params.answered)
        if params.answered:
            candidates = [pair for pair in candidates if pair[0] in threads]
    results.total = len(candidates)
    if params.group == "thread":
        results.groups = []
        results.total = len({threads[doc_id] or -doc_id for doc_id, _score in candidates})
    if not candidates or params.page > results.pages:
        return results
    first_ids: list[int] = []
    if params.sort == "relevance":
        if parsed.title_key:
            first_ids = backend.exact_title_ids(parsed.title_key, PER_PAGE)
        # Best score first; among equals, the newest (candidates come newest first, sorted is stable).
        candidates = sorted(candidates, key=lambda pair: -pair[1])
    if params.answered:
        first_ids = [doc_id for doc_id in first_ids if doc_id in threads]
    ordered = first_ids + [doc_id for doc_id, _score in candidates if doc_id not in first_ids]
    start = (params.page - 1) * PER_PAGE
    if params.group == "thread":
        results.groups = _groups(conn, viewer, ordered, threads, start, backend.highlight())
        return results
    results.items = _items(conn, viewer, ordered[start:start + PER_PAGE], backend.highlight())
    return results


def _groups(conn: Connection, viewer, ordered: list[int], threads: dict[int, int | None], start: int,
            marks) -> list[dict[str, Any]]:
    """One page of results grouped by thread, in the order of each group's best match: a thread's
    own match (its title) and its best POSTS_PER_THREAD posts; people and experiences alone. One
    query for the page's rows, whatever the number of threads."""
    members: dict[int, list[int]] = {}
    for doc_id in ordered:
        # A document of no thread is a group of its own (a negative key cannot be a thread's id).
        members.setdefault(threads.get(doc_id) or -doc_id, []).append(doc_id)
    page = list(members.items())[start:start + PER_PAGE]
    # Each group's own document (a thread's title, a person, an experience), wherever it ranks,
    # and its best POSTS_PER_THREAD others.
    chosen = []
    for key, ids in page:
        own = next((doc_id for doc_id in ids if key < 0 or -doc_id in threads), None)
        chosen.append((key, ids, own, [doc_id for doc_id in ids if doc_id != own][:POSTS_PER_THREAD]))
    wanted = [doc_id for _key, _ids, own, posts in chosen for doc_id in ([own] if own else []) + posts]
    items = {item["doc_id"]: item for item in _items(conn, viewer, wanted, marks)}
    groups = []
    for key, ids, own_id, post_ids in chosen:
        own = items.get(own_id) if own_id else None
        posts = [items[doc_id] for doc_id in post_ids if doc_id in items]
        if own is None and not posts:
            continue
        shown = len(post_ids) + (own_id is not None)
        group = {"item": own, "posts": posts, "more_posts": max(len(ids) - shown, 0), "thread": None}
        if key > 0:
            first = own or posts[0]
            group["thread"] = {"id": key, "title": first["thread"]["title"],
                               "slug": first.get("slug") or first["thread"].get("slug"),
                               "community": first["community"], "kind": first["kind"],
                               "is_answered": first["is_answered"]}
        groups.append(group)
    return groups


def matching_object_ids(conn: Connection, viewer, doc_type: str, q: str) -> list[int]:
    """The ids of the objects of one type (a `type` value: "people", "experiences") that the site
    search finds for `q`, best first: the one text match of the site, for the pages that filter by
    more than text (the library, the directory). At most COUNT_LIMIT, the newest matches.

    Raises ValidationError("q", ...) for a query with nothing to look for, like `search`.
    """
    parsed = parse_query(q)
    backend = backend_for(conn, parsed, resolve_filters(conn, viewer, SearchParams(q=q, type=doc_type)))
    ranked = [doc_id for doc_id, _score in sorted(backend.newest(COUNT_LIMIT), key=lambda pair: -pair[1])]
    rows = list(conn.execute(select(DOCS.c.id, DOCS.c.doc_type, DOCS.c.object_id).where(DOCS.c.id.in_(ranked))))
    parents = _parents(conn, rows)
    objects = {row.id: parents.get((row.doc_type, row.object_id), row.object_id) for row in rows}
    # A record found in its original and in a translation is one object, at its best place.
    return list(dict.fromkeys(objects[doc_id] for doc_id in ranked if doc_id in objects))


def _parents(conn: Connection, rows) -> dict[tuple[str, int], int]:
    """(doc_type, object_id) of the versions among these rows (registry.DocType.version_of) -> the
    id of the object they are a version of: one query per kind of version present."""
    found: dict[tuple[str, int], int] = {}
    for doc_type in versions():
        ids = [row.object_id for row in rows if row.doc_type == doc_type.name]
        if ids:
            found.update({(doc_type.name, object_id): parent for object_id, parent in conn.execute(
                select(doc_type.model.id, doc_type.parent).where(doc_type.model.id.in_(ids)))})
    return found


def _items(conn: Connection, viewer, ids: list[int], marks) -> list[dict[str, Any]]:
    if not ids:
        return []
    opening = aliased(Post)
    rows = conn.execute(
        select(DOCS, Community.slug.label("community_slug"), Community.name.label("community_name"),
               Community.name_i18n.label("community_name_i18n"),
               User.username, User.display_name, Thread.slug.label("thread_slug"),
               Thread.answered_post_id.label("answered_post_id"),
               opening.html.label("opening_html"), opening.author_id.label("opening_author_id"),
               opening.hidden_at.label("opening_hidden_at"), opening.deleted_at.label("opening_deleted_at"))
        .select_from(
            DOCS.outerjoin(Community, Community.id == DOCS.c.community_id)
            .outerjoin(User, User.id == DOCS.c.author_id)
            .outerjoin(Thread, Thread.id == DOCS.c.thread_id)
            .outerjoin(opening, and_(DOCS.c.doc_type == "thread", opening.thread_id == DOCS.c.object_id,
                                     opening.number == 1)))
        .where(DOCS.c.id.in_(ids))
    )
    by_id = {row.id: row for row in rows}
    items = [_item(by_id[i], marks, _shown_text(viewer, by_id[i])) for i in ids if i in by_id]
    parents = _parents(conn, by_id.values())
    kinds = {d.name: d.version_of for d in versions()}
    shown = []
    for item in items:
        if item["type"] in kinds:
            # A translation is a result about its record, read in the translation's language.
            parent = parents.get((item["type"], item["id"]))
            if parent is None:  # its row outlived it (the index is exact in a transaction; be safe)
                continue
            item.update(type=kinds[item["type"]], id=parent, lang=item["language"])
        shown.append(item)
    return shown


def _shown_text(viewer, row) -> str:
    """The text a result may quote: a post's, or a thread's opening post's, only when the viewer may
    read it (permissions.post_text_readable, the rule of every page). The filters above already keep
    unreadable posts out; an opening post hidden in a visible thread is what this catches."""
    if row.doc_type == "post":
        readable = permissions.post_text_readable(
            viewer, community_id=row.community_id, thread_deleted=bool(row.thread_deleted),
            deleted=bool(row.is_deleted), hidden=bool(row.is_hidden), author_id=row.author_id)
        return row.body if readable else ""
    if row.doc_type == "thread":
        readable = permissions.post_text_readable(
            viewer, community_id=row.community_id, thread_deleted=bool(row.thread_deleted),
            deleted=row.opening_deleted_at is not None, hidden=row.opening_hidden_at is not None,
            author_id=row.opening_author_id)
        return html_to_text(row.opening_html or "") if readable else ""
    return ""


def _item(row, marks, text: str) -> dict[str, Any]:
    language = row.language
    item: dict[str, Any] = {
        "type": row.doc_type, "id": row.object_id, "created_at": row.created_at, "language": language,
        "community": {"slug": row.community_slug, "name": row.community_name,
                      "localized_name": localized_text(row.community_name_i18n, row.community_name)}
        if row.community_slug else None,
        "author": {"username": row.username, "display_name": row.display_name} if row.username else None,
        "kind": row.thread_kind, "is_hidden": bool(row.is_hidden), "doc_id": row.id,
        # The thread a post or thread result belongs to has a marked answer (forum.services.answers).
        "is_answered": row.answered_post_id is not None,
    }
    if row.doc_type == "post":
        item.update(title=row.thread_title, title_html=escape(row.thread_title),
                    snippet=highlight(text, language, marks),
                    thread={"id": row.thread_id, "title": row.thread_title, "slug": row.thread_slug})
    elif row.doc_type == "thread":
        item.update(title=row.title, title_html=highlight(row.title, language, marks, window=None),
                    snippet=highlight(text, language, marks), slug=row.thread_slug,
                    thread={"id": row.object_id, "title": row.title})
    else:
        # People, and any other registered type: title, then summary and body as the snippet.
        about = " — ".join(part for part in (row.summary, row.body) if part)
        title = row.display_name if row.doc_type == "person" else row.title
        item.update(title=title, title_html=highlight(title or "", language, marks, window=None),
                    snippet=highlight(about, language, marks) if about else Markup(""))
        if row.doc_type == "person":
            item["username"] = row.username
        elif row.doc_type == "experience":
            item["author"] = None
    return item
