"""What a PostgreSQL search costs, to choose between the ways to its matches (PostgresBackend).

GIN answers a query by reading the entries of its rarest required terms and fetching the rows
they point to; which terms those are, and how many entries they hold, PostgreSQL's own
statistics say: `pg_stats.most_common_elems` of the tsvector column lists the thousand most
common lexemes (words and filter tokens alike) with the share of rows holding each, from the
sample ANALYZE (or autovacuum) reads. A lexeme missing from the list is rarer than the last one
listed.

Costs are in units of one GIN entry read. Measured at a million posts on the project's 2-core
machine: about 0.2 microseconds an entry; 6 a row fetched (its heap page, its id, its date, its
tsvector) when its page is not in PostgreSQL's buffers, as is usual for the older rows of a big
index (1.5 when it is); three times that for a phrase candidate (a row with all the phrase's words,
whose positions are then checked); half a millisecond a statement.
"""

import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Connection

COST_ENTRY = 1.0
COST_ROW = 30.0
COST_ROW_PHRASE = 90.0
# One more statement (a round trip, planning): a range may not be the last one asked.
COST_QUERY = 2500.0
# A range is asked only when it costs at most this share of GIN alone. Its width comes from the
# density of matches among the newest rows, which a few busy threads can make look denser than
# the older ones: then it comes up short, and GIN alone is asked for the rest anyway.
RANGE_ODDS = 0.7
# Statistics are read again after this many seconds (ANALYZE refreshes them now and then).
STATS_SECONDS = 600

_STATS = text(
    "SELECT c.reltuples, CAST(CAST(s.most_common_elems AS text) AS text[]), s.most_common_elem_freqs "
    "FROM pg_class AS c LEFT JOIN pg_stats AS s ON s.schemaname = current_schema() "
    "AND s.tablename = 'search_documents' AND s.attname = 'tsv' "
    "WHERE c.oid = to_regclass('search_documents')")


@dataclass(frozen=True)
class LexemeStats:
    """How many rows the index holds, and the share of them holding each common lexeme."""

    rows: float
    shares: dict[str, float] = field(default_factory=dict)
    # The share assumed for a lexeme not listed: half the last listed (it is rarer than that).
    unlisted: float = 0.0

    @property
    def known(self) -> bool:
        return bool(self.shares)

    def share(self, lexeme: str) -> float:
        return self.shares.get(lexeme, self.unlisted)

    def rows_with_any(self, alternatives: list[tuple[str, ...]]) -> float:
        """Rows holding any of the alternatives, each a set of lexemes that must all be there
        (a phrase; one lexeme for a word form; none for a prefix left to GIN, which may be
        anything). An upper bound: shares are added, and a phrase counts its rarest word."""
        share = 0.0
        for lexemes in alternatives:
            share += min((self.share(lexeme) for lexeme in lexemes), default=1.0)
        return min(share, 1.0) * self.rows


_cache: dict[str, tuple[float, LexemeStats]] = {}
_lock = threading.Lock()


def lexeme_stats(conn: Connection) -> LexemeStats:
    """The statistics of this database's index, read at most every STATS_SECONDS per process."""
    key = conn.engine.url.render_as_string(hide_password=True)
    cached = _cache.get(key)
    if cached and time.monotonic() - cached[0] < STATS_SECONDS:
        return cached[1]
    row = conn.execute(_STATS).one_or_none()
    stats = LexemeStats(rows=0.0)
    if row is not None:
        rows, lexemes, freqs = row
        rows = max(float(rows or 0), 0.0)  # -1: never analyzed
        if lexemes and freqs:
            # The frequencies end with three more numbers (least, greatest, empty share).
            shares = dict(zip(lexemes, freqs[:len(lexemes)], strict=True))
            stats = LexemeStats(rows=rows, shares=shares, unlisted=min(shares.values()) / 2)
        else:
            stats = LexemeStats(rows=rows)
    with _lock:
        _cache[key] = (time.monotonic(), stats)
    return stats


def forget() -> None:
    """Read the statistics again next time (after an ANALYZE whose effect is wanted at once)."""
    with _lock:
        _cache.clear()


def entries_read(block_sizes: list[int], rarest: float) -> float:
    """About how many GIN entries a query ANDed with the OR of these id blocks reads.

    GIN sorts a query's terms by how many entries they hold and reads, whole, the smallest ones
    until without them nothing could match. Blocks smaller than the query's rarest term come
    first; if they are all smaller, the blocks alone are read (each id of the range once);
    otherwise the smaller blocks and the rarest term are read, and the rest only looked up.
    """
    smaller = [size for size in block_sizes if size < rarest]
    if len(smaller) == len(block_sizes):
        return float(sum(block_sizes))
    return sum(smaller) + rarest
