"""administration: invitations, site settings, archived communities

Revision ID: ad1a2b3c4d5e
Revises: oi1a2b3c4d5e
Create Date: 2026-12-07

`invitations`: email addresses an administrator invited, with the role and communities they get on
acceptance; the mailed link's key is kept as its SHA-256. `site_settings`: one row of settings an
administrator changes while the site runs (name, tagline, announcement, registration mode).
`communities.archived_at`: an archived community stays readable and takes nothing new.
"""
import sqlalchemy as sa
from alembic import op

import forum.models.base

# revision identifiers, used by Alembic.
revision = 'ad1a2b3c4d5e'
down_revision = 'oi1a2b3c4d5e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.String(length=24), nullable=False),
    sa.Column('community_ids', sa.JSON(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.Column('sent_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.Column('expires_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.Column('accepted_at', forum.models.base.UTCDateTime(), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', forum.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_invitations_accepted_by_id_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_invitations_created_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_email'), ['email'], unique=False)
    op.create_table('site_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_name', sa.String(length=60), nullable=False),
    sa.Column('tagline', sa.String(length=160), nullable=False),
    sa.Column('announcement', sa.Text(), nullable=False),
    sa.Column('announcement_html', sa.Text(), nullable=False),
    sa.Column('announcement_version', sa.Integer(), nullable=False),
    sa.Column('registration_mode', sa.String(length=16), nullable=False),
    sa.Column('updated_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_site_settings_updated_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_settings'))
    )
    with op.batch_alter_table('communities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', forum.models.base.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('communities', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
    op.drop_table('site_settings')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitations_email'))
    op.drop_table('invitations')
