"""PostgreSQL's way to the newest matches: id-range tokens, range searches, the blocks' days that
turn a date range into ids, and the word list that prefixes are looked up in
(forum.search.backends.PostgresBackend, forum.search.schema).

The results must be exactly those of the plain query (every match, newest first), whichever
way they were found: the newest rows walked by primary key, ranges of older rows by GIN with
their tokens, or GIN alone. A few dozen posts are spread over ids up to about 300,000 (the id
sequence is moved between them), so the walk covers only the newest and everything older goes
through GIN.
"""

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text
from werkzeug.datastructures import MultiDict

from forum.extensions import db
from forum.models import Post, Thread, User, utcnow
from forum.search import schema
from forum.search.backends import DOCS, WALK_ROWS, Filters, PostgresBackend, date_conditions
from forum.search.costs import LexemeStats, entries_read, forget, lexeme_stats
from forum.search.indexing import rebuild, rebuild_blocks
from forum.search.query import parse_query
from forum.search.registry import DOC_TYPES
from forum.search.service import read_params, search
from forum.services.posts import do_edit_post
from tests.conftest import starting_rows
from tests.factories import make_community, make_post, make_thread, make_user

POSTGRESQL_ONLY = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


# ---------- the range tokens (no database) ----------

def _blocks(tokens: list[str]) -> list[tuple[int, int]]:
    spans = []
    for token in tokens:
        bits, block = (int(part) for part in token[1:].split("x"))
        spans.append((block << bits, (block + 1) << bits))
    return spans


@pytest.mark.parametrize(("start", "stop"), [
    (0, 8192), (0, 65536), (8192, 65536), (8192, 73728), (57344, 139264), (0, 3 * 2**22 + 5 * 8192),
    (2**19 - 8192, 2**19 + 8192), (40960, 40960),
])
def test_range_cover_is_exactly_the_range(start, stop):
    tokens = schema.range_cover(start, stop)
    spans = sorted(_blocks(tokens))
    covered = start
    for low, high in spans:
        assert low == covered, "blocks neither overlap nor leave a gap"
        covered = high
    assert covered == stop
    assert len(tokens) <= 2 * len(schema.RANGE_BITS) + stop // 2**22


def test_range_cover_refuses_unaligned_bounds():
    with pytest.raises(ValueError, match="not aligned"):
        schema.range_cover(100, 8192)


def test_every_id_is_in_one_block_of_each_level():
    for doc_id in (1, 8191, 8192, 65535, 65536, 2**22 + 3):
        tokens = schema.range_tags(doc_id)
        assert len(tokens) == len(schema.RANGE_BITS)
        assert all(low <= doc_id < high for low, high in _blocks(tokens))


@POSTGRESQL_ONLY
def test_the_range_tokens_made_in_sql_are_those_made_in_python(ctx):
    for doc_id in (1, 8191, 8192, 65535, 2**22 + 3, 2**31 - 1):
        made = db.session.scalar(text(f"SELECT {schema.range_tags_sql('v.id')} FROM (SELECT :id AS id) AS v"),
                                 {"id": doc_id})
        assert made == ["_" + tag for tag in schema.range_tags(doc_id)]


# ---------- newest matches, on PostgreSQL ----------

def _move_ids_to(next_id: int) -> None:
    db.session.flush()
    db.session.execute(text("SELECT setval(pg_get_serial_sequence('search_documents', 'id'), :v)"),
                       {"v": next_id - 1})


def _build_spread(app) -> dict[str, int]:
    """Posts about vaccines at ids from 1 to about 300,000: dense recently, sparse long ago,
    with one cluster in the middle. Returns the authors' ids and the newest document's."""
    with app.app_context():
        ana = make_user("ana")
        luis = make_user("luis")
        community = make_community("vaccines")
        thread = make_thread(ana, community, title="Cold chain", body="Vaccines on river routes.")
        ids = [*range(9_000, 300_000, 9_973), *range(150_000, 150_400, 40), *range(297_000, 300_000, 600)]
        for n, doc_id in enumerate(sorted(set(ids))):
            _move_ids_to(doc_id)
            author = luis if n % 3 == 0 else ana
            body = f"Vaccine campaign {n}: rural coverage" if n % 2 == 0 else f"Cold chain report {n}"
            make_post(author, thread, body + (" with outreach nurses" if n % 5 == 0 else ""))
        db.session.commit()
        return {"ana": ana.id, "luis": luis.id, "top": db.session.scalar(select(db.func.max(DOCS.c.id)))}


