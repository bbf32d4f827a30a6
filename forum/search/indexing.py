"""Keeping the index exact: documents built from the rows, written in the writer's transaction.

The services write through the ORM; an `after_flush` listener on the session looks at the posts,
threads and users that the flush inserted, changed or deleted, and brings their index rows up
to date on the same connection, so the index commits or rolls back with the write:

* a post created, edited, deleted/undeleted, hidden/restored or moved to another thread (split):
  its row is rebuilt from the database (text re-analyzed only when it changed);
* a thread created, renamed, moved, deleted/undeleted or re-kinded: its row is rebuilt and its
  posts' rows get the new title, community, kind and deleted flag in one UPDATE (their text is
  not touched);
* a user created or changed (name, username, organization, bio, verified, deactivated).

Bulk Core inserts (forum/seed/bench.py) bypass the ORM: `flask --app wsgi search reindex`
(`rebuild`) covers those.
"""

import html as html_lib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import nh3
from sqlalchemy import bindparam, delete, event, func, inspect, literal_column, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from forum.models import Post, Thread, User
from forum.search import schema
from forum.search import text as t
from forum.search.models import SearchDocument

DOCS = SearchDocument.__table__

# Attributes whose change touches the index.
_POST_FIELDS = ("source", "html", "deleted_at", "hidden_at", "thread_id", "author_id", "created_at")
_THREAD_FIELDS = ("title", "community_id", "kind", "deleted_at", "author_id", "created_at")
_USER_FIELDS = ("display_name", "username", "organization", "bio", "is_verified", "deactivated_at", "created_at")
# Fields of a row that, when changed, need the full-text part rewritten.
_TEXT_FIELDS = ("title", "summary", "body", "language")
_META_FIELDS = ("thread_id", "community_id", "author_id", "thread_kind", "thread_title", "title_key",
                "created_at", "is_deleted", "thread_deleted", "is_hidden")
# A short reply says little about its language: its thread title is added for the detection.
_SHORT_TEXT = 60

# PostgreSQL: the tsvector of a row, from its three fields, in its language's configuration.
PG_TSV = ("setweight(to_tsvector(CAST(:cfg AS regconfig), unaccent(:title)), 'A') || "
          "setweight(to_tsvector(CAST(:cfg AS regconfig), unaccent(:summary)), 'B') || "
          "setweight(to_tsvector(CAST(:cfg AS regconfig), unaccent(:body)), 'C') || "
          "setweight(array_to_tsvector(CAST(:tags AS text[])), 'D')")
# The same from the row's own columns (its text and language are stored), tags given.
_PG_CFG = ("CAST(CASE language " + " ".join(f"WHEN '{code}' THEN '{cfg}'" for code, cfg in t.PG_CONFIGS.items())
           + " ELSE 'simple' END AS regconfig)")
PG_TSV_FROM_ROW = (f"setweight(to_tsvector({_PG_CFG}, unaccent(title)), 'A') || "
                   f"setweight(to_tsvector({_PG_CFG}, unaccent(summary)), 'B') || "
                   f"setweight(to_tsvector({_PG_CFG}, unaccent(body)), 'C') || "
                   "setweight(array_to_tsvector(CAST(:tags AS text[])), 'D')")
# Statements built from the constants above and the model's column names only (no input).
_PG_UPDATE_TSV = text(f"UPDATE search_documents SET tsv = {PG_TSV_FROM_ROW} WHERE id = :id")  # noqa: S608
_PG_COLUMNS = [c.name for c in DOCS.columns]
_PG_INSERT = text(f"INSERT INTO search_documents ({', '.join(_PG_COLUMNS)}, tsv) "  # noqa: S608
                  f"VALUES ({', '.join(':' + c for c in _PG_COLUMNS)}, {PG_TSV})")
_FTS_INSERT = text("INSERT INTO search_fts (rowid, title, summary, body, tags) "
                   "VALUES (:id, :title, :summary, :body, :tags)")
