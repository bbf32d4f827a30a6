"""HTTP latency of Horizonte at scale: `make bench` (or `.venv/bin/python bench/http.py --help`).

1. A fresh database: a temporary SQLite file (default) or, with --database-url postgresql://...,
   a dedicated PostgreSQL database named horizonte_bench (created here, dropped at the end; no
   other database is touched).
2. `flask --app wsgi db upgrade`, then `flask --app wsgi seed bench --posts N` (forum/seed/bench.py).
3. A real server on a free loopback port: gunicorn, 1 worker, 4 threads.
4. Sequential requests over one keep-alive `requests.Session` per scenario, each timed on the client
   with time.perf_counter(). The traffic stays on loopback, so a request's time is the server's
   latency plus well under a millisecond of HTTP and socket overhead.

Scenarios: the home page, a community page, the first and the last page of the long thread, and a
reply posted through the JSON API with a personal token. Prints p50/p95/max and the targets; writes
the results to bench/results/http-<date>.json unless --no-json.
"""

# This file is named http.py, and `python bench/http.py` puts bench/ first on sys.path, where it
# would shadow the standard library's `http` package (which requests needs). main() drops that entry
# before anything imports `http`: keep every import of requests/sqlalchemy/psycopg inside functions.
import argparse
import json
import math
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin" / "flask").exists() else Path(sys.executable).parent
RESULTS_DIR = ROOT / "bench" / "results"
PG_BENCH_DB = "horizonte_bench"
POSTS_PER_PAGE = 20  # forum/config.py POSTS_PER_PAGE

# p50 targets in milliseconds (issue: 2 cores, SQLite, 200,000 posts).
TARGETS_MS = {"thread, first page": 15.0, "thread, last page": 15.0, "post a reply (API)": 30.0}

SEED_TIMEOUT_S = 3600
MIGRATE_TIMEOUT_S = 300
SERVER_START_TIMEOUT_S = 60
REQUEST_TIMEOUT_S = 30
REPLY_BODY = "Benchmark reply: we saw the same in our district, **thanks** for sharing the protocol."


def _unshadow_stdlib() -> None:
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]


# --------------------------------------------------------------------------------------------- data


@dataclass
class Scenario:
    name: str
    method: str
    path: str
    expect_status: int
    expect_text: str | None = None  # must appear in the first response (checks we hit the right page)
    timings_ms: list[float] = field(default_factory=list)
    errors: int = 0

    def summary(self) -> dict:
        t = sorted(self.timings_ms)
        target = TARGETS_MS.get(self.name)
        p50 = statistics.median(t) if t else math.nan
        return {
            "scenario": self.name,
            "method": self.method,
            "path": self.path,
            "requests": len(t),
            "errors": self.errors,
            "p50_ms": round(p50, 2),
            "p95_ms": round(_percentile(t, 95), 2),
            "max_ms": round(t[-1], 2) if t else math.nan,
            "mean_ms": round(statistics.fmean(t), 2) if t else math.nan,
            "target_p50_ms": target,
            "target_met": None if target is None else bool(t) and p50 <= target and self.errors == 0,
        }


def _percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return math.nan
    rank = max(math.ceil(pct / 100 * len(sorted_values)), 1)
    return sorted_values[rank - 1]


# ----------------------------------------------------------------------------------------- database


def _sqlalchemy_url(url: str) -> str:
    # Same rewriting as forum/config.py: we ship psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _pg_urls(url: str) -> tuple[str, str]:
    """(maintenance URL as given, URL of the dedicated bench database)."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "postgresql+psycopg"}:
        raise SystemExit(f"--database-url must be a postgresql:// URL, not {parts.scheme}://")
    # Connect to the database the URL names to create/drop ours (never to ours: it cannot drop itself).
    admin_db = parts.path.strip("/") or "postgres"
    if admin_db == PG_BENCH_DB:
        admin_db = "postgres"
    admin = urlunsplit(("postgresql", parts.netloc, "/" + admin_db, parts.query, ""))
    bench = urlunsplit(("postgresql", parts.netloc, "/" + PG_BENCH_DB, parts.query, ""))
    return admin, bench


def _pg_recreate(admin_url: str, drop_only: bool = False) -> None:
    """Drop (and create) the database named PG_BENCH_DB, and only that one."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        name = sql.Identifier(PG_BENCH_DB)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _pg_vacuum_analyze(bench_url: str) -> None:
    """Statistics and visibility map as autovacuum would leave them (a bulk load has neither)."""
    import psycopg

    with psycopg.connect(bench_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute("VACUUM ANALYZE")


def _loadavg() -> tuple[float, ...]:
    try:
        return os.getloadavg()
    except (AttributeError, OSError):  # not on every platform
        return ()


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in _loadavg()) or "?"


