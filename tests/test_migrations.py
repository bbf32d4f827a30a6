"""The migrations build the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from forum import create_app
from forum.extensions import db
from forum.models import Base
from forum.schema_migrations import migration_heads
from forum.search import schema
from forum.search.schema import include_object
from tests.conftest import REDIS_URL, make_test_config

MIGRATIONS_ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


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


def test_migrations_match_the_models(empty_app):
    upgrade()
    with db.engine.connect() as conn:
        # The search index's backend-specific objects (SQLite's FTS5 virtual table and its shadow
        # tables, PostgreSQL's tsvector column and GIN index) are raw DDL that no model describes:
        # the filter leaves them out of the comparison (forum/search/schema.py says why).
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True,
                                                         "include_object": include_object})
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], f"models and migrations differ; add a migration: {differences}"


def test_migrations_downgrade_to_empty_and_up_again(empty_app):
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert {"users", "communities", "threads", "posts", "post_revisions"} <= set(inspect(db.engine).get_table_names())


def _search_objects() -> dict:
    """The search index's tables (models or not), with their columns and indexes."""
    inspector = inspect(db.engine)
    tables = [name for name in inspector.get_table_names() if name.startswith("search_")]
    return {name: (sorted(c["name"] for c in inspector.get_columns(name)),
                   sorted(i["name"] for i in inspector.get_indexes(name)))
            for name in tables}


def test_migrations_create_the_search_objects_the_app_creates(empty_app):
    """The raw DDL of the search index (forum.search.schema) is the same whether the migrations
    or `db.create_all()` (the tests) made it."""
    upgrade()
    migrated = _search_objects()
    downgrade(revision="base")
    db.create_all()
    created = _search_objects()
    db.drop_all()
    assert migrated == created
    if db.engine.dialect.name == "postgresql":
        assert {"search_documents", "search_lexemes", "search_blocks"} <= set(created)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # search_blocks is PostgreSQL's
def test_an_existing_index_gets_every_range_level_and_its_block_days(empty_app):
    upgrade(revision="7c3f5a9e2d18")
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO search_documents (id, doc_type, object_id, language, title, summary, body, created_at, "
            "is_deleted, thread_deleted, is_hidden) VALUES "
            "(5, 'post', 1, 'en', '', '', 'a', '2025-03-01 10:00', false, false, false), "
            "(9000, 'post', 2, 'en', '', '', 'b', '2025-03-04 23:00', false, false, false), "
            "(9001, 'post', 3, 'en', '', '', 'c', '2025-02-27 01:00', false, false, false)"))
    with db.engine.begin() as conn:  # the tokens 7c3f5a9e2d18 would have given them
        conn.execute(text("UPDATE search_documents SET tsv = to_tsvector('english', body) || array_to_tsvector("
                          "ARRAY['_r13x' || (id >> 13), '_r16x' || (id >> 16), '_r19x' || (id >> 19), "
                          "'_r22x' || (id >> 22)])"))
    upgrade()
    with db.engine.connect() as conn:
        blocks = conn.execute(text("SELECT block, first_day, last_day FROM search_blocks ORDER BY block")).all()
        tokens = {row[0]: sorted(row[1]) for row in conn.execute(text(
            "SELECT id, array_remove(tsvector_to_array(tsv), body) FROM search_documents"))}
    assert [(b, str(f), str(last)) for b, f, last in blocks] == [(0, "2025-03-01", "2025-03-01"),
                                                                  (1, "2025-02-27", "2025-03-04")]
    assert tokens == {doc_id: sorted("_" + tag for tag in schema.range_tags(doc_id)) for doc_id in (5, 9000, 9001)}


def test_existing_communities_get_no_translations_and_keep_them_down_and_up(empty_app):
    """a7c3e9f1b254 adds the per-language names: a community made before it shows its original."""
    upgrade(revision="e4a1c3d5f702")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO communities (id, slug, name, description, position, thread_count, post_count, "
                          "member_count, created_at) VALUES (1, 'vaccines', 'Immunization', 'Cold chain', 0, 0, 0, 0, "
                          "'2026-01-01 10:00')"))
    upgrade()
    from forum.models import Community

    community = db.session.get(Community, 1)
    assert (community.name_i18n, community.description_i18n) == ({}, {})
    assert community.localized_name("es") == "Immunization"
    community.name_i18n = {"es": "Inmunización"}
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Community, 1).localized_name("es") == "Inmunización"
    db.session.remove()
    downgrade(revision="e4a1c3d5f702")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT slug, name FROM communities")).all() == [("vaccines", "Immunization")]
    assert "name_i18n" not in {c["name"] for c in inspect(db.engine).get_columns("communities")}


