"""Keeping the index exact: rows written in the writer's transaction, and the rebuild.

An `after_flush` listener on the session looks at what the flush inserted, changed or deleted,
asks the watches (forum.search.registry) which documents that touches, builds them again from the
database and writes them on the same connection: the index commits or rolls back with the write.
A document whose builder leaves it out (deleted, unpublished) loses its row.

Bulk Core inserts (forum/seed/bench.py) bypass the ORM: `flask --app wsgi search reindex`
(`rebuild`) covers those.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, delete, event, func, inspect, literal, select, text, union_all, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from forum.search import schema
from forum.search import text as t
from forum.search.models import SearchDocument
from forum.search.registry import DOC_TYPES, chunks, watches

DOCS = SearchDocument.__table__

# Row fields that, when changed, need the full-text part rewritten; the others are plain columns.
_TEXT_FIELDS = ("title", "summary", "body", "language")
_ROW_FIELDS = (*_TEXT_FIELDS, "thread_id", "community_id", "author_id", "thread_kind", "thread_title", "title_key",
               "created_at", "is_deleted", "thread_deleted", "is_hidden")


def _pg_tsv(tags: str) -> str:
    """PostgreSQL: the tsvector of a row, from its three fields, in its language's configuration,
    and these tokens (an SQL text[] expression)."""
    return ("setweight(to_tsvector(CAST(:cfg AS regconfig), unaccent(:title)), 'A') || "
            "setweight(to_tsvector(CAST(:cfg AS regconfig), unaccent(:summary)), 'B') || "
            "setweight(to_tsvector(CAST(:cfg AS regconfig), unaccent(:body)), 'C') || "
            f"setweight(array_to_tsvector({tags}), 'D')")


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
                  f"VALUES ({', '.join(':' + c for c in _PG_COLUMNS)}, {_pg_tsv('CAST(:tags AS text[])')})")
_THESE_ROWS = "(SELECT * FROM search_documents WHERE id = ANY(CAST(:ids AS integer[])))"


def _add_lexemes_sql(rows: str) -> str:
    """Every word lexeme of these rows (a table expression) into the word list (filter tokens
    start with "_"), in order: concurrent writers adding the same new words then wait for each
    other instead of deadlocking."""
    return (f"INSERT INTO {schema.LEXEMES_TABLE} (lexeme) "  # noqa: S608 (constants only)
            f"SELECT DISTINCT lexeme FROM {rows} AS r, unnest(tsvector_to_array(r.tsv)) AS lexeme "
            "WHERE left(lexeme, 1) <> '_' ORDER BY lexeme ON CONFLICT DO NOTHING")


def _widen_blocks_sql(rows: str) -> str:
    """The days of these rows (a table expression) widen their blocks' (schema.BLOCKS_TABLE).
    Only blocks whose days do not cover them yet are written: a block's row is locked by one
    writer until it commits, which happens about once a day per block instead of on every post.
    In block order (no deadlocks)."""
    return (f"INSERT INTO {schema.BLOCKS_TABLE} AS b (block, first_day, last_day) "  # noqa: S608 (constants only)
            f"SELECT n.block, n.first_day, n.last_day FROM (SELECT r.id >> {schema.RANGE_BITS[0]} AS block, "
            "CAST(min(r.created_at) AS date) AS first_day, CAST(max(r.created_at) AS date) AS last_day "
            f"FROM {rows} AS r GROUP BY 1) AS n "
            f"LEFT JOIN {schema.BLOCKS_TABLE} AS o ON o.block = n.block "
            "WHERE o.block IS NULL OR n.first_day < o.first_day OR n.last_day > o.last_day ORDER BY n.block "
            "ON CONFLICT (block) DO UPDATE SET first_day = least(b.first_day, excluded.first_day), "
            "last_day = greatest(b.last_day, excluded.last_day)")


_PG_ADD_LEXEMES = text(_add_lexemes_sql(_THESE_ROWS))
_PG_WIDEN_BLOCKS = text(_widen_blocks_sql(_THESE_ROWS))
# A new row with its tsvector (its filter tokens given, its id-range tokens from the id it gets),
# its words and its block's days: one statement.
_PG_NEW_COLUMNS = [c for c in _PG_COLUMNS if c != "id"]
_PG_INSERT_NEW = text(
    f"WITH new AS (INSERT INTO search_documents (id, {', '.join(_PG_NEW_COLUMNS)}, tsv) "  # noqa: S608
    f"SELECT n.id, {', '.join(':' + c for c in _PG_NEW_COLUMNS)}, "
    f"{_pg_tsv('CAST(:tags AS text[]) || ' + schema.range_tags_sql('n.id'))} "
    "FROM (SELECT nextval(pg_get_serial_sequence('search_documents', 'id')) AS id) AS n "
    f"RETURNING id, tsv, created_at), words AS ({_add_lexemes_sql('new')}) {_widen_blocks_sql('new')}")
# Every row's days into an emptied search_blocks: exact.
_PG_FILL_BLOCKS = text(_widen_blocks_sql("search_documents"))
_FTS_INSERT = text("INSERT INTO search_fts (rowid, title, summary, body, tags) "
                   "VALUES (:id, :title, :summary, :body, :tags)")
_FTS_DELETE = text("DELETE FROM search_fts WHERE rowid = :id")
_FTS_RETAG = text("UPDATE search_fts SET tags = :tags WHERE rowid = :id")
_FTS_DELETE_DOCS = text("DELETE FROM search_fts WHERE rowid IN "
                        "(SELECT id FROM search_documents WHERE doc_type = :t AND object_id IN :ids)"
                        ).bindparams(bindparam("ids", expanding=True))


# ---------- writing rows ----------

def _fts_values(doc_id: int, doc: dict[str, Any]) -> dict[str, Any]:
    language = doc["language"]
    return {"id": doc_id, "title": t.analyze(doc["title"], language),
            "summary": t.analyze(doc["summary"], language), "body": t.analyze(doc["body"], language),
            "tags": schema.fts_tags(doc)}


def retag(conn: Connection, rows: list[tuple[int, Any]]) -> None:
    """Rewrite the filter tokens of these rows (their text is unchanged)."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        conn.execute(_FTS_RETAG, [{"id": i, "tags": schema.fts_tags(doc)} for i, doc in rows])
    else:
        conn.execute(_PG_UPDATE_TSV, [{"id": i, "tags": schema.pg_tags(doc, i)} for i, doc in rows])


