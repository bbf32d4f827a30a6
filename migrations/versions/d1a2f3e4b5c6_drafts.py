"""drafts: the unsent text of a reply, a thread, a message or an experience edit, per member and place

Revision ID: d1a2f3e4b5c6
Revises: a7c3e9f1b254
Create Date: 2026-12-07

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd1a2f3e4b5c6'
down_revision = 'a7c3e9f1b254'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'drafts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_drafts_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_drafts')),
        sa.UniqueConstraint('user_id', 'key', name=op.f('uq_drafts_user_id')),
    )
    op.create_index('ix_drafts_updated_at', 'drafts', ['updated_at'], unique=False)


def downgrade():
    op.drop_index('ix_drafts_updated_at', table_name='drafts')
    op.drop_table('drafts')
