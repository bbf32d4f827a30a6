"""content language: threads and posts record the language they are written in

Revision ID: 9b1e6d3a7c42
Revises: f3a9c4e7b210
Create Date: 2026-12-02

Existing rows get NULL (not recorded); `flask --app wsgi content detect-languages` guesses them.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b1e6d3a7c42'
down_revision = 'f3a9c4e7b210'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
        batch_op.create_index('ix_threads_community_language_listing',
                              ['community_id', 'language', 'is_pinned', 'last_activity_at'], unique=False)
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.drop_index('ix_threads_community_language_listing')
        batch_op.drop_column('language')
