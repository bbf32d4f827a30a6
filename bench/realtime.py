"""Real-time delivery of Horizonte: `.venv/bin/python bench/realtime.py` (`--help` for the options).

Not a test: a benchmark of the Socket.IO fan-out of a new post to everyone reading a thread.

1. A fresh database: a temporary SQLite file (default) or, with --database-url postgresql://...,
   a dedicated PostgreSQL database named horizonte_rt_bench (created here, dropped at the end; no
   other database is touched). `flask --app wsgi db upgrade`, `flask --app wsgi seed bench
   --posts 100 --threads 2`, a member created with `flask --app wsgi users create` and a personal
   API token for it (`flask --app wsgi users token`).
2. For each client count N (default 100, then 500), a new real server on a free loopback port, as
   in production: gunicorn, gthread worker, 1 worker, N + 50 threads (the threading async mode
   holds one gunicorn thread per WebSocket for as long as it is open).
3. N anonymous Socket.IO clients (python-socketio's AsyncClient on one asyncio loop, WebSocket
   transport) connect, 25 at a time, and each joins the room of one thread ("thread:<id>"). Every
   join broadcasts the room's viewer count ("presence") to the whole room; the script waits until
   every client has seen the final count before posting, and reports clients left showing another.
4. After --warmup untimed posts, M posts are made through the JSON API, one every --interval
   seconds. For each post the send time is taken just before the HTTP request, and each client notes
   when its "post.created" event for that post number arrives; latency = receive - send, on one
   clock (this process's time.perf_counter()). p50/p95/max are over all (client, post) deliveries;
   every one of the N x M deliveries must arrive. The client process does no garbage collection while posting, so
   its own GC pauses do not count as delivery latency; its event-loop lag is reported.
5. The server's memory (VmRSS of the gunicorn master + worker, from /proc, every 100 ms) and its CPU
   time are sampled throughout; the peak is reported.

--redis starts a private redis-server (as production runs with REDIS_URL: Socket.IO message queue and
the Redis presence registry); --database-url uses PostgreSQL. Results go to bench/results/.

Target (issue, 2 cores): 500 clients, delivery p95 <= 250 ms, server RSS <= 300 MB.
Needs aiohttp (python-socketio's AsyncClient uses it); only loopback traffic.
"""

# `python bench/realtime.py` puts bench/ first on sys.path, where bench/http.py shadows the standard
# library's `http` package (urllib.request and aiohttp need it). main() drops that entry first: keep
# every import of urllib.request, aiohttp, socketio and psycopg inside functions.

import argparse
import asyncio
import contextlib
import gc
import json
import math
import os
import platform
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin" / "flask").exists() else Path(sys.executable).parent
RESULTS_DIR = ROOT / "bench" / "results"
PG_BENCH_DB = "horizonte_rt_bench"  # not bench/http.py's horizonte_bench: both may run at once

TARGET_CLIENTS = 500
TARGET_P95_MS = 250.0
TARGET_RSS_MB = 300.0

BENCH_USER = "rtbench"
BENCH_PASSWORD = "realtime-bench-password-7d1f"
POST_BODY = "Real-time benchmark post {n} (run {run}): the cold chain held on the river route this week."

MIGRATE_TIMEOUT_S = 300
SEED_TIMEOUT_S = 300
SERVER_START_TIMEOUT_S = 60
HTTP_TIMEOUT_S = 30
CONNECT_TIMEOUT_S = 20  # one client: connect + join
SETTLE_TIMEOUT_S = 60  # presence traffic of the joins to die down
DRAIN_TIMEOUT_S = 15  # after the last post, for the last deliveries
CLOSE_TIMEOUT_S = 30
SAMPLE_INTERVAL_S = 0.1


# ------------------------------------------------------------------------------------------ helpers


