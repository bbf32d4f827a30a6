"""terms of use and privacy notice, versioned, and consents

Revision ID: lg1a2b3c4d5e
Revises: dl1a2b3c4d5e
Create Date: 2026-12-07

`legal_texts`: each version of the terms of use and of the privacy notice (an administrator's
edit is a new version). `legal_consents`: who accepted which version, when. The versions a member
last accepted are also on `users` (`terms_version`, `privacy_version`), so asking again after a
change costs a page no query.
"""
import sqlalchemy as sa
from alembic import op

import forum.models.base

# revision identifiers, used by Alembic.
revision = 'lg1a2b3c4d5e'
down_revision = 'dl1a2b3c4d5e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('legal_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_legal_texts_created_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_texts')),
    sa.UniqueConstraint('kind', 'version', name=op.f('uq_legal_texts_kind'))
    )
    op.create_table('legal_consents',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('accepted_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_legal_consents_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', 'version', name=op.f('pk_legal_consents'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('terms_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('privacy_version', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('privacy_version')
        batch_op.drop_column('terms_version')
    op.drop_table('legal_consents')
    op.drop_table('legal_texts')
