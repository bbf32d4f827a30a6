"""organizations as records, and the one a member belongs to

Revision ID: a1c3e5f7b902
Revises: e8c2a6f4b9d1
Create Date: 2026-12-07

`organizations` holds ministries, universities, civil-society groups and agencies, one row per
(country, folded name); `users.organization_id` links a member to one. The free text of
`users.organization` stays: it is what the member wrote.
"""
import sqlalchemy as sa
from alembic import op

import forum.models.base


# revision identifiers, used by Alembic.
revision = 'a1c3e5f7b902'
down_revision = 'e8c2a6f4b9d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('name_key', sa.String(length=160), nullable=False),
    sa.Column('acronym', sa.String(length=30), nullable=False),
    sa.Column('type', sa.String(length=24), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('member_count', sa.Integer(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['merged_into_id'], ['organizations.id'], name=op.f('fk_organizations_merged_into_id_organizations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations')),
    sa.UniqueConstraint('country', 'name_key', name='uq_organizations_country_name'),
    sa.UniqueConstraint('slug', name=op.f('uq_organizations_slug'))
    )
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organizations_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_organizations_merged_into_id'), ['merged_into_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organization_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_organization_id'), ['organization_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_users_organization_id_organizations'), 'organizations', ['organization_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_organization_id_organizations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_users_organization_id'))
        batch_op.drop_column('organization_id')

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organizations_merged_into_id'))
        batch_op.drop_index(batch_op.f('ix_organizations_country'))

    op.drop_table('organizations')