def _percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile (as bench/http.py)."""
    if not sorted_values:
        return math.nan
    rank = max(math.ceil(pct / 100 * len(sorted_values)), 1)
    return sorted_values[rank - 1]


def _stats(values: list[float]) -> dict:
    s = sorted(values)
    if not s:
        return {"count": 0, "p50": math.nan, "p95": math.nan, "max": math.nan, "mean": math.nan}
    return {"count": len(s), "p50": round(statistics.median(s), 2), "p95": round(_percentile(s, 95), 2),
            "max": round(s[-1], 2), "mean": round(statistics.fmean(s), 2)}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "?"


def _flask(env: dict, *args: str, timeout: float, stdin: str | None = None) -> str:
    """Run `flask --app wsgi ...`; its output is shown only if it fails."""
    cmd = [str(BIN / "flask"), "--app", "wsgi", *args]
    result = subprocess.run(cmd, cwd=ROOT, env=env, timeout=timeout, text=True, input=stdin,
                            capture_output=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


def _http_json(method: str, url: str, *, token: str | None = None, body: dict | None = None) -> tuple[int, dict]:
    """A small JSON request with the standard library (set-up only; the timed posts use aiohttp)."""
    import urllib.error
    import urllib.request

    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("loopback only")
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (http://127.0.0.1 only)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:  # noqa: S310 (loopback)
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


# ------------------------------------------------------------------------------------------ database


def _pg_urls(url: str) -> tuple[str, str]:
    """(maintenance URL as given, URL of the dedicated bench database)."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "postgresql+psycopg"}:
        raise SystemExit(f"--database-url must be a postgresql:// URL, not {parts.scheme}://")
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


# ---------------------------------------------------------------------------------- server + memory


def _proc_status(pid: int) -> dict[str, int]:
    """VmRSS (kB) and Threads of a process, from /proc/<pid>/status; {} once it is gone."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    out["rss_kb"] = int(line.split()[1])
                elif line.startswith("Threads:"):
                    out["threads"] = int(line.split()[1])
    except (OSError, ValueError):
        return {}
    return out


def _proc_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return math.nan


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids.extend(int(x) for x in f.read().split())
    except (OSError, ValueError):
        pass
    return kids


class MemorySampler(threading.Thread):
    """Every 100 ms: RSS of the gunicorn master + its worker(s); keeps the peaks."""

    def __init__(self, master_pid: int) -> None:
        super().__init__(name="rss-sampler", daemon=True)
        self.master_pid = master_pid
        self.stop_event = threading.Event()
        self.peak_total_kb = 0
        self.peak_worker_kb = 0
        self.peak_threads = 0
        self.samples = 0
        self.source = "/proc"
        self._psutil = None
        if not Path(f"/proc/{master_pid}/status").exists():
            try:
                import psutil

                self._psutil = psutil.Process(master_pid)
                self.source = "psutil"
            except Exception:
                self.source = "unavailable"

    def workers(self) -> list[int]:
        return _children(self.master_pid)

    def sample(self) -> None:
        if self._psutil is not None:
            try:
                procs = [self._psutil, *self._psutil.children()]
                rss = [p.memory_info().rss // 1024 for p in procs]
                threads = [p.num_threads() for p in procs[1:]]
            except Exception:
                return
        else:
            master = _proc_status(self.master_pid)
            if not master:
                return
            kids = [_proc_status(pid) for pid in self.workers()]
            rss = [master["rss_kb"], *(k.get("rss_kb", 0) for k in kids)]
            threads = [k.get("threads", 0) for k in kids]
        self.samples += 1
        self.peak_total_kb = max(self.peak_total_kb, sum(rss))
        self.peak_worker_kb = max(self.peak_worker_kb, sum(rss[1:]))
        self.peak_threads = max(self.peak_threads, sum(threads))

    def run(self) -> None:
        while not self.stop_event.is_set():
            self.sample()
            self.stop_event.wait(SAMPLE_INTERVAL_S)

    def stop(self) -> None:
        self.stop_event.set()
        self.join(timeout=5)

    def worker_cpu_s(self) -> float:
        return sum(_proc_cpu_s(pid) for pid in self.workers())


def _start_redis(tmp: Path) -> tuple[subprocess.Popen, str]:
    """A private, non-persistent redis-server on a free loopback port (stopped by the caller)."""
    exe = shutil.which("redis-server")
    if exe is None:
        raise SystemExit("--redis needs redis-server on PATH (Debian: apt-get install redis-server)")
    port = _free_port()
    with (tmp / "redis.log").open("w") as log:
        proc = subprocess.Popen([exe, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                                 "--dir", str(tmp), "--protected-mode", "yes"],
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"redis-server exited:\n{_tail(tmp / 'redis.log')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    return proc, f"redis://127.0.0.1:{port}/0"
        except OSError:
            pass
        time.sleep(0.1)
    _stop_server(proc)
    raise RuntimeError("redis-server did not answer within 10 s")


def _redis_flush(url: str) -> None:
    """Empty the private redis-server between runs (a killed server leaves its sockets in the registry)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as conn:
        conn.sendall(b"FLUSHALL\r\n")
        if not conn.recv(16).startswith(b"+OK"):
            raise RuntimeError("FLUSHALL failed on the private redis-server")


