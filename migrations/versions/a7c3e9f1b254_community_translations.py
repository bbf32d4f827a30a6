"""community translations: a name and a description per interface language

Revision ID: a7c3e9f1b254
Revises: e4a1c3d5f702
Create Date: 2027-01-20

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b254'
down_revision = 'e4a1c3d5f702'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (no batch copy of the table): SQLite adds a column with a constant default
    # in place, and every existing community starts with no translation (the original shows).
    op.add_column('communities', sa.Column('name_i18n', sa.JSON(), nullable=False, server_default='{}'))
    op.add_column('communities', sa.Column('description_i18n', sa.JSON(), nullable=False, server_default='{}'))


def downgrade():
    with op.batch_alter_table('communities') as batch_op:
        batch_op.drop_column('description_i18n')
        batch_op.drop_column('name_i18n')
