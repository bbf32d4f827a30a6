"""bookmarks: saved posts, threads and experiences with an optional reminder date

Revision ID: ma1b2c3d4e5f
Revises: up1a2b3c4d5e
Create Date: 2027-01-21

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'ma1b2c3d4e5f'
down_revision = 'up1a2b3c4d5e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'bookmarks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=True),
        sa.Column('thread_id', sa.Integer(), nullable=True),
        sa.Column('experience_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('remind_at', sa.Date(), nullable=True),
        sa.Column('reminded_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN post_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN thread_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN experience_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f('ck_bookmarks_one_target')),
        sa.ForeignKeyConstraint(['experience_id'], ['experiences.id'], ondelete='CASCADE',
                                name=op.f('fk_bookmarks_experience_id_experiences')),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ondelete='CASCADE',
                                name=op.f('fk_bookmarks_post_id_posts')),
        sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], ondelete='CASCADE',
                                name=op.f('fk_bookmarks_thread_id_threads')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_bookmarks_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bookmarks')),
        sa.UniqueConstraint('user_id', 'post_id', name='uq_bookmarks_user_post'),
        sa.UniqueConstraint('user_id', 'thread_id', name='uq_bookmarks_user_thread'),
        sa.UniqueConstraint('user_id', 'experience_id', name='uq_bookmarks_user_experience'),
    )
    op.create_index('ix_bookmarks_due', 'bookmarks', ['remind_at', 'reminded_at'])
    op.create_index('ix_bookmarks_user_created', 'bookmarks', ['user_id', 'created_at'])
    op.create_index(op.f('ix_bookmarks_post_id'), 'bookmarks', ['post_id'])
    op.create_index(op.f('ix_bookmarks_thread_id'), 'bookmarks', ['thread_id'])
    op.create_index(op.f('ix_bookmarks_experience_id'), 'bookmarks', ['experience_id'])


def downgrade():
    op.drop_table('bookmarks')