def _gunicorn_command(port: int, threads: int) -> list[str]:
    return [str(BIN / "gunicorn"), "--worker-class", "gthread", "--workers", "1", "--threads", str(threads),
            "--worker-connections", str(max(1000, threads + 100)), "--bind", f"127.0.0.1:{port}",
            "--timeout", "60", "--graceful-timeout", "2", "--no-control-socket", "wsgi:app"]


def _start_server(env: dict, port: int, threads: int, log_path: Path) -> subprocess.Popen:
    if not (BIN / "gunicorn").exists():
        raise SystemExit(f"{BIN / 'gunicorn'} is missing: run `make install`")
    with log_path.open("w") as log:  # the child keeps its own descriptor
        return subprocess.Popen(_gunicorn_command(port, threads), cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def _wait_healthy(base: str, server: subprocess.Popen, log_path: Path) -> None:
    import urllib.request

    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{_tail(log_path)}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"/healthz did not answer within {SERVER_START_TIMEOUT_S}s:\n{_tail(log_path)}")


def _stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.terminate()  # the master stops its worker (graceful timeout 2 s, then kills it)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)


# --------------------------------------------------------------------------------------- the clients


@dataclass
class Reader:
    """One Socket.IO client reading the thread."""

    index: int
    sio: object = None
    received: dict[int, float] = field(default_factory=dict)  # post number -> perf_counter at receipt
    presence: int = 0  # the latest viewer count the server announced
    presence_max: int = 0  # the highest
    connect_ms: float = math.nan
    error: str | None = None
    disconnected: bool = False


@dataclass
class RunResult:
    clients: int
    posts: int
    connected: int = 0
    connect_failures: list[str] = field(default_factory=list)
    connect_total_s: float = math.nan
    connect_ms: list[float] = field(default_factory=list)
    settle_s: float = math.nan
    settled: bool = False
    stale_presence: int = 0  # clients whose last presence count is not the number of readers
    final_presence: dict[int, int] = field(default_factory=dict)  # last count shown -> how many clients
    latencies_ms: list[float] = field(default_factory=list)
    per_post: list[dict] = field(default_factory=list)
    post_http_ms: list[float] = field(default_factory=list)
    post_errors: list[str] = field(default_factory=list)
    delivered: int = 0
    expected: int = 0
    duplicates: int = 0
    early_disconnects: int = 0
    loop_lag_ms: list[float] = field(default_factory=list)
    server_cpu_connect_s: float = math.nan
    server_cpu_posts_s: float = math.nan
    client_cpu_posts_s: float = math.nan
    posts_wall_s: float = math.nan


async def _loop_lag(samples: list[float], stop: asyncio.Event) -> None:
    """How late this process's event loop wakes up (a busy client loop inflates the latencies)."""
    period = 0.01
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(period)
        samples.append(max((time.perf_counter() - start - period) * 1000, 0.0))


