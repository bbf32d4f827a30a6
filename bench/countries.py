"""Country pages and the home page at scale: p50/p95 of each page, in-process, against a bare page.

Not a test. Builds a fresh database (SQLite in a temporary directory; and, when a PostgreSQL URL is
given with --database-url or DATABASE_URL, a dedicated database `horizonte_countries_bench` on
that server, created and dropped here), applies the migrations, then fills it with SQL bulk
inserts: 100,000 threads (one opening post each) of which 20,000 are offers or requests with their
cooperation fields (70 % open), 2,000 published experiences with their country and theme facets,
3,000 members spread over the Americas (10 % with members-only profiles), 600 organizations, and
one member with memberships and open offers of their own for the signed-in home page.

Each page is then requested through Flask's test client in this process (20 untimed, then
--requests timed), next to `/healthz` — a bare page that runs one `SELECT 1` — so what the
pages cost above the framework's own work is visible. Wall-clock and CPU time (this process's,
which includes SQLite's work but not PostgreSQL's) are both printed: on a shared machine the
wall clock also measures the neighbours, and the load average is printed with the results.
Target: p95 <= 50 ms for the home page and a country page, as production serves them: the lists and
figures every reader sees are kept rendered FRAGMENT_CACHE_SECONDS (30 s) in the process
(forum/web/fragments.py). The targeted pages are then timed again with that cache off, to show
what a request costs when its fragment has just expired.

    .venv/bin/python bench/countries.py                                  # SQLite, full size
    .venv/bin/python bench/countries.py --threads 20000 --offers 4000    # a quick run
    .venv/bin/python bench/countries.py --database-url postgresql://postgres@127.0.0.1:5432/postgres
"""

import argparse
import json
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/http.py would shadow the standard library's http package: take bench/ off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

PG_BENCH_DB = "horizonte_countries_bench"
TARGET_P95_MS = 50.0
TARGETED = ("home (visitor)", "home (member)", "country page (BR)", "country page (KN)")
MEMBER_PASSWORD = "bench member password 1"
WARM_UP = 20

# Where offers, requests and members come from: the big countries most, every country some.
COUNTRY_WEIGHTS = {"BR": 14, "MX": 12, "US": 10, "CO": 9, "AR": 8, "PE": 7, "CL": 6, "CA": 5, "EC": 4, "GT": 4,
                   "CU": 3, "BO": 3, "VE": 3, "DO": 3, "HN": 2, "PY": 2, "SV": 2, "NI": 2, "CR": 2, "PA": 2,
                   "UY": 2, "JM": 2, "HT": 2, "TT": 1}
SUPPORT = ("technical_assistance", "training", "expert_exchange", "study_visit", "documents_tools", "funding")
MODALITIES = ("south_south", "triangular", "bilateral", "regional", "multi_country", "north_south")


def _weights() -> tuple[list[str], list[int]]:
    from forum.charts import AMERICAS

    codes = list(AMERICAS)
    return codes, [COUNTRY_WEIGHTS.get(code, 1) for code in codes]


# ---------- PostgreSQL: a database of its own ----------


def _driver_url(url: str) -> str:
    return "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith("postgresql://") else url


