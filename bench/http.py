"""Horizonte's pages against the bare Flask + Jinja ceiling: `make bench` (`bench/http.py --help`).

1. A fresh database (a temporary SQLite file; with --database-url postgresql://..., a dedicated
   PostgreSQL database named horizonte_bench, created here and dropped at the end) built in one
   process by bench/dataset.py: the schema, `seed bench` (50,000 posts, 2,000 threads, 500 members
   by default), the search index.
2. Servers on free loopback ports, the same command for both: `gunicorn -k sync -w 2` serving
   bench/ceiling.py (Flask + Jinja, 20 posts from memory, a page as big as Horizonte's thread page)
   and Horizonte; and the production recipe of deploy/: nginx in front of one
   `gunicorn -c gunicorn.conf.py` process per core sharing Redis (skipped, with the reason, when
   nginx or Redis is missing).
3. Throughput with `wrk -t2 -c16 -d<duration>s` per page; one client's latency with
   `wrk -t1 -c1`; each server's memory (VmHWM and VmRSS of the master and each worker, read from
   /proc while the load runs); replies posted through the HTML form by 4 members at once.
4. One table with the machine, every figure, its target and whether it is met; JSON to
   bench/results/pages-<date>.json. Without wrk (Debian package `wrk`) a Python load generator
   stands in, with a note: its figures are lower (it shares the CPU with the servers and is slower).
"""

# This file is named http.py, and `python bench/http.py` puts bench/ first on sys.path, where it
# would shadow the standard library's `http` package (which requests needs). main() drops that entry
# before anything imports `http`: keep every import of requests/sqlalchemy/psycopg inside functions.
import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin" / "gunicorn").exists() else Path(sys.executable).parent
RESULTS_DIR = ROOT / "bench" / "results"
PG_BENCH_DB = "horizonte_bench"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS_URL = "redis://127.0.0.1:6379/0"
POSTS_PER_THREAD = 25  # 50,000 posts -> 2,000 threads (issue #23's shape)

# The one server command both the ceiling and Horizonte are measured with (issue #23). gunicorn
# loads ./gunicorn.conf.py when no -c is given, and its `threads = 1000` silently turns `-k sync`
# into gthread: the sync servers get an empty configuration file of their own (_gunicorn).
SYNC_SERVER = ["-k", "sync", "-w", "2"]
# The page bench/ceiling.py serves (its THREAD).
CEILING_PATH = "/t/24/benchmark-thread-number-23"
WRK_THREADS, WRK_CONNECTIONS = 2, 16
WRITERS = 4

# Targets on 2 cores (issue #23).
TARGET_RATIO = 0.30  # of the ceiling's requests per second: thread, home and community pages
TARGET_P50_MS = 2.0  # one client, thread page
TARGET_WORKER_MB = 120.0  # peak RSS of each worker process
TARGET_POSTS_PER_S = 100.0  # replies through the form, 4 clients
TARGET_PRODUCTION_SHARE = 1.0  # the production recipe at least as fast as gunicorn -k sync -w 2

DATASET_TIMEOUT_S = 3600
SERVER_START_TIMEOUT_S = 90
REQUEST_TIMEOUT_S = 30

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, '
    .. '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, '
    .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def _unshadow_stdlib() -> None:
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]


# ------------------------------------------------------------------------------------------ machine


def _loadavg() -> tuple[float, ...]:
    try:
        return os.getloadavg()
    except (AttributeError, OSError):
        return ()


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in _loadavg()) or "?"


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "?"
    return f"{head} + uncommitted changes" if changed else head or "?"


def _version(*cmd: str) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "?"
    return (out.stdout + out.stderr).strip().splitlines()[0] if (out.stdout + out.stderr).strip() else "?"


# ----------------------------------------------------------------------------------------- database


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


