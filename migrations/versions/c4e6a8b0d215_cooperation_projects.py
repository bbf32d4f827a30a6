"""cooperation projects: countries with roles, organizations, focal points, milestones, budget
lines, status history, revisions and facets; notifications may be about a project

Revision ID: c4e6a8b0d215
Revises: b8c0e2f4a697
Create Date: 2026-12-07

`projects` and its child tables (forum/models/projects.py); `project_facets` holds the values the
list filters on; `notifications.project_id` says which project a notification is about.
"""
import sqlalchemy as sa
from alembic import op

import forum.models.base


# revision identifiers, used by Alembic.
revision = 'c4e6a8b0d215'
down_revision = 'b8c0e2f4a697'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('summary_html', sa.Text(), nullable=False),
    sa.Column('objectives', sa.Text(), nullable=False),
    sa.Column('objectives_html', sa.Text(), nullable=False),
    sa.Column('modality', sa.String(length=24), nullable=True),
    sa.Column('support_types', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('planned_start', sa.Date(), nullable=True),
    sa.Column('planned_end', sa.Date(), nullable=True),
    sa.Column('actual_start', sa.Date(), nullable=True),
    sa.Column('actual_end', sa.Date(), nullable=True),
    sa.Column('offer_thread_id', sa.Integer(), nullable=True),
    sa.Column('request_thread_id', sa.Integer(), nullable=True),
    sa.Column('discussion_thread_id', sa.Integer(), nullable=True),
    sa.Column('experience_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('revision_count', sa.Integer(), nullable=False),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_projects_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['discussion_thread_id'], ['threads.id'], name=op.f('fk_projects_discussion_thread_id_threads'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['experience_id'], ['experiences.id'], name=op.f('fk_projects_experience_id_experiences'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['offer_thread_id'], ['threads.id'], name=op.f('fk_projects_offer_thread_id_threads'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_thread_id'], ['threads.id'], name=op.f('fk_projects_request_thread_id_threads'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects')),
    sa.UniqueConstraint('experience_id', name=op.f('uq_projects_experience_id'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_discussion_thread_id'), ['discussion_thread_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_offer_thread_id'), ['offer_thread_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_request_thread_id'), ['request_thread_id'], unique=False)
        batch_op.create_index('ix_projects_status_created', ['status', 'created_at'], unique=False)

    op.create_table('project_budget_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('in_kind', sa.Boolean(), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_budget_lines_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_budget_lines'))
    )
    with op.batch_alter_table('project_budget_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_budget_lines_project_id'), ['project_id'], unique=False)

    op.create_table('project_countries',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_countries_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'country', name=op.f('pk_project_countries'))
    )
    op.create_table('project_facets',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('facet', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_facets_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'facet', 'value', name=op.f('pk_project_facets'))
    )
    with op.batch_alter_table('project_facets', schema=None) as batch_op:
        batch_op.create_index('ix_project_facets_facet_value', ['facet', 'value'], unique=False)

    op.create_table('project_focal_points',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_project_focal_points_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_focal_points_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_project_focal_points_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'user_id', name=op.f('pk_project_focal_points'))
    )
    with op.batch_alter_table('project_focal_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_focal_points_user_id'), ['user_id'], unique=False)

    op.create_table('project_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('done_date', sa.Date(), nullable=True),
    sa.Column('responsible_country', sa.String(length=2), nullable=False),
    sa.Column('reminded_at', forum.models.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_milestones_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_milestones'))
    )
    with op.batch_alter_table('project_milestones', schema=None) as batch_op:
        batch_op.create_index('ix_project_milestones_due_open', ['due_date', 'done_date'], unique=False)
        batch_op.create_index('ix_project_milestones_project_due', ['project_id', 'due_date'], unique=False)

    op.create_table('project_organizations',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_project_organizations_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_organizations_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'organization_id', name=op.f('pk_project_organizations'))
    )
    with op.batch_alter_table('project_organizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_organizations_organization_id'), ['organization_id'], unique=False)

    op.create_table('project_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_project_revisions_editor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_revisions_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_revisions')),
    sa.UniqueConstraint('project_id', 'number', name='uq_project_revisions_project_number')
    )
    op.create_table('project_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_project_status_changes_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_status_changes_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_status_changes'))
    )
    with op.batch_alter_table('project_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_status_changes_project_id'), ['project_id'], unique=False)

    op.create_table('project_themes',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_project_themes_community_id_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_themes_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'community_id', name=op.f('pk_project_themes'))
    )
    with op.batch_alter_table('project_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_themes_community_id'), ['community_id'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notifications_project_id_projects'), 'projects', ['project_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_project_id_projects'), type_='foreignkey')
        batch_op.drop_column('project_id')

    with op.batch_alter_table('project_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_themes_community_id'))

    op.drop_table('project_themes')
    with op.batch_alter_table('project_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_status_changes_project_id'))

    op.drop_table('project_status_changes')
    op.drop_table('project_revisions')
    with op.batch_alter_table('project_organizations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_organizations_organization_id'))

    op.drop_table('project_organizations')
    with op.batch_alter_table('project_milestones', schema=None) as batch_op:
        batch_op.drop_index('ix_project_milestones_project_due')
        batch_op.drop_index('ix_project_milestones_due_open')

    op.drop_table('project_milestones')
    with op.batch_alter_table('project_focal_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_focal_points_user_id'))

    op.drop_table('project_focal_points')
    with op.batch_alter_table('project_facets', schema=None) as batch_op:
        batch_op.drop_index('ix_project_facets_facet_value')

    op.drop_table('project_facets')
    op.drop_table('project_countries')
    with op.batch_alter_table('project_budget_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_budget_lines_project_id'))

    op.drop_table('project_budget_lines')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index('ix_projects_status_created')
        batch_op.drop_index(batch_op.f('ix_projects_request_thread_id'))
        batch_op.drop_index(batch_op.f('ix_projects_offer_thread_id'))
        batch_op.drop_index(batch_op.f('ix_projects_discussion_thread_id'))
        batch_op.drop_index(batch_op.f('ix_projects_created_by_id'))

    op.drop_table('projects')
