"""A large dataset for `make bench`: bulk inserts, then counters set from the data.

Bypasses the services on purpose (200,000 posts one by one would take minutes); the counters
are recomputed at the end so every page shows what the data says.
"""

import itertools
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, insert, select, update

from forum.content import render
from forum.extensions import db
from forum.models import Community, Post, Thread, User, utcnow
from forum.services.accounts import hash_password

BENCH_PASSWORD = "horizonte-bench-password"
BODIES = [
    "We reached **{n}** families this month with the new cold-chain route.",
    "Could you share the protocol you used? We are planning something similar in our region.",
    "In our experience, community health workers were key:\n\n- training\n- supervision\n- supplies",
    "> The main lesson was to involve local leaders early.\n\nAgreed, and budget for it from day one.",
    "Here is the report: https://example.org/report-{n}.pdf (Spanish, 40 pages).",
    "| Indicator | 2024 | 2025 |\n|---|---|---|\n| Coverage | 71% | 84% |\n| Dropout | 12% | 7% |",
    "Nuestra experiencia con la telemedicina en zonas rurales fue muy positiva.",
    "A vacinação nas escolas aumentou a cobertura em **15 pontos**.",
]
_RENDERED = [render(b.replace("{n}", "0")) for b in BODIES]
# One post in RARE_EVERY says this instead: a word 95 posts hold at 50,000 posts, for the search
# that bench/http.py times (issue #23: a query of about 95 results; the other words are in 1/8 of all).
RARE_EVERY = 521
RARE_WORD = "ivermectin"
RARE_BODY = f"Mass drug administration with {RARE_WORD} along the river reached every village this year."
_RARE_RENDERED = render(RARE_BODY)


def load_bench(*, posts: int, threads: int | None = None, users: int = 500, communities: int = 8,
               long_thread_share: float = 0.1, progress: Callable[[str], None] = print) -> str:
    """Insert `posts` posts; thread 1 gets `long_thread_share` of them (the "long thread")."""
    threads = threads or max(posts // 100, 1)
    now = utcnow()
    password_hash = hash_password(BENCH_PASSWORD)
    start_id = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    db.session.execute(insert(User), [
        {"email": f"bench{i}@example.org", "username": f"bench{i}", "username_key": f"bench{i}",
         "_display_name": f"Bench User {i}", "password_hash": password_hash, "country": "BR",
         "organization": "Bench", "sector": "other", "role": "member", "bio": "", "is_verified": True,
         "post_count": 0, "created_at": now,
         "trust_level": 1, "unread_notification_count": 0}
        for i in range(start_id, start_id + users)
    ])
    user_ids = list(db.session.scalars(select(User.id).where(User.username_key.like("bench%"))))
    first_community = (db.session.scalar(select(func.max(Community.id))) or 0) + 1
    db.session.execute(insert(Community), [
        {"slug": f"bench-{i}", "name": f"Bench community {i}", "description": "Benchmark data",
         "position": 100 + i, "thread_count": 0, "post_count": 0, "member_count": 0, "created_at": now}
        for i in range(first_community, first_community + communities)
    ])
    community_ids = list(db.session.scalars(select(Community.id).where(Community.slug.like("bench-%"))))
    progress(f"{len(user_ids)} users, {len(community_ids)} communities")

    first_thread = (db.session.scalar(select(func.max(Thread.id))) or 0) + 1
    start = now - timedelta(days=365)
    db.session.execute(insert(Thread), [
        {"id": first_thread + i, "community_id": community_ids[i % len(community_ids)],
         "author_id": user_ids[i % len(user_ids)], "title": f"Benchmark thread number {i}",
         "slug": f"benchmark-thread-number-{i}", "kind": "discussion", "is_pinned": False,
         "is_locked": False, "post_count": 0, "last_post_number": 0,
         "created_at": start + timedelta(minutes=i), "last_activity_at": start + timedelta(minutes=i)}
        for i in range(threads)
    ])
    long_posts = int(posts * long_thread_share) if threads > 1 else posts
    per_thread = [long_posts] + [0] * (threads - 1)
    for i in range(posts - long_posts):
        per_thread[1 + i % (threads - 1) if threads > 1 else 0] += 1

    numbers = dict.fromkeys(range(threads), 0)
    batch: list[dict] = []
    made = 0
    order = itertools.chain.from_iterable(itertools.repeat(t, n) for t, n in enumerate(per_thread))
    for n, t in enumerate(order):
        numbers[t] += 1
        body = n % len(BODIES)
        source, html = BODIES[body].replace("{n}", "0"), _RENDERED[body]
        if n % RARE_EVERY == RARE_EVERY - 1:
            source, html = RARE_BODY, _RARE_RENDERED
        batch.append({
            "thread_id": first_thread + t, "author_id": user_ids[n % len(user_ids)], "number": numbers[t],
            "source": source, "html": html,
            "created_at": start + timedelta(seconds=n * 60), "revision_count": 0,
        })
        if len(batch) == 5000:
            db.session.execute(insert(Post), batch)
            made += len(batch)
            batch.clear()
            progress(f"{made} posts")
    if batch:
        db.session.execute(insert(Post), batch)
    progress("recomputing counters")
    _recount()
    return f"Created {posts} posts in {threads} threads."


def _recount() -> None:
    stats = (select(Post.thread_id, func.count().label("n"), func.max(Post.number).label("last"),
                    func.max(Post.created_at).label("at"))
             .group_by(Post.thread_id).subquery())
    for row in db.session.execute(select(stats)):
        last_author = db.session.scalar(select(Post.author_id).where(
            Post.thread_id == row.thread_id, Post.number == row.last))
        db.session.execute(update(Thread).where(Thread.id == row.thread_id).values(
            post_count=row.n, last_post_number=row.last, last_activity_at=row.at,
            last_post_author_id=last_author))
    for community in db.session.scalars(select(Community)):
        count, total, last = db.session.execute(
            select(func.count(), func.coalesce(func.sum(Thread.post_count), 0), func.max(Thread.last_activity_at))
            .where(Thread.community_id == community.id, Thread.deleted_at.is_(None))
        ).one()
        community.thread_count = count
        community.post_count = total
        community.last_activity_at = last
        community.last_thread_id = db.session.scalar(
            select(Thread.id).where(Thread.community_id == community.id)
            .order_by(Thread.last_activity_at.desc()).limit(1))
    counts = select(Post.author_id, func.count().label("n")).group_by(Post.author_id).subquery()
    for row in db.session.execute(select(counts)):
        db.session.execute(update(User).where(User.id == row.author_id).values(post_count=row.n))