def _count_posts(database_url: str) -> int:
    if database_url.startswith("sqlite:///"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as conn:
            return conn.execute("SELECT count(*) FROM posts").fetchone()[0]
    import psycopg

    with psycopg.connect(database_url, connect_timeout=10) as conn:
        return conn.execute("SELECT count(*) FROM posts").fetchone()[0]


def _build_dataset(env: dict, posts: int, threads: int) -> dict:
    """bench/dataset.py in one process (run as a module: bench/ must not shadow `http`)."""
    result = subprocess.run([str(BIN / "python"), "-m", "bench.dataset", "--posts", str(posts),
                             "--threads", str(threads)], cwd=ROOT, env=env, timeout=DATASET_TIMEOUT_S,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"bench/dataset.py failed ({result.returncode}):\n{result.stdout[-3000:]}"
                           f"{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------ servers


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class Server:
    """A process serving HTTP on 127.0.0.1:port (gunicorn, or nginx), with its log file."""

    name: str
    argv: list[str]
    env: dict
    port: int
    log: Path
    worker: str | None = None  # gunicorn's worker class, checked in its log ("Using worker: sync")
    proc: subprocess.Popen | None = None
    workers: list[int] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        with self.log.open("w") as log:  # the child keeps its own descriptor
            self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)
        return self

    def wait(self, path: str = "/healthz") -> None:
        import requests

        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{_tail(self.log)}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.base + path, timeout=2).status_code == 200:
                    if self.worker and f"Using worker: {self.worker}" not in self.log.read_text(errors="replace"):
                        raise RuntimeError(f"{self.name} is not running {self.worker} workers:\n{_tail(self.log)}")
                    return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name}: {path} did not answer within {SERVER_START_TIMEOUT_S}s:\n{_tail(self.log)}")

    def terminate(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.workers = _children(self.proc.pid)
            self.proc.terminate()  # gunicorn's master stops its workers on SIGTERM; nginx stops too

    def wait_stopped(self) -> None:
        if self.proc is None:
            return
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
            # A killed master leaves its workers running (seen with workers stuck on a database lock).
            for pid in self.workers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


def _gunicorn(name: str, args: list[str], app: str, env: dict, tmp: Path, *, worker: str) -> Server:
    port = _free_port()
    if "-c" not in args:  # not ./gunicorn.conf.py (see SYNC_SERVER)
        empty = tmp / "gunicorn-empty.conf.py"
        empty.write_text("# The command line says it all (bench/http.py).\n")
        args = ["-c", str(empty), *args]
    argv = [str(BIN / "gunicorn"), *args, "-b", f"127.0.0.1:{port}", app]
    return Server(name, argv, env, port, tmp / f"{name.replace(' ', '-')}.log", worker)


def _nginx_config(folder: Path, port: int, upstreams: list[int], *, ip_hash: bool) -> Path:
    """deploy/nginx/horizonte.conf's upstream and server, around the production snippet it includes,
    in a minimal nginx.conf that runs unprivileged (as tests/test_deploy.py does). Debian's
    nginx.conf settings that matter here: worker_processes auto, sendfile, tcp_nopush, an access log."""
    folder.mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstreams)
    config = folder / "nginx.conf"
    config.write_text(f"""
worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 768; }}
http {{
    sendfile on;
    tcp_nopush on;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream horizonte {{
        {"ip_hash;" if ip_hash else "# ip_hash left out: every request comes from 127.0.0.1 here"}
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        include {ROOT / "deploy" / "nginx" / "horizonte-proxy.conf"};
    }}
}}
""")
    return config


def _redis_answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


# ------------------------------------------------------------------------------------------- memory


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (gunicorn's workers, nginx's), so far."""
    total = 0
    for p in [pid, *_children(pid)]:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return round(total / os.sysconf("SC_CLK_TCK"), 2)


def _status_kb(pid: int) -> dict[str, int]:
    values = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in {"VmHWM", "VmRSS"}:
                values[key] = int(rest.split()[0])
    return values


class MemorySampler:
    """Reads VmRSS and VmHWM of every server's master and workers every `interval` seconds while
    the load runs (a thread of this process; /proc only). VmHWM is the kernel's own peak of the
    resident set, so a peak between two samples is not missed."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.masters: dict[str, int] = {}
        self.peaks: dict[str, dict[int, dict]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._lock = threading.Lock()

    def watch(self, name: str, pid: int) -> None:
        with self._lock:
            self.masters[name] = pid

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)

    def sample(self) -> None:
        with self._lock:
            masters = dict(self.masters)
        for name, master in masters.items():
            for role, pid in [("master", master), *(("worker", c) for c in _children(master))]:
                status = _status_kb(pid)
                if not status:
                    continue
                with self._lock:
                    entry = self.peaks.setdefault(name, {}).setdefault(pid, {"role": role, "rss_kb": 0, "hwm_kb": 0})
                    entry["rss_kb"] = max(entry["rss_kb"], status.get("VmRSS", 0))
                    entry["hwm_kb"] = max(entry["hwm_kb"], status.get("VmHWM", 0))

    def snapshot(self) -> dict[str, list[dict]]:
        self.sample()
        with self._lock:
            return {name: [{"pid": pid, **entry} for pid, entry in sorted(procs.items())]
                    for name, procs in self.peaks.items()}

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()


# --------------------------------------------------------------------------------------------- load


@dataclass
class Load:
    """One load run: what was asked and what came back."""

    label: str
    url: str
    connections: int
    requests: int = 0
    seconds: float = 0.0
    bytes: int = 0
    non_2xx: int = 0  # wrk counts status >= 400 here; 3xx would pass, so each page is checked first
    socket_errors: int = 0
    timeouts: int = 0
    p50_ms: float = math.nan
    p90_ms: float = math.nan
    p99_ms: float = math.nan
    max_ms: float = math.nan
    tool: str = "wrk"
    output: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        """Failed requests; a run that completed none counts as one (nothing was measured)."""
        return self.non_2xx + self.socket_errors + self.timeouts + (self.requests == 0)


