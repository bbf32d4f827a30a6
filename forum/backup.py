"""`flask backup create|restore`: the database and the uploaded files in one archive.

An archive is a tar file:

- `manifest.json`: when, from which database kind, at which migration, and how many rows each
  table had (a restore compares them);
- `database.sqlite3`, copied with SQLite's online backup API (a consistent copy while the site
  serves), or `database.dump`, PostgreSQL's custom format from `pg_dump` (restored by
  `pg_restore --clean`, which needs the client tools of the server's major version or newer);
- `uploads/`: the files under UPLOAD_DIR (by content hash). Files kept in an S3 bucket are backed
  up with the store's own tools (versioning, replication): the manifest says so.

Restoring replaces the database's content and adds the archive's files to UPLOAD_DIR (files
already there stay: they are named by their content). It refuses an archive from the other
database kind or from newer migrations than this code knows.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

from forum.extensions import db

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """What the command tells the operator, and stops."""


@dataclass
class Restored:
    manifest: dict[str, Any]
    counts: dict[str, int]
    files: int


def row_counts() -> dict[str, int]:
    """Rows of every table of the database (the models' and the search index's)."""
    names = sorted(inspect(db.engine).get_table_names())
    with db.engine.connect() as conn:
        return {name: conn.scalar(select(func.count()).select_from(text(f'"{name}"'))) or 0 for name in names}


def _kind() -> str:
    return db.engine.dialect.name


def _migration() -> list[str]:
    with db.engine.connect() as conn:
        return sorted(conn.scalars(text("SELECT version_num FROM alembic_version")))


def create(output: Path | None = None) -> Path:
    """Write an archive; its path (default: instance/backups/horizonte-<UTC time>.tar)."""
    now = datetime.now(UTC)
    if output is None:
        folder = Path(current_app.instance_path) / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        output = folder / f"horizonte-{now:%Y%m%dT%H%M%SZ}.tar"
    upload_dir = None if current_app.config.get("S3_BUCKET") else Path(current_app.config["UPLOAD_DIR"])
    with tempfile.TemporaryDirectory(prefix="horizonte-backup-") as work:
        work_dir = Path(work)
        manifest = {"format": FORMAT, "created_at": now.isoformat(), "database": _kind(),
                    "migration": _migration(), "tables": row_counts(),
                    "uploads": "included" if upload_dir else "in the S3 bucket, not in this archive"}
        database_file = work_dir / ("database.sqlite3" if _kind() == "sqlite" else "database.dump")
        if _kind() == "sqlite":
            _sqlite_copy(Path(db.engine.url.database), database_file)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(database_file)])
        (work_dir / MANIFEST).write_text(json.dumps(manifest, indent=1))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(work_dir / MANIFEST, MANIFEST)
            archive.add(database_file, database_file.name)
            if upload_dir is not None and upload_dir.is_dir():
                archive.add(upload_dir, "uploads")
        partial.replace(output)  # a crash leaves a .partial file, never a truncated archive
    return output


def restore(archive_path: Path) -> Restored:
    """Put an archive's database and files back; the row counts found afterwards."""
    with tempfile.TemporaryDirectory(prefix="horizonte-restore-") as work:
        work_dir = Path(work)
        try:
            with tarfile.open(archive_path) as archive:
                archive.extractall(work_dir, filter="data")
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"{archive_path}: not a readable backup archive ({error})") from error
        manifest = _read_manifest(work_dir)
        if manifest["database"] != _kind():
            raise BackupError(f"this archive holds a {manifest['database']} database; this site runs on {_kind()}")
        unknown = set(manifest["migration"]) - set(_known_migrations())
        if unknown:
            raise BackupError(f"the archive comes from newer code (migration {', '.join(sorted(unknown))}): "
                              "deploy that code first")
        db.session.remove()
        db.engine.dispose()  # no pooled connection keeps the old schema open
        if _kind() == "sqlite":
            _sqlite_copy(work_dir / "database.sqlite3", Path(db.engine.url.database))
        else:
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                  "--dbname", _libpq_environment()["PGDATABASE"], str(work_dir / "database.dump")])
        files = _restore_uploads(work_dir / "uploads")
        db.engine.dispose()
        return Restored(manifest, row_counts(), files)


def _read_manifest(work_dir: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((work_dir / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"the archive has no readable {MANIFEST}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    return manifest


def _known_migrations() -> set[str]:
    from alembic.script import ScriptDirectory

    from forum.schema_migrations import MIGRATIONS_DIR

    return {revision.revision for revision in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()}


def _restore_uploads(source: Path) -> int:
    if not source.is_dir() or current_app.config.get("S3_BUCKET"):
        return 0
    target = Path(current_app.config["UPLOAD_DIR"])
    count = 0
    for path in source.rglob("*"):
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            if not destination.exists():
                shutil.copy2(path, destination)
            count += 1
    return count


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy, page by page, while others write."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _libpq_environment() -> dict[str, str]:
    """The site's database for libpq's tools, in their environment variables: never on a command
    line, where any user of the machine reads it."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    settings = {"PGHOST": url.host, "PGPORT": url.port and str(url.port), "PGUSER": url.username,
                "PGPASSWORD": url.password, "PGDATABASE": url.database, "PGCONNECT_TIMEOUT": "10"}
    return {name: value for name, value in settings.items() if value}


def _run(argv: list[str]) -> None:
    try:
        # The programs are ours (pg_dump, pg_restore); the database comes in their environment.
        result = subprocess.run(argv, capture_output=True, text=True, timeout=3600,  # noqa: S603
                                env={**os.environ, **_libpq_environment()})
    except FileNotFoundError as error:
        raise BackupError(f"{argv[0]} is not installed (Debian: postgresql-client)") from error
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip()[-2000:]}")
