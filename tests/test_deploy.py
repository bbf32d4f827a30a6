"""deploy/ as it runs (issue #22, operations): Debian's nginx with deploy/nginx/horizonte-proxy.conf
in front of two gunicorn processes sharing PostgreSQL and Redis: a page, a post and a live event
that crosses processes, all through nginx; and the files of deploy/ that name commands name real ones."""

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from forum.extensions import db
from forum.models import User
from forum.services.accounts import do_create_token
from tests.conftest import PG_URL, REDIS_URL, persona, require_service
from tests.factories import make_community, make_thread
from tests.live import ROOT, free_port, live_server

DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.live


def _nginx_config(folder: Path, port: int, upstreams: list[str]) -> Path:
    """A minimal nginx.conf around the production snippet (its upstream pointed at the test's processes)."""
    servers = "\n".join(f"        server {address};" for address in upstreams)
    config = folder / "nginx.conf"
    config.write_text(f"""
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream horizonte {{
        ip_hash;
{servers}
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{port};
        include {DEPLOY / "nginx" / "horizonte-proxy.conf"};
    }}
}}
""")
    return config


def _wait_for(url: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.05)
    raise AssertionError(f"nothing answers on {url}")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_nginx_in_front_of_two_processes_serves_pages_posts_and_live_events(app, tmp_path, clients):
    require_service(PG_URL, "TEST_DATABASE_URL")
    redis_url = require_service(REDIS_URL, "TEST_REDIS_URL")
    if not Path(NGINX).exists():
        require_service(None, "nginx (make test installs Debian's nginx-light)")
    with app.test_request_context(method="POST"):
        author = persona(app, "ana", role="member")
        reader = persona(app, "bruno", role="member")
        thread = make_thread(db.session.get(User, author.id), make_community("vaccines"), title="River routes",
                             body="How do you keep vaccines cold on river routes?")
        tokens = {u.username: do_create_token(db.session.get(User, u.id), "deploy")[1] for u in (author, reader)}
        db.session.commit()
        thread_path = f"/t/{thread.id}/{thread.slug}"
        thread_id = thread.id
    database_url = app.config["SQLALCHEMY_DATABASE_URI"]
    channel = f"deploy-{tmp_path.name}"
    shared = {"redis_url": redis_url, "channel": channel, "extra_env": {"PROXIES": "1"}}
    with live_server(database_url, tmp_path / "a", **shared) as first, \
            live_server(database_url, tmp_path / "b", **shared) as second:
        port = free_port()
        config = _nginx_config(tmp_path, port, [first.url.removeprefix("http://"), second.url.removeprefix("http://")])
        checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(config), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # its log: error.log
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(f"{base}/healthz")
            # A page, with nginx's request id kept by the application.
            page = requests.get(base + thread_path, timeout=10)
            assert page.status_code == 200 and "How do you keep vaccines cold" in page.text
            assert re.fullmatch(r"[0-9a-f]{32}", page.headers["X-Request-Id"])
            assert requests.get(f"{base}/readyz", timeout=10).json()["status"] == "ready"
            # A live reader through nginx (on whichever process its address hashes to) ...
            live = clients(base, token=tokens["bruno"])
            assert live.call("join", {"room": f"thread:{thread_id}"})["ok"] is True
            # ... hears a post made through nginx, and one made on each process directly: one of
            # them at least was made on the other process, and crossed through Redis.
            for where, body in ((base, "Through nginx."), (first.url, "On the first process."),
                                (second.url, "On the second process.")):
                response = requests.post(f"{where}/api/v1/threads/{thread_id}/posts", json={"body": body},
                                         headers={"Authorization": f"Bearer {tokens['ana']}"}, timeout=10)
                assert response.status_code == 201, response.text
                event = live.next("post.created", timeout=10)
                assert body in event["html"]
        finally:
            nginx.terminate()
            nginx.wait(10)
    with app.app_context():
        assert db.session.scalar(select(User.post_count).where(User.username == "ana")) == 4


def test_the_deploy_files_name_commands_that_exist(runner):
    """The timers' jobs run `flask --app wsgi <group> <command>`: each of them is a command."""
    named = set()
    for job in (DEPLOY / "jobs").iterdir():
        text = job.read_text()
        named |= set(re.findall(r"flask --app wsgi (\w[\w-]* [\w-]+)", text))
        named |= set(re.findall(r'"(\w[\w-]* [\w-]+)"', text))
    assert {"notify send-pending", "notify digest", "backup create", "uploads prune"} <= named
    for command in sorted(named):
        result = runner.invoke(args=[*command.split(), "--help"])
        assert result.exit_code == 0, (command, result.output)
    units = {path.name for path in (DEPLOY / "systemd").iterdir()}
    for timer in (name for name in units if name.endswith(".timer")):
        job = re.search(r"Unit=horizonte-job@(\w+)\.service", (DEPLOY / "systemd" / timer).read_text()).group(1)
        assert (DEPLOY / "jobs" / job).stat().st_mode & 0o111, f"deploy/jobs/{job} is not executable"
