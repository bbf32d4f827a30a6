"""The backend-specific half of the index, which is not a model.

Both carry, beside the words, filter tokens (type, author, community, kind, language, month,
visibility: see tag_list) so that filters and permissions are part of the full-text match and
the engine intersects them inside its index, instead of looking up a row for every match: a
rare author or a language filter on a word that half the forum contains stays as fast as the
word alone.

SQLite: an FTS5 table `search_fts` (rowid = search_documents.id) holding the *stemmed* text of the
three weighted fields (FTS5 has no Spanish, Portuguese or French stemmer, so forum.search.text
stems in Python), and a fourth column `tags` for the filter tokens (bm25 gives it no weight).
PostgreSQL: a `tsv tsvector` column on search_documents with a GIN index, made by
`to_tsvector(<language config>, unaccent(text))` (extension unaccent) for the three fields
(weights A, B, C) plus the filter tokens as weight-D lexemes starting with "_" (ts_rank gives
D no weight), and id-range tokens (range_tags) with which GIN finds the matches among a range of
the newest rows without reading the older ones. Beside it, `search_lexemes`: every lexeme the
index holds, so that a prefix becomes the list of words it begins; and `search_blocks`: for each
block of RANGE_BLOCK ids, the first and last day its documents were created, so that a date
range becomes a range of ids (see PostgresBackend).

`db.create_all()` (the tests) creates them through the DDL events below; the migration creates
the same objects with the same statements. Alembic's comparison ignores them (include_object).
"""

from sqlalchemy import event, text

from forum.search.models import SearchDocument

FTS_TABLE = "search_fts"
LEXEMES_TABLE = "search_lexemes"
BLOCKS_TABLE = "search_blocks"

SQLITE_CREATE = [
    # Stems are already lower-cased and unaccented; prefix index for 3-letter prefixes (typing).
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, summary, body, tags, tokenize = 'unicode61 remove_diacritics 0', prefix = '3')",
    # `ORDER BY rank`: bm25 weighted title 10, summary 4, body 1, tags 0.
    "INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 0.0)')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts"]
SQLITE_OPTIMIZE = "INSERT INTO search_fts (search_fts) VALUES ('optimize')"

POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "ALTER TABLE search_documents ADD COLUMN IF NOT EXISTS tsv tsvector",
    "CREATE INDEX IF NOT EXISTS ix_search_documents_tsv ON search_documents USING gin (tsv)",
    # Byte order (COLLATE "C"): a prefix is a contiguous range of the primary key.
    f'CREATE TABLE IF NOT EXISTS {LEXEMES_TABLE} (lexeme text COLLATE "C" PRIMARY KEY)',
    # Block number (id >> RANGE_BITS[0]); the UTC days of its oldest and newest documents, or
    # wider (the days only ever widen: a deleted or moved document leaves them as they were).
    f"CREATE TABLE IF NOT EXISTS {BLOCKS_TABLE} (block integer PRIMARY KEY, first_day date NOT NULL, "
    "last_day date NOT NULL)",
]
# The tsvector column and its index go with search_documents; the word list and blocks are apart.
POSTGRESQL_DROP = [f"DROP TABLE IF EXISTS {LEXEMES_TABLE}", f"DROP TABLE IF EXISTS {BLOCKS_TABLE}"]
POSTGRESQL_DROP_INDEX = "DROP INDEX IF EXISTS ix_search_documents_tsv"
POSTGRESQL_CREATE_INDEX = POSTGRESQL_CREATE[2]


# ---------- SQLite filter tokens ----------
# Letters and digits only (one FTS5 token each); a column filter keeps them apart from the words.
VISIBLE, HIDDEN, DELETED = "xvis", "xhid", "xdel"
TAG_FIELDS = ("doc_type", "author_id", "community_id", "thread_kind", "language", "created_at", "is_deleted",
              "thread_deleted", "is_hidden")


def tag_type(doc_type: str) -> str:
    return f"t{doc_type}"


def tag_author(author_id: int) -> str:
    return f"a{author_id}"


def tag_community(community_id: int) -> str:
    return f"c{community_id}"


def tag_kind(kind: str) -> str:
    return f"k{kind}"


def tag_language(language: str) -> str:
    return f"l{language}"


def tag_month(year: int, month: int) -> str:
    return f"m{year:04d}{month:02d}"


def fts_tags(doc) -> str:
    """The filter tokens of a document, space-separated (SQLite's `tags` column)."""
    return " ".join(tag_list(doc))


def pg_tags(doc, doc_id: int | None = None) -> list[str]:
    """The same tokens as PostgreSQL lexemes, with the row's id-range tokens when its id is given
    (range_tags_sql adds them in SQL otherwise): '_' first, which no parsed word can have, so a
    word typed in a query never meets a filter token."""
    return ["_" + tag for tag in (*tag_list(doc), *(range_tags(doc_id) if doc_id is not None else ()))]


