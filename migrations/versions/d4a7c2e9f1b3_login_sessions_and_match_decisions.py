"""login sessions that the server can end; cooperation matches proposed, accepted or declined

Revision ID: d4a7c2e9f1b3
Revises: b2f7e4c9d1a6
Create Date: 2026-12-06

A login cookie named the user and a per-user session version, so logging out could not end a
copy of the cookie, only every session at once. Each login is now a row the cookie names
(`login_sessions`), ended on the server at logout; `users.session_version` goes. Cookies issued
before this migration name no login and are refused: everyone logs in once more.

A match was made by either owner alone. Now the offer's owner only proposes one and the
request's owner (or a moderator) accepts or declines it; existing matches count as accepted.
"""
import sqlalchemy as sa
from alembic import op



# revision identifiers, used by Alembic.
revision = 'd4a7c2e9f1b3'
down_revision = 'b2f7e4c9d1a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'login_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('user_agent', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_login_sessions_key_hash')),
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sessions_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')

    with op.batch_alter_table('cooperation_matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=False, server_default='accepted'))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_cooperation_matches_decided_by_id_users'), 'users',
                                    ['decided_by_id'], ['id'], ondelete='SET NULL')
    op.execute("UPDATE cooperation_matches SET decided_by_id = created_by_id, decided_at = created_at")
    with op.batch_alter_table('cooperation_matches', schema=None) as batch_op:
        batch_op.alter_column('status', server_default=None)


def downgrade():
    # Before this revision a match was a link both pages showed: proposals and refusals go.
    op.execute("DELETE FROM cooperation_matches WHERE status <> 'accepted'")
    with op.batch_alter_table('cooperation_matches', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cooperation_matches_decided_by_id_users'), type_='foreignkey')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('status')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('session_version', server_default=None)
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_user_id'))
    op.drop_table('login_sessions')
