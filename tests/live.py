"""A real server process for end-to-end tests: gunicorn serving wsgi:app, as in production."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from queue import Empty, Queue
from typing import Any

import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "test-secret-key-not-for-production"
# Compiled templates shared by every test process and server of the run (and the next run: each is
# checked against its template's source).
TEMPLATE_CACHE_DIR = str(Path(tempfile.gettempdir()) / f"horizonte-test-templates-{os.getuid()}")
# README.md's production command without its --bind (tests/test_load.py checks that the README
# still says this). live_server adds only a port, a short graceful timeout (a test's server stops
# in 2 s, not 30) and no control socket (parallel test processes would share its path).
PRODUCTION_COMMAND = ("gunicorn", "-c", "gunicorn.conf.py", "wsgi:app")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, url: str, process: subprocess.Popen, log: Path) -> None:
        self.url = url
        self.process = process
        self.log = log

    def api(self, method: str, path: str, token: str, **kwargs) -> requests.Response:
        return requests.request(method, self.url + path, headers={"Authorization": f"Bearer {token}"},
                                timeout=10, **kwargs)

    def reply(self, thread_id: int, token: str, body: str) -> dict:
        """A reply through the API: the post as the API returns it (anything but 201 fails)."""
        response = self.api("POST", f"/api/v1/threads/{thread_id}/posts", token, json={"body": body})
        assert response.status_code == 201, response.text
        return response.json()["post"]


@contextmanager
def live_server(database_url: str, tmp_path: Path, *, redis_url: str | None = None,
                channel: str | None = None, extra_env: dict[str, str] | None = None,
                command: str = "gunicorn") -> Iterator[LiveServer]:
    """Serve the app from a subprocess: the production command (gunicorn) or `flask run`.

    `extra_env` adds or overrides settings, e.g. DATABASE_POOL_SIZE or MAIL_SERVER.
    """
    port = free_port()
    tmp_path.mkdir(parents=True, exist_ok=True)
    log = tmp_path / f"server-{port}.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "FORUM_INSTANCE_DIR": str(tmp_path / "instance"),
        "RATELIMIT_ENABLED": "false",
        "PASSWORD_HASH_PROFILE": "CHEAPEST",
        "TEMPLATE_CACHE_DIR": TEMPLATE_CACHE_DIR,
        "SOCKETIO_CHANNEL": channel or f"test-{uuid.uuid4().hex}",
        **(extra_env or {}),
    }
    env.setdefault("SERVER_BASE_URL", f"http://127.0.0.1:{port}")  # links in mail lead to this server
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    bin_dir = Path(sys.executable).parent
    if command == "flask":
        argv = [str(bin_dir / "flask"), "--app", "wsgi", "run", "--host", "127.0.0.1", "--port", str(port)]
    else:
        gunicorn, *options, target = PRODUCTION_COMMAND
        argv = [str(bin_dir / gunicorn), *options, "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "2",
                "--no-control-socket", target]
    with open(log, "wb") as out:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield LiveServer(url, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()}")
        try:
            if requests.get(url + "/healthz", timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server did not start:\n{log.read_text()}")


class SocketClient:
    """A python-socketio client that records every event it receives."""

    EVENTS = ("post.created", "post.updated", "post.deleted", "post.hidden", "thread.created",
              "thread.updated", "typing", "presence", "notification", "reload", "resync", "error")

    def __init__(self, url: str, *, token: str | None = None, cookies: dict[str, str] | None = None) -> None:
        self.events: Queue[tuple[str, Any]] = Queue()
        self.history: list[tuple[str, Any]] = []  # every event received, in order (next() skips some)
        self.client = socketio.Client(reconnection=False)
        for name in self.EVENTS:
            self.client.on(name, self._recorder(name))
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())} if cookies else None
        self.client.connect(url, auth={"token": token} if token else None, headers=headers,
                            transports=["websocket"], wait_timeout=10)

    def _recorder(self, name: str):
        def record(data=None):
            self.history.append((name, data))
            self.events.put((name, data))
        return record

    def call(self, event: str, data: Any) -> Any:
        return self.client.call(event, data, timeout=10)

    def next(self, name: str, timeout: float = 5.0, where=None) -> Any:
        """The next event called `name` (and matching `where`), skipping others; fails on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {name} event within {timeout} s")
            try:
                event, data = self.events.get(timeout=remaining)
            except Empty:
                raise AssertionError(f"no {name} event within {timeout} s") from None
            if event == name and (where is None or where(data)):
                return data

    def drain(self, seconds: float = 0.3) -> list[tuple[str, Any]]:
        """Everything that arrives within `seconds`."""
        got = []
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                got.append(self.events.get(timeout=remaining))
            except Empty:
                break
        return got

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()
