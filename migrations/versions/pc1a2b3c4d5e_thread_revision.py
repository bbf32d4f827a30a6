"""threads.revision: moves with every change of a thread or its posts

Revision ID: pc1a2b3c4d5e
Revises: ad1a2b3c4d5e
Create Date: 2026-12-07

The key under which a thread's pages are kept for anonymous readers (forum.web.page_cache).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'pc1a2b3c4d5e'
down_revision = 'ad1a2b3c4d5e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('threads') as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('threads') as batch_op:
        batch_op.drop_column('revision')
