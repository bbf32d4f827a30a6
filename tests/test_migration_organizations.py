"""Migration b2d4f6a8c013 on data: members written at the previous revision become organization
records, linked and counted; experiences' partner names are kept folded; downgrading undoes it."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from forum import create_app
from forum.extensions import db
from tests.conftest import make_test_config

BEFORE = "a1c3e5f7b902"


@pytest.fixture
def empty_app(database_url):
    app = create_app(make_test_config(database_url))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            from tests.conftest import _reset_postgresql

            _reset_postgresql()
        yield app
        db.session.remove()
        db.engine.dispose()


def _filler(column: sa.Column, now: datetime):
    """A value for a required column the test does not care about."""
    if isinstance(column["type"], sa.Boolean):
        return False
    if isinstance(column["type"], sa.Integer):
        return 0
    if isinstance(column["type"], sa.DateTime):
        return now
    if isinstance(column["type"], sa.JSON):
        return {}
    return ""


def _insert(conn, table: str, rows: list[dict]) -> None:
    """Insert rows with only the columns that matter, the other required ones filled."""
    columns = sa.inspect(conn).get_columns(table)
    now = datetime.now(UTC).replace(tzinfo=None)
    target = sa.table(table, *(sa.column(c["name"], c["type"]) for c in columns))
    for row in rows:
        full = {c["name"]: _filler(c, now) for c in columns
                if not c["nullable"] and c.get("default") is None and c.get("autoincrement") is not True
                and c["name"] != "id"}
        conn.execute(target.insert().values({**full, **row}))


def _user(n: int, organization: str, country: str = "BR", **extra) -> dict:
    return {"id": n, "email": f"u{n}@example.org", "username": f"u{n}", "username_key": f"u{n}",
            "display_name": f"U{n}", "password_hash": "x", "country": country, "organization": organization,
            "sector": "government", "role": "member", **extra}


def test_members_organizations_become_linked_records_and_go_away_on_downgrade(empty_app):
    upgrade(revision=BEFORE)
    gone = datetime(2026, 1, 1)
    with db.engine.begin() as conn:
        _insert(conn, "organizations", [{"id": 50, "slug": "fiocruz-br", "name": "Fiocruz", "name_key": "fiocruz",
                                         "type": "university", "country": "BR", "member_count": 0}])
        _insert(conn, "users", [
            _user(1, "Ministério da Saúde"),
            _user(2, "MINISTERIO  DA SAUDE"),
            _user(3, "Ministerio da Saude"),
            _user(4, "Ministerio da Saude", deactivated_at=gone),
            _user(5, "Ministério da Saúde", country="PE"),
            _user(6, "FIOCRUZ"),
            _user(7, ""),
            _user(8, "   "),
        ])
        _insert(conn, "experiences", [{"id": 9, "title": "Cold chain", "slug": "cold-chain", "status": "published",
                                       "created_by_id": 1, "countries": [{"code": "BR", "role": "partner"}],
                                       "partner_organizations": ["Fiocruz", "FIOCRUZ", "Ministério  da Saúde"]}])

    upgrade()
    with db.engine.connect() as conn:
        records = {(r.country, r.name_key): r for r in conn.execute(sa.text(
            "SELECT id, slug, name, name_key, type, country, member_count, merged_into_id FROM organizations"))}
        links = dict(conn.execute(sa.text("SELECT id, organization_id FROM users")).all())
        names = conn.execute(sa.text(
            "SELECT experience_id, name_key FROM experience_organization_names ORDER BY name_key")).all()
    assert set(records) == {("BR", "fiocruz"), ("BR", "ministerio da saude"), ("PE", "ministerio da saude")}
    br = records[("BR", "ministerio da saude")]
    # The spelling most members used (two wrote "Ministerio da Saude"; one of them is deactivated).
    assert (br.name, br.slug, br.type, br.member_count) == ("Ministerio da Saude", "ministerio-da-saude-br", "other", 3)
    pe = records[("PE", "ministerio da saude")]
    assert (pe.name, pe.slug, pe.member_count) == ("Ministério da Saúde", "ministerio-da-saude-pe", 1)
    fiocruz = records[("BR", "fiocruz")]  # the record that existed is the one linked
    assert (fiocruz.id, fiocruz.name, fiocruz.type, fiocruz.member_count) == (50, "Fiocruz", "university", 1)
    assert links == {1: br.id, 2: br.id, 3: br.id, 4: br.id, 5: pe.id, 6: 50, 7: None, 8: None}
    assert names == [(9, "fiocruz"), (9, "ministerio da saude")]

    downgrade(revision=BEFORE)
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM organizations")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM users WHERE organization_id IS NOT NULL")).scalar() == 0
        assert conn.execute(sa.text("SELECT organization FROM users WHERE id = 2")).scalar() == "MINISTERIO  DA SAUDE"
    assert "experience_organization_names" not in sa.inspect(db.engine).get_table_names()
    upgrade()  # and up again, from what the downgrade left
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM organizations")).scalar() == 3


def test_migrations_that_copy_a_table_keep_the_rows_that_refer_to_it(empty_app):
    """On SQLite a batch operation copies a table and drops the old one: with foreign keys enforced,
    the DROP deleted every row referring to it ON DELETE CASCADE (an experience's themes, people,
    revisions, facets, organization names...). migrations/env.py turns enforcement off around them."""
    upgrade(revision="d6f8b0c2e437")  # before e1c7a3f05b92, which copies `experiences` on SQLite
    with db.engine.begin() as conn:
        _insert(conn, "users", [_user(1, "Fiocruz")])
        _insert(conn, "communities", [{"id": 3, "slug": "immunization", "name": "Immunization"}])
        _insert(conn, "experiences", [{"id": 9, "title": "Cold chain", "slug": "cold-chain", "status": "published",
                                       "created_by_id": 1, "countries": [{"code": "BR", "role": "partner"}]}])
        _insert(conn, "experience_themes", [{"experience_id": 9, "community_id": 3}])
        _insert(conn, "experience_people", [{"experience_id": 9, "user_id": 1, "role": "editor"}])
        _insert(conn, "experience_revisions", [{"experience_id": 9, "number": 1, "editor_id": 1, "snapshot": {}}])
    upgrade()
    with db.engine.connect() as conn:
        for table in ("experience_themes", "experience_people", "experience_revisions"):
            assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 1, table
