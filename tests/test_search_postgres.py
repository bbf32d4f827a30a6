"""PostgreSQL's way to the newest matches: id-range tokens, range searches, and the word list
that prefixes are looked up in (forum.search.backends.PostgresBackend, forum.search.schema).

The results must be exactly those of the plain query (every match, newest first), whichever
way they were found: the newest rows walked by primary key, then ranges of older rows by GIN.
A few dozen posts are spread over ids up to about 300,000 (the id sequence is moved between
them), so the walk covers only the newest and everything older goes through range searches.
"""

import pytest
from sqlalchemy import select, text
from werkzeug.datastructures import MultiDict

from forum.extensions import db
from forum.search import schema
from forum.search.backends import DOCS, RECENT_ROWS, Filters, PostgresBackend
from forum.search.indexing import rebuild
from forum.search.query import parse_query
from forum.search.service import read_params, search
from forum.services.posts import do_edit_post
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
    assert len(tokens) <= 14 * len(schema.RANGE_BITS) + stop // 2**22


def test_range_cover_refuses_unaligned_bounds():
    with pytest.raises(ValueError, match="not aligned"):
        schema.range_cover(100, 8192)


def test_every_id_is_in_one_block_of_each_level():
    for doc_id in (1, 8191, 8192, 65535, 65536, 2**22 + 3):
        tokens = schema.range_tags(doc_id)
        assert len(tokens) == len(schema.RANGE_BITS)
        assert all(low <= doc_id < high for low, high in _blocks(tokens))


# ---------- newest matches, on PostgreSQL ----------

def _move_ids_to(next_id: int) -> None:
    db.session.flush()
    db.session.execute(text("SELECT setval(pg_get_serial_sequence('search_documents', 'id'), :v)"),
                       {"v": next_id - 1})


@pytest.fixture
def spread(ctx):
    """Posts about vaccines at ids from 1 to about 300,000: dense recently, sparse long ago,
    with one cluster in the middle."""
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
    db.session.flush()
    return {"ana": ana, "luis": luis, "top": db.session.scalar(select(db.func.max(DOCS.c.id)))}


def _reference(backend: PostgresBackend, limit: int) -> list[int]:
    """Every match, newest first: the one plain query, without ranges."""
    query = select(DOCS.c.id).where(backend.match).order_by(DOCS.c.id.desc()).limit(limit)
    return list(db.session.scalars(query))


@POSTGRESQL_ONLY
@pytest.mark.parametrize("q", ["vaccine", "chain", "outreach nurses", '"rural coverage"', "cold -vaccine",
                               "covera", "report nurs", "nothingmatchesthis"])
@pytest.mark.parametrize("limit", [1, 5, 17, 1000])
def test_newest_matches_are_those_of_the_plain_query(spread, q, limit):
    assert spread["top"] > 2 * RECENT_ROWS, "most rows lie beyond the walk"
    backend = PostgresBackend(db.session.connection(), parse_query(q), Filters())
    expected = _reference(backend, limit)
    assert [doc_id for doc_id, _score in backend.newest(limit)] == expected
    if q != "nothingmatchesthis":
        assert expected, "the query matches something"


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
