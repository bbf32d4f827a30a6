"""The restore drill (issue #22, operations): `flask backup create`, damage, `flask backup restore`,
then the row counts and a page are as they were; on SQLite (online backup API) and PostgreSQL
(pg_dump, pg_restore), with the uploaded files."""

import json
import shutil
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from forum.extensions import db
from forum.models import Post, Thread, Upload
from forum.services.uploads import do_upload, markdown_for
from forum.storage import storage
from tests.conftest import settle_background
from tests.factories import make_community, make_post, make_thread, make_user

CHECKLIST = b"Cold chain checklist: 2-8 C, logged twice a day.\n"


@pytest.fixture
def site(app):
    with app.test_request_context(method="POST"):
        ana = make_user("ana")
        upload = do_upload(ana, CHECKLIST, "checklist.txt")
        thread = make_thread(ana, make_community("vaccines"), title="River routes",
                             body=f"Our fridges on the boats. {markdown_for(upload)}")
        make_post(make_user("bruno"), thread, "Solar panels kept ours at 4 degrees.")
        db.session.commit()
        paths = {"thread": f"/t/{thread.id}", "upload": f"/uploads/{upload.id}/checklist.txt",
                 "sha256": upload.sha256}
    # Ana's notification of the reply gets its mail from the background sender: written before the
    # backup is taken, not while the drill runs.
    settle_background()
    return paths


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (Thread, Post, Upload))


def test_a_backup_restores_the_rows_the_pages_and_the_files(app, client, runner, site, tmp_path):
    page = client.get(site["thread"], follow_redirects=True).get_data(as_text=True)
    assert "Solar panels kept ours at 4 degrees." in page
    before = _counts(app)
    archive = tmp_path / "nightly.tar"
    created = runner.invoke(args=["backup", "create", "--output", str(archive)])
    assert created.exit_code == 0, created.output
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    with app.app_context():
        assert manifest["database"] == db.engine.dialect.name
    assert any(name.startswith("uploads/") for name in names)
    assert manifest["tables"]["posts"] == before[1] and manifest["tables"]["threads"] == before[0]

    # The damage: the posts gone, the file gone.
    with app.app_context():
        db.session.execute(delete(Post))
        db.session.commit()
        storage().delete(site["sha256"])
    assert _counts(app)[1] == 0 and client.get(site["upload"]).status_code == 404

    restored = runner.invoke(args=["backup", "restore", str(archive), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "Restored the backup" in restored.output
    assert _counts(app) == before
    assert "Solar panels kept ours at 4 degrees." in client.get(site["thread"], follow_redirects=True).get_data(
        as_text=True)
    # The file is back, served to whoever reads the thread.
    assert client.get(site["upload"]).data == CHECKLIST


def test_a_restore_asks_before_it_replaces_anything(app, runner, site, tmp_path):
    archive = tmp_path / "nightly.tar"
    assert runner.invoke(args=["backup", "create", "--output", str(archive)]).exit_code == 0
    refused = runner.invoke(args=["backup", "restore", str(archive)], input="n\n")
    assert refused.exit_code == 1 and "Aborted" in refused.output


def test_a_damaged_or_foreign_archive_is_refused_with_a_reason(app, runner, site, tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not an archive at all")
    result = runner.invoke(args=["backup", "restore", str(junk), "--yes"])
    assert result.exit_code == 1 and "not a readable backup archive" in result.output

    archive = tmp_path / "nightly.tar"
    assert runner.invoke(args=["backup", "create", "--output", str(archive)]).exit_code == 0
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    manifest = json.loads((unpacked / "manifest.json").read_text())
    other = "postgresql" if manifest["database"] == "sqlite" else "sqlite"
    for name, change in (("foreign", {"database": other}), ("newer", {"migration": ["ffffffffffff"]})):
        (unpacked / "manifest.json").write_text(json.dumps({**manifest, **change}))
        edited = tmp_path / f"{name}.tar"
        with tarfile.open(edited, "w") as tar:
            for path in sorted(Path(unpacked).iterdir()):
                tar.add(path, path.name)
        result = runner.invoke(args=["backup", "restore", str(edited), "--yes"])
        assert result.exit_code == 1, result.output
        assert ("holds a" in result.output) if name == "foreign" else ("newer code" in result.output)
    shutil.rmtree(unpacked)
    assert _counts(app)[1] == 2  # nothing was touched