def _run_wrk(wrk: str, script: Path, load: Load, duration: float) -> Load:
    """`wrk -t<2|1> -c<connections> -d<duration>s --latency`. wrk counts whole seconds; a shorter
    run (tests/test_bench.py) is cut with SIGINT, on which wrk stops and reports the time it ran.
    (Not with a Lua `response` hook that stops each thread: against gunicorn's sync worker, which
    closes every connection, such a hook makes wrk stall, measured at 5 requests in 2 s.)"""
    threads = min(WRK_THREADS, load.connections)
    cmd = [wrk, f"-t{threads}", f"-c{load.connections}", f"-d{max(math.ceil(duration), 1)}s", "--latency",
           "-s", str(script), load.url]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if duration != math.ceil(duration):
        time.sleep(duration)
        proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=duration + 60)
    match = re.search(r"^WRKJSON (\{.*\})$", out, re.MULTILINE)
    if proc.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed ({proc.returncode}) on {load.url}:\n{out}")
    r = json.loads(match.group(1))
    load.requests, load.seconds, load.bytes = r["requests"], r["duration_us"] / 1e6, r["bytes"]
    load.non_2xx, load.timeouts = r["status_errors"], r["timeouts"]
    load.socket_errors = r["connect_errors"] + r["read_errors"] + r["write_errors"]
    load.p50_ms, load.p90_ms, load.p99_ms, load.max_ms = (r[k] / 1000 for k in ("p50_us", "p90_us", "p99_us", "max_us"))
    load.output = out
    return load


async def _py_client(host: str, port: int, request: bytes, deadline: float, load: Load, latencies: list) -> None:
    reader = writer = None
    while time.monotonic() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            headers = head.lower()
            length = re.search(rb"\r\ncontent-length: *(\d+)", headers)
            body = await (reader.readexactly(int(length.group(1))) if length else reader.read())
            latencies.append(time.perf_counter() - start)
            load.requests += 1
            load.bytes += len(head) + len(body)
            load.non_2xx += not 200 <= status < 400
            if not length or b"\r\nconnection: close" in headers:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            load.socket_errors += 1
            if writer is not None:
                writer.close()
            writer = None
    if writer is not None:
        writer.close()


def _run_python_load(load: Load, duration: float) -> Load:
    """The stand-in for wrk: asyncio, one coroutine per connection, keep-alive when the server
    allows it. It needs far more CPU a request than wrk, on the same cores as the servers."""
    parts = urlsplit(load.url)
    request = (f"GET {parts.path}{'?' + parts.query if parts.query else ''} HTTP/1.1\r\n"
               f"Host: {parts.netloc}\r\nAccept-Encoding: identity\r\n\r\n").encode()
    latencies: list[float] = []

    async def run() -> None:
        deadline = time.monotonic() + duration
        await asyncio.gather(*(_py_client(parts.hostname, parts.port, request, deadline, load, latencies)
                               for _ in range(load.connections)))

    start = time.perf_counter()
    asyncio.run(run())
    load.seconds = time.perf_counter() - start
    latencies.sort()
    if latencies:
        pick = lambda pct: latencies[max(math.ceil(pct / 100 * len(latencies)), 1) - 1] * 1000  # noqa: E731
        load.p50_ms, load.p90_ms, load.p99_ms, load.max_ms = pick(50), pick(90), pick(99), latencies[-1] * 1000
    load.tool = "python"
    return load


# ------------------------------------------------------------------------------------------- writes


@dataclass
class Writes:
    clients: int
    seconds: float = 0.0
    accepted: int = 0
    refused: int = 0
    stored: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def posts_per_s(self) -> float:
        return self.accepted / self.seconds if self.seconds else 0.0


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def _csrf(html: str, after: str = "") -> str:
    start = html.find(after) if after else 0
    match = CSRF.search(html, max(start, 0))
    if not match:
        raise RuntimeError(f"no csrf_token in the page{' after ' + after if after else ''}")
    return match.group(1) or match.group(2)