def _rewrite_text(conn: Connection, rows: list[tuple[int, dict[str, Any]]]) -> None:
    """The full-text part of these rows again (their text changed)."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        conn.execute(_FTS_DELETE, [{"id": i} for i, _ in rows])
        conn.execute(_FTS_INSERT, [_fts_values(i, d) for i, d in rows])
    else:
        conn.execute(_PG_UPDATE_TSV, [{"id": i, "tags": schema.pg_tags(d, i)} for i, d in rows])
        _add_lexemes(conn, [i for i, _ in rows])


def _add_lexemes(conn: Connection, ids: list[int]) -> None:
    """PostgreSQL: the words of these rows join the word list that prefixes are looked up in.
    Words that leave the index (an edit, a deletion) stay in the list until a rebuild: a word
    that no row has any more only adds a term that matches nothing."""
    conn.execute(_PG_ADD_LEXEMES, {"ids": ids})


def _widen_blocks(conn: Connection, ids: list[int]) -> None:
    """PostgreSQL: the blocks of these rows cover their days (new rows, or a changed date)."""
    if ids and conn.dialect.name != "sqlite":
        conn.execute(_PG_WIDEN_BLOCKS, {"ids": ids})


def write_documents(conn: Connection, doc_type: str, docs: list[dict[str, Any]]) -> None:
    """Insert or update these documents of one type (keyed by object_id)."""
    existing = {}
    for chunk in chunks(d["object_id"] for d in docs):
        existing.update({row.object_id: row for row in conn.execute(
            select(DOCS).where(DOCS.c.doc_type == doc_type, DOCS.c.object_id.in_(chunk)))})
    changed_text, changed_tags, redated = [], [], []
    _insert_new(conn, [doc for doc in docs if doc["object_id"] not in existing])
    for doc in docs:
        current = existing.get(doc["object_id"])
        if current is None:
            continue
        changes = {k: doc[k] for k in _ROW_FIELDS if getattr(current, k) != doc[k]}
        if changes:
            conn.execute(update(DOCS).where(DOCS.c.id == current.id).values(**changes))
        if "created_at" in changes:
            redated.append(current.id)
        if any(k in changes for k in _TEXT_FIELDS):
            changed_text.append((current.id, doc))
        elif any(k in changes for k in schema.TAG_FIELDS):
            changed_tags.append((current.id, doc))
    _rewrite_text(conn, changed_text)
    retag(conn, changed_tags)
    _widen_blocks(conn, redated)


def _insert_new(conn: Connection, docs: list[dict[str, Any]]) -> None:
    """New rows with their full-text part (PostgreSQL: their words and block days too)."""
    if not docs:
        return
    if conn.dialect.name == "sqlite":
        for doc in docs:
            doc_id = conn.execute(DOCS.insert().values(**doc).returning(DOCS.c.id)).scalar_one()
            conn.execute(_FTS_INSERT, _fts_values(doc_id, doc))
        return
    conn.execute(_PG_INSERT_NEW, [_pg_values(doc) for doc in docs])


def delete_documents(conn: Connection, doc_type: str, object_ids: set[int]) -> None:
    for chunk in chunks(object_ids):
        if conn.dialect.name == "sqlite":
            conn.execute(_FTS_DELETE_DOCS, {"t": doc_type, "ids": chunk})
        conn.execute(delete(DOCS).where(DOCS.c.doc_type == doc_type, DOCS.c.object_id.in_(chunk)))


def reindex(conn: Connection, targets: dict[str, set[int]]) -> None:
    """Build these documents again; those no longer searchable lose their row."""
    for name, doc_type in DOC_TYPES.items():
        ids = targets.get(name)
        if not ids:
            continue
        docs = doc_type.build(conn, sorted(ids))
        delete_documents(conn, name, ids - {d["object_id"] for d in docs})
        write_documents(conn, name, docs)
        if doc_type.after_write:
            doc_type.after_write(conn, docs)


# ---------- the session hook ----------

def _changed(obj: Any, fields: tuple[str, ...]) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in fields)


def collect_targets(session: Session) -> dict[str, set[int]]:
    """The documents that this flush touches, by type, per the registered watches."""
    targets: dict[str, set[int]] = {}
    rules = watches()
    for objects, check_fields in ((session.new, False), (session.deleted, False), (session.dirty, True)):
        for obj in objects:
            for rule in rules:
                if isinstance(obj, rule.model) and not (check_fields and not _changed(obj, rule.fields)):
                    for doc_type, object_id in rule.targets(obj):
                        if object_id is not None:
                            targets.setdefault(doc_type, set()).add(object_id)
    return targets


def _after_flush(session: Session, flush_context) -> None:
    # Only bench/search.py sets this, to time posting without the hooks; the index is then stale.
    if session.info.get("search_index_off"):
        return
    targets = collect_targets(session)
    if targets:
        reindex(session.connection(), targets)


def register_session_events(session_target) -> None:
    if not event.contains(session_target, "after_flush", _after_flush):
        event.listen(session_target, "after_flush", _after_flush)


# ---------- rebuilding everything ----------

def count_sources(conn: Connection) -> int:
    return sum(conn.scalar(select(func.count()).select_from(d.model)) for d in DOC_TYPES.values())


def rebuild(conn: Connection, *, batch_size: int = 2000, progress: Callable[[int], None] | None = None) -> int:
    """Empty the index and index every document again, oldest first (ids follow creation time,
    which the "newest" order relies on). Returns the number of documents.

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
        conn.execute(text(f"TRUNCATE search_documents, {schema.LEXEMES_TABLE}, {schema.BLOCKS_TABLE} "
                          "RESTART IDENTITY"))
    types = list(DOC_TYPES.values())
    order = union_all(*(select(d.model.created_at.label("at"), literal(n).label("kind"), d.model.id.label("id"))
                        for n, d in enumerate(types))).order_by(text("1, 2, 3"))
    keys = [(row.kind, row.id) for row in conn.execute(order)]
    total = 0
    for start in range(0, len(keys), batch_size):
        batch = keys[start:start + batch_size]
        built: dict[tuple[int, int], dict[str, Any]] = {}
        for n, doc_type in enumerate(types):
            ids = [i for kind, i in batch if kind == n]
            if ids:
                built.update({(n, d["object_id"]): d for d in doc_type.build(conn, ids)})
        docs = [built[key] for key in batch if key in built]
        _bulk_insert(conn, docs, total + 1, sqlite)
        total += len(docs)
        if progress:
            progress(len(batch))
    if sqlite:
        # One b-tree per term instead of one per batch: faster queries from the start.
        conn.execute(text(schema.SQLITE_OPTIMIZE))
    else:
        conn.execute(text(schema.POSTGRESQL_CREATE_INDEX))
        rebuild_blocks(conn)
        conn.execute(text("SELECT setval(pg_get_serial_sequence('search_documents', 'id'), "
                          "(SELECT coalesce(max(id), 0) + 1 FROM search_documents), false)"))
    return total


