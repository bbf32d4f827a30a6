"""an accepted interest points at the cooperation project it proposed

Revision ID: c9d1e3f5a708
Revises: c4e6a8b0d215
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c9d1e3f5a708'
down_revision = 'c4e6a8b0d215'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cooperation_interests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_cooperation_interests_project_id_projects'), 'projects', ['project_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('cooperation_interests', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cooperation_interests_project_id_projects'), type_='foreignkey')
        batch_op.drop_column('project_id')