_FTS_DELETE = text("DELETE FROM search_fts WHERE rowid = :id")
_FTS_RETAG = text("UPDATE search_fts SET tags = :tags WHERE rowid = :id")


def plain_text(html: str) -> str:
    """The words of sanitized post HTML, entities decoded, whitespace collapsed."""
    return " ".join(html_lib.unescape(nh3.clean(html, tags=set())).split())


# ---------- building documents ----------

def _post_doc(row) -> dict[str, Any]:
    body = plain_text(row.html)
    sample = body if len(body) >= _SHORT_TEXT else f"{row.thread_title}\n{body}"
    return {
        "doc_type": "post", "object_id": row.id, "thread_id": row.thread_id,
        "community_id": row.community_id, "author_id": row.author_id, "thread_kind": row.kind,
        "language": t.detect_language(sample), "title": "", "summary": "", "body": body,
        "thread_title": row.thread_title, "title_key": None, "created_at": row.created_at,
        "is_deleted": row.deleted_at is not None, "thread_deleted": row.thread_deleted_at is not None,
        "is_hidden": row.hidden_at is not None,
    }


def _thread_doc(row) -> dict[str, Any]:
    opening = plain_text(row.opening_html or "")[:1000]
    return {
        "doc_type": "thread", "object_id": row.id, "thread_id": row.id, "community_id": row.community_id,
        "author_id": row.author_id, "thread_kind": row.kind,
        "language": t.detect_language(f"{row.title}\n{opening}"), "title": row.title, "summary": "",
        "body": "", "thread_title": None, "title_key": t.title_key(row.title), "created_at": row.created_at,
        "is_deleted": False, "thread_deleted": row.deleted_at is not None, "is_hidden": False,
    }


def _person_doc(row) -> dict[str, Any]:
    about = f"{row.organization}\n{row.bio}".strip()
    return {
        "doc_type": "person", "object_id": row.id, "thread_id": None, "community_id": None,
        "author_id": row.id, "thread_kind": None,
        "language": t.detect_language(about) if len(about) >= _SHORT_TEXT else t.SIMPLE,
        "title": f"{row.display_name} {row.username}", "summary": row.organization or "", "body": row.bio or "",
        "thread_title": None, "title_key": t.title_key(row.display_name), "created_at": row.created_at,
        "is_deleted": row.deactivated_at is not None or not row.is_verified, "thread_deleted": False,
        "is_hidden": False,
    }


def _post_query():
    return (select(Post.id, Post.thread_id, Post.author_id, Post.html, Post.created_at, Post.deleted_at,
                   Post.hidden_at, Thread.title.label("thread_title"), Thread.community_id, Thread.kind,
                   Thread.deleted_at.label("thread_deleted_at"))
            .join(Thread, Thread.id == Post.thread_id))


def _thread_query():
    opening = (select(Post.html).where(Post.thread_id == Thread.id, Post.number == 1)
               .correlate(Thread).scalar_subquery())
    return select(Thread.id, Thread.title, Thread.community_id, Thread.author_id, Thread.kind,
                  Thread.created_at, Thread.deleted_at, opening.label("opening_html"))


def _user_query():
    return select(User.id, User.username, User.display_name, User.organization, User.bio, User.is_verified,
                  User.deactivated_at, User.created_at)


def _chunks(ids: Iterable[int], size: int = 500) -> Iterator[list[int]]:
    ids = sorted(set(ids))
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def build_posts(conn: Connection, ids: Iterable[int]) -> list[dict[str, Any]]:
    docs = []
    for chunk in _chunks(ids):
        docs += [_post_doc(row) for row in conn.execute(_post_query().where(Post.id.in_(chunk)))]
    return docs


def build_threads(conn: Connection, ids: Iterable[int]) -> list[dict[str, Any]]:
    docs = []
    for chunk in _chunks(ids):
        docs += [_thread_doc(row) for row in conn.execute(_thread_query().where(Thread.id.in_(chunk)))]
    return docs


