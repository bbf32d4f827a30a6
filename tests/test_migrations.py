"""The migrations build the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from forum import create_app
from forum.extensions import db
from forum.models import Base
from tests.conftest import make_test_config


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
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], f"models and migrations differ; add a migration: {differences}"


def test_migrations_downgrade_to_empty_and_up_again(empty_app):
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert {"users", "communities", "threads", "posts", "post_revisions"} <= set(inspect(db.engine).get_table_names())
