"""Recording the language of threads and posts written before the forum recorded it."""

from collections.abc import Callable

from sqlalchemy import bindparam, func, select, update

from forum import content_language
from forum.extensions import db
from forum.models import Post, Thread, User
from forum.services.threads import guess_thread_language


def count_missing_languages() -> int:
    missing_threads = select(func.count()).select_from(Thread).where(Thread.language.is_(None))
    missing_posts = select(func.count()).select_from(Post).where(Post.language.is_(None))
    return (db.session.scalar(missing_threads) or 0) + (db.session.scalar(missing_posts) or 0)


def do_guess_missing_languages(*, batch_size: int = 1000,
                               progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Guess the language of every thread and post that has none, as writing them would have
    (the same rules: forum.services.threads.guess_thread_language, content_language.guess_from_html).

    Threads first (a short reply takes its thread's language), in batches written with one
    UPDATE each; the caller commits. Returns (threads, posts) updated. Run `search reindex`
    afterwards so that the index stems them the same way.
    """
    conn = db.session.connection()
    threads = _fill(conn, _thread_batches(conn, batch_size), Thread, progress)
    posts = _fill(conn, _post_batches(conn, batch_size), Post, progress)
    return threads, posts


def _in_batches(conn, query, id_column, batch_size: int):
    """The rows of `query` in batches, by increasing id (keyset: each batch starts after the last)."""
    last_id = 0
    while True:
        rows = conn.execute(query.where(id_column > last_id).order_by(id_column).limit(batch_size)).all()
        if not rows:
            return
        last_id = rows[-1].id
        yield rows


def _thread_batches(conn, batch_size: int):
    opening = (select(Post.html).where(Post.thread_id == Thread.id, Post.number == 1)
               .correlate(Thread).scalar_subquery())
    query = (select(Thread.id, Thread.title, opening.label("opening_html"), User.locale)
             .join(User, User.id == Thread.author_id).where(Thread.language.is_(None)))
    for rows in _in_batches(conn, query, Thread.id, batch_size):
        yield [(row.id, guess_thread_language(row.title, row.opening_html or "", author_locale=row.locale))
               for row in rows]


def _post_batches(conn, batch_size: int):
    query = (select(Post.id, Post.html, Thread.language.label("thread_language"))
             .join(Thread, Thread.id == Post.thread_id).where(Post.language.is_(None)))
    for rows in _in_batches(conn, query, Post.id, batch_size):
        yield [(row.id, content_language.guess_from_html(row.html, default=row.thread_language)) for row in rows]


def _fill(conn, batches, model, progress: Callable[[int], None] | None) -> int:
    table = model.__table__
    statement = update(table).where(table.c.id == bindparam("row_id")).values(language=bindparam("guessed"))
    done = 0
    for batch in batches:
        known = [{"row_id": row_id, "guessed": language} for row_id, language in batch if language is not None]
        if known:
            conn.execute(statement, known)
        done += len(known)
        if progress is not None:
            progress(len(batch))
    return done