def _spread_of(ids: dict[str, Any]) -> dict[str, Any]:
    return {**ids, "ana": db.session.get(User, ids["ana"]), "luis": db.session.get(User, ids["luis"])}


@pytest.fixture
def spread(app, ctx):
    """The spread of _build_spread, built once per test process and copied in for each test
    (conftest.starting_rows): the sequence's positions come back with the rows."""
    return _spread_of(starting_rows(app, "search-spread", lambda: _build_spread(app)))


def _reference(backend: PostgresBackend, limit: int, start: int = 0, stop: int = 2**31 - 1) -> list[int]:
    """Every match (with start <= id < stop), newest first: the one plain query, without ranges."""
    query = (select(DOCS.c.id).where(backend.match, DOCS.c.id >= start, DOCS.c.id < stop,
                                     *date_conditions(backend.filters))
             .order_by(DOCS.c.id.desc()).limit(limit))
    return list(db.session.scalars(query))


QUERIES = ["vaccine", "chain", "outreach nurses", '"rural coverage"', "cold -vaccine", "covera", "report nurs",
           "nothingmatchesthis"]


@POSTGRESQL_ONLY
@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("limit", [1, 5, 17, 1000])
def test_newest_matches_are_those_of_the_plain_query(spread, q, limit):
    assert spread["top"] > 20 * WALK_ROWS, "most rows lie beyond the walk"
    backend = PostgresBackend(db.session.connection(), parse_query(q), Filters())
    expected = _reference(backend, limit)
    assert [doc_id for doc_id, _score in backend.newest(limit)] == expected
    if q != "nothingmatchesthis":
        assert expected, "the query matches something"


@POSTGRESQL_ONLY
@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize(("start", "stop"), [(0, 2**31 - 1), (0, 8192), (8192, 155_000), (140_000, 151_000),
                                             (149_999, 150_201), (290_000, 300_500)])
def test_each_way_to_the_matches_of_a_range(spread, q, start, stop):
    """The walk, GIN with the range's tokens and GIN alone each give exactly the range's matches
    (bounds that are not multiples of a block included)."""
    backend = PostgresBackend(db.session.connection(), parse_query(q), Filters())
    for limit in (3, 1000):
        expected = _reference(backend, limit, start, stop)
        assert [i for i, _ in backend._walk(start, stop, limit)] == expected
        assert [i for i, _ in backend._ask_gin(start, stop, limit, tokens=False)] == expected
        if stop < 2**31 - 1:
            assert [i for i, _ in backend._ask_gin(start, stop, limit, tokens=True)] == expected


# As PostgreSQL's statistics would describe these words in a forum of a million documents.
BIG_FORUM = LexemeStats(rows=1_000_000, shares={"chain": 0.3, "audit": 0.2, "outreach": 0.002}, unlisted=0.0005)


@POSTGRESQL_ONLY
def test_the_search_takes_every_way_as_the_matches_call_for(spread):
    """A dense query is answered by the walk; one with more matches than the walk found, spread
    over older rows, by ranges; a rare one by GIN alone. Each returns the plain query's matches."""
    thread = db.session.scalar(select(Post.thread_id).limit(1))
    for n in range(24):  # dense among the newest rows, beside the sparse older ones
        make_post(spread["ana"], db.session.get(Thread, thread), f"Cold chain audit {n}")
    db.session.flush()
    ways = {}
    for q, limit in [("audit", 5), ("chain", 40), ("outreach", 1000), ("nothingmatchesthis", 10)]:
        backend = PostgresBackend(db.session.connection(), parse_query(q + " "), Filters(), stats=BIG_FORUM)
        assert [i for i, _ in backend.newest(limit)] == _reference(backend, limit)
        ways[q] = [step[0] for step in backend.steps]
    assert ways["audit"] == ["walk"]
    assert ways["chain"][:2] == ["walk", "range"]
    assert ways["outreach"] == ["walk", "gin"]
    assert ways["nothingmatchesthis"] == ["walk", "gin"]


