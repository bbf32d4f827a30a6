"""The benchmark's database, built in one process: `python -m bench.dataset --posts N --threads N`.

What `flask db upgrade`, `flask seed bench --threads N` and `flask search reindex` do, with the same
functions, in one interpreter (three commands paid the application's start-up three times); then prints, as
the last line, a JSON object describing what was made, for bench/http.py to pick its pages from.
Reads the database and everything else from the environment (DATABASE_URL, FORUM_INSTANCE_DIR...),
as the commands do.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTS_PER_PAGE = 20  # forum/config.py POSTS_PER_PAGE


def _create_schema() -> None:
    """SQLite: the models' tables stamped with the migrations' head, as tests/conftest.py makes them
    (tests/test_migrations.py holds this schema equal to `flask db upgrade`'s): a tenth of the time
    of running the 35 migrations. PostgreSQL runs the migrations (they also create its extensions)."""
    from sqlalchemy import text

    from forum.extensions import db
    from forum.schema_migrations import migration_heads

    db.create_all()
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:head)"),
                     [{"head": head} for head in migration_heads()])


def build(posts: int, threads: int) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from forum.extensions import db
    from forum.models import Community, Post, Thread, User
    from forum.search.indexing import rebuild
    from forum.seed.bench import BENCH_PASSWORD, RARE_WORD, load_bench
    from forum.transactions import unit_of_work
    from wsgi import app

    timings = {}
    with app.app_context():
        start = time.perf_counter()
        if db.engine.dialect.name == "sqlite":
            _create_schema()
        else:
            upgrade(directory=str(ROOT / "migrations"))
        timings["schema_s"] = time.perf_counter() - start

        start = time.perf_counter()
        with unit_of_work():
            load_bench(posts=posts, threads=threads, progress=lambda _message: None)
        timings["seed_s"] = time.perf_counter() - start

        start = time.perf_counter()
        with unit_of_work():
            documents = rebuild(db.session.connection())
        timings["index_s"] = time.perf_counter() - start

        count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
        live = select(Thread).where(Thread.deleted_at.is_(None))
        # forum/seed/bench.py gives its first thread a tenth of the posts (at every size).
        long_thread = db.session.scalars(live.where(Thread.slug == "benchmark-thread-number-0")
                                         .order_by(Thread.id.desc()).limit(1)).one()
        # An ordinary thread: the median one among those with a full first page.
        full = db.session.scalars(live.where(Thread.id != long_thread.id, Thread.post_count >= POSTS_PER_PAGE)
                                  .order_by(Thread.post_count, Thread.id)).all()
        if not full:
            raise SystemExit(f"no thread besides the long one has {POSTS_PER_PAGE} posts: seed more posts")
        ordinary = full[len(full) // 2]
        # Threads the writers reply to: other ordinary ones, so no reader page changes under the readers.
        reply_threads = [{"id": t.id, "slug": t.slug} for t in full if t.id != ordinary.id][:8]
        community = db.session.scalar(select(Community.slug).where(Community.slug.like("bench-%"))
                                      .order_by(Community.id).limit(1))
        dialect = db.engine.dialect.name
        version = db.session.scalar(text("SELECT sqlite_version()" if dialect == "sqlite" else "SHOW server_version"))
        return {
            "posts": count(Post), "threads": count(Thread), "users": count(User), "documents": documents,
            "dialect": dialect, "database_version": version,
            "long_thread": {"id": long_thread.id, "slug": long_thread.slug, "posts": long_thread.post_count,
                            "last_post_number": long_thread.last_post_number},
            "thread": {"id": ordinary.id, "slug": ordinary.slug, "posts": ordinary.post_count},
            "reply_threads": reply_threads or [{"id": ordinary.id, "slug": ordinary.slug}],
            "password": BENCH_PASSWORD,  # every member's: bench1 ... bench500
            "community": community,
            "search_word": RARE_WORD,
            "search_word_posts": db.session.scalar(select(func.count()).select_from(Post)
                                                   .where(Post.source.contains(RARE_WORD))),
            "timings": {k: round(v, 2) for k, v in timings.items()},
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    args = parser.parse_args()
    print(json.dumps(build(args.posts, args.threads)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