def test_readyz_says_ready_only_at_the_migrations_head_with_its_services_answering(empty_app):
    """`/readyz`: 503 before the migrations ran and when the database is behind the code's head;
    200 at the head. Redis, when configured, must answer too. A check names what is wrong and
    nothing more (no revision, address or error)."""
    client = empty_app.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "not ready", "checks": {
        "database": "ok", "migrations": "not applied", "redis": "not configured"}}
    upgrade()
    response = client.get("/readyz")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {"status": "ready", "checks": {
        "database": "ok", "migrations": "ok", "redis": "not configured"}}
    (head,) = migration_heads()
    with db.engine.begin() as conn:  # the database stamped with an older revision than the code's
        conn.execute(text("UPDATE alembic_version SET version_num = '7c3f5a9e2d18'"))
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["checks"]["migrations"] == "not current"
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    empty_app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["checks"] == {
        "database": "ok", "migrations": "ok", "redis": "unreachable"}
    if REDIS_URL:
        empty_app.config["REDIS_URL"] = REDIS_URL
        response = client.get("/readyz")
        assert response.status_code == 200 and response.get_json()["checks"]["redis"] == "ok"


def test_the_heads_readyz_reads_from_the_files_are_alembics():
    """/readyz reads the migrations' heads without Alembic (forum.schema_migrations): the same
    answer as Alembic's own, merges and branches included."""
    from alembic.script import ScriptDirectory

    from forum.schema_migrations import MIGRATIONS_DIR

    assert migration_heads() == frozenset(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


def test_a_server_process_loads_no_migration_tooling(tmp_path):
    """Alembic, Mako and Pygments (12 MB a process) load only where a migration runs: not in a
    process that serves pages (wsgi.py, what gunicorn imports), which still answers /readyz."""
    import subprocess
    import sys

    script = ("import sys, wsgi\n"
              "response = wsgi.app.test_client().get('/readyz')\n"
              "print(response.status_code, sorted(m for m in ('alembic', 'mako', 'pygments', 'flask_migrate')"
              " if m in sys.modules))\n")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'forum.db'}", "SECRET_KEY": "test", "PATH": "/usr/bin:/bin",
           "FORUM_INSTANCE_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60,
                            cwd=str(MIGRATIONS_ROOT))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "503 []", result.stdout  # not migrated: not ready, and nothing loaded


def test_flask_db_runs_flask_migrates_commands(tmp_path):
    """`flask --app wsgi db upgrade` and `db current` (Flask-Migrate, loaded when asked for)."""
    import subprocess
    import sys
    from pathlib import Path

    flask = Path(sys.executable).parent / "flask"
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'forum.db'}", "SECRET_KEY": "test", "PATH": "/usr/bin:/bin",
           "FORUM_INSTANCE_DIR": str(tmp_path)}
    (head,) = migration_heads()
    upgraded = subprocess.run([str(flask), "--app", "wsgi", "db", "upgrade"], capture_output=True, text=True,
                              env=env, timeout=120, cwd=str(MIGRATIONS_ROOT))
    assert upgraded.returncode == 0, upgraded.stderr
    current = subprocess.run([str(flask), "--app", "wsgi", "db", "current"], capture_output=True, text=True,
                             env=env, timeout=60, cwd=str(MIGRATIONS_ROOT))
    assert current.returncode == 0 and head in current.stdout, current.stdout + current.stderr
    listed = subprocess.run([str(flask), "--app", "wsgi", "db", "--help"], capture_output=True, text=True,
                            env=env, timeout=60, cwd=str(MIGRATIONS_ROOT))
    assert "upgrade" in listed.stdout and "downgrade" in listed.stdout, listed.stdout