def rebuild_blocks(conn: Connection) -> None:
    """PostgreSQL: the days of every block of ids, exactly (writes only ever widen them)."""
    if conn.dialect.name != "sqlite":
        conn.execute(text(f"DELETE FROM {schema.BLOCKS_TABLE}"))  # noqa: S608 (a constant)
        conn.execute(_PG_FILL_BLOCKS)


def _bulk_insert(conn: Connection, docs: list[dict[str, Any]], first_id: int, sqlite: bool) -> None:
    if not docs:
        return
    rows = [{**doc, "id": first_id + n} for n, doc in enumerate(docs)]
    if sqlite:
        conn.execute(DOCS.insert(), rows)
        conn.execute(_FTS_INSERT, [_fts_values(r["id"], r) for r in rows])
        return
    conn.execute(_PG_INSERT, [_pg_values(r, r["id"]) for r in rows])
    _add_lexemes(conn, [r["id"] for r in rows])


def _pg_values(doc: dict[str, Any], doc_id: int | None = None) -> dict[str, Any]:
    """The parameters of _PG_INSERT for a document with this id, or of _PG_INSERT_NEW (no id:
    the statement takes one and makes its range tokens)."""
    values = {**doc, "cfg": t.PG_CONFIGS[doc["language"]], "tags": schema.pg_tags(doc, doc_id),
              "created_at": _naive(doc["created_at"])}
    return values if doc_id is None else {**values, "id": doc_id}