def _writer(base: str, username: str, password: str, thread: dict, barrier: threading.Barrier,
            deadline_box: list, writes: Writes, lock: threading.Lock) -> None:
    """One member in a browser: signs in through the form, opens a thread page, then replies to it
    through the page's reply form (multipart, its CSRF token, an empty file field), as fast as the
    server answers, until the deadline. Each reply's text is new: the same text twice is refused."""
    import requests

    with requests.Session() as s:
        try:
            login = s.get(f"{base}/login", timeout=REQUEST_TIMEOUT_S)
            answer = s.post(f"{base}/login", data={"csrf_token": _csrf(login.text), "login": username,
                                                   "password": password, "next": ""},
                            allow_redirects=False, timeout=REQUEST_TIMEOUT_S)
            if answer.status_code != 302:
                raise RuntimeError(f"sign-in of {username}: HTTP {answer.status_code}")
            page = s.get(f"{base}/t/{thread['id']}/{thread['slug']}", timeout=REQUEST_TIMEOUT_S)
            token = _csrf(page.text, after="reply-form")
        except Exception as error:
            with lock:
                writes.problems.append(f"{username}: {error}")
            barrier.abort()
            return
        try:
            barrier.wait(60)
        except threading.BrokenBarrierError:
            return
        url = f"{base}/t/{thread['id']}/reply"
        n = 0
        while time.monotonic() < deadline_box[0]:
            n += 1
            body = (f"Reply {n} from {username} ({uuid.uuid4().hex[:8]}): we saw the same in our district, "
                    "**thanks** for sharing the protocol.")
            start = time.perf_counter()
            try:
                r = s.post(url, data={"csrf_token": token, "body": body},
                           files={"file": ("", b"", "application/octet-stream")},
                           allow_redirects=False, timeout=REQUEST_TIMEOUT_S)
                ok = r.status_code == 302 and "/p/" in r.headers.get("Location", "")
                detail = f"HTTP {r.status_code} {r.text[:200]!r}"
            except requests.RequestException as error:
                ok, detail = False, str(error)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if ok:
                    writes.accepted += 1
                    writes.latencies_ms.append(elapsed)
                else:
                    writes.refused += 1
                    if len(writes.problems) < 5:
                        writes.problems.append(f"{username}: {detail}")


