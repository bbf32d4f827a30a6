"""the directory and the library search through the site's search index

Revision ID: e8c2a6f4b9d1
Revises: d4a7c2e9f1b3
Create Date: 2026-12-07

`users.search_text` and `experiences.search_text` held folded names and titles for a LIKE in the
people directory and the experience library; both text boxes now ask the search index
(forum.search), which already holds people and published experiences, so the columns go.
Downgrading adds them back empty-folded from the same fields.
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e8c2a6f4b9d1'
down_revision = 'd4a7c2e9f1b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('search_text')
    with op.batch_alter_table('experiences', schema=None) as batch_op:
        batch_op.drop_column('search_text')


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.String(length=240), nullable=False, server_default=''))
    with op.batch_alter_table('experiences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
    conn = op.get_bind()
    users = sa.table('users', sa.column('id'), sa.column('username'), sa.column('display_name'),
                     sa.column('organization'), sa.column('search_text'))
    for row in conn.execute(sa.select(users.c.id, users.c.username, users.c.display_name, users.c.organization)):
        text = _fold(" ".join([row.display_name or "", row.username or "", row.organization or ""]))[:240]
        conn.execute(users.update().where(users.c.id == row.id).values(search_text=text))
    experiences = sa.table('experiences', sa.column('id'), sa.column('title'), sa.column('summary'),
                           sa.column('search_text'))
    for row in conn.execute(sa.select(experiences.c.id, experiences.c.title, experiences.c.summary)):
        conn.execute(experiences.update().where(experiences.c.id == row.id)
                     .values(search_text=_fold(f"{row.title}\n{row.summary}")))
