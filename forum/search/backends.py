"""The two full-text engines behind one interface, chosen by the database.

Each backend turns a ParsedQuery and the Filters into its own match expression, built from words
only (every token quoted) and filter tokens (forum.search.schema), and returns the newest matches
with their scores; forum.search.service counts, ranks and pages them.

Query words do not come with a language, so each one becomes the OR of its indexed forms: its
stems in English, Spanish, Portuguese and French (accents removed before and after stemming) and
the unaccented word itself (rows indexed "simple"). A phrase becomes the OR of the phrase stemmed
in each language.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import bindparam, column, exists, func, literal_column, select, table, text
from sqlalchemy.dialects.postgresql import TSQUERY, TSVECTOR
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from forum.search import costs, schema
from forum.search import text as t
from forum.search.models import SearchDocument
from forum.search.query import Clause, ParsedQuery
from forum.search.registry import DOC_TYPES, family

DOCS = SearchDocument.__table__
# PostgreSQL (see PostgresBackend.newest): how many of the newest rows are walked by primary key
# first; how much wider than the density so far says a range is asked; how many indexed words a
# prefix may stand for before it is left to GIN's prefix match.
WALK_ROWS = 4096
RANGE_MARGIN = 2
PREFIX_WORDS_MAX = 64


@dataclass
class Filters:
    """What the reader asked for and may see, resolved to ids (forum.search.service)."""

    doc_type: str | None = None
    community_id: int | None = None
    author_id: int | None = None
    kind: str | None = None
    language: str | None = None
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive
    # Hidden posts: none, everywhere (moderators), or in these communities (community moderators).
    hidden_everywhere: bool = False
    hidden_communities: tuple[int, ...] = ()


def date_conditions(filters: Filters) -> list[ColumnElement]:
    conditions = []
    if filters.start:
        conditions.append(DOCS.c.created_at >= filters.start)
    if filters.end:
        conditions.append(DOCS.c.created_at < filters.end)
    return conditions


@dataclass
class Highlight:
    """What to mark in a result: indexed forms of the positive words, and prefixes."""

    forms: set[str] = field(default_factory=set)
    prefixes: list[str] = field(default_factory=list)


def _highlight_from_python(parsed: ParsedQuery, languages: tuple[str, ...]) -> Highlight:
    marks = Highlight()
    for clause in parsed.positive:
        for word in clause.words:
            marks.forms |= t.word_forms(word, languages)
        marks.prefixes += clause.prefixes()
        marks.forms |= set(clause.truncations())
    return marks


# ---------- SQLite: FTS5 over stems made in Python ----------

FTS = table(schema.FTS_TABLE, column("rowid"), column("rank"))


def _fts_token(token: str) -> str:
    # Tokens are letters and digits only; quoting makes even "NEAR" or "AND" a plain word.
    return '"' + token.replace('"', '""') + '"'


def _fts_clause(clause: Clause, languages: tuple[str, ...]) -> str:
    if clause.phrase:
        # stem() of "simple" is the word itself.
        sequences = {tuple(t.stem(t.fold(w), language) for w in clause.words) for language in languages}
        options = sorted('"' + " ".join(seq).replace('"', '""') + '"' for seq in sequences)
    else:
        options = sorted(_fts_token(form) for form in t.word_forms(clause.words[0], languages))
        options += sorted(_fts_token(form) for form in clause.truncations())
        options += [_fts_token(p) + "*" for p in clause.prefixes()]
    options = list(dict.fromkeys(options))
    return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"


def fts5_expression(parsed: ParsedQuery, languages: tuple[str, ...] = t.ALL_LANGUAGES) -> str:
    """The words of the query as an FTS5 expression, in the forms documents of these languages
    hold (t.filter_languages)."""
    expression = " AND ".join(_fts_clause(c, languages) for c in parsed.positive)
    for clause in parsed.negative:
        expression = f"({expression}) NOT {_fts_clause(clause, languages)}"
    return expression


def required_tags(filters: Filters) -> list[list[str]]:
    """The filter tokens a match must have: each group is satisfied by any one of its tokens."""
    groups = []
    if filters.doc_type and filters.doc_type != "post":
        groups.append([schema.tag_type(name) for name in family(filters.doc_type)])
    if filters.community_id is not None:
        groups.append([schema.tag_community(filters.community_id)])
    if filters.author_id is not None:
        groups.append([schema.tag_author(filters.author_id)])
    if filters.kind:
        groups.append([schema.tag_kind(filters.kind)])
    if filters.language:
        groups.append([schema.tag_language(filters.language)])
    months = _months(filters)
    if months:
        groups.append(months)
    return groups


def tags_expression(filters: Filters, token, and_op: str, or_op: str, not_op: str) -> tuple[str, str]:
    """The filters and permissions as filter tokens (forum.search.schema), written with the
    engine's operators (`token` formats one token): (what must be there, what must not).

    Tokens that nearly every document has (visible, post) are never required: the rare
    opposite is excluded instead, which the engines check much faster (an AND with a list of a
    million entries costs a walk through it; a NOT with a short list, a few lookups).
    """
    def any_of(tokens: list[str]) -> str:
        return tokens[0] if len(tokens) == 1 else "(" + f" {or_op} ".join(tokens) + ")"

    if filters.hidden_everywhere:
        excluded = [token(schema.DELETED)]
    elif filters.hidden_communities:
        communities = any_of([token(schema.tag_community(c)) for c in filters.hidden_communities])
        excluded = [token(schema.DELETED), f"({token(schema.HIDDEN)} {not_op} {communities})"]
    else:
        excluded = [token(schema.DELETED), token(schema.HIDDEN)]
    if filters.doc_type == "post":
        excluded += [token(schema.tag_type(other)) for other in DOC_TYPES if other != "post"]
    required = [any_of([token(tag) for tag in group]) for group in required_tags(filters)]
    return f" {and_op} ".join(required), any_of(excluded)


def _months(filters: Filters, most: int = 36) -> list[str]:
    """Month tokens covering a date range that ends before this month (the exact bounds are
    checked on search_documents). A range up to now needs none: the newest matches, walked
    first, are in it."""
    now = datetime.now(UTC)
    if not filters.end or (filters.end.year, filters.end.month) >= (now.year, now.month):
        return []
    start = filters.start or datetime(2000, 1, 1, tzinfo=UTC)
    end = (filters.end or datetime.now(UTC)) - timedelta(microseconds=1)
    year, month, months = start.year, start.month, []
    while (year, month) <= (end.year, end.month):
        months.append(schema.tag_month(year, month))
        if len(months) > most:
            return []  # a long range: only the exact check
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months or ["m000000"]


class SQLiteBackend:
    name = "sqlite"

    def __init__(self, conn: Connection, parsed: ParsedQuery, filters: Filters) -> None:
        self.conn = conn
        self.parsed = parsed
        self.languages = t.filter_languages(filters.language)
        # Filter tokens are letters and digits: no quoting needed.
        required, excluded = tags_expression(filters, str, "AND", "OR", "NOT")
        self.expression = f"{{title summary body}} : ({fts5_expression(parsed, self.languages)})"
        if required:
            self.expression += f" AND tags : ({required})"
        self.expression += f" NOT tags : {excluded}"
        self.match = text("search_fts MATCH :fts_query").bindparams(fts_query=self.expression)
        self.dates = date_conditions(filters)
        # FTS5 alone answers everything but the exact bounds of a date range.
        self.source = FTS.join(DOCS, DOCS.c.id == FTS.c.rowid) if self.dates else FTS

    def newest(self, limit: int) -> list[tuple[int, float]]:
        """(id, score) of the newest `limit` matches, newest first; a higher score ranks first.

        FTS5 walks the matches by descending rowid and computes bm25 (weights title 10,
        summary 4, body 1, tags 0: the table's rank) only for the rows it returns.
        """
        query = (select(FTS.c.rowid, FTS.c.rank).select_from(self.source).where(self.match, *self.dates)
                 .order_by(FTS.c.rowid.desc()).limit(limit))
        return [(row[0], -row[1]) for row in self.conn.execute(query)]

    def exact_title_ids(self, title_key: str, limit: int) -> list[int]:
        """Titled documents whose title is the query, that match it and pass the filters."""
        probe = (select(FTS.c.rowid).where(self.match, FTS.c.rowid == DOCS.c.id).correlate(DOCS))
        query = (select(DOCS.c.id).where(DOCS.c.title_key == title_key, DOCS.c.doc_type != "post",
                                         exists(probe), *self.dates)
                 .order_by(DOCS.c.id.desc()).limit(limit))
        return list(self.conn.scalars(query))

    def highlight(self) -> Highlight:
        return _highlight_from_python(self.parsed, self.languages)


# ---------- PostgreSQL: tsvector + GIN, stems made by PostgreSQL ----------

_LEXIZE_COLUMNS = ", ".join(
    f"array_to_string(ts_lexize('{cfg}_stem', unaccent(w)), ' ') AS {code}_plain, "
    f"unaccent(array_to_string(ts_lexize('{cfg}_stem', w), ' ')) AS {code}_accented"
    for code, cfg in t.PG_CONFIGS.items() if code != t.SIMPLE
)
# Built from constants only; the words are a bound array.
_LEXIZE = text(f"SELECT w, unaccent(w) AS plain, {_LEXIZE_COLUMNS} "  # noqa: S608
               "FROM unnest(CAST(:words AS text[])) AS w")


# Prefixes: the indexed words that begin with one (forum.search.schema.LEXEMES_TABLE, in byte order).
_PREFIX_WORDS = text(f"SELECT lexeme FROM {schema.LEXEMES_TABLE} WHERE lexeme >= :prefix "  # noqa: S608
                     "ORDER BY lexeme LIMIT :most")
# Plans made for the query at hand: psycopg prepares a statement run five times on a connection,
# and PostgreSQL may then keep a generic plan, which cannot know how common the words are (the
# generic plan of a range search reads every row of the range: 80 ms where 1 ms does).
_CUSTOM_PLANS = text("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)")
_RANK_WEIGHTS = "CAST('{0, 0.2, 0.4, 1.0}' AS real[])"
# The first and last block that can hold a document of [start day, end) (forum.search.schema).
_BLOCKS_IN_DATES = text(f"SELECT min(block), max(block) FROM {schema.BLOCKS_TABLE} "  # noqa: S608
                        "WHERE last_day >= :start AND first_day < :end")


def _tsq_lexeme(lexeme: str, prefix: bool = False) -> str:
    quoted = "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + ":*" if prefix else quoted


class PostgresBackend:
    name = "postgresql"

    def __init__(self, conn: Connection, parsed: ParsedQuery, filters: Filters,
                 stats: costs.LexemeStats | None = None) -> None:
        self.conn = conn
        self.parsed = parsed
        self.filters = filters
        self.languages = t.filter_languages(filters.language)
        self.stats = stats or costs.lexeme_stats(conn)
        conn.execute(_CUSTOM_PLANS)  # for the rest of this transaction
        # One round trip: PostgreSQL's own unaccent and stemmers, so queries meet the index exactly.
        self.lexemes = {row.w: row for row in conn.execute(_LEXIZE, {"words": parsed.words})}
        self.prefix_words = {prefix: self._words_beginning(prefix)
                             for clause in (*parsed.positive, *parsed.negative) for prefix in clause.prefixes()}
        required, excluded = tags_expression(filters, lambda tag: _tsq_lexeme("_" + tag), "&", "|", "& !")
        words, needed = self._tsquery()
        self.tsquery = f"({words})" + (f" & {required}" if required else "") + f" & !{excluded}"
        self.query_param = bindparam("tsq", self.tsquery, type_=TSQUERY)
        self.tsv = literal_column("search_documents.tsv", TSVECTOR)
        self.match = self.tsv.op("@@")(self.query_param)
        self.dates = date_conditions(filters)
        # A phrase's candidates (rows with all its words) are checked against their positions.
        self.row_cost = costs.COST_ROW_PHRASE if any(c.phrase for c in parsed.positive) else costs.COST_ROW
        # About how many rows hold the query's rarest required term (None: no statistics yet).
        groups = [*needed, *([("_" + tag,) for tag in group] for group in required_tags(filters))]
        self.rarest = (min(self.stats.rows_with_any(alternatives) for alternatives in groups)
                       if self.stats.known and groups else None)
        # How newest() went: ("walk" | "range" | "gin", first id, stop), for tests and benchmarks.
        self.steps: list[tuple[str, int, int]] = []

    def _words_beginning(self, prefix: str) -> list[str] | None:
        """The indexed words that begin with `prefix`, or None when there are more than
        PREFIX_WORDS_MAX. GIN answers "begins with" by gathering every entry of every such word
        before it can intersect anything (45 ms for a prefix of common words at a million
        posts); the same words listed one by one, it intersects as it reads them."""
        found = self.conn.scalars(_PREFIX_WORDS, {"prefix": prefix, "most": PREFIX_WORDS_MAX + 1})
        words = [word for word in found if word.startswith(prefix)]
        return words if len(words) <= PREFIX_WORDS_MAX else None

    def _forms(self, word: str) -> set[str]:
        """The lexemes a query word can be in documents of the searched languages."""
        row = self.lexemes[word]
        forms = {row.plain.lower()} if t.SIMPLE in self.languages else set()
        for code in self.languages:
            if code != t.SIMPLE:
                forms.update(getattr(row, f"{code}_plain").split())
                forms.update(getattr(row, f"{code}_accented").split())
        forms.discard("")
        return forms

    def _phrase_options(self, clause: Clause) -> list[tuple[str, tuple[str, ...]]]:
        options = []
        rows = [self.lexemes[w] for w in clause.words]
        for code in self.languages:
            # A stop word leaves a gap in the indexed positions: "<2>" instead of "<->".
            tokens = [row.plain.lower() if code == t.SIMPLE else getattr(row, f"{code}_plain") for row in rows]
            parts, lexemes, gap = [], [], 1
            for token in tokens:
                if not token or " " in token:
                    gap += 1 if parts else 0
                    continue
                if parts:
                    parts.append("<->" if gap == 1 else f"<{gap}>")
                parts.append(_tsq_lexeme(token))
                lexemes.append(token)
                gap = 1
            if parts:
                options.append((" ".join(parts), tuple(lexemes)))
        return options

    def _alternatives(self, clause: Clause) -> list[tuple[str, tuple[str, ...]]]:
        """The ways a clause matches: (tsquery text, the lexemes it needs, all of them; none for
        a prefix left to GIN)."""
        if clause.phrase:
            options = self._phrase_options(clause)
        else:
            word = clause.words[0]
            options = [(_tsq_lexeme(f), (f,)) for f in sorted(self._forms(word))]
            options += [(_tsq_lexeme(f), (f,)) for f in clause.truncations()]
            for prefix in clause.prefixes():
                words = self.prefix_words[prefix]
                options += ([(_tsq_lexeme(prefix, prefix=True), ())] if words is None
                            else [(_tsq_lexeme(w), (w,)) for w in words])
        return list(dict(options).items())

    @staticmethod
    def _any_of(alternatives: list[tuple[str, tuple[str, ...]]]) -> str:
        texts = [f"({text})" if " " in text else text for text, _lexemes in alternatives]
        return texts[0] if len(texts) == 1 else "(" + " | ".join(texts) + ")"

    def _tsquery(self) -> tuple[str, list[list[tuple[str, ...]]]]:
        """The words of the query, and what each positive clause needs (its alternatives'
        lexemes)."""
        positive = [a for a in (self._alternatives(c) for c in self.parsed.positive) if a]
        needed = [[lexemes for _text, lexemes in alternatives] for alternatives in positive]
        # Only stop words of every language (e.g. "the" typed alone): nothing can match.
        expression = " & ".join(self._any_of(a) for a in positive) if positive else "'_nothing_'"
        for clause in self.parsed.negative:
            alternatives = self._alternatives(clause)
            if alternatives:
                expression = f"({expression}) & !{self._any_of(alternatives)}"
        return expression, needed

    def newest(self, limit: int) -> list[tuple[int, float]]:
        """(id, ts_rank) of the newest `limit` matches, newest first.

        Three ways to matches, chosen as the search goes by what they cost (forum.search.costs):

        * Walking the primary key backwards reads every row, matching or not, in order: the
          best way for a common word. The newest WALK_ROWS rows are walked first, which also
          tells how dense the matches are.
        * GIN with the id-range tokens of an older range (forum.search.schema.range_cover) reads
          the query's rarest term or the range's blocks, and fetches only the range's matches.
        * GIN alone reads the query's rarest term (a word, or a filter token), and fetches every
          match the table holds, however old, before the newest are kept.

        While fewer than `limit` are found, the density so far says how wide the next range
        must be (RANGE_MARGIN times that), and the costs of that range and of GIN alone decide.
        A date range first becomes a range of ids (_id_bounds), so nothing outside it is read.
        ts_rank (weights A 1, B 0.4, C 0.2, D 0: the tokens) is computed for the returned rows.
        """
        floor, stop = self._id_bounds()
        total = stop
        low = max(floor, stop - WALK_ROWS)
        rows = self._walk(low, stop, limit) if low < stop else []
        seen, span, stop = stop - low, 0.0, low
        while len(rows) < limit and stop > floor:
            need = limit - len(rows)
            density = max(len(rows), 0.5) / seen  # none seen: about half a match
            span = min(stop - floor, max(need / density * RANGE_MARGIN, 2 * span, schema.RANGE_BLOCK))
            low = max(floor, schema.align_down(stop - int(span)))
            if not self._range_pays(low, stop, density, total):
                rows += self._ask_gin(floor, stop, need, tokens=False)
                break
            rows += self._ask_gin(low, stop, need, tokens=True)
            seen += stop - low
            stop = low
        return rows

    def _range_pays(self, low: int, stop: int, density: float, total: int) -> bool:
        """Whether asking GIN for [low, stop) with its tokens costs enough less than GIN alone
        (costs.RANGE_ODDS) at this density of matches among ids."""
        rarest = self.rarest if self.rarest is not None else float(total)  # no statistics: the worst
        blocks = [schema.block_size(token) for token in schema.cover(low, stop)]
        ranged = (costs.COST_QUERY + costs.COST_ENTRY * costs.entries_read(blocks, rarest)
                  + self.row_cost * density * (stop - low))
        alone = costs.COST_ENTRY * rarest + self.row_cost * min(density * total, rarest)
        return ranged <= costs.RANGE_ODDS * alone

    def _id_bounds(self) -> tuple[int, int]:
        """[floor, stop): the ids that can hold documents of the date range (all without one).

        search_blocks gives, for each block of ids, the days of its documents (or wider), so the
        blocks that can hold a date are found in a few dozen rows at a million documents."""
        start = self.filters.start.astimezone(UTC).date() if self.filters.start else None
        end = self.filters.end.astimezone(UTC).replace(tzinfo=None) if self.filters.end else None
        top = self.conn.scalar(select(func.max(DOCS.c.id)))
        if top is None:
            return 0, 0
        floor, stop = 0, top + 1
        if start or end:
            first, last = self.conn.execute(_BLOCKS_IN_DATES, {"start": start or date.min,
                                                               "end": end or datetime.max}).one()
            if first is None:
                return 0, 0
            floor = first * schema.RANGE_BLOCK
            stop = min(stop, (last + 1) * schema.RANGE_BLOCK)
        return floor, stop

    def _walk(self, start: int, stop: int, limit: int) -> list[tuple[int, float]]:
        """The newest `limit` matches with start <= id < stop, by walking the primary key (the
        OFFSET 0 keeps PostgreSQL from answering with GIN instead)."""
        self.steps.append(("walk", start, stop))
        rows = (select(DOCS.c.id, self.tsv.label("tsv")).where(DOCS.c.id >= start, DOCS.c.id < stop, *self.dates)
                .order_by(DOCS.c.id.desc()).offset(0).subquery())
        return self._ranked(select(rows.c.id, rows.c.tsv).where(rows.c.tsv.op("@@")(self.query_param))
                            .limit(limit).subquery())

    def _ask_gin(self, start: int, stop: int, limit: int, *, tokens: bool) -> list[tuple[int, float]]:
        """The newest `limit` matches with start <= id < stop, by GIN: with the range's tokens
        (of the blocks that cover it), or alone."""
        self.steps.append(("range" if tokens else "gin", start, stop))
        match = self.match
        if tokens:
            blocks = schema.cover(start, stop)
            cover = " | ".join(_tsq_lexeme("_" + token) for token in blocks)
            match = self.tsv.op("@@")(bindparam("tsq_range", f"{self.tsquery} & ({cover})", type_=TSQUERY))
        doc_id = DOCS.c.id + 0  # GIN alone: no primary-key scan beside it
        return self._ranked(select(DOCS.c.id, self.tsv.label("tsv"))
                            .where(match, doc_id >= start, doc_id < stop, *self.dates)
                            .order_by(doc_id.desc()).limit(limit).subquery())

    def _ranked(self, matches) -> list[tuple[int, float]]:
        rank = func.ts_rank(literal_column(_RANK_WEIGHTS), matches.c.tsv, self.query_param)
        return [(row[0], row[1]) for row in self.conn.execute(select(matches.c.id, rank)
                                                              .order_by(matches.c.id.desc()))]

    def exact_title_ids(self, title_key: str, limit: int) -> list[int]:
        query = (select(DOCS.c.id).where(DOCS.c.title_key == title_key, DOCS.c.doc_type != "post", self.match,
                                         *self.dates)
                 .order_by(DOCS.c.id.desc()).limit(limit))
        return list(self.conn.scalars(query))

    def highlight(self) -> Highlight:
        marks = _highlight_from_python(self.parsed, self.languages)
        for clause in self.parsed.positive:
            for word in clause.words:
                marks.forms |= self._forms(word)
        return marks


def backend_for(conn: Connection, parsed: ParsedQuery, filters: Filters):
    backend = SQLiteBackend if conn.dialect.name == "sqlite" else PostgresBackend
    return backend(conn, parsed, filters)