# ---------- PostgreSQL id-range tokens ----------
# Every row carries, for each level, the number of the block of ids it falls in: blocks of 2**13
# (8,192) ids, 2**14, ... up to 2**22. "The matches with ids in [start, stop)" is then the match
# ANDed with a few of these tokens (range_cover), which GIN intersects inside the index, skipping
# the word's older entries: searching the newest hundred thousand rows for a word costs about
# those rows' share of its entries, not all of them. A level for every power of two keeps the
# small blocks at the ends of a range few (at most one of each size at each end): GIN reads in
# full every block smaller than the query's rarest term (forum.search.costs.entries_read).
RANGE_BITS = tuple(range(13, 23))
RANGE_BLOCK = 1 << RANGE_BITS[0]


def tag_range(bits: int, block: int | str) -> str:
    return f"r{bits}x{block}"


def block_size(token: str) -> int:
    """How many ids a range token (without the "_") stands for."""
    return 1 << int(token[1:token.index("x")])


def range_tags(doc_id: int) -> list[str]:
    return [tag_range(bits, doc_id >> bits) for bits in RANGE_BITS]


def range_tags_sql(doc_id: str) -> str:
    """range_tags of an id in SQL (a text[] expression, each token with its "_")."""
    return "ARRAY[" + ", ".join(f"'_{tag_range(bits, '')}' || ({doc_id} >> {bits})" for bits in RANGE_BITS) + "]"


def align_down(doc_id: int) -> int:
    """The start of the smallest block holding doc_id."""
    return doc_id - doc_id % RANGE_BLOCK


def align_up(doc_id: int) -> int:
    """The first multiple of RANGE_BLOCK at or above doc_id."""
    return -(-doc_id // RANGE_BLOCK) * RANGE_BLOCK


def range_cover(start: int, stop: int) -> list[str]:
    """The fewest range tokens (without the "_") whose blocks make up exactly [start, stop);
    both bounds must be multiples of RANGE_BLOCK. At most two blocks of each smaller level, and
    one per 2**22 ids of the largest."""
    if start % RANGE_BLOCK or stop % RANGE_BLOCK:
        raise ValueError(f"[{start}, {stop}) is not aligned to blocks of {RANGE_BLOCK}")
    tokens = []
    while start < stop:
        bits = next(b for b in reversed(RANGE_BITS) if start % (1 << b) == 0 and start + (1 << b) <= stop)
        tokens.append(tag_range(bits, start >> bits))
        start += 1 << bits
    return tokens


def cover(start: int, stop: int) -> list[str]:
    """The range tokens of the blocks that hold [start, stop), any ids (range_cover, rounded out)."""
    return range_cover(align_down(start), align_up(stop))


def tag_list(doc) -> list[str]:
    """The filter tokens of a document (a dict or a row with the TAG_FIELDS)."""
    get = doc.get if isinstance(doc, dict) else lambda name: getattr(doc, name)
    tags = [tag_type(get("doc_type")), tag_language(get("language"))]
    if get("author_id") is not None:
        tags.append(tag_author(get("author_id")))
    if get("community_id") is not None:
        tags.append(tag_community(get("community_id")))
    if get("thread_kind"):
        tags.append(tag_kind(get("thread_kind")))
    created = get("created_at")
    tags.append(tag_month(created.year, created.month))
    if get("is_deleted") or get("thread_deleted"):
        tags.append(DELETED)
    else:
        tags.append(HIDDEN if get("is_hidden") else VISIBLE)
    return tags


def create_backend_objects(connection) -> None:
    statements = SQLITE_CREATE if connection.dialect.name == "sqlite" else POSTGRESQL_CREATE
    for statement in statements:
        connection.execute(text(statement))


def drop_backend_objects(connection) -> None:
    statements = SQLITE_DROP if connection.dialect.name == "sqlite" else POSTGRESQL_DROP
    for statement in statements:
        connection.execute(text(statement))


def _after_create(target, connection, **kw) -> None:
    create_backend_objects(connection)


def _before_drop(target, connection, **kw) -> None:
    drop_backend_objects(connection)


def register_ddl_events() -> None:
    table = SearchDocument.__table__
    if not event.contains(table, "after_create", _after_create):
        event.listen(table, "after_create", _after_create)
        event.listen(table, "before_drop", _before_drop)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: leave out the backend-specific search objects above.

    They are created with raw DDL (an FTS5 virtual table and its shadow tables on SQLite; a
    tsvector column and a GIN index on PostgreSQL) that the models cannot describe, so a
    comparison of models and database would otherwise report them as to be dropped.
    """
    if type_ == "table" and name and (name.startswith(FTS_TABLE) or name in (LEXEMES_TABLE, BLOCKS_TABLE)):
        return False
    if type_ == "column" and name == "tsv" and getattr(getattr(obj, "table", None), "name", None) == "search_documents":
        return False
    return not (type_ == "index" and name == "ix_search_documents_tsv")
