"""search (PostgreSQL): id-range tokens in every tsvector, and the list of indexed words

Revision ID: 7c3f5a9e2d18
Revises: 9b1e6d3a7c42
Create Date: 2026-12-02

Rows already indexed get their range tokens and their words here (a minute at a million rows):
no reindex needed. Nothing changes on SQLite. The statements are copied from
forum/search/schema.py and forum/search/indexing.py, not imported, so this migration keeps
doing what it did.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7c3f5a9e2d18'
down_revision = '9b1e6d3a7c42'
branch_labels = None
depends_on = None

RANGE_TOKENS = "ARRAY['_r13x' || (id >> 13), '_r16x' || (id >> 16), '_r19x' || (id >> 19), '_r22x' || (id >> 22)]"


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        return
    op.execute('CREATE TABLE IF NOT EXISTS search_lexemes (lexeme text COLLATE "C" PRIMARY KEY)')
    op.execute(f"UPDATE search_documents SET tsv = tsv || setweight(array_to_tsvector({RANGE_TOKENS}), 'D') "
               "WHERE tsv IS NOT NULL")
    op.execute("INSERT INTO search_lexemes (lexeme) "
               "SELECT DISTINCT lexeme FROM search_documents, unnest(tsvector_to_array(tsv)) AS lexeme "
               "WHERE left(lexeme, 1) <> '_' ON CONFLICT DO NOTHING")


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        return
    op.execute("DROP TABLE IF EXISTS search_lexemes")
    op.execute(f"UPDATE search_documents SET tsv = ts_delete(tsv, {RANGE_TOKENS}) WHERE tsv IS NOT NULL")