async def _open_reader(reader: Reader, base: str, room: str) -> None:
    import socketio

    sio = socketio.AsyncClient(reconnection=False, handle_sigint=False)
    reader.sio = sio

    def on_post(data=None) -> None:
        now = time.perf_counter()
        number = data.get("number") if isinstance(data, dict) else None
        if isinstance(number, int):
            if number in reader.received:
                reader.received[-number] = now  # negative key: a duplicate, counted later
            else:
                reader.received[number] = now

    def on_presence(data=None) -> None:
        if isinstance(data, dict) and data.get("room") == room and isinstance(data.get("count"), int):
            reader.presence = data["count"]
            reader.presence_max = max(reader.presence_max, data["count"])

    def on_disconnect(*_args) -> None:
        reader.disconnected = True

    sio.on("post.created", on_post)
    sio.on("presence", on_presence)
    sio.on("disconnect", on_disconnect)
    start = time.perf_counter()
    await sio.connect(base, transports=["websocket"], wait_timeout=CONNECT_TIMEOUT_S)
    ack = await sio.call("join", {"room": room}, timeout=CONNECT_TIMEOUT_S)
    if not isinstance(ack, dict) or not ack.get("ok"):
        raise RuntimeError(f"join refused: {ack!r}")
    reader.connect_ms = (time.perf_counter() - start) * 1000


async def _close_readers(readers: list[Reader]) -> None:
    async def close(reader: Reader) -> None:
        if reader.sio is None:
            return
        with contextlib.suppress(Exception):
            await reader.sio.disconnect()
        http = getattr(reader.sio.eio, "http", None)  # left open by a failed connect
        if http is not None and not http.closed:
            with contextlib.suppress(Exception):
                await http.close()

    for i in range(0, len(readers), 100):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(close(r) for r in readers[i:i + 100])), CLOSE_TIMEOUT_S)


