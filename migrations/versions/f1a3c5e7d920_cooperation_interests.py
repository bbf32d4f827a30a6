"""expressions of interest in an offer or a request

Revision ID: f1a3c5e7d920
Revises: b2d4f6a8c013
Create Date: 2026-12-07

A member from another country says they are interested in an open offer or request, with a
message and their organization; its owner accepts or declines (`cooperation_interests`).
"""
import sqlalchemy as sa
from alembic import op

import forum.models.base

# revision identifiers, used by Alembic.
revision = 'f1a3c5e7d920'
down_revision = 'b2d4f6a8c013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cooperation_interests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', forum.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_cooperation_interests_conversation_id_conversations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_cooperation_interests_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_cooperation_interests_organization_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_cooperation_interests_thread_id_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cooperation_interests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cooperation_interests')),
    sa.UniqueConstraint('thread_id', 'user_id', name='uq_cooperation_interests_thread_user')
    )
    with op.batch_alter_table('cooperation_interests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cooperation_interests_thread_id'), ['thread_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cooperation_interests_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('cooperation_interests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cooperation_interests_user_id'))
        batch_op.drop_index(batch_op.f('ix_cooperation_interests_thread_id'))

    op.drop_table('cooperation_interests')
