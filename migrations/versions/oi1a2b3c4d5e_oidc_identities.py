"""institutional sign-in (OpenID Connect): placeholder, filled in by the OIDC work

Revision ID: oi1a2b3c4d5e
Revises: lg1a2b3c4d5e
Create Date: 2026-12-07
"""

# revision identifiers, used by Alembic.
revision = 'oi1a2b3c4d5e'
down_revision = 'lg1a2b3c4d5e'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