async def _scenario(args: argparse.Namespace, n: int, base: str, thread_id: int, token: str,
                    sampler: MemorySampler, stop_server) -> RunResult:
    import aiohttp

    room = f"thread:{thread_id}"
    result = RunResult(clients=n, posts=args.posts)
    readers = [Reader(i) for i in range(n)]
    lag_stop = asyncio.Event()
    lag_task = None
    try:
        # 1. Connect and join, --batch clients at a time.
        cpu0 = sampler.worker_cpu_s()
        t0 = time.perf_counter()
        for i in range(0, n, args.batch):
            batch = readers[i:i + args.batch]
            outcomes = await asyncio.gather(
                *(asyncio.wait_for(_open_reader(r, base, room), CONNECT_TIMEOUT_S + 5) for r in batch),
                return_exceptions=True)
            for reader, outcome in zip(batch, outcomes, strict=True):
                if isinstance(outcome, BaseException):
                    reader.error = f"{type(outcome).__name__}: {outcome}"
                    result.connect_failures.append(f"client {reader.index}: {reader.error}")
            if len(result.connect_failures) > max(n // 10, 5):
                raise RuntimeError(f"too many connection failures, giving up: {result.connect_failures[:3]}")
        result.connect_total_s = time.perf_counter() - t0
        live = [r for r in readers if r.error is None]
        result.connected = len(live)
        result.connect_ms = [r.connect_ms for r in live]
        print(f"  {len(live)}/{n} clients connected and joined {room} in {result.connect_total_s:.1f} s",
              flush=True)
        if not live:
            raise RuntimeError("no client could connect")

        # 2. Every join announced the new viewer count to the whole room (N^2 / 2 presence messages):
        #    wait until every client has seen the final count, so the posts do not queue behind them.
        t1 = time.perf_counter()
        while time.perf_counter() - t1 < SETTLE_TIMEOUT_S:
            if all(r.presence_max >= len(live) for r in live):
                result.settled = True
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
        result.settle_s = time.perf_counter() - t1
        result.server_cpu_connect_s = sampler.worker_cpu_s() - cpu0
        # Joins broadcast concurrently: a client may see "500" and then a late "499" from an earlier join.
        result.stale_presence = sum(1 for r in live if r.presence != len(live))
        for r in live:
            result.final_presence[r.presence] = result.final_presence.get(r.presence, 0) + 1
        if not result.settled:
            print(f"  WARNING: presence messages still arriving after {SETTLE_TIMEOUT_S} s", file=sys.stderr)
        print(f"  presence settled in {result.settle_s:.1f} s; server CPU for connect + settle "
              f"{result.server_cpu_connect_s:.1f} s", flush=True)

        # 3. Post through the API, one every --interval s; warm-up posts are not timed.
        # The clients' own garbage collections (500 clients' objects) would stall this loop for tens of
        # ms and count as delivery latency: collect once, then no GC in this process while posting.
        gc.collect()
        gc.freeze()
        gc.disable()
        lag_task = asyncio.create_task(_loop_lag(result.loop_lag_ms, lag_stop))
        sent: dict[int, float] = {}
        timed: list[int] = []
        headers = {"Authorization": f"Bearer {token}"}
        url = f"{base}/api/v1/threads/{thread_id}/posts"
        run = secrets.token_hex(4)  # the forum refuses the same text twice in a row from one user
        timeout = aiohttp.ClientTimeout(total=HTTP_TIMEOUT_S)
        cpu1, rusage1, t2 = sampler.worker_cpu_s(), resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        async with aiohttp.ClientSession(timeout=timeout) as http:
            for k in range(args.warmup + args.posts):
                body = {"body": POST_BODY.format(n=k, run=run)}
                start = time.perf_counter()
                try:
                    async with http.post(url, json=body, headers=headers) as response:
                        payload = await response.json(content_type=None)
                        status = response.status
                except (aiohttp.ClientError, TimeoutError) as error:
                    result.post_errors.append(f"post {k}: {type(error).__name__}: {error}")
                    payload, status = {}, 0
                elapsed = time.perf_counter() - start
                if status == 201:
                    number = payload["post"]["number"]
                    sent[number] = start
                    if k >= args.warmup:
                        timed.append(number)
                        result.post_http_ms.append(elapsed * 1000)
                elif status:
                    result.post_errors.append(f"post {k}: HTTP {status}: {str(payload)[:200]}")
                if len(result.post_errors) > 3:
                    raise RuntimeError(f"posting fails: {result.post_errors}")
                await asyncio.sleep(max(args.interval - elapsed, 0))

            # 4. Wait for the last deliveries.
            deadline = time.perf_counter() + DRAIN_TIMEOUT_S
            while time.perf_counter() < deadline:
                if all(all(num in r.received for num in timed) for r in live):
                    break
                await asyncio.sleep(0.05)
        result.posts_wall_s = time.perf_counter() - t2
        result.server_cpu_posts_s = sampler.worker_cpu_s() - cpu1
        rusage2 = resource.getrusage(resource.RUSAGE_SELF)
        result.client_cpu_posts_s = (rusage2.ru_utime - rusage1.ru_utime) + (rusage2.ru_stime - rusage1.ru_stime)

        # 5. Latencies over all (client, post) deliveries.
        result.expected = n * len(timed) + n * (args.posts - len(timed))  # N x M, failed posts count as missing
        for number in timed:
            lat = [(r.received[number] - sent[number]) * 1000 for r in live if number in r.received]
            result.latencies_ms.extend(lat)
            s = sorted(lat)
            result.per_post.append({"number": number, "delivered": len(lat),
                                    "first_ms": round(s[0], 2) if s else None,
                                    "p50_ms": round(statistics.median(s), 2) if s else None,
                                    "last_ms": round(s[-1], 2) if s else None})
        result.delivered = len(result.latencies_ms)
        result.duplicates = sum(1 for r in live for key in r.received if key < 0)
        result.early_disconnects = sum(1 for r in live if r.disconnected)
        return result
    finally:
        gc.enable()
        gc.unfreeze()
        lag_stop.set()
        if lag_task is not None:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(lag_task, 1)
        sampler.stop()
        # Stop the server first: N clients leaving one by one would each broadcast a presence update.
        await asyncio.get_running_loop().run_in_executor(None, stop_server)
        await _close_readers(readers)


# ------------------------------------------------------------------------------------------- a run


def _find_thread(base: str) -> tuple[int, str]:
    status, communities = _http_json("GET", f"{base}/api/v1/communities")
    if status != 200:
        raise RuntimeError(f"GET /api/v1/communities: HTTP {status}")
    for community in communities.get("items", []):
        slug = community.get("slug", "")
        if not slug.startswith("bench-"):
            continue
        status, threads = _http_json("GET", f"{base}/api/v1/communities/{slug}/threads")
        if status == 200 and threads.get("items"):
            return threads["items"][0]["id"], slug
    raise RuntimeError("no thread in a bench-N community: did `flask seed bench` commit?")


def _run_one(args: argparse.Namespace, env: dict, tmp: Path, n: int, token: str) -> dict:
    threads = args.threads or n + 50
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp / f"gunicorn-{n}.log"
    server = _start_server(env, port, threads, log_path)
    sampler = None
    try:
        _wait_healthy(base, server, log_path)
        thread_id, slug = _find_thread(base)
        sampler = MemorySampler(server.pid)
        sampler.start()
        time.sleep(0.3)
        idle_kb = sampler.peak_total_kb
        print(f"\n{n} clients: gunicorn gthread, 1 worker, {threads} threads on {base}; thread {thread_id} "
              f"(community {slug}); idle server RSS {idle_kb / 1024:.0f} MB; load average {_load()}", flush=True)
        load_before = _load()
        result = asyncio.run(_scenario(args, n, base, thread_id, token, sampler, lambda: _stop_server(server)))
        crashed = server.returncode not in (None, 0, -15)
    finally:
        if sampler is not None:
            sampler.stop()
        _stop_server(server)
    errors_in_log = [line for line in log_path.read_text(errors="replace").splitlines()
                     if "Traceback" in line or "[ERROR]" in line or "[CRITICAL]" in line]
    lat = _stats(result.latencies_ms)
    peak_mb = sampler.peak_total_kb / 1024
    missing = result.expected - result.delivered
    return {
        "clients": n, "posts": args.posts, "interval_s": args.interval, "warmup_posts": args.warmup,
        "gunicorn_threads": threads, "server_command": " ".join(_gunicorn_command(port, threads)[1:]),
        "connected": result.connected, "connect_failures": result.connect_failures[:20],
        "connect_total_s": round(result.connect_total_s, 2), "connect_ms": _stats(result.connect_ms),
        "presence_settle_s": round(result.settle_s, 2), "presence_settled": result.settled,
        "stale_presence_clients": result.stale_presence, "final_presence_counts": result.final_presence,
        "latency_ms": lat, "delivered": result.delivered, "expected": result.expected, "missing": missing,
        "duplicates": result.duplicates, "early_disconnects": result.early_disconnects,
        "per_post": result.per_post, "post_http_ms": _stats(result.post_http_ms), "post_errors": result.post_errors,
        "client_loop_lag_ms": _stats(result.loop_lag_ms),
        "server_idle_rss_mb": round(idle_kb / 1024, 1),
        "server_peak_rss_mb": round(peak_mb, 1), "server_peak_worker_rss_mb": round(sampler.peak_worker_kb / 1024, 1),
        "server_peak_threads": sampler.peak_threads, "rss_samples": sampler.samples, "rss_source": sampler.source,
        "server_cpu_connect_s": round(result.server_cpu_connect_s, 2),
        "server_cpu_posts_s": round(result.server_cpu_posts_s, 2),
        "client_cpu_posts_s": round(result.client_cpu_posts_s, 2), "posts_wall_s": round(result.posts_wall_s, 2),
        "load_average_before": load_before, "load_average_after": _load(),
        "server_crashed": crashed, "server_log_errors": errors_in_log[:10],
        "p95_met": lat["p95"] <= TARGET_P95_MS and missing == 0,
        "rss_met": peak_mb <= TARGET_RSS_MB,
        "latencies_ms": [round(x, 3) for x in result.latencies_ms],
    }


def _print_summary(rows: list[dict]) -> None:
    header = (f"{'clients':>7} {'connect s':>9} {'delivered':>13} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
              f"{'POST ms p50':>11} {'peak RSS MB':>11} {'threads':>7}  target")
    print(header)
    print("-" * len(header))
    for r in rows:
        lat = r["latency_ms"]
        if r["clients"] == TARGET_CLIENTS:
            ok = r["p95_met"] and r["rss_met"]
            target = f"p95 <= {TARGET_P95_MS:g} ms, RSS <= {TARGET_RSS_MB:g} MB: {'met' if ok else 'MISSED'}"
        else:
            target = "-"
        print(f"{r['clients']:>7} {r['connect_total_s']:>9.1f} {r['delivered']:>6}/{r['expected']:<6} "
              f"{lat['p50']:>8.1f} {lat['p95']:>8.1f} {lat['max']:>8.1f} {r['post_http_ms']['p50']:>11.1f} "
              f"{r['server_peak_rss_mb']:>11.1f} {r['server_peak_threads']:>7}  {target}")
    for r in rows:
        print(f"\n{r['clients']} clients: connect + join per client p50 {r['connect_ms']['p50']} ms, max "
              f"{r['connect_ms']['max']} ms; presence settled in {r['presence_settle_s']} s; server CPU "
              f"{r['server_cpu_connect_s']} s for connect + settle, {r['server_cpu_posts_s']} s for the posts "
              f"({r['posts_wall_s']} s wall); client CPU {r['client_cpu_posts_s']} s; client loop lag p95 "
              f"{r['client_loop_lag_ms']['p95']} ms, max {r['client_loop_lag_ms']['max']} ms; worker RSS peak "
              f"{r['server_peak_worker_rss_mb']} MB (idle total {r['server_idle_rss_mb']} MB)")
        if r["missing"]:
            print(f"  FAILURE: {r['missing']} of {r['expected']} deliveries missing")
        for label, key in (("connect failures", "connect_failures"), ("post errors", "post_errors"),
                           ("server log errors", "server_log_errors")):
            if r[key]:
                print(f"  {label}: {r[key][:5]}")
        if r["stale_presence_clients"]:
            print(f"  {r['stale_presence_clients']} clients were left showing a wrong viewer count (their last"
                  f" presence event is not the final count); last counts shown: {r['final_presence_counts']}")
        if r["duplicates"] or r["early_disconnects"]:
            print(f"  {r['duplicates']} duplicate deliveries, {r['early_disconnects']} clients disconnected early")
        slow = max(r["per_post"], key=lambda p: p["last_ms"] or 0, default=None)
        if slow:
            print(f"  slowest post #{slow['number']}: first client {slow['first_ms']} ms, last {slow['last_ms']} ms")


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500],
                        help="client counts, one server run each (default: 100 500)")
    parser.add_argument("--posts", type=int, default=20, help="timed posts per run (default: 20)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed posts first (default: 1)")
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between posts (default: 0.25)")
    parser.add_argument("--batch", type=int, default=25, help="clients connecting at once (default: 25)")
    parser.add_argument("--threads", type=int, default=None, help="gunicorn --threads (default: clients + 50)")
    parser.add_argument("--database-url", default=None,
                        help="use PostgreSQL instead of SQLite: postgresql://user@127.0.0.1:5432/postgres "
                             f"(the database named there is only used to create/drop {PG_BENCH_DB})")
    parser.add_argument("--redis", action="store_true",
                        help="as in production: start a private redis-server (on PATH) on a free loopback port and "
                             "set REDIS_URL (Socket.IO message queue + Redis presence registry)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, database)")
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/realtime-<date>.json")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    args = parser.parse_args(argv)
    if min(args.clients) < 1 or max(args.clients) > 2000:
        parser.error("--clients must be between 1 and 2000")
    if not 1 <= args.posts <= 1000 or not 0 <= args.warmup <= 10 or not 0 <= args.interval <= 10 or args.batch < 1:
        parser.error("--posts 1..1000, --warmup 0..10, --interval 0..10 s, --batch >= 1")
    if args.threads is not None and args.threads <= max(args.clients):
        print(f"WARNING: --threads {args.threads} <= {max(args.clients)} clients: each WebSocket holds a gunicorn "
              "thread, so expect connection failures and HTTP requests (the posts) that never get a thread.",
              file=sys.stderr)
    return args


