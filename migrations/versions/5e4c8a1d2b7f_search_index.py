"""search index: search_documents, plus an FTS5 table (SQLite) or a tsvector column and GIN index (PostgreSQL)

Revision ID: 5e4c8a1d2b7f
Revises: 1038690ff0c9
Create Date: 2026-11-25

The index starts empty: run `flask --app wsgi search reindex` once after upgrading a database
that already has posts. The backend-specific statements are copied here (not imported) so this
migration keeps doing what it did whatever forum/search/schema.py becomes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e4c8a1d2b7f'
down_revision = '1038690ff0c9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_type', sa.String(length=16), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('thread_kind', sa.String(length=16), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('thread_title', sa.Text(), nullable=True),
    sa.Column('title_key', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('is_deleted', sa.Boolean(), nullable=False),
    sa.Column('thread_deleted', sa.Boolean(), nullable=False),
    sa.Column('is_hidden', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
    sa.UniqueConstraint('doc_type', 'object_id', name='uq_search_documents_doc_type_object')
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index('ix_search_documents_author', ['author_id', 'id'], unique=False)
        batch_op.create_index('ix_search_documents_thread', ['thread_id'], unique=False)
        batch_op.create_index('ix_search_documents_title_key', ['title_key'], unique=False)

    if op.get_bind().dialect.name == 'sqlite':
        op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
                   "title, summary, body, tags, tokenize = 'unicode61 remove_diacritics 0', prefix = '3')")
        op.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 0.0)')")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute("ALTER TABLE search_documents ADD COLUMN IF NOT EXISTS tsv tsvector")
        op.execute("CREATE INDEX IF NOT EXISTS ix_search_documents_tsv ON search_documents USING gin (tsv)")


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TABLE IF EXISTS search_fts")
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_search_documents_title_key')
        batch_op.drop_index('ix_search_documents_thread')
        batch_op.drop_index('ix_search_documents_author')

    op.drop_table('search_documents')
