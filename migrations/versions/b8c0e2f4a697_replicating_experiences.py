"""a request may cite the experience it wants to replicate

Revision ID: b8c0e2f4a697
Revises: a7b9d1f3c586
Create Date: 2026-12-07

`cooperation_details.replicates_experience_id`: "we want to replicate this" on a documented
experience starts a request that cites it, and the experience lists where it is being replicated.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b8c0e2f4a697'
down_revision = 'a7b9d1f3c586'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cooperation_details', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replicates_experience_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cooperation_details_replicates_experience_id'), ['replicates_experience_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cooperation_details_replicates_experience_id_experiences'), 'experiences', ['replicates_experience_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('cooperation_details', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cooperation_details_replicates_experience_id_experiences'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cooperation_details_replicates_experience_id'))
        batch_op.drop_column('replicates_experience_id')

