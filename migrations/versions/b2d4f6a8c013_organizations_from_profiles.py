"""organizations from the profiles' free text; the organizations experiences name

Revision ID: b2d4f6a8c013
Revises: a1c3e5f7b902
Create Date: 2026-12-07

Every distinct (folded organization text, country) pair of the members becomes one record (its
name: the spelling most members used, the first member's on a tie; its type: "other"), each
member is linked to it and `member_count` counts the linked accounts that are not deactivated. A
pair that already has a record is linked to it. The partner organizations of every experience are
copied, folded, into `experience_organization_names`; `ix_organizations_name_key` serves the
list's name filter.

The folding is a copy of forum.folding.fold (a migration must not import application code that
may change after it); slugs are made like forum.services.organizations makes them.

Downgrading unlinks every member and deletes every organization record (the free text the members
wrote stays on `users.organization`), then drops the table and the index.
"""
import unicodedata
from collections import Counter, defaultdict
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from slugify import slugify

# revision identifiers, used by Alembic.
revision = 'b2d4f6a8c013'
down_revision = 'a1c3e5f7b902'
branch_labels = None
depends_on = None

NAME_MAX = 160

users = sa.table('users', sa.column('id', sa.Integer()), sa.column('organization', sa.String()),
                 sa.column('country', sa.String()), sa.column('organization_id', sa.Integer()),
                 sa.column('deactivated_at', sa.DateTime()))
organizations = sa.table('organizations', sa.column('id', sa.Integer()), sa.column('slug', sa.String()),
                         sa.column('name', sa.String()), sa.column('name_key', sa.String()),
                         sa.column('acronym', sa.String()), sa.column('type', sa.String()),
                         sa.column('country', sa.String()), sa.column('website', sa.String()),
                         sa.column('member_count', sa.Integer()), sa.column('merged_into_id', sa.Integer()),
                         sa.column('created_at', sa.DateTime()), sa.column('updated_at', sa.DateTime()))
experiences = sa.table('experiences', sa.column('id', sa.Integer()), sa.column('partner_organizations', sa.JSON()))
names = sa.table('experience_organization_names', sa.column('experience_id', sa.Integer()),
                 sa.column('name_key', sa.String()))


def _fold(text):
    """forum.folding.fold as of this revision: lower case, NFKD, combining marks removed."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _line(text):
    """The text as forum.services.validation.check_line leaves it: inner whitespace collapsed."""
    return " ".join((text or "").split())


def _key(text):
    return _fold(_line(text))[:NAME_MAX]


def upgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.create_index('ix_organizations_name_key', ['name_key'], unique=False,
                              postgresql_ops={'name_key': 'text_pattern_ops'})
    op.create_table('experience_organization_names',
    sa.Column('experience_id', sa.Integer(), nullable=False),
    sa.Column('name_key', sa.String(length=160), nullable=False),
    sa.ForeignKeyConstraint(['experience_id'], ['experiences.id'],
                            name=op.f('fk_experience_organization_names_experience_id_experiences'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('experience_id', 'name_key', name=op.f('pk_experience_organization_names'))
    )
    with op.batch_alter_table('experience_organization_names', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experience_organization_names_name_key'), ['name_key'], unique=False)

    conn = op.get_bind()
    _organizations_from_profiles(conn)
    _experience_names(conn)


def _organizations_from_profiles(conn):
    o = organizations.c
    existing = {(row.country, row.name_key): row.id for row in conn.execute(sa.select(o.id, o.country, o.name_key))}
    slugs = set(conn.execute(sa.select(organizations.c.slug)).scalars())
    spellings = defaultdict(Counter)  # (country, key) -> spelling -> members
    first_seen = {}  # (country, key, spelling) -> the first member's id, for ties
    members = defaultdict(list)  # (country, key) -> user ids
    for row in conn.execute(sa.select(users.c.id, users.c.organization, users.c.country)
                            .where(users.c.organization != '').order_by(users.c.id)):
        name = _line(row.organization)[:NAME_MAX]
        key = _key(name)
        if not key or not row.country:
            continue
        pair = (row.country, key)
        spellings[pair][name] += 1
        first_seen.setdefault((*pair, name), row.id)
        members[pair].append(row.id)

    now = datetime.now(UTC).replace(tzinfo=None)
    links = []
    for pair in sorted(members):
        country, key = pair
        organization_id = existing.get(pair)
        if organization_id is None:
            name = min(spellings[pair], key=lambda s: (-spellings[pair][s], first_seen[(*pair, s)]))
            base = slugify(f"{name} {country}", max_length=70, word_boundary=True) or "organization"
            slug, n = base, 1
            while slug in slugs:
                n += 1
                slug = f"{base}-{n}"
            slugs.add(slug)
            organization_id = conn.execute(organizations.insert().values(
                slug=slug, name=name, name_key=key, acronym='', type='other', country=country, website='',
                member_count=0, merged_into_id=None, created_at=now, updated_at=now,
            ).returning(organizations.c.id)).scalar_one()
        links += [{"uid": user_id, "oid": organization_id} for user_id in members[pair]]
    if links:
        conn.execute(users.update().where(users.c.id == sa.bindparam('uid'))
                     .values(organization_id=sa.bindparam('oid')), links)
    counted = (sa.select(sa.func.count()).select_from(users)
               .where(users.c.organization_id == organizations.c.id, users.c.deactivated_at.is_(None))
               .scalar_subquery())
    conn.execute(organizations.update().values(member_count=counted))


def _experience_names(conn):
    rows = []
    for row in conn.execute(sa.select(experiences.c.id, experiences.c.partner_organizations)):
        keys = {_key(name) for name in row.partner_organizations or [] if isinstance(name, str)}
        rows += [{"experience_id": row.id, "name_key": key} for key in sorted(keys) if key]
    if rows:
        conn.execute(names.insert(), rows)


def downgrade():
    conn = op.get_bind()
    conn.execute(users.update().values(organization_id=None))
    conn.execute(organizations.update().values(merged_into_id=None))
    conn.execute(organizations.delete())

    with op.batch_alter_table('experience_organization_names', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experience_organization_names_name_key'))

    op.drop_table('experience_organization_names')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_index('ix_organizations_name_key', postgresql_ops={'name_key': 'text_pattern_ops'})
