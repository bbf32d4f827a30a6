"""answers to questions and reactions to posts

Revision ID: ans21a0c4e7b3
Revises: ma1b2c3d4e5f
Create Date: 2026-12-07

A question's author (or a moderator) marks one reply as its answer (`threads.answered_post_id`,
indexed for the lists and the search filter "answered"); the answerer's accepted answers are
counted on `users.accepted_answer_count`. Members react to others' posts ("helpful", "thanks",
"same here"): one `post_reactions` row per member, kind and post, counted on the post's
`<kind>_count` columns.
"""
import sqlalchemy as sa
from alembic import op

import forum.models.base

# revision identifiers, used by Alembic.
revision = 'ans21a0c4e7b3'
down_revision = 'ma1b2c3d4e5f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_post_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_threads_answered_post_id'), ['answered_post_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_threads_answered_post_id_posts'), 'posts', ['answered_post_id'],
                                    ['id'], ondelete='SET NULL', use_alter=True)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_answer_count', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('helpful_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('thanks_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('same_here_count', sa.Integer(), server_default='0', nullable=False))
    op.create_table('post_reactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', forum.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_reactions_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_post_reactions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_reactions')),
    sa.UniqueConstraint('post_id', 'user_id', 'kind', name='uq_post_reactions_post_user_kind')
    )
    op.create_index('ix_post_reactions_post_kind_created', 'post_reactions', ['post_id', 'kind', 'created_at'],
                    unique=False)
    op.create_index('ix_post_reactions_user_post', 'post_reactions', ['user_id', 'post_id'], unique=False)


def downgrade():
    op.drop_index('ix_post_reactions_user_post', table_name='post_reactions')
    op.drop_index('ix_post_reactions_post_kind_created', table_name='post_reactions')
    op.drop_table('post_reactions')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('same_here_count')
        batch_op.drop_column('thanks_count')
        batch_op.drop_column('helpful_count')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('accepted_answer_count')
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_threads_answered_post_id_posts'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_threads_answered_post_id'))
        batch_op.drop_column('answered_post_id')
