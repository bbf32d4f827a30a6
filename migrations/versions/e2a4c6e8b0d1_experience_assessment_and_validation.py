"""good-practice assessment of experiences, and their validation by every country involved

Revision ID: e2a4c6e8b0d1
Revises: e1c7a3f05b92
Create Date: 2027-01-11

PAHO's two steps: a basic screening (`experience_screenings`, one a record) and a technical
assessment (`experience_scores`: an assessor's 1-4 score and justification per core attribute);
the derived state is kept on the record (`experiences.assessment_status`). Each country involved
validates what the record says about it (`experience_validations`) through the members an admin
named to speak for it (`country_focal_points`).
"""
import sqlalchemy as sa
from alembic import op

import forum.models.base

# revision identifiers, used by Alembic.
revision = 'e2a4c6e8b0d1'
down_revision = 'e1c7a3f05b92'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('country_focal_points',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_country_focal_points_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_country_focal_points_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'country', name=op.f('pk_country_focal_points'))
    )
    with op.batch_alter_table('country_focal_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_country_focal_points_country'), ['country'], unique=False)

    op.create_table('experience_screenings',
    sa.Column('experience_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('results_documented', sa.Boolean(), nullable=False),
    sa.Column('implemented_one_year', sa.Boolean(), nullable=False),
    sa.Column('consent_obtained', sa.Boolean(), nullable=False),
    sa.Column('contacts_available', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('screened_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['experience_id'], ['experiences.id'], name=op.f('fk_experience_screenings_experience_id_experiences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_experience_screenings_reviewer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('experience_id', name=op.f('pk_experience_screenings'))
    )
    op.create_table('experience_scores',
    sa.Column('experience_id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('attribute', sa.String(length=32), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessor_id'], ['users.id'], name=op.f('fk_experience_scores_assessor_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['experience_id'], ['experiences.id'], name=op.f('fk_experience_scores_experience_id_experiences'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('experience_id', 'assessor_id', 'attribute', name=op.f('pk_experience_scores'))
    )
    with op.batch_alter_table('experience_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experience_scores_assessor_id'), ['assessor_id'], unique=False)

    op.create_table('experience_validations',
    sa.Column('experience_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('facts', sa.JSON(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', forum.models.base.UTCDateTime(), nullable=True),
    sa.Column('requested_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_experience_validations_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['experience_id'], ['experiences.id'], name=op.f('fk_experience_validations_experience_id_experiences'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('experience_id', 'country', name=op.f('pk_experience_validations'))
    )
    with op.batch_alter_table('experiences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assessment_status', sa.String(length=16), nullable=False,
                                      server_default='none'))


def downgrade():
    with op.batch_alter_table('experiences', schema=None) as batch_op:
        batch_op.drop_column('assessment_status')

    op.drop_table('experience_validations')
    with op.batch_alter_table('experience_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experience_scores_assessor_id'))

    op.drop_table('experience_scores')
    op.drop_table('experience_screenings')
    with op.batch_alter_table('country_focal_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_country_focal_points_country'))

    op.drop_table('country_focal_points')
