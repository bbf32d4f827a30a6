"""saved board filters that alert their members of new offers and requests

Revision ID: a7b9d1f3c586
Revises: f1a3c5e7d920
Create Date: 2026-12-07

`board_alerts`: one row per saved filter (an empty column matches anything).
"""
import sqlalchemy as sa
from alembic import op

import forum.models.base

# revision identifiers, used by Alembic.
revision = 'a7b9d1f3c586'
down_revision = 'f1a3c5e7d920'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('board_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('support', sa.String(length=32), nullable=True),
    sa.Column('modality', sa.String(length=16), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=True),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['theme_id'], ['communities.id'], name=op.f('fk_board_alerts_theme_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_board_alerts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_alerts'))
    )
    with op.batch_alter_table('board_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_alerts_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('board_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_alerts_user_id'))

    op.drop_table('board_alerts')
