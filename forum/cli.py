"""Command-line tools: `flask --app wsgi seed ...` and `flask --app wsgi users ...`.

Commands call the services (never the ORM behind their back). A command that writes is one
transaction, `@unit_of_work()` (forum.transactions): committed when it returns, rolled back when it
fails (a `click.ClickException` included). `flask --app wsgi db ...` comes from Flask-Migrate.
"""

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from forum.errors import ForumError
from forum.extensions import db
from forum.transactions import unit_of_work

seed_cli = AppGroup("seed", help="Load demo or benchmark data.")
users_cli = AppGroup("users", help="Manage accounts.")
search_cli = AppGroup("search", help="The full-text search index.")


@seed_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no community at all.")
@unit_of_work()
def seed_demo(if_empty: bool) -> None:
    """Load the demo communities, people, threads and posts (does nothing when already loaded)."""
    from forum.models import Community
    from forum.seed.demo import load_demo

    if if_empty and db.session.scalar(db.select(Community.id).limit(1)) is not None:
        click.echo("The database has data; demo data not loaded.")
        return
    created = load_demo()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing changed.")


@seed_cli.command("bench")
@click.option("--posts", default=200_000, show_default=True, help="How many posts to create.")
@click.option("--threads", default=None, type=int, help="How many threads (default: posts / 100).")
@unit_of_work()
def seed_bench(posts: int, threads: int | None) -> None:
    """Generate a large dataset for the benchmarks (bulk inserts; counters kept right)."""
    from forum.seed.bench import load_bench

    summary = load_bench(posts=posts, threads=threads, progress=click.echo)
    click.echo(summary)


@users_cli.command("create")
@click.argument("username")
@click.argument("email")
@click.option("--role", type=click.Choice(["member", "moderator", "admin"]), default="member")
@click.option("--country", default="US", show_default=True)
@click.option("--sector", default="other", show_default=True)
@click.option("--organization", default="")
@unit_of_work()
def users_create(username: str, email: str, role: str, country: str, sector: str, organization: str) -> None:
    """Create a verified account; the password is read from standard input."""
    from forum.services.accounts import do_register

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        user = do_register(email=email, username=username, password=password, country=country,
                           sector=sector, organization=organization, role=role, is_verified=True, trust_level=1,
                           send_confirmation=False)
    except ForumError as error:
        raise click.ClickException(f"{getattr(error, 'field', None) or 'error'}: {error.message}") from None
    click.echo(f"Created {user.role} {user.username} <{user.email}>.")


@users_cli.command("token")
@click.argument("username")
@click.option("--name", default="CLI token", show_default=True)
@unit_of_work()
def users_token(username: str, name: str) -> None:
    """Print a new personal API token for USERNAME."""
    from forum.services.accounts import do_create_token, find_user_by_login

    user = find_user_by_login(username) if "@" not in username else None
    if user is None:
        raise click.ClickException(f"No user named {username!r}.")
    _token, raw = do_create_token(user, name)
    click.echo(raw)


@search_cli.command("reindex")
@click.option("--batch-size", default=2000, show_default=True, help="Documents written per batch.")
@unit_of_work()
def search_reindex(batch_size: int) -> None:
    """Rebuild the search index from every post, thread and person (one transaction)."""
    from forum.search.indexing import count_sources, rebuild

    conn = db.session.connection()
    total = count_sources(conn)
    with click.progressbar(length=total, label="Indexing", show_pos=True) as bar:
        documents = rebuild(conn, batch_size=batch_size, progress=bar.update)
    click.echo(f"Indexed {documents} documents.")


content_cli = AppGroup("content", help="Threads and posts.")


@content_cli.command("guess-languages")
@click.option("--batch-size", default=1000, show_default=True, help="Rows updated per statement.")
@unit_of_work()
def content_guess_languages(batch_size: int) -> None:
    """Record the language of threads and posts written before the forum recorded it."""
    from forum.services.content_languages import count_missing_languages, do_guess_missing_languages

    with click.progressbar(length=count_missing_languages(), label="Guessing", show_pos=True) as bar:
        threads, posts = do_guess_missing_languages(batch_size=batch_size, progress=bar.update)
    click.echo(f"Recorded the language of {threads} threads and {posts} posts.")


translations_cli = AppGroup("translations", help="The interface's message catalogs.")


@translations_cli.command("update")
def translations_update() -> None:
    """Extract the marked strings and merge them into every catalog (`make messages`)."""
    from forum import catalogs

    for language, missing in catalogs.update().items():
        click.echo(f"{language}: {missing} strings to translate")


notify_cli = AppGroup("notify", help="Notification mail: the queue, the digest, milestone and bookmark reminders.")


