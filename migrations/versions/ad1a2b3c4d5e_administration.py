"""administration: placeholder, filled in by the invitations / communities / site settings work

Revision ID: ad1a2b3c4d5e
Revises: oi1a2b3c4d5e
Create Date: 2026-12-07
"""

# revision identifiers, used by Alembic.
revision = 'ad1a2b3c4d5e'
down_revision = 'oi1a2b3c4d5e'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
