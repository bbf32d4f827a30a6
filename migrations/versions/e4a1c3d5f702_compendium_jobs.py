"""compendium jobs: PDF compendiums of published experiences built in the background

Revision ID: e4a1c3d5f702
Revises: e2a4c6e8b0d1
Create Date: 2027-01-10

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e4a1c3d5f702'
down_revision = 'e2a4c6e8b0d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'compendium_jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('experience_ids', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('stage', sa.String(length=16), nullable=False),
        sa.Column('done_count', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('page_count', sa.Integer(), nullable=True),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'],
                                name=op.f('fk_compendium_jobs_requested_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_compendium_jobs')),
        sa.UniqueConstraint('token', name=op.f('uq_compendium_jobs_token')),
    )
    with op.batch_alter_table('compendium_jobs', schema=None) as batch_op:
        batch_op.create_index('ix_compendium_jobs_status_created', ['status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_compendium_jobs_requested_by_id'), ['requested_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('compendium_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_compendium_jobs_requested_by_id'))
        batch_op.drop_index('ix_compendium_jobs_status_created')
    op.drop_table('compendium_jobs')