def _inspect(database_url: str) -> dict:
    """What the seed produced: the long thread, a normal thread, a bench community."""
    from sqlalchemy import create_engine, text

    engine = create_engine(_sqlalchemy_url(database_url))
    try:
        with engine.connect() as conn:
            info = {
                "posts": conn.scalar(text("SELECT count(*) FROM posts")),
                "threads": conn.scalar(text("SELECT count(*) FROM threads")),
                "users": conn.scalar(text("SELECT count(*) FROM users")),
            }
            ranked = conn.execute(text(
                "SELECT id, slug, last_post_number FROM threads WHERE deleted_at IS NULL"
                " ORDER BY last_post_number DESC, id LIMIT 2"
            )).all()
            info["community"] = conn.scalar(text(
                "SELECT slug FROM communities WHERE slug LIKE 'bench-%' ORDER BY id LIMIT 1"
            ))
            if engine.dialect.name == "sqlite":
                info["sqlite_version"] = conn.scalar(text("SELECT sqlite_version()"))
            else:
                info["server_version"] = conn.scalar(text("SHOW server_version"))
    finally:
        engine.dispose()
    if ranked:
        info["long_thread"] = dict(ranked[0]._mapping)
        info["reply_thread"] = dict((ranked[1] if len(ranked) > 1 else ranked[0])._mapping)
    return info


# ------------------------------------------------------------------------------------------ helpers


def _flask(env: dict, *args: str, timeout: float, capture: bool = False) -> str:
    """Run a `flask --app wsgi ...` command; with capture, its output is shown only if it fails."""
    cmd = [str(BIN / "flask"), "--app", "wsgi", *args]
    result = subprocess.run(cmd, cwd=ROOT, env=env, timeout=timeout, text=True,
                            stdout=subprocess.PIPE if capture else None, stderr=subprocess.PIPE if capture else None)
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout or ""


