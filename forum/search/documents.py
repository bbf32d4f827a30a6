"""The forum's searchable documents: posts, threads and people, and the writes that re-index them.

Each builder turns object ids into index rows (`document(...)`, one per searchable object); the
watches at the bottom say which model changes re-index which documents. Adding a document type
is the same two steps: see forum/search/__init__.py.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from forum import content_language
from forum.content import html_to_text as plain_text
from forum.models import ExpertiseTag, Post, Thread, User, UserLanguage, user_expertise
from forum.search import indexing
from forum.search import text as t
from forum.search.models import SearchDocument
from forum.search.registry import DocType, chunks, register_doc_type, watch

DOCS = SearchDocument.__table__
# A short text says little about its language: a reply's thread title is added for the detection.
SHORT_TEXT = 60


def document(doc_type: str, object_id: int, created_at: datetime, *, title: str = "", summary: str = "",
             body: str = "", language: str | None = None, author_id: int | None = None,
             community_id: int | None = None, thread_id: int | None = None, thread_kind: str | None = None,
             thread_title: str | None = None, titled: bool = False, is_deleted: bool = False,
             thread_deleted: bool = False, is_hidden: bool = False) -> dict[str, Any]:
    """One index row. Title, summary and body are plain text, weighted in that order.

    `language` is "en", "es", "pt", "fr" or "simple"; None detects it from the text. `titled`
    documents take part in the exact-title match (forum.search.service).
    """
    if language not in t.ALL_LANGUAGES:
        language = t.detect_language(f"{title}\n{summary}\n{body}"[:content_language.DETECT_SAMPLE])
    return {
        "doc_type": doc_type, "object_id": object_id, "thread_id": thread_id, "community_id": community_id,
        "author_id": author_id, "thread_kind": thread_kind, "language": language, "title": title,
        "summary": summary, "body": body, "thread_title": thread_title,
        "title_key": t.title_key(title) if titled else None, "created_at": created_at,
        "is_deleted": is_deleted, "thread_deleted": thread_deleted, "is_hidden": is_hidden,
    }


def _build(conn: Connection, query, ids: list[int], key, make) -> list[dict[str, Any]]:
    docs = []
    for chunk in chunks(ids):
        docs += [make(row) for row in conn.execute(query.where(key.in_(chunk)))]
    return docs


# ---------- posts ----------

def _post(row) -> dict[str, Any]:
    body = plain_text(row.html)
    language = row.language  # guessed when the post was written (forum.content_language)
    if language is None:  # a post older than that guess
        sample = body if len(body) >= SHORT_TEXT else f"{row.thread_title}\n{body}"
        language = t.detect_language(sample)
    return document("post", row.id, row.created_at, body=body, language=language,
                    author_id=row.author_id, community_id=row.community_id, thread_id=row.thread_id,
                    thread_kind=row.kind, thread_title=row.thread_title, is_deleted=row.deleted_at is not None,
                    thread_deleted=row.thread_deleted_at is not None, is_hidden=row.hidden_at is not None)


def build_posts(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    query = (select(Post.id, Post.thread_id, Post.author_id, Post.html, Post.language, Post.created_at,
                    Post.deleted_at, Post.hidden_at, Thread.title.label("thread_title"), Thread.community_id,
                    Thread.kind, Thread.deleted_at.label("thread_deleted_at"))
             .join(Thread, Thread.id == Post.thread_id))
    return _build(conn, query, ids, Post.id, _post)


# ---------- threads ----------

def _thread(row) -> dict[str, Any]:
    # The title is searched here, in the thread's recorded language (or, for a thread older than
    # that, the language of its title and opening post).
    language = row.language
    if language is None:
        language = t.detect_language(f"{row.title}\n{plain_text(row.opening_html or '')[:1000]}")
    return document("thread", row.id, row.created_at, title=row.title, language=language, author_id=row.author_id,
                    community_id=row.community_id, thread_id=row.id, thread_kind=row.kind, titled=True,
                    thread_deleted=row.deleted_at is not None)


def build_threads(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    opening = (select(Post.html).where(Post.thread_id == Thread.id, Post.number == 1)
               .correlate(Thread).scalar_subquery())
    query = select(Thread.id, Thread.title, Thread.language, Thread.community_id, Thread.author_id, Thread.kind,
                   Thread.created_at, Thread.deleted_at, opening.label("opening_html"))
    return _build(conn, query, ids, Thread.id, _thread)


# ---------- people ----------
# Privacy (issue #6): a member who shows their profile details to signed-in members only is
# indexed by name and username alone. Their position, organization, expertise, languages and bio
# stay out of the index, so no searcher -- anonymous or not -- finds them by those details and no
# snippet shows them. Filtering anonymous searches instead would still need a second, detail-free
# document for the snippets; members look people up by expertise in the directory (/people),
# which applies the same rule per viewer.


def _language_names(codes: list[str]) -> str:
    """"es" -> "Spanish español": a searcher types either. Babel knows most languages; pycountry
    gives at least the English name of the others ("ay": Aymara)."""
    import pycountry
    from babel import Locale, UnknownLocaleError

    names: list[str] = []
    for code in codes:
        try:
            locale = Locale.parse(code)
            found = [locale.get_display_name("en"), locale.get_display_name()]
        except (ValueError, LookupError, UnknownLocaleError):
            language = pycountry.languages.get(alpha_2=code)
            found = [language.name if language else code]
        names += [name for name in found if name and name not in names]
    return " ".join(names)


def _person(row, expertise: list[str], languages: list[str]) -> dict[str, Any]:
    title = f"{row.display_name} {row.username}"
    if row.profile_members_only:
        return document("person", row.id, row.created_at, title=title, language=t.SIMPLE, author_id=row.id)
    # Short fields in the summary (weighted B), the bio and the languages in the body.
    summary = "\n".join(part for part in (row.position, row.organization, ", ".join(expertise)) if part)
    body = "\n".join(part for part in (row.bio, _language_names(languages)) if part)
    about = f"{summary}\n{row.bio}".strip()
    return document("person", row.id, row.created_at, title=title, summary=summary, body=body,
                    language=t.detect_language(about) if len(about) >= SHORT_TEXT else t.SIMPLE,
                    author_id=row.id)


def build_people(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    """Confirmed, active members, with their position, organization, expertise tags, languages
    and bio unless they hide their details from anonymous visitors (see above)."""
    query = (select(User.id, User.username, User.display_name, User.position, User.organization, User.bio,
                    User.profile_members_only, User.created_at)
             .where(User.is_verified.is_(True), User.deactivated_at.is_(None)))
    docs = []
    for chunk in chunks(ids):
        rows = list(conn.execute(query.where(User.id.in_(chunk))))
        public = [row.id for row in rows if not row.profile_members_only]
        expertise: dict[int, list[str]] = {}
        languages: dict[int, list[str]] = {}
        if public:
            for user_id, name in conn.execute(
                    select(user_expertise.c.user_id, ExpertiseTag.name)
                    .join(ExpertiseTag, ExpertiseTag.id == user_expertise.c.tag_id)
                    .where(user_expertise.c.user_id.in_(public)).order_by(ExpertiseTag.slug)):
                expertise.setdefault(user_id, []).append(name)
            for user_id, code in conn.execute(
                    select(UserLanguage.user_id, UserLanguage.code)
                    .where(UserLanguage.user_id.in_(public)).order_by(UserLanguage.code)):
                languages.setdefault(user_id, []).append(code)
        docs += [_person(row, expertise.get(row.id, []), languages.get(row.id, [])) for row in rows]
    return docs


# ---------- registration ----------

def _post_targets(post: Post) -> list[tuple[str, int | None]]:
    # The opening post tells its thread's language (and a split can make a post an opening one).
    return [("post", post.id), ("thread", post.thread_id)] if post.number == 1 else [("post", post.id)]


def _thread_targets(thread: Thread) -> list[tuple[str, int | None]]:
    return [("thread", thread.id)]


def _person_targets(user: User) -> list[tuple[str, int | None]]:
    return [("person", user.id)]


def _language_targets(language: UserLanguage) -> list[tuple[str, int | None]]:
    return [("person", language.user_id)]


def register_forum_documents() -> None:
    """Rebuilt oldest first in this order when created at the same time: people, threads, posts (then
    experiences, registered after these by init_search)."""
    register_doc_type(DocType("person", "people", User, build_people))
    register_doc_type(DocType("thread", "threads", Thread, build_threads, after_write=indexing.sync_thread_posts))
    register_doc_type(DocType("post", "posts", Post, build_posts))
    watch(Post, ("html", "language", "number", "deleted_at", "hidden_at", "thread_id", "author_id", "created_at"),
          _post_targets)
    watch(Thread, ("title", "language", "community_id", "kind", "deleted_at", "author_id", "created_at"),
          _thread_targets)
    # `expertise` is a collection over the user_expertise table: replacing a user's tags marks the
    # user changed, so this watch re-indexes them; languages are also watched as rows of their own.
    watch(User, ("_display_name", "username", "position", "organization", "bio", "expertise", "languages",
                 "profile_members_only", "is_verified", "deactivated_at", "created_at"), _person_targets)
    watch(UserLanguage, ("code", "user_id"), _language_targets)
