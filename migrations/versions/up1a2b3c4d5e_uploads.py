"""uploads: files attached to posts, messages and experiences

Revision ID: up1a2b3c4d5e
Revises: d1a2f3e4b5c6
Create Date: 2027-01-25

"""
import sqlalchemy as sa
from alembic import op

from forum.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = 'up1a2b3c4d5e'
down_revision = 'd1a2f3e4b5c6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'uploads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('content_type', sa.String(length=120), nullable=False),
        sa.Column('filename', sa.String(length=120), nullable=False),
        sa.Column('uploader_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['uploader_id'], ['users.id'], name='fk_uploads_uploader_id_users',
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_uploads'),
    )
    op.create_index('ix_uploads_sha256', 'uploads', ['sha256'])
    op.create_index('ix_uploads_uploader_created', 'uploads', ['uploader_id', 'created_at'])
    op.create_table(
        'upload_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('upload_id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=True),
        sa.Column('message_id', sa.Integer(), nullable=True),
        sa.Column('experience_id', sa.Integer(), nullable=True),
        sa.CheckConstraint(
            '(CASE WHEN post_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN message_id IS NULL THEN 0 ELSE 1 END) '
            '+ (CASE WHEN experience_id IS NULL THEN 0 ELSE 1 END) = 1',
            name='ck_upload_links_one_target'),
        sa.ForeignKeyConstraint(['upload_id'], ['uploads.id'], name='fk_upload_links_upload_id_uploads',
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name='fk_upload_links_post_id_posts', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name='fk_upload_links_message_id_messages',
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['experience_id'], ['experiences.id'],
                                name='fk_upload_links_experience_id_experiences', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_upload_links'),
        sa.UniqueConstraint('upload_id', 'post_id', 'message_id', 'experience_id', name='uq_upload_links_target'),
    )
    op.create_index('ix_upload_links_upload_id', 'upload_links', ['upload_id'])
    op.create_index('ix_upload_links_post_id', 'upload_links', ['post_id'])
    op.create_index('ix_upload_links_message_id', 'upload_links', ['message_id'])
    op.create_index('ix_upload_links_experience_id', 'upload_links', ['experience_id'])


def downgrade():
    op.drop_table('upload_links')
    op.drop_table('uploads')