def test_gin_reads_the_smaller_blocks_then_the_rarest_term():
    assert entries_read([8192, 8192, 65536], rarest=100_000) == 8192 * 2 + 65536  # the blocks alone
    assert entries_read([8192, 65536, 524288], rarest=100_000) == 8192 + 65536 + 100_000
    assert entries_read([65536], rarest=2_000) == 2_000


@POSTGRESQL_ONLY
def test_the_statistics_are_postgresql_s_own(spread):
    db.session.commit()  # ANALYZE reads committed rows
    db.session.execute(text("ANALYZE search_documents"))
    forget()
    stats = lexeme_stats(db.session.connection())
    rows = db.session.scalar(select(db.func.count()).select_from(DOCS))
    assert stats.rows == rows
    holding = db.session.scalar(text("SELECT count(*) FROM search_documents WHERE tsv @@ 'vaccin'"))
    assert stats.share("vaccin") == pytest.approx(holding / rows)
    assert stats.rows_with_any([("vaccin",), ("chain", "cold")]) == pytest.approx(
        holding + min(stats.share("chain"), stats.share("cold")) * rows)
    assert 0 < stats.unlisted < min(stats.shares.values())


# ---------- date ranges become id ranges ----------

DAY_IDS = 20_000  # the dated fixture: a document's day is its id // DAY_IDS days after the start