def build_people(conn: Connection, ids: Iterable[int]) -> list[dict[str, Any]]:
    docs = []
    for chunk in _chunks(ids):
        docs += [_person_doc(row) for row in conn.execute(_user_query().where(User.id.in_(chunk)))]
    return docs


# ---------- writing documents ----------

def _fts_values(doc_id: int, doc: dict[str, Any]) -> dict[str, Any]:
    language = doc["language"]
    return {"id": doc_id, "title": t.analyze(doc["title"], language),
            "summary": t.analyze(doc["summary"], language), "body": t.analyze(doc["body"], language),
            "tags": schema.fts_tags(doc)}


def _pg_values(doc_id: int, doc) -> dict[str, Any]:
    return {"id": doc_id, "tags": schema.pg_tags(doc)}


def _retag(conn: Connection, rows: list[tuple[int, Any]]) -> None:
    """Rewrite the filter tokens of these rows (their text is unchanged)."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        conn.execute(_FTS_RETAG, [{"id": i, "tags": schema.fts_tags(doc)} for i, doc in rows])
    else:
        conn.execute(_PG_UPDATE_TSV, [_pg_values(i, doc) for i, doc in rows])


def _write_text(conn: Connection, rows: list[tuple[int, dict[str, Any]]], *, replace: bool) -> None:
    """The full-text part of these rows (new rows, or rows whose text changed)."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        if replace:
            conn.execute(_FTS_DELETE, [{"id": i} for i, _ in rows])
        conn.execute(_FTS_INSERT, [_fts_values(i, d) for i, d in rows])
    else:
        conn.execute(_PG_UPDATE_TSV, [_pg_values(i, d) for i, d in rows])


