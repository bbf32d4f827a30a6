"""The schema's migrations (migrations/, Alembic through Flask-Migrate), set up only where they are
used: `flask db ...`, `flask backup restore`, the migration tests and the benchmarks' datasets.

Flask-Migrate imports Alembic, which imports Mako and Pygments: 11-12 MB of memory and 0.15 s of
start-up in every process, and no server process runs a migration (issue #23 counts each worker's
memory). So `app.extensions["migrate"]` starts as a stand-in that builds Flask-Migrate's own
configuration the first time anything reads it, and `flask db` is a command group that loads
Flask-Migrate's commands when it is invoked. `/readyz` reads the migrations' heads from the files
themselves (`migration_heads`), without Alembic; tests/test_migrations.py holds it equal to
Alembic's answer.
"""

import ast
from functools import cache
from pathlib import Path
from typing import Any

import click
from flask import Flask

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


class _DeferredMigrate:
    """`app.extensions["migrate"]` until first read: then Flask-Migrate's own (which replaces it)."""

    def __init__(self, app: Flask) -> None:
        self._app = app

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if self._app.extensions.get("migrate") is self:  # set up once, whoever still holds this
            from flask_migrate import Migrate

            from forum.extensions import db

            Migrate(self._app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
        return getattr(self._app.extensions["migrate"], name)


class _MigrationCommands(click.Group):
    """`flask db ...`: hands the command line to Flask-Migrate's own group, loaded at that moment
    (which parses its options, sets what its subcommands read and runs them)."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        from flask_migrate.cli import db as commands

        return commands.make_context(info_name, args, parent=parent, **extra)


def init_migrations(app: Flask) -> None:
    app.extensions["migrate"] = _DeferredMigrate(app)
    app.cli.add_command(_MigrationCommands("db", help="Perform database migrations (Flask-Migrate)."))


@cache
def migration_heads() -> frozenset[str]:
    """The revisions the code's migrations end at: every revision no other revision names as its
    down_revision (read once per process from migrations/versions: they ship with the code)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            # `revision = "..."` or, in newer templates, `revision: str = "..."`
            target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else \
                node.target if isinstance(node, ast.AnnAssign) else None
            if not isinstance(target, ast.Name) or target.id not in ("revision", "down_revision"):
                continue
            value = ast.literal_eval(node.value)
            if target.id == "revision":
                revisions.add(value)
            elif value is not None:  # a tuple at a merge
                parents.update([value] if isinstance(value, str) else value)
    return frozenset(revisions - parents)
