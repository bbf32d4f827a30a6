"""experiences: who reviewed a record for publication, when its contributors were told, the change
note of a correction; notifications may be about an experience

Revision ID: e1c7a3f05b92
Revises: e3a7c1f5b902
Create Date: 2027-01-10

Two-person publishing records the moderator whose publishing approved the record
(`experiences.reviewed_by_id`, `reviewed_at`); `publication_notified_at` makes sure contributors
hear of a publication once (records already published were announced: it takes their
`published_at`); a correction of a published record keeps its note on the revision
(`experience_revisions.change_note`, the public changelog); `notifications.experience_id` names the
experience a notification is about (filled for the existing ones from the experience's thread).
"""
import sqlalchemy as sa
from alembic import op

import forum.models.base

# revision identifiers, used by Alembic.
revision = 'e1c7a3f05b92'
down_revision = 'e3a7c1f5b902'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('experiences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', forum.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('publication_notified_at', forum.models.base.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_experiences_reviewed_by_id_users'), 'users', ['reviewed_by_id'],
                                    ['id'], ondelete='SET NULL')
    op.execute("UPDATE experiences SET publication_notified_at = published_at WHERE published_at IS NOT NULL")

    with op.batch_alter_table('experience_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_note', sa.String(length=200), nullable=False, server_default=''))

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('experience_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notifications_experience_id_experiences'), 'experiences',
                                    ['experience_id'], ['id'], ondelete='SET NULL')
    op.execute("UPDATE notifications SET experience_id = (SELECT experiences.id FROM experiences "
               "WHERE experiences.thread_id = notifications.thread_id) "
               "WHERE kind LIKE 'experience_%' AND thread_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_experience_id_experiences'), type_='foreignkey')
        batch_op.drop_column('experience_id')

    with op.batch_alter_table('experience_revisions', schema=None) as batch_op:
        batch_op.drop_column('change_note')

    with op.batch_alter_table('experiences', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_experiences_reviewed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('publication_notified_at')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reviewed_by_id')
