"""experiences: linked translations (one per language) and their translators

Revision ID: e3a7c1f5b902
Revises: d6f8b0c2e437
Create Date: 2027-01-10

A documented experience can be read in the other content languages: each translation keeps its
text, its review status and the source revision (with a fingerprint of the source's text) it was
made from, so that a later change of the source marks it out of date.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e3a7c1f5b902'
down_revision = 'd6f8b0c2e437'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('experience_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('experience_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=600), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('sections_html', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('source_revision', sa.Integer(), nullable=False),
    sa.Column('source_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                            name=op.f('fk_experience_translations_created_by_id_users')),
    sa.ForeignKeyConstraint(['experience_id'], ['experiences.id'],
                            name=op.f('fk_experience_translations_experience_id_experiences'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experience_translations')),
    sa.UniqueConstraint('experience_id', 'language', name='uq_experience_translations_experience_language')
    )
    op.create_table('experience_translators',
    sa.Column('translation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['translation_id'], ['experience_translations.id'],
                            name=op.f('fk_experience_translators_translation_id_experience_translations'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_experience_translators_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('translation_id', 'user_id', name=op.f('pk_experience_translators'))
    )
    with op.batch_alter_table('experience_translators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experience_translators_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('experience_translators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experience_translators_user_id'))
    op.drop_table('experience_translators')
    op.drop_table('experience_translations')