SEED_IN_PROCESS = """
import sys
from forum.extensions import db
from forum.seed.bench import load_bench
from wsgi import app
with app.app_context():
    print(load_bench(posts=int(sys.argv[1]), progress=lambda m: print(m, flush=True)))
    db.session.commit()
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _start_server(env: dict, port: int, log_path: Path) -> subprocess.Popen:
    gunicorn = BIN / "gunicorn"
    if not gunicorn.exists():
        raise SystemExit(f"{gunicorn} is missing: run `make install`")
    log = log_path.open("w")
    try:
        return subprocess.Popen(
            [str(gunicorn), "-w", "1", "--threads", "4", "-b", f"127.0.0.1:{port}", "--timeout", "60",
             "--graceful-timeout", "5", "wsgi:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    finally:
        log.close()  # the child keeps its own descriptor


def _wait_healthy(base: str, server: subprocess.Popen, log_path: Path) -> None:
    import requests

    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{_tail(log_path)}")
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"/healthz did not answer within {SERVER_START_TIMEOUT_S}s:\n{_tail(log_path)}")


def _stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.terminate()  # gunicorn's master stops its worker on SIGTERM
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)


def _run_scenario(session, base: str, scenario: Scenario, *, warmup: int, count: int,
                  payload: Callable[[int], dict] | None = None) -> None:
    """Send the scenario's request warmup + count times; `payload(i)` is the JSON body of the i-th."""
    import requests

    url = base + scenario.path
    checked = scenario.expect_text is None
    for i in range(warmup + count):
        start = time.perf_counter()
        try:
            response = session.request(scenario.method, url, json=payload(i) if payload else None,
                                       timeout=REQUEST_TIMEOUT_S,
                                       allow_redirects=False)
            body = response.content  # read the whole body inside the timing
        except requests.RequestException as error:
            elapsed = None
            print(f"  {scenario.name}: {error}", file=sys.stderr)
        else:
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != scenario.expect_status:
                print(f"  {scenario.name}: HTTP {response.status_code}: {body[:300]!r}", file=sys.stderr)
                elapsed = None
            elif not checked:
                if scenario.expect_text.encode() not in body:
                    raise RuntimeError(f"{scenario.name}: {scenario.expect_text!r} not in {url}")
                checked = True
        if elapsed is None:
            if i >= warmup:
                scenario.errors += 1
            if scenario.errors > max(count // 10, 5):
                raise RuntimeError(f"{scenario.name}: too many errors, giving up")
            continue
        if i >= warmup:
            scenario.timings_ms.append(elapsed)


# --------------------------------------------------------------------------------------------- main


def _print_table(rows: list[dict]) -> None:
    header = f"{'scenario':<22} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target (p50)"
    print(header)
    print("-" * len(header))
    for r in rows:
        if r["target_p50_ms"] is None:
            target = "-"
        else:
            target = f"<= {r['target_p50_ms']:g} ms: {'met' if r['target_met'] else 'MISSED'}"
        errors = f"  ({r['errors']} errors)" if r["errors"] else ""
        print(f"{r['scenario']:<22} {r['requests']:>8} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} "
              f"{r['max_ms']:>8.2f}  {target}{errors}")


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=200_000, help="posts to seed (default: 200000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per scenario (default: 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first, per scenario (default: 20)")
    parser.add_argument("--database-url", default=None,
                        help="bench PostgreSQL instead of SQLite: postgresql://user@127.0.0.1:5432/postgres "
                             f"(the database named there is only used to create/drop {PG_BENCH_DB})")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (and the PostgreSQL database) for inspection")
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/http-<date>.json")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.posts < 100 or args.requests < 1 or args.warmup < 0:
        parser.error("--posts must be >= 100, --requests >= 1, --warmup >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    _unshadow_stdlib()
    import requests

    sys.stdout.reconfigure(line_buffering=True)  # keep our lines in order with the subprocesses' output

    args = _parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="horizonte-bench-"))
    pg_admin = None
    if args.database_url:
        pg_admin, database_url = _pg_urls(args.database_url)
    else:
        database_url = f"sqlite:///{tmp / 'bench.db'}"
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "MAIL_SERVER", "FLASK_APP"}}
    env.update({
        "FORUM_ENV": "development",
        "FORUM_INSTANCE_DIR": str(tmp),
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "RATELIMIT_ENABLED": "false",
        "PYTHONUNBUFFERED": "1",
    })
    server = None
    started = datetime.now().astimezone()
    try:
        print(f"Horizonte HTTP benchmark: {args.posts} posts, {os.cpu_count()} CPUs, "
              f"database {'PostgreSQL ' + PG_BENCH_DB if pg_admin else 'SQLite ' + str(tmp / 'bench.db')}")
        if pg_admin:
            _pg_recreate(pg_admin)
        _flask(env, "db", "upgrade", timeout=MIGRATE_TIMEOUT_S, capture=True)

        print(f"Seeding: flask --app wsgi seed bench --posts {args.posts}")
        t0 = time.perf_counter()
        _flask(env, "seed", "bench", "--posts", str(args.posts), timeout=SEED_TIMEOUT_S)
        seed_s = seed_cli_s = time.perf_counter() - t0
        info = _inspect(database_url)
        seed_committed = info["posts"] >= args.posts
        if not seed_committed:
            # `seed bench` printed "Created ..." but left nothing behind: the command did not commit.
            print(f"WARNING: `flask seed bench` ran for {seed_cli_s:.1f}s but left {info['posts']} posts in the"
                  " database (its transaction is never committed, see bench/README.md); seeding again"
                  " in-process with a commit.", file=sys.stderr, flush=True)
            t0 = time.perf_counter()
            subprocess.run([str(BIN / "python"), "-c", SEED_IN_PROCESS, str(args.posts)], cwd=ROOT, env=env,
                           timeout=SEED_TIMEOUT_S, check=True)
            seed_s = time.perf_counter() - t0
            info = _inspect(database_url)
            if info["posts"] < args.posts:
                raise RuntimeError(f"seeding failed: {info['posts']} posts in the database")
        print(f"Seeded {info['posts']} posts, {info['threads']} threads, {info['users']} users in {seed_s:.1f}s")
        if pg_admin:
            _pg_vacuum_analyze(database_url)

        token = _flask(env, "users", "token", "bench1", "--name", "bench", timeout=120,
                       capture=True).strip().splitlines()[-1]
        long_thread, reply_thread = info["long_thread"], info["reply_thread"]
        last_page = max(math.ceil(long_thread["last_post_number"] / POSTS_PER_PAGE), 1)
        thread_path = f"/t/{long_thread['id']}/{long_thread['slug']}"
        last_on_page = long_thread["last_post_number"]
        scenarios = [
            Scenario("home", "GET", "/", 200, 'id="main"'),
            Scenario("community page", "GET", f"/c/{info['community']}", 200, "Benchmark thread number"),
            Scenario("thread, first page", "GET", thread_path, 200, f'id="post-{min(20, last_on_page)}"'),
            Scenario("thread, last page", "GET", f"{thread_path}?page={last_page}", 200, f'id="post-{last_on_page}"'),
            Scenario("post a reply (API)", "POST", f"/api/v1/threads/{reply_thread['id']}/posts", 201),
        ]

        port = _free_port()
        log_path = tmp / "gunicorn.log"
        base = f"http://127.0.0.1:{port}"
        server = _start_server(env, port, log_path)
        _wait_healthy(base, server, log_path)
        load_before = _load()
        if _loadavg() and _loadavg()[0] > (os.cpu_count() or 1) / 2:
            print(f"NOTE: load average {load_before} on {os.cpu_count()} CPUs: other processes compete for the CPU,"
                  " expect higher and noisier figures.", file=sys.stderr)
        print(f"gunicorn -w 1 --threads 4 on {base}; long thread {long_thread['id']} "
              f"({long_thread['last_post_number']} posts, {last_page} pages), replies to thread "
              f"{reply_thread['id']}; {args.warmup} warm-up + {args.requests} timed requests per scenario")

        for scenario in scenarios:
            with requests.Session() as session:
                payload = None
                if scenario.method == "POST":
                    session.headers["Authorization"] = f"Bearer {token}"
                    # Each reply its own text: the same text twice in a row is refused as a duplicate.
                    payload = lambda i: {"body": f"{REPLY_BODY} ({i + 1})"}  # noqa: E731
                _run_scenario(session, base, scenario, warmup=args.warmup, count=args.requests, payload=payload)
            print(f"  {scenario.name}: done", flush=True)
        load_after = _load()
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn died during the run:\n{_tail(log_path)}")
    finally:
        if server is not None:
            _stop_server(server)
        if pg_admin and not args.keep:
            try:
                _pg_recreate(pg_admin, drop_only=True)
            except Exception as error:  # report, but do not hide the original error
                print(f"could not drop {PG_BENCH_DB}: {error}", file=sys.stderr)
        if args.keep:
            print(f"Kept {tmp}" + (f" and the PostgreSQL database {PG_BENCH_DB}" if pg_admin else ""))
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    rows = [s.summary() for s in scenarios]
    db_label = f"PostgreSQL {info.get('server_version')}" if pg_admin else f"SQLite {info.get('sqlite_version')}"
    print()
    print(f"Latency measured on the client with time.perf_counter() over loopback (127.0.0.1), one request "
          f"at a time: ~= server latency (HTTP + socket overhead well under 1 ms). {os.cpu_count()} CPUs, "
          f"{db_label}, {info['posts']} posts. Load average (1, 5, 15 min) before: {load_before}, after: {load_after}.")
    print()
    _print_table(rows)
    all_met = all(r["target_met"] is not False for r in rows)
    print()
    print("All targets met." if all_met else "Some targets were MISSED.")

    if not args.no_json:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        out = RESULTS_DIR / f"http-{started.strftime('%Y-%m-%d-%H%M%S')}.json"
        out.write_text(json.dumps({
            "date": started.isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                        "load_average_before": load_before, "load_average_after": load_after},
            "database": "postgresql" if pg_admin else "sqlite",
            "database_version": info.get("server_version") or info.get("sqlite_version"),
            "server": "gunicorn -w 1 --threads 4",
            "posts": info["posts"], "threads": info["threads"], "users": info["users"],
            "seed_seconds": round(seed_s, 1), "seed_cli_seconds": round(seed_cli_s, 1),
            "seed_committed_by_cli": seed_committed,
            "long_thread": long_thread, "reply_thread_id": reply_thread["id"],
            "warmup": args.warmup, "timing": "client-side perf_counter over loopback, sequential",
            "results": rows, "all_targets_met": all_met,
            "scenarios": [asdict(s) | {"timings_ms": [round(t, 3) for t in s.timings_ms]} for s in scenarios],
        }, indent=2) + "\n")
        print(f"Results written to {out.relative_to(ROOT)}")
    return 1 if args.strict and not all_met else 0


if __name__ == "__main__":
    sys.exit(main())
