"""search (PostgreSQL): an id-range level for every power of two, and the days of each block of ids

Revision ID: e5b1c7d9a3f4
Revises: 7c3f5a9e2d18
Create Date: 2026-12-03

Rows already indexed get the range tokens of the new levels (2**14, 2**15, 2**17, 2**18, 2**20,
2**21 ids) beside those they have, and search_blocks is filled from them (about three minutes at a
million rows): no reindex needed. Nothing changes on SQLite. The statements are copied from
forum/search/schema.py and forum/search/indexing.py, not imported, so this migration keeps doing
what it did.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5b1c7d9a3f4'
down_revision = '7c3f5a9e2d18'
branch_labels = None
depends_on = None

NEW_LEVELS = (14, 15, 17, 18, 20, 21)
NEW_TOKENS = "ARRAY[" + ", ".join(f"'_r{bits}x' || (id >> {bits})" for bits in NEW_LEVELS) + "]"


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        return
    op.execute(f"UPDATE search_documents SET tsv = tsv || setweight(array_to_tsvector({NEW_TOKENS}), 'D') "
               "WHERE tsv IS NOT NULL")
    op.execute("CREATE TABLE IF NOT EXISTS search_blocks (block integer PRIMARY KEY, first_day date NOT NULL, "
               "last_day date NOT NULL)")
    op.execute("INSERT INTO search_blocks (block, first_day, last_day) "
               "SELECT id >> 13, CAST(min(created_at) AS date), CAST(max(created_at) AS date) FROM search_documents "
               "GROUP BY 1 ON CONFLICT DO NOTHING")


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        return
    op.execute("DROP TABLE IF EXISTS search_blocks")
    op.execute(f"UPDATE search_documents SET tsv = ts_delete(tsv, {NEW_TOKENS}) WHERE tsv IS NOT NULL")