def create_pg_database(admin_url: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(_driver_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{PG_BENCH_DB}"'))
    engine.dispose()
    return make_url(_driver_url(admin_url)).set(database=PG_BENCH_DB).render_as_string(hide_password=False)


def drop_pg_database(admin_url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(_driver_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)'))
    engine.dispose()


# ---------- data ----------


def _chunks(rows: list[dict], size: int = 5000):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def seed(db, *, threads: int, offers: int, experiences: int, users: int, communities: int = 12,
         organizations: int = 600, projects: int = 5_000) -> dict:
    """SQL bulk inserts; counters and last activity set as the services would leave them."""
    from sqlalchemy import insert, update

    from forum.models import (
        Community,
        CooperationDetails,
        CooperationFacet,
        Experience,
        ExperienceFacet,
        ExperienceTheme,
        Organization,
        Post,
        Thread,
        User,
        cooperation_themes,
    )

    rng = random.Random(18)
    codes, weights = _weights()
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=730)
    step = timedelta(seconds=730 * 86400 / max(threads, 1))

    user_countries = rng.choices(codes, weights, k=users)
    db.session.execute(insert(User), [
        {"id": i + 1, "email": f"cbench{i}@example.org", "username": f"cbench{i}", "username_key": f"cbench{i}",
         "display_name": f"Bench Person {i}", "password_hash": "x", "country": user_countries[i],
         "organization": "Ministry of Health", "sector": "government", "role": "member", "is_verified": True,
         "post_count": 0, "created_at": start, "trust_level": 1, "unread_notification_count": 0,
         "profile_members_only": i % 10 == 0}
        for i in range(users)])
    db.session.execute(insert(Community), [
        {"id": i + 1, "slug": f"cbench-{i}", "name": f"Community {i}", "description": "A community of practice",
         "position": i, "thread_count": 0, "post_count": 0, "member_count": 0, "created_at": start}
        for i in range(communities)])

    # Every (threads / offers)-th thread is an offer or a request.
    every = max(threads // max(offers, 1), 1)
    kinds = {}
    rows = []
    for i in range(threads):
        author = rng.randrange(users) + 1
        kind = ("offer", "request")[i // every % 2] if i % every == 0 and len(kinds) < offers else "discussion"
        if kind != "discussion":
            kinds[i + 1] = (kind, author)
        created = start + step * i
        rows.append({"id": i + 1, "community_id": i % communities + 1, "author_id": author,
                     "title": f"Thread {i} about cold chains and surveillance", "slug": f"thread-{i}", "kind": kind,
                     "language": "es", "is_pinned": False, "is_locked": False, "slow_mode_seconds": 0,
                     "post_count": 1, "last_post_number": 1, "created_at": created,
                     "last_activity_at": created + timedelta(hours=rng.randrange(0, 48)),
                     "deleted_at": now if rng.random() < 0.005 else None})
    for chunk in _chunks(rows):
        db.session.execute(insert(Thread), chunk)
    for chunk in _chunks([{"thread_id": r["id"], "author_id": r["author_id"], "number": 1,
                           "source": f"Opening post {r['id']}", "html": f"<p>Opening post {r['id']}</p>",
                           "language": "es", "created_at": r["created_at"], "revision_count": 0} for r in rows]):
        db.session.execute(insert(Post), chunk)

    details, themes, facets = [], [], []
    for thread_id, (kind, _author) in kinds.items():
        roll = rng.random()
        created = rows[thread_id - 1]["created_at"]
        details.append({"thread_id": thread_id, "kind": kind, "country": rng.choices(codes, weights)[0],
                        "modality": rng.choice(MODALITIES), "open_until": None,
                        "status": "open" if roll < 0.7 else "matched" if roll < 0.9 else "closed",
                        "created_at": created, "updated_at": created})
        for community in rng.sample(range(1, communities + 1), rng.randint(1, 2)):
            themes.append({"thread_id": thread_id, "community_id": community})
        for value in rng.sample(SUPPORT, rng.randint(1, 2)):
            facets.append({"thread_id": thread_id, "facet": "support", "value": value})
        for value in rng.sample(("es", "pt", "en", "fr"), rng.randint(1, 2)):
            facets.append({"thread_id": thread_id, "facet": "language", "value": value})
    for chunk in _chunks(details):
        db.session.execute(insert(CooperationDetails), chunk)
    for chunk in _chunks(themes):
        db.session.execute(insert(cooperation_themes), chunk)
    for chunk in _chunks(facets):
        db.session.execute(insert(CooperationFacet), chunk)

    records, record_facets, record_themes = [], [], []
    for i in range(experiences):
        involved = list(dict.fromkeys(rng.choices(codes, weights, k=rng.randint(1, 3))))
        community = rng.randrange(communities) + 1
        published = start + timedelta(seconds=rng.randrange(730 * 86400))
        records.append({"id": i + 1, "title": f"Experience {i}", "slug": f"experience-{i}",
                        "summary": "What we learned keeping vaccines cold on river routes.", "status": "published",
                        "modality": rng.choice(MODALITIES),
                        "countries": [{"code": code, "role": "partner"} for code in involved],
                        "partner_organizations": [], "sdg_targets": [], "is_ongoing": False, "language": "es",
                        "license": "CC-BY-4.0", "sections": {}, "sections_html": {}, "revision_count": 1,
                        "created_by_id": 1, "created_at": published, "updated_at": published,
                        "published_at": published})
        record_facets += [{"experience_id": i + 1, "facet": "country", "value": code} for code in involved]
        record_facets.append({"experience_id": i + 1, "facet": "theme", "value": f"cbench-{community - 1}"})
        record_themes.append({"experience_id": i + 1, "community_id": community, "position": 0})
    for chunk in _chunks(records, 2000):
        db.session.execute(insert(Experience), chunk)
    for chunk in _chunks(record_facets):
        db.session.execute(insert(ExperienceFacet), chunk)
    for chunk in _chunks(record_themes):
        db.session.execute(insert(ExperienceTheme), chunk)

    db.session.execute(insert(Organization), [
        {"slug": f"org-{i}", "name": f"Institute {i}", "name_key": f"institute {i}", "acronym": "", "type": "other",
         "country": rng.choices(codes, weights)[0], "website": "", "member_count": rng.randrange(0, 40),
         "created_at": start, "updated_at": start}
        for i in range(organizations)])

    # Cooperation projects between two countries, in every status, with their facet rows.
    from forum.models.projects import Project, ProjectCountry, ProjectFacet, ProjectFocalPoint

    statuses = ("proposed", "agreed", "in_progress", "completed", "cancelled")
    project_rows, project_countries, project_facets, focal_points = [], [], [], []
    for i in range(projects):
        pair = list(dict.fromkeys(rng.choices(codes, weights, k=2)))
        if len(pair) < 2:
            pair.append(next(code for code in codes if code != pair[0]))
        created = start + timedelta(seconds=rng.randrange(730 * 86400))
        status = rng.choice(statuses)
        project_rows.append({"id": i + 1, "title": f"Project {i}", "slug": f"project-{i}", "summary": "",
                             "summary_html": "", "objectives": "", "objectives_html": "",
                             "modality": rng.choice(MODALITIES), "support_types": ["training"], "status": status,
                             "created_by_id": 1, "revision_count": 1, "created_at": created, "updated_at": created})
        for position, (code, role) in enumerate(zip(pair, ("offering", "receiving"), strict=True)):
            project_countries.append({"project_id": i + 1, "country": code, "role": role, "position": position})
            project_facets += [{"project_id": i + 1, "facet": "country", "value": code},
                               {"project_id": i + 1, "facet": "role", "value": role}]
        project_facets.append({"project_id": i + 1, "facet": "status", "value": status})
        focal_points.append({"project_id": i + 1, "user_id": rng.randrange(users) + 1, "added_by_id": 1,
                             "added_at": created})
    for model, project_data in ((Project, project_rows), (ProjectCountry, project_countries),
                                (ProjectFacet, project_facets), (ProjectFocalPoint, focal_points)):
        for chunk in _chunks(project_data, 2000):
            db.session.execute(insert(model), chunk)

    # Communities as the services leave them: counts, last activity, last thread.
    for community in range(1, communities + 1):
        mine = [r for r in rows[community - 1::communities] if r["deleted_at"] is None]
        last = max(mine, key=lambda r: r["last_activity_at"])
        db.session.execute(update(Community).where(Community.id == community).values(
            thread_count=len(mine), post_count=len(mine), member_count=users // communities,
            last_activity_at=last["last_activity_at"], last_thread_id=last["id"]))
    if db.engine.dialect.name == "postgresql":  # rows were given their ids: move the sequences past them
        from sqlalchemy import text

        for table in ("users", "communities", "threads", "experiences", "projects"):  # our own names, not input
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                                    f"(SELECT max(id) FROM {table}))"))
    return {"threads": threads, "offers_and_requests": len(details), "experiences": experiences, "users": users,
            "communities": communities, "organizations": organizations, "projects": projects}


def add_member(db) -> str:
    """A member (through the service, with a real password) in four communities, with three open
    offers/requests of their own among the newest: the signed-in home page's work."""
    from sqlalchemy import insert, select, update

    from forum.models import CooperationDetails, Membership, Thread
    from forum.services.accounts import do_register

    user = do_register(email="bench-member@example.org", username="benchmember", password=MEMBER_PASSWORD,
                       country="BR", sector="government", organization="Fiocruz", display_name="Bench Member",
                       role="member", trust_level=1, is_verified=True, send_confirmation=False)
    db.session.flush()
    db.session.execute(insert(Membership), [{"user_id": user.id, "community_id": c} for c in (1, 2, 3, 4)])
    own = list(db.session.scalars(
        select(CooperationDetails.thread_id)
        .where(CooperationDetails.status == "open", CooperationDetails.country == "BR")
        .order_by(CooperationDetails.thread_id.desc()).limit(3)))
    db.session.execute(update(Thread).where(Thread.id.in_(own)).values(author_id=user.id))
    return user.username


def analyze(db, backend: str) -> None:
    from sqlalchemy import text

    db.session.commit()
    if backend == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as auto:
            auto.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


# ---------- timing ----------


def percentile(values: list[float], pct: float) -> float:
    """Nearest rank (as bench/http.py)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(pct / 100 * len(ordered)), 1) - 1]


def log_in(client, username: str) -> None:
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"login": username, "password": MEMBER_PASSWORD, "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit(f"could not log in as {username}: {response.status_code}")


def time_pages(app, scenarios: list[tuple[str, str, str, bool]], requests: int, *, targeted: bool = True) -> list[dict]:
    """(name, path, text the page must show, signed in): 20 warm-up requests, then `requests` timed."""
    results = []
    visitor, member = app.test_client(), app.test_client()
    log_in(member, "benchmember")
    for name, path, expected, signed_in in scenarios:
        client = member if signed_in else visitor
        first = client.get(path)
        if first.status_code != 200 or expected not in first.get_data(as_text=True):
            raise SystemExit(f"{name}: {path} answered {first.status_code} without {expected!r}")
        for _ in range(WARM_UP):
            client.get(path)
        timings, cpu = [], []
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {path} answered {response.status_code}")
        row = {"scenario": name, "path": path, "requests": len(timings),
               "p50_ms": round(statistics.median(timings), 2), "p95_ms": round(percentile(timings, 95), 2),
               "max_ms": round(max(timings), 2), "cpu_p50_ms": round(statistics.median(cpu), 2),
               "cpu_p95_ms": round(percentile(cpu, 95), 2), "bytes": len(first.data)}
        if targeted and name in TARGETED:
            row["target_met"] = row["p95_ms"] <= TARGET_P95_MS
        results.append(row)
        target = "" if not targeted or name not in TARGETED else f"  (target p95 <= {TARGET_P95_MS:g}: " \
                                                  f"{'met' if row['target_met'] else 'MISSED'})"
        print(f"  {name:<20} p50 {row['p50_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms  max {row['max_ms']:6.1f} ms"
              f"  (CPU p50 {row['cpu_p50_ms']:5.1f}, p95 {row['cpu_p95_ms']:5.1f})  {row['bytes'] / 1024:5.1f} KB"
              f"{target}", flush=True)
    return results


SCENARIOS = [
    ("bare page /healthz", "/healthz", "ok", False),
    ("home (visitor)", "/", "Countries active", False),
    ("home (member)", "/", "Suggested matches for your offers and requests", True),
    ("countries list", "/countries", 'data-code="BR"', False),
    ("country page (BR)", "/countries/BR", "<h1>Brazil</h1>", False),
    ("country page (KN)", "/countries/KN", "<h1>Saint Kitts and Nevis</h1>", False),
    ("country feed (BR)", "/countries/BR/feed.atom", "<entry>", False),
    ("API country (BR)", "/api/v1/countries/BR", '"code"', False),
]


def run(backend: str, url: str, args, tmp: Path) -> dict:
    from flask_migrate import upgrade

    from forum import create_app
    from forum.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "REDIS_URL": None,
                      "MAIL_SERVER": None, "SERVER_NAME": None})
    result: dict = {"backend": backend}
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        result["data"] = seed(db, threads=args.threads, offers=args.offers, experiences=args.experiences,
                              projects=args.projects,
                              users=args.users)
        db.session.commit()
    with app.test_request_context(method="POST"):
        add_member(db)
        db.session.commit()
    with app.app_context():
        analyze(db, backend)
        result["seed_s"] = round(time.perf_counter() - started, 1)
    print(f"{backend}: seeded {result['data']} in {result['seed_s']} s", flush=True)
    print(f"  as in production: the public fragments kept {app.config['FRAGMENT_CACHE_SECONDS']:g} s in the process")
    result["pages"] = time_pages(app, SCENARIOS, args.requests)
    # The same pages when every request renders everything (a fragment just expired, or
    # FRAGMENT_CACHE_SECONDS=0): what a miss costs. Informative; the target is on the above.
    from forum.web.fragments import EXTENSION, FragmentCache

    app.extensions[EXTENSION] = FragmentCache(0)
    print("  rendered on every request (FRAGMENT_CACHE_SECONDS=0):")
    result["pages_uncached"] = time_pages(app, [s for s in SCENARIOS if s[0] in TARGETED], args.requests,
                                          targeted=False)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=100_000, help="threads (default 100,000)")
    parser.add_argument("--offers", type=int, default=20_000, help="offers and requests among them (default 20,000)")
    parser.add_argument("--experiences", type=int, default=2_000, help="published experiences (default 2,000)")
    parser.add_argument("--users", type=int, default=3_000, help="members (default 3,000)")
    parser.add_argument("--projects", type=int, default=5_000, help="cooperation projects (default 5,000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--database-url", default=None,
                        help="a PostgreSQL server to run on too (default: $DATABASE_URL when it is one); the bench "
                             f"uses a database of its own there ({PG_BENCH_DB}), dropped at the end")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--keep", action="store_true", help=f"keep the PostgreSQL database {PG_BENCH_DB}")
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/countries-*.json")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    pg_admin = args.database_url or (os.environ.get("DATABASE_URL") or "")
    pg_admin = pg_admin if pg_admin.startswith("postgresql") else ""

    tmp = Path(tempfile.mkdtemp(prefix="horizonte-countries-bench-"))
    os.environ["FORUM_INSTANCE_DIR"] = str(tmp)
    os.environ.setdefault("SECRET_KEY", "countries-bench-" + str(random.random()))
    os.environ.pop("DATABASE_URL", None)  # the app gets the bench database from its config
    results = {"date": datetime.now(UTC).isoformat(), "load_before": os.getloadavg(), "runs": []}
    try:
        if not args.no_sqlite:
            results["runs"].append(run("sqlite", f"sqlite:///{tmp / 'bench.db'}", args, tmp))
        if pg_admin:
            try:
                results["runs"].append(run("postgresql", create_pg_database(pg_admin), args, tmp))
            finally:
                if args.keep:
                    print(f"kept database {PG_BENCH_DB}")
                else:
                    drop_pg_database(pg_admin)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["load_after"] = os.getloadavg()
    met = all(row.get("target_met", True) for run_ in results["runs"] for row in run_["pages"])
    print(f"target p95 <= {TARGET_P95_MS:g} ms for {', '.join(TARGETED)}: {'met' if met else 'MISSED'}; "
          f"load average before {results['load_before'][0]:.2f}, after {results['load_after'][0]:.2f}")
    if not args.no_json:
        out = ROOT / "bench" / "results" / f"countries-{datetime.now():%Y-%m-%d-%H%M%S}.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(results, indent=2, default=str))
        print(f"wrote {out.relative_to(ROOT)}")
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