def _naive(value: datetime) -> datetime:
    # Raw text() inserts skip the UTCDateTime type: store naive UTC, as the model does.
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def sync_thread_posts(conn: Connection, thread_docs: list[dict[str, Any]]) -> None:
    """A thread's posts carry its title, community, kind and deleted flag: copy them over.

    The community, kind and deleted flag are also filter tokens of the posts' full-text entries:
    those are rewritten too, without analyzing the posts' text again (a moved thread of thousands
    of posts costs one UPDATE and a token rewrite per post).
    """
    for doc in thread_docs:
        posts = (DOCS.c.doc_type == "post") & (DOCS.c.thread_id == doc["object_id"])
        tagged = ((DOCS.c.community_id != doc["community_id"]) | (DOCS.c.thread_kind != doc["thread_kind"])
                  | (DOCS.c.thread_deleted != doc["thread_deleted"]))
        stale_tags = list(conn.scalars(select(DOCS.c.id).where(posts, tagged)))
        conn.execute(update(DOCS).where(posts, tagged | (DOCS.c.thread_title != doc["title"]))
                     .values(thread_title=doc["title"], community_id=doc["community_id"],
                             thread_kind=doc["thread_kind"], thread_deleted=doc["thread_deleted"]))
        for chunk in chunks(stale_tags):
            rows = conn.execute(select(DOCS.c.id, *(DOCS.c[f] for f in schema.TAG_FIELDS)).where(DOCS.c.id.in_(chunk)))
            retag(conn, [(row.id, row) for row in rows])