def _run_writes(base: str, threads: list[dict], password: str, seconds: float) -> Writes:
    writes = Writes(clients=WRITERS)
    lock = threading.Lock()
    deadline_box = [math.inf]
    started = [0.0]

    def go() -> None:  # runs once, when all writers are signed in
        started[0] = time.monotonic()
        deadline_box[0] = started[0] + seconds

    barrier = threading.Barrier(WRITERS, action=go)
    workers = [threading.Thread(target=_writer, args=(base, f"bench{i + 1}", password, threads[i % len(threads)],
                                                      barrier, deadline_box, writes, lock))
               for i in range(WRITERS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if started[0]:
        writes.seconds = time.monotonic() - started[0]
    return writes


# ------------------------------------------------------------------------------------------- output


@dataclass
class Row:
    measure: str
    figure: str
    target: str = "-"
    met: bool | None = None  # None: no target, or skipped
    value: float | None = None
    note: str = ""


def _mark(met: bool | None) -> str:
    return {True: "met", False: "MISSED", None: ""}[met]


def _print_table(rows: list[Row]) -> None:
    widths = [max(len(r.measure) for r in rows), max(len(r.figure) for r in rows), max(len(r.target) for r in rows)]
    header = f"{'measure':<{widths[0]}}  {'figure':>{widths[1]}}  {'target':<{widths[2]}}  result"
    print(header)
    print("-" * (len(header) + 2))
    for r in rows:
        note = f"  ({r.note})" if r.note else ""
        print(f"{r.measure:<{widths[0]}}  {r.figure:>{widths[1]}}  {r.target:<{widths[2]}}  {_mark(r.met)}{note}")


# --------------------------------------------------------------------------------------------- main


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=None, help="posts to seed (default 50000; --quick 5000)")
    parser.add_argument("--threads", type=int, default=None,
                        help=f"threads to seed (default: posts / {POSTS_PER_THREAD}, 2,000 at 50,000 posts)")
    parser.add_argument("--duration", type=float, default=None,
                        help="seconds of each wrk run (default 10; --quick 3; under 1: cut short by SIGINT)")
    parser.add_argument("--write-seconds", type=float, default=None,
                        help="seconds of posting replies (default 10; --quick 3)")
    parser.add_argument("--quick", action="store_true", help="a short run: 5,000 posts, 3 s a run")
    parser.add_argument("--cheap-passwords", action="store_true",
                        help="the writers sign in with argon2's cheapest profile instead of 64 MiB and 3 passes "
                             "(a smoke test: the sign-ins are not what is measured)")
    parser.add_argument("--production-processes", type=int, default=os.cpu_count() or 1,
                        help="gunicorn processes behind nginx in the production recipe (default: one per core)")
    parser.add_argument("--warmup", type=int, default=12,
                        help="untimed requests to each page on each server first, 4 at a time (default 12)")
    parser.add_argument("--database-url", default=None,
                        help="bench PostgreSQL instead of SQLite: postgresql://user@127.0.0.1:5432/postgres "
                             f"(the database named there is only used to create/drop {PG_BENCH_DB})")
    parser.add_argument("--no-production", action="store_true", help="leave out the production recipe (nginx)")
    parser.add_argument("--python-load", action="store_true", help="use the Python load generator even if wrk is here")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (and the PostgreSQL database) for inspection")
    parser.add_argument("--json", type=Path, default=None, help="write the results here instead of bench/results/")
    parser.add_argument("--no-json", action="store_true", help="do not write the JSON results")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    args = parser.parse_args(argv)
    args.posts = args.posts or (5_000 if args.quick else 50_000)
    args.threads = args.threads or max(args.posts // POSTS_PER_THREAD, 2)
    args.duration = args.duration or (3.0 if args.quick else 10.0)
    args.write_seconds = args.write_seconds or (3.0 if args.quick else 10.0)
    if args.posts < 100 or args.duration < 0.1 or args.write_seconds < 0.1:
        parser.error("--posts must be >= 100, --duration and --write-seconds >= 0.1")
    return args


def main(argv: list[str] | None = None) -> int:
    _unshadow_stdlib()
    import requests

    sys.stdout.reconfigure(line_buffering=True)
    args = _parse_args(argv)
    wrk = None if args.python_load else shutil.which("wrk")
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
        # Compiled templates shared by every server process, as deploy/CHECKLIST.md sets it up:
        # each worker otherwise compiles each page's templates on its first request.
        "TEMPLATE_CACHE_DIR": str(tmp / "templates"),
    })
    if args.cheap_passwords:
        env["PASSWORD_HASH_PROFILE"] = "CHEAPEST"
    started = datetime.now().astimezone()
    clock = time.monotonic()
    phases: dict[str, float] = {}

    def phase(name: str) -> None:  # wall seconds of each step, for the JSON (and the test's budget)
        nonlocal clock
        now = time.monotonic()
        phases[name] = round(now - clock, 2)
        clock = now

    machine = {"cpus": os.cpu_count(), "cpu_model": _cpu_model(), "platform": platform.platform(),
               "python": platform.python_version(), "commit": _commit(),
               "gunicorn": _version(str(BIN / "gunicorn"), "--version"),
               "wrk": " ".join(_version(wrk, "-v").split()[:2]) if wrk else None, "load_average_start": _load()}
    servers: list[Server] = []
    rows: list[Row] = []
    loads: dict[str, Load] = {}
    skipped: dict[str, str] = {}
    memory: dict[str, dict] = {}
    cpu: dict[str, float] = {}
    writes = None
    try:
        print(f"Horizonte page benchmark: {args.posts:,} posts, {args.threads:,} threads; {machine['cpus']} CPUs "
              f"({machine['cpu_model']}), load average {machine['load_average_start']}; commit {machine['commit']}")
        if not wrk:
            print("NOTE: wrk is not installed (Debian package `wrk`; `make bench` installs it): a Python load "
                  "generator stands in. It spends far more CPU a request than wrk, on the same cores as the "
                  "servers: its figures are lower and do not compare with wrk's.", file=sys.stderr)
        if pg_admin:
            _pg_recreate(pg_admin)
        t0 = time.perf_counter()
        info = _build_dataset(env, args.posts, args.threads)
        dataset_s = time.perf_counter() - t0
        print(f"Database: {info['posts']:,} posts, {info['threads']:,} threads, {info['users']:,} members, "
              f"{info['documents']:,} search documents in {dataset_s:.1f} s ({info['timings']})")
        if pg_admin:
            _pg_vacuum_analyze(database_url)
        phase("database")

        # The servers. Horizonte's are started together (their workers import the application at
        # the same time); the ceiling needs the size of Horizonte's thread page first.
        horizonte = _gunicorn("horizonte sync", SYNC_SERVER, "wsgi:app", env, tmp, worker="sync")
        servers.append(horizonte.start())
        production: list[Server] = []
        nginx: dict[str, Server] = {}
        if args.no_production:
            skipped["production"] = "--no-production"
        elif not Path(NGINX).exists():
            skipped["production"] = f"nginx is not installed ({NGINX}; `make nginx` installs it)"
        elif not _redis_answers(REDIS_URL):
            skipped["production"] = f"Redis does not answer on {REDIS_URL}"
        if "production" not in skipped:
            production_env = env | {
                "FORUM_ENV": "production", "REDIS_URL": REDIS_URL, "PROXIES": "1",
                "SOCKETIO_CHANNEL": f"horizonte-bench-{uuid.uuid4().hex[:8]}",
            }
            production_env.pop("PASSWORD_HASH_PROFILE", None)  # production refuses CHEAPEST; it signs nobody in
            for i in range(1, args.production_processes + 1):
                production.append(_gunicorn(f"production {i}", ["-c", "gunicorn.conf.py"], "wsgi:app",
                                            production_env, tmp, worker="gthread"))
            for variant, ip_hash in (("balanced", False), ("ip_hash", True)):
                port = _free_port()
                config = _nginx_config(tmp / f"nginx-{variant}", port, [p.port for p in production], ip_hash=ip_hash)
                argv = [NGINX, "-p", str(config.parent), "-c", str(config), "-g", "daemon off;"]
                nginx[variant] = Server(f"nginx {variant}", argv, env, port, tmp / f"nginx-{variant}.out")
            base_url = nginx["balanced"].base
            for p in production:
                p.env = p.env | {"SERVER_BASE_URL": base_url}
                servers.append(p.start())
        horizonte.wait()

        thread, long_thread = info["thread"], info["long_thread"]
        last_page = max(math.ceil(long_thread["last_post_number"] / 20), 1)
        pages = {
            "thread": (f"/t/{thread['id']}/{thread['slug']}", 'id="post-20"'),
            "home": ("/", 'id="main"'),
            "community": (f"/c/{info['community']}", "Benchmark thread number"),
            "search": (f"/search?q={info['search_word']}", 'id="main"'),
            "long thread, last page": (f"/t/{long_thread['id']}/{long_thread['slug']}?page={last_page}",
                                       f'id="post-{long_thread["last_post_number"]}"'),
        }
        sizes = {}
        for name, (path, expect) in pages.items():
            r = requests.get(horizonte.base + path, allow_redirects=False, timeout=REQUEST_TIMEOUT_S)
            if r.status_code != 200 or expect not in r.text:
                raise RuntimeError(f"{name}: GET {path} gave HTTP {r.status_code} without {expect!r}")
            sizes[name] = len(r.content)
        search_hits = re.search(r"(\d[\d,]*)\s+result", requests.get(horizonte.base + pages["search"][0],
                                                                     timeout=REQUEST_TIMEOUT_S).text)

        ceiling = _gunicorn("ceiling sync", SYNC_SERVER, "bench.ceiling:app",
                            env | {"CEILING_PAGE_BYTES": str(sizes["thread"])}, tmp, worker="sync")
        servers.append(ceiling.start())
        for p in production:
            p.wait()
        for n in nginx.values():
            servers.append(n.start())
            n.wait()
        ceiling.wait()
        ceiling_size = len(requests.get(ceiling.base + CEILING_PATH, timeout=REQUEST_TIMEOUT_S).content)
        for n in nginx.values():
            r = requests.get(n.base + pages["thread"][0], allow_redirects=False, timeout=REQUEST_TIMEOUT_S)
            if r.status_code != 200 or pages["thread"][1] not in r.text:
                raise RuntimeError(f"{n.name}: the thread page gave HTTP {r.status_code}")

        # Warm-up: every page on every server a few times from 4 threads at once, so that both
        # workers have compiled their templates and opened their connections before any timing.
        targets = [ceiling.base + CEILING_PATH] + [horizonte.base + p for p, _ in pages.values()]
        targets += [n.base + pages["thread"][0] for n in nginx.values()]
        with ThreadPoolExecutor(4) as pool:
            for url in targets:
                statuses = set(pool.map(lambda u: requests.get(u, timeout=REQUEST_TIMEOUT_S).status_code,
                                        [url] * args.warmup))
                if statuses - {200}:
                    raise RuntimeError(f"warm-up: {url} answered {sorted(statuses)}")

        phase("servers started and warmed up")
        script = tmp / "report.lua"
        script.write_text(WRK_REPORT)

        def measure(key: str, label: str, url: str, connections: int = WRK_CONNECTIONS) -> Load:
            duration = args.duration
            while True:
                load = Load(label, url, connections)
                load = _run_wrk(wrk, script, load, duration) if wrk else _run_python_load(load, duration)
                # A run under a second (the test's) may see no response at all on a busy machine:
                # again, longer, up to 2 s. A longer run with no response is reported as an error.
                if load.requests or duration >= 1:
                    break
                duration = min(duration * 2, 2)
            loads[key] = load
            errors = f", {load.errors} ERRORS" if load.errors else ""
            print(f"  {label}: {load.rps:,.0f} req/s, p50 {load.p50_ms:.1f} ms{errors}")
            return load

        load_before = _load()
        if _loadavg() and _loadavg()[0] > (os.cpu_count() or 1) / 2:
            print(f"NOTE: load average {load_before} on {os.cpu_count()} CPUs: other processes compete for the CPU, "
                  "expect lower and noisier figures.", file=sys.stderr)
        tool = f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.duration:g}s" if wrk else "Python load generator"
        print(f"Load: {tool}; servers: gunicorn {' '.join(SYNC_SERVER)} for the ceiling and Horizonte"
              + (f"; production recipe: nginx, {len(production)} x gunicorn -c gunicorn.conf.py" if production
                 else f"; production recipe skipped: {skipped['production']}"))
        with MemorySampler() as sampler:
            for server in servers:
                if server.name.startswith(("horizonte", "ceiling", "production")):
                    sampler.watch(server.name, server.proc.pid)
            # The rows compared with each other run one right after the other.
            measure("ceiling thread", "ceiling, thread page", ceiling.base + CEILING_PATH)
            measure("thread", "Horizonte, thread page", horizonte.base + pages["thread"][0])
            for variant, n in nginx.items():
                measure(f"production thread {variant}", f"production recipe ({variant}), thread page",
                        n.base + pages["thread"][0])
            for name in ("home", "community", "search", "long thread, last page"):
                measure(name, f"Horizonte, {name}", horizonte.base + pages[name][0])
            measure("ceiling one client", "ceiling, one client", ceiling.base + CEILING_PATH, connections=1)
            measure("one client", "Horizonte, one client", horizonte.base + pages["thread"][0], connections=1)
            memory["reads"] = sampler.snapshot()  # before the sign-ins: argon2 takes 64 MiB for each
            phase("page loads")
            posts_before = _count_posts(database_url)
            writes = _run_writes(horizonte.base, info["reply_threads"], info["password"], args.write_seconds)
            writes.stored = _count_posts(database_url) - posts_before
            print(f"  replies through the form, {WRITERS} members: {writes.posts_per_s:,.0f} posts/s "
                  f"({writes.accepted} accepted, {writes.refused} refused, {writes.stored} stored)")
            memory["after writes"] = sampler.snapshot()
            phase("replies")
            cpu = {server.name: _cpu_seconds(server.proc.pid) for server in servers}
        load_after = _load()
        for server in servers:
            if not server.alive():
                raise RuntimeError(f"{server.name} died during the run:\n{_tail(server.log)}")
    finally:
        for server in reversed(servers):  # all at once: each takes a moment to stop its workers
            server.terminate()
        for server in servers:
            server.wait_stopped()
        if pg_admin and not args.keep:
            try:
                _pg_recreate(pg_admin, drop_only=True)
            except Exception as error:  # report, but do not hide the original error
                print(f"could not drop {PG_BENCH_DB}: {error}", file=sys.stderr)
        if args.keep:
            print(f"Kept {tmp}" + (f" and the PostgreSQL database {PG_BENCH_DB}" if pg_admin else ""))
        else:
            shutil.rmtree(tmp, ignore_errors=True)
        phase("servers stopped")

    # ------------------------------------------------------------------ the table
    ceiling_rps = loads["ceiling thread"].rps
    rows.append(Row("ceiling (Flask + Jinja), thread page", f"{ceiling_rps:,.0f} req/s",
                    note=f"{ceiling_size:,} bytes"))
    for key, label in (("thread", "thread page"), ("home", "home page"), ("community", "community page"),
                       ("search", "search"), ("long thread, last page", "long thread, last page")):
        load = loads[key]
        ratio = load.rps / ceiling_rps if ceiling_rps else 0.0
        targeted = key in {"thread", "home", "community"}
        note = f"{sizes[key]:,} bytes"
        if key == "search":
            note += f", '{info['search_word']}': {info['search_word_posts']} posts" + (
                f", page says {search_hits.group(1)} results" if search_hits else "")
        rows.append(Row(f"Horizonte, {label}", f"{load.rps:,.0f} req/s = {ratio:.1%} of ceiling",
                        f">= {TARGET_RATIO:.0%} of ceiling" if targeted else "-",
                        (ratio >= TARGET_RATIO and load.errors == 0) if targeted else None, round(ratio, 3), note))
    one_ceiling, one = loads["ceiling one client"], loads["one client"]
    rows.append(Row("ceiling, one client, thread page", f"p50 {one_ceiling.p50_ms:.2f} ms",
                    note=f"p99 {one_ceiling.p99_ms:.2f} ms"))
    rows.append(Row("Horizonte, one client, thread page", f"p50 {one.p50_ms:.2f} ms", f"<= {TARGET_P50_MS:g} ms",
                    one.p50_ms <= TARGET_P50_MS and one.errors == 0, one.p50_ms, f"p99 {one.p99_ms:.2f} ms"))
    for server_name, procs in memory["reads"].items():
        after = {p["pid"]: p for p in memory["after writes"].get(server_name, [])}
        for i, p in enumerate(procs):
            role = "master" if p["role"] == "master" else f"worker {i}"
            mb = p["hwm_kb"] / 1024
            targeted = p["role"] == "worker" and server_name == "horizonte sync"
            note = f"RSS sampled up to {p['rss_kb'] / 1024:.0f} MB"
            if server_name == "horizonte sync" and p["pid"] in after:
                note += f"; {after[p['pid']]['hwm_kb'] / 1024:.0f} MB after the writes' sign-ins"
            rows.append(Row(f"peak RSS, {server_name}, {role}", f"{mb:.0f} MB",
                            f"<= {TARGET_WORKER_MB:g} MB" if targeted else "-",
                            (mb <= TARGET_WORKER_MB) if targeted else None, round(mb, 1), note))
    if writes is not None:
        writes_ok = writes.refused == 0 and not writes.problems and writes.stored == writes.accepted
        p50 = statistics.median(writes.latencies_ms) if writes.latencies_ms else math.nan
        rows.append(Row(f"replies through the form, {WRITERS} members", f"{writes.posts_per_s:,.0f} posts/s",
                        f">= {TARGET_POSTS_PER_S:g}/s", writes.posts_per_s >= TARGET_POSTS_PER_S and writes_ok,
                        round(writes.posts_per_s, 1),
                        f"{writes.accepted} accepted, {writes.refused} refused, {writes.stored} stored, "
                        f"p50 {p50:.1f} ms, {writes.seconds:.1f} s"))
    sync_rps = loads["thread"].rps
    if "production thread balanced" in loads:
        for variant in ("balanced", "ip_hash"):
            load = loads[f"production thread {variant}"]
            share = load.rps / sync_rps if sync_rps else 0.0
            targeted = variant == "balanced"
            rows.append(Row(f"production recipe, thread page ({variant})",
                            f"{load.rps:,.0f} req/s = {share:.1%} of sync -w 2",
                            f">= {TARGET_PRODUCTION_SHARE:.0%} of sync -w 2" if targeted else "-",
                            (share >= TARGET_PRODUCTION_SHARE and load.errors == 0) if targeted else None,
                            round(share, 3),
                            "many visitors: nginx spreads requests over both processes" if targeted else
                            "as deployed, one visitor address: ip_hash sends it all to one process"))
    else:
        rows.append(Row("production recipe, thread page", "skipped", note=skipped["production"]))

    errors = {k: v.errors for k, v in loads.items() if v.errors}
    print()
    print(f"Machine: {machine['cpus']} CPUs, {machine['cpu_model']}; load average (1, 5, 15 min) before the load "
          f"{load_before}, after {load_after}. Commit {machine['commit']}. {machine['gunicorn']}; "
          f"{machine['wrk'] or 'Python load generator'}; {info['dialect']} {info['database_version']}, "
          f"{info['posts']:,} posts, {info['threads']:,} threads, {info['users']:,} members.")
    print(f"Throughput: {tool}, a new connection a request (gunicorn's sync worker closes each one); one "
          f"client: {'wrk -t1 -c1' if wrk else 'one connection'}, same duration; both servers: gunicorn "
          f"{' '.join(SYNC_SERVER)}.")
    print()
    _print_table(rows)
    print()
    if errors:
        print(f"ERRORS (non-2xx, socket errors, timeouts): {errors}")
    all_met = all(r.met is not False for r in rows) and not errors
    print("All targets met." if all_met else "Some targets were MISSED.")

    if not args.no_json:
        out = args.json or RESULTS_DIR / f"pages-{started.strftime('%Y-%m-%d-%H%M%S')}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({
            "date": started.isoformat(timespec="seconds"),
            "machine": machine | {"load_average_before": load_before, "load_average_after": load_after},
            "dataset": info, "dataset_seconds": round(dataset_s, 1),
            "servers": {s.name: " ".join(s.argv) for s in servers},
            "skipped": skipped,
            "load_tool": tool,
            "page_bytes": sizes | {"ceiling": ceiling_size},
            "loads": {k: {f: getattr(v, f) for f in ("label", "url", "connections", "requests", "seconds", "bytes",
                                                     "non_2xx", "socket_errors", "timeouts", "p50_ms", "p90_ms",
                                                     "p99_ms", "max_ms", "tool")} | {"rps": round(v.rps, 1)}
                      for k, v in loads.items()},
            "memory_kb": memory,
            "server_cpu_seconds": cpu,  # user + system of each server, its master and workers, at the end
            "phase_seconds": phases,
            "writes": None if writes is None else {
                "clients": writes.clients, "seconds": round(writes.seconds, 2), "accepted": writes.accepted,
                "refused": writes.refused, "stored": writes.stored, "posts_per_s": round(writes.posts_per_s, 1),
                "problems": writes.problems,
                "latency_ms": {"p50": round(statistics.median(writes.latencies_ms), 2) if writes.latencies_ms else None,
                               "max": round(max(writes.latencies_ms), 2) if writes.latencies_ms else None}},
            "rows": [r.__dict__ for r in rows],
            "all_targets_met": all_met,
        }, indent=2) + "\n")
        print(f"Results written to {out}")
    return 1 if args.strict and not all_met else 0


if __name__ == "__main__":
    sys.exit(main())