def _unshadow_stdlib() -> None:
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]


def main(argv: list[str] | None = None) -> int:
    _unshadow_stdlib()
    args = _parse_args(argv)
    try:
        import aiohttp  # noqa: F401
        import socketio  # noqa: F401
    except ImportError as error:
        raise SystemExit(f"{error}: install the `bench` extra (aiohttp for python-socketio's AsyncClient)") from None
    sys.stdout.reconfigure(line_buffering=True)

    tmp = Path(tempfile.mkdtemp(prefix="horizonte-rt-bench-"))
    pg_admin = None
    if args.database_url:
        pg_admin, database_url = _pg_urls(args.database_url)
    else:
        database_url = f"sqlite:///{tmp / 'bench.db'}"
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "MAIL_SERVER", "FLASK_APP"}}
    env.update({
        "FORUM_ENV": "production",
        "FORUM_INSTANCE_DIR": str(tmp),
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "RATELIMIT_ENABLED": "false",
        "SOCKETIO_CHANNEL": f"bench-{secrets.token_hex(4)}",
        "PYTHONUNBUFFERED": "1",
    })
    started = datetime.now().astimezone()
    rows: list[dict] = []
    failed: list[dict] = []
    redis = None
    try:
        if args.redis:
            redis, env["REDIS_URL"] = _start_redis(tmp)
        print(f"Horizonte real-time benchmark: {os.cpu_count()} CPUs, clients {args.clients}, {args.posts} posts "
              f"every {args.interval} s, database "
              f"{'PostgreSQL ' + PG_BENCH_DB if pg_admin else 'SQLite ' + str(tmp / 'bench.db')}"
              f"{', Redis ' + env['REDIS_URL'] if redis else ', no Redis (in-process message delivery)'}")
        if pg_admin:
            _pg_recreate(pg_admin)
        _flask(env, "db", "upgrade", timeout=MIGRATE_TIMEOUT_S)
        _flask(env, "seed", "bench", "--posts", "100", "--threads", "2", timeout=SEED_TIMEOUT_S)
        _flask(env, "users", "create", BENCH_USER, f"{BENCH_USER}@example.org", "--role", "member",
               timeout=120, stdin=BENCH_PASSWORD + "\n")
        token = _flask(env, "users", "token", BENCH_USER, "--name", "realtime bench",
                       timeout=120).strip().splitlines()[-1]
        for n in args.clients:
            if redis is not None:
                _redis_flush(env["REDIS_URL"])
            try:
                rows.append(_run_one(args, env, tmp, n, token))
            except (RuntimeError, OSError, subprocess.SubprocessError) as error:
                print(f"\n{n} clients: RUN FAILED: {error}", file=sys.stderr)
                failed.append({"clients": n, "error": str(error)[:2000]})
    finally:
        if redis is not None:
            _stop_server(redis)
        if pg_admin and not args.keep:
            try:
                _pg_recreate(pg_admin, drop_only=True)
            except Exception as error:  # report, but do not hide the original error
                print(f"could not drop {PG_BENCH_DB}: {error}", file=sys.stderr)
        if args.keep:
            print(f"Kept {tmp}" + (f" and the PostgreSQL database {PG_BENCH_DB}" if pg_admin else ""))
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print("\nLatency = time a client's post.created event arrives - time just before the POST request, on one"
          " clock, over all (client, post) deliveries; loopback; clients and server share the machine.\n")
    _print_summary(rows)
    judged = [r for r in rows if r["clients"] == TARGET_CLIENTS]
    all_delivered = all(r["missing"] == 0 for r in rows) and not failed
    met = all_delivered and all(r["p95_met"] and r["rss_met"] for r in judged)
    print()
    for f in failed:
        print(f"{f['clients']} clients: the run FAILED ({(f['error'].splitlines() or [''])[0][:200]})")
    if TARGET_CLIENTS not in args.clients:
        print(f"The targets apply to {TARGET_CLIENTS} clients (not run)."
              + ("" if all_delivered else " Some runs FAILED or deliveries were MISSING."))
    else:
        print("All targets met." if met else "Some targets were MISSED (or deliveries missing).")

    if not args.no_json:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        out = RESULTS_DIR / f"realtime-{started.strftime('%Y-%m-%d-%H%M%S')}.json"
        out.write_text(json.dumps({
            "date": started.isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
            "database": "postgresql" if pg_admin else "sqlite", "redis": bool(args.redis),
            "targets": {"clients": TARGET_CLIENTS, "p95_ms": TARGET_P95_MS, "rss_mb": TARGET_RSS_MB},
            "all_targets_met": met, "runs": rows, "failed_runs": failed,
        }, indent=1) + "\n")
        print(f"Results written to {out.relative_to(ROOT)}")
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