def _build_dated(app) -> dict[str, Any]:
    ids = _build_spread(app)
    with app.app_context():
        first = datetime.combine(utcnow().date() - timedelta(days=40), time(), UTC)
        conn = db.session.connection()
        for doc_id, doc_type, object_id in conn.execute(select(DOCS.c.id, DOCS.c.doc_type, DOCS.c.object_id)):
            db.session.get(DOC_TYPES[doc_type].model, object_id).created_at = first + timedelta(days=doc_id // DAY_IDS)
        db.session.flush()
        rebuild_blocks(db.session.connection())
        db.session.commit()
        return {**ids, "first": first}


@pytest.fixture
def dated(app, ctx):
    """The spread, each document created on the day its id says (blocks' days made exact); built
    once per test process, as the spread is."""
    return _spread_of(starting_rows(app, "search-dated", lambda: _build_dated(app)))


@POSTGRESQL_ONLY
@pytest.mark.parametrize(("start_day", "end_day"), [(5, None), (3, 9), (None, 2), (7, 8), (None, 15), (14, None),
                                                    (30, None), (None, 0)])
@pytest.mark.parametrize("q", ["vaccine", "chain", '"rural coverage"', "report nurs"])
def test_a_date_range_reads_only_the_blocks_of_its_days(dated, start_day, end_day, q):
    day = lambda n: dated["first"] + timedelta(days=n)  # noqa: E731
    filters = Filters(start=day(start_day) if start_day is not None else None,
                      end=day(end_day) if end_day is not None else None)
    backend = PostgresBackend(db.session.connection(), parse_query(q), filters)
    for limit in (2, 1000):
        backend.steps.clear()
        expected = _reference(backend, limit)
        assert [i for i, _ in backend.newest(limit)] == expected
        # Nothing outside the blocks of those days was read.
        low = schema.align_down(start_day * DAY_IDS) if start_day is not None else 0
        high = schema.align_up(end_day * DAY_IDS) if end_day is not None else 2**31 - 1
        assert all(low <= first and stop <= high for _way, first, stop in backend.steps)
    if (start_day, end_day) in ((30, None), (None, 0)):
        assert backend.steps == [], "no document in those days: nothing to read"


@POSTGRESQL_ONLY
def test_blocks_widen_with_writes_and_a_rebuild_makes_them_exact(forum):
    def blocks() -> dict[int, tuple]:
        return {row[0]: tuple(row[1:]) for row in db.session.execute(
            text(f"SELECT block, first_day, last_day FROM {schema.BLOCKS_TABLE}"))}

    post = make_post(forum["ana"], forum["thread"], "Solar refrigeration works upriver.")
    db.session.flush()
    today = utcnow().date()
    assert blocks() == {0: (today, today)}
    post.created_at = utcnow() - timedelta(days=30)
    db.session.flush()
    assert blocks() == {0: (today - timedelta(days=30), today)}, "a document dated earlier widens its block"
    post.created_at = utcnow()
    db.session.flush()
    assert blocks() == {0: (today - timedelta(days=30), today)}, "days never narrow with a write"
    _move_ids_to(3 * schema.RANGE_BLOCK + 5)
    make_post(forum["ana"], forum["thread"], "Kerosene fridges still work.")
    db.session.flush()
    assert blocks()[3] == (today, today)
    rebuild(db.session.connection())
    assert blocks() == {0: (today, today)}, "a rebuild numbers the rows again and counts their days exactly"


@POSTGRESQL_ONLY
def test_newest_with_a_filter_token(spread):
    backend = PostgresBackend(db.session.connection(), parse_query("vaccine"), Filters(author_id=spread["luis"].id))
    expected = _reference(backend, 1000)
    assert [doc_id for doc_id, _score in backend.newest(1000)] == expected
    assert 0 < len(expected) < len(_reference(PostgresBackend(db.session.connection(), parse_query("vaccine"),
                                                             Filters()), 1000))


@POSTGRESQL_ONLY
def test_scores_are_ranked_on_every_path(spread):
    results = search(db.session.connection(), None, read_params(MultiDict({"q": "vaccine campaign"})))
    assert results.total_is_exact
    backend = PostgresBackend(db.session.connection(), parse_query("vaccine campaign"), Filters())
    scores = [score for _doc_id, score in backend.newest(1000)]
    assert len(scores) == results.total > 10
    assert all(score > 0 for score in scores)


# ---------- the word list behind prefixes ----------

def _words() -> set[str]:
    return set(db.session.scalars(text(f"SELECT lexeme FROM {schema.LEXEMES_TABLE}")))


@pytest.fixture
def forum(ctx):
    ana = make_user("ana")
    thread = make_thread(ana, make_community("vaccines"), title="Cold chain", body="Refrigerators on boats.")
    return {"ana": ana, "thread": thread}


@POSTGRESQL_ONLY
def test_written_words_join_the_list_and_a_rebuild_drops_those_gone(forum):
    post = make_post(forum["ana"], forum["thread"], "Solar refrigeration works upriver.")
    db.session.flush()
    assert {"solar", "refriger", "upriv"} <= _words()
    assert not any(word.startswith("_") for word in _words()), "filter tokens are not words"
    do_edit_post(forum["ana"], post, body="Kerosene fridges still work.")
    db.session.flush()
    assert {"kerosen", "solar"} <= _words(), "an edit adds words and leaves the old ones"
    rebuild(db.session.connection())
    assert "kerosen" in _words()
    assert "solar" not in _words()


@POSTGRESQL_ONLY
def test_a_prefix_of_many_words_still_matches_them_all(forum):
    # More words than PostgresBackend lists one by one: the prefix goes to GIN as a prefix.
    # (Ending in x or q, which no stemmer takes off: a hundred distinct indexed words.)
    words = [f"zumb{a}{b}{c}" for a in "aeiou" for b in "klmnprstvz" for c in "xq"]
    post = make_post(forum["ana"], forum["thread"], " ".join(words[:50]))
    other = make_post(forum["ana"], forum["thread"], " ".join(words[50:]))
    db.session.flush()
    typed = PostgresBackend(db.session.connection(), parse_query("zumb"), Filters())
    assert typed.prefix_words["zumb"] is None
    assert "'zumb':*" in typed.tsquery
    few = PostgresBackend(db.session.connection(), parse_query("zumbakx"), Filters())
    assert few.prefix_words["zumbakx"] and all(word.startswith("zumbakx") for word in few.prefix_words["zumbakx"])
    assert "'zumbakx':*" not in few.tsquery
    results = search(db.session.connection(), None, read_params(MultiDict({"q": "zumb"})))
    assert {item["id"] for item in results.items} == {post.id, other.id}
    results = search(db.session.connection(), None, read_params(MultiDict({"q": "zumbuzq"})))
    assert {item["id"] for item in results.items} == {other.id}