@notify_cli.command("send-pending")
def notify_send_pending() -> None:
    """Send queued mail that is due (failed ones are retried with backoff)."""
    from forum.services import mail_delivery

    sent, failed = mail_delivery.deliver_due()
    click.echo(f"sent {sent}, failed {failed}")


@notify_cli.command("digest")
def notify_digest() -> None:
    """Queue and send one digest per user of their notifications set to "daily"."""
    from forum.services import mail_delivery

    with unit_of_work():  # committed before sending: the sender reads the queue in its own session
        count = mail_delivery.send_digests()
    sent, failed = mail_delivery.deliver_due()
    click.echo(f"digests {count}, sent {sent}, failed {failed}")


@notify_cli.command("milestones")
def notify_milestones() -> None:
    """Remind focal points of project milestones due within 7 days (once per milestone); run daily."""
    from forum.services import mail_delivery
    from forum.services.projects import do_send_milestone_reminders

    with unit_of_work():  # committed before sending: the sender reads the queue in its own session
        count = do_send_milestone_reminders()
    sent, failed = mail_delivery.deliver_due()
    click.echo(f"milestones {count}, sent {sent}, failed {failed}")


@notify_cli.command("bookmarks")
def notify_bookmarks() -> None:
    """Remind members of their bookmarks whose reminder date has come (once each); run daily."""
    from forum.services import mail_delivery
    from forum.services.bookmarks import do_send_bookmark_reminders

    with unit_of_work():  # committed before sending: the sender reads the queue in its own session
        count = do_send_bookmark_reminders()
    sent, failed = mail_delivery.deliver_due()
    click.echo(f"bookmarks {count}, sent {sent}, failed {failed}")


compendium_cli = AppGroup("compendium", help="PDF compendiums of experiences built in the background.")


@compendium_cli.command("run-pending")
def compendium_run_pending() -> None:
    """Build the queued compendiums (those a restart left behind too); e.g. every few minutes from cron."""
    from forum.services import experience_compendium

    click.echo(f"built {experience_compendium.run_pending()}")


@compendium_cli.command("prune")
def compendium_prune() -> None:
    """Delete the compendiums older than COMPENDIUM_KEEP_DAYS and their files; run daily."""
    from forum.services import experience_compendium

    click.echo(f"deleted {experience_compendium.prune()}")


drafts_cli = AppGroup("drafts", help="Members' unsent drafts.")


@drafts_cli.command("prune")
@unit_of_work()
def drafts_prune() -> None:
    """Delete the drafts no one changed for 90 days (a cron job; saving a draft also prunes its owner's)."""
    from forum.services.drafts import do_prune_drafts

    click.echo(f"deleted {do_prune_drafts()}")


uploads_cli = AppGroup("uploads", help="Files attached to posts, messages and experiences.")


@uploads_cli.command("prune")
def uploads_prune() -> None:
    """Forget the uploads nothing used for a day and delete the files no upload names; run daily."""
    from forum.services.uploads import prune_unattached

    forgotten, deleted = prune_unattached()
    click.echo(f"uploads {forgotten}, files {deleted}")


backup_cli = AppGroup("backup", help="Back up and restore the database and the uploaded files.")


@backup_cli.command("create")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The archive to write (default: instance/backups/horizonte-<UTC time>.tar).")
def backup_create(output: Path | None) -> None:
    """Write the database (SQLite's online backup, or pg_dump) and UPLOAD_DIR into one archive."""
    from forum import backup

    try:
        path = backup.create(output)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written: {path}")


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: replace the database's content.")
def backup_restore(archive: Path, yes: bool) -> None:
    """Replace the database's content with an archive's, add its files, and compare the row counts."""
    from forum import backup

    if not yes:
        click.confirm(f"Replace everything in the database with {archive}?", abort=True)
    try:
        restored = backup.restore(archive)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    expected = restored.manifest["tables"]
    different = {name: (count, restored.counts.get(name)) for name, count in expected.items()
                 if restored.counts.get(name) != count}
    click.echo(f"Restored the backup of {restored.manifest['created_at']}: {sum(expected.values())} rows in "
               f"{len(expected)} tables, {restored.files} files.")
    if different:
        raise click.ClickException(f"row counts differ from the archive's (table: archive, now): {different}")


def register_cli(app: Flask) -> None:
    app.cli.add_command(backup_cli)
    app.cli.add_command(drafts_cli)
    app.cli.add_command(uploads_cli)
    app.cli.add_command(compendium_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(translations_cli)
    app.cli.add_command(notify_cli)
    app.cli.add_command(seed_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(search_cli)