def write_documents(conn: Connection, docs: list[dict[str, Any]]) -> None:
    """Insert or update these documents (keyed by doc_type and object_id)."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        by_type.setdefault(doc["doc_type"], []).append(doc)
    for doc_type, group in by_type.items():
        existing = {}
        for chunk in _chunks(d["object_id"] for d in group):
            existing.update({row.object_id: row for row in conn.execute(
                select(DOCS).where(DOCS.c.doc_type == doc_type, DOCS.c.object_id.in_(chunk)))})
        new_text, changed_text, retag = [], [], []
        for doc in group:
            current = existing.get(doc["object_id"])
            if current is None:
                doc_id = conn.execute(DOCS.insert().values(**doc).returning(DOCS.c.id)).scalar_one()
                new_text.append((doc_id, doc))
                continue
            changes = {k: doc[k] for k in (*_TEXT_FIELDS, *_META_FIELDS) if getattr(current, k) != doc[k]}
            if changes:
                conn.execute(update(DOCS).where(DOCS.c.id == current.id).values(**changes))
            if any(k in changes for k in _TEXT_FIELDS):
                changed_text.append((current.id, doc))
            elif any(k in changes for k in schema.TAG_FIELDS):
                retag.append((current.id, doc))
        _write_text(conn, new_text, replace=False)
        _write_text(conn, changed_text, replace=True)
        _retag(conn, retag)


def delete_documents(conn: Connection, doc_type: str, object_ids: Iterable[int]) -> None:
    for chunk in _chunks(object_ids):
        condition = (DOCS.c.doc_type == doc_type) & DOCS.c.object_id.in_(chunk)
        if conn.dialect.name == "sqlite":
            conn.execute(text("DELETE FROM search_fts WHERE rowid IN "
                              "(SELECT id FROM search_documents WHERE doc_type = :t AND object_id IN :ids)")
                         .bindparams(bindparam("ids", expanding=True)), {"t": doc_type, "ids": chunk})
        conn.execute(delete(DOCS).where(condition))


def _sync_thread_posts(conn: Connection, thread_docs: list[dict[str, Any]]) -> None:
    """A thread's posts carry its title, community, kind and deleted flag: copy them over.

    The community, kind and deleted flag are also filter tokens of the posts' full-text entries:
    those are rewritten too (the text is not re-analyzed in Python).
    """
    for doc in thread_docs:
        posts = (DOCS.c.doc_type == "post") & (DOCS.c.thread_id == doc["object_id"])
        retag = [row.id for row in conn.execute(select(DOCS.c.id).where(posts).where(
            (DOCS.c.community_id != doc["community_id"]) | (DOCS.c.thread_kind != doc["thread_kind"])
            | (DOCS.c.thread_deleted != doc["thread_deleted"])))]
        conn.execute(
            update(DOCS).where(posts)
            .where((DOCS.c.thread_title != doc["title"]) | (DOCS.c.community_id != doc["community_id"])
                   | (DOCS.c.thread_kind != doc["thread_kind"]) | (DOCS.c.thread_deleted != doc["thread_deleted"]))
            .values(thread_title=doc["title"], community_id=doc["community_id"], thread_kind=doc["thread_kind"],
                    thread_deleted=doc["thread_deleted"])
        )
        for chunk in _chunks(retag):
            rows = conn.execute(select(DOCS.c.id, *(DOCS.c[f] for f in schema.TAG_FIELDS)).where(DOCS.c.id.in_(chunk)))
            _retag(conn, [(row.id, row) for row in rows])


# ---------- the session hook ----------

@dataclass
class Changes:
    posts: set[int] = field(default_factory=set)
    threads: set[int] = field(default_factory=set)
    users: set[int] = field(default_factory=set)
    deleted_posts: set[int] = field(default_factory=set)
    deleted_threads: set[int] = field(default_factory=set)
    deleted_users: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return any((self.posts, self.threads, self.users, self.deleted_posts, self.deleted_threads,
                    self.deleted_users))


def _changed(obj, fields: tuple[str, ...]) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in fields)


def collect_changes(session: Session) -> Changes:
    changes = Changes()
    for obj in session.new:
        if isinstance(obj, Post):
            changes.posts.add(obj.id)
            if obj.number == 1:
                changes.threads.add(obj.thread_id)
        elif isinstance(obj, Thread):
            changes.threads.add(obj.id)
        elif isinstance(obj, User):
            changes.users.add(obj.id)
    for obj in session.dirty:
        if isinstance(obj, Post) and _changed(obj, (*_POST_FIELDS, "number")):
            changes.posts.add(obj.id)
            if obj.number == 1 and _changed(obj, ("source", "html", "number", "thread_id")):
                changes.threads.add(obj.thread_id)  # its language follows the opening post
        elif isinstance(obj, Thread) and _changed(obj, _THREAD_FIELDS):
            changes.threads.add(obj.id)
        elif isinstance(obj, User) and _changed(obj, _USER_FIELDS):
            changes.users.add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, Post):
            changes.deleted_posts.add(obj.id)
        elif isinstance(obj, Thread):
            changes.deleted_threads.add(obj.id)
        elif isinstance(obj, User):
            changes.deleted_users.add(obj.id)
    changes.threads.discard(None)
    return changes


def apply_changes(conn: Connection, changes: Changes) -> None:
    if changes.deleted_posts:
        delete_documents(conn, "post", changes.deleted_posts)
    if changes.deleted_threads:
        post_ids = list(conn.scalars(select(DOCS.c.object_id).where(
            DOCS.c.doc_type == "post", DOCS.c.thread_id.in_(changes.deleted_threads))))
        delete_documents(conn, "post", post_ids)
        delete_documents(conn, "thread", changes.deleted_threads)
    if changes.deleted_users:
        delete_documents(conn, "person", changes.deleted_users)
    threads = build_threads(conn, changes.threads - changes.deleted_threads)
    write_documents(conn, threads)
    _sync_thread_posts(conn, threads)
    write_documents(conn, build_posts(conn, changes.posts - changes.deleted_posts))
    write_documents(conn, build_people(conn, changes.users - changes.deleted_users))


def _after_flush(session: Session, flush_context) -> None:
    # Only bench/search.py sets this, to time posting without the hooks; the index is then stale.
    if session.info.get("search_index_off"):
        return
    changes = collect_changes(session)
    if changes:
        apply_changes(session.connection(), changes)


def register_session_events(session_target) -> None:
    if not event.contains(session_target, "after_flush", _after_flush):
        event.listen(session_target, "after_flush", _after_flush)


# ---------- rebuilding everything ----------

_SOURCES: tuple[tuple[str, Any, Callable], ...] = (
    ("person", User, build_people),
    ("thread", Thread, build_threads),
    ("post", Post, build_posts),
)


def count_sources(conn: Connection) -> int:
    return sum(conn.scalar(select(func.count()).select_from(model)) for _name, model, _build in _SOURCES)


def rebuild(conn: Connection, *, batch_size: int = 2000, progress: Callable[[int], None] | None = None) -> int:
    """Empty the index and index every post, thread and person again, oldest first (ids follow
    creation time, which the "newest" order relies on). Returns the number of documents.

    Runs in the caller's transaction: on SQLite readers see the old index until it commits; on
    PostgreSQL (TRUNCATE) searches wait for the commit.
    """
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        for statement in schema.SQLITE_DROP + schema.SQLITE_CREATE:
            conn.execute(text(statement))
        conn.execute(delete(DOCS))
    else:
        conn.execute(text(schema.POSTGRESQL_DROP_INDEX))
        conn.execute(text("TRUNCATE search_documents RESTART IDENTITY"))
    order = select(Post.created_at.label("at"), literal_column("2").label("kind"), Post.id.label("id")).union_all(
        select(Thread.created_at, literal_column("1"), Thread.id),
        select(User.created_at, literal_column("0"), User.id),
    ).order_by(text("1, 2, 3"))
    keys = [(row[1], row[2]) for row in conn.execute(order)]
    builders = {0: build_people, 1: build_threads, 2: build_posts}
    total = 0
    next_id = 1
    for start in range(0, len(keys), batch_size):
        batch = keys[start:start + batch_size]
        built: dict[tuple[int, int], dict[str, Any]] = {}
        for kind, builder in builders.items():
            ids = [i for k, i in batch if k == kind]
            if ids:
                built.update({(kind, d["object_id"]): d for d in builder(conn, ids)})
        docs = [built[key] for key in batch if key in built]
        _bulk_insert(conn, docs, next_id, sqlite)
        next_id += len(docs)
        total += len(docs)
        if progress:
            progress(len(batch))
    if sqlite:
        # One b-tree per term instead of one per batch: faster queries from the start.
        conn.execute(text(schema.SQLITE_OPTIMIZE))
    else:
        conn.execute(text(schema.POSTGRESQL_CREATE_INDEX))
        conn.execute(text("SELECT setval(pg_get_serial_sequence('search_documents', 'id'), "
                          "(SELECT coalesce(max(id), 0) + 1 FROM search_documents), false)"))
    return total


def _bulk_insert(conn: Connection, docs: list[dict[str, Any]], first_id: int, sqlite: bool) -> None:
    if not docs:
        return
    rows = [{**doc, "id": first_id + n} for n, doc in enumerate(docs)]
    if sqlite:
        conn.execute(DOCS.insert(), rows)
        conn.execute(_FTS_INSERT, [_fts_values(r["id"], r) for r in rows])
        return
    conn.execute(_PG_INSERT, [{**r, "cfg": t.PG_CONFIGS[r["language"]], "tags": schema.pg_tags(r),
                   "created_at": _naive(r["created_at"])} for r in rows])


def _naive(value: datetime) -> datetime:
    # Raw text() inserts skip the UTCDateTime type: store naive UTC, as the model does.
    from datetime import UTC

    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
