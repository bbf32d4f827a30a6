"""notifications.mail_pending: immediate mail written by the mail sender after the commit

Revision ID: mp1a2b3c4d5e
Revises: pc1a2b3c4d5e
Create Date: 2026-12-07

A reply used to render every watcher's mail inside its transaction (issue #23); the notification
now only says that its mail is still to be written, and the mail sender writes it.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'mp1a2b3c4d5e'
down_revision = 'pc1a2b3c4d5e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications') as batch_op:
        batch_op.add_column(sa.Column('mail_pending', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index('ix_notifications_mail_pending', ['id'], unique=False,
                              sqlite_where=sa.text('mail_pending'), postgresql_where=sa.text('mail_pending'))


def downgrade():
    with op.batch_alter_table('notifications') as batch_op:
        batch_op.drop_index('ix_notifications_mail_pending')
        batch_op.drop_column('mail_pending')
