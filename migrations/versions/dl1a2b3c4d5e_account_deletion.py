"""members delete their own accounts

Revision ID: dl1a2b3c4d5e
Revises: ans21a0c4e7b3
Create Date: 2026-12-07

`users.deleted_at`: the member deleted their account (forum.services.account_data). The row stays,
so what they wrote and chose to keep still has an author ("Deleted member"); its personal fields
are erased when it is set.
"""
import sqlalchemy as sa
from alembic import op

import forum.models.base

# revision identifiers, used by Alembic.
revision = 'dl1a2b3c4d5e'
down_revision = 'ans21a0c4e7b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', forum.models.base.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
