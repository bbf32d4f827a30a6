"""Live updates end to end: a real gunicorn process, real Socket.IO clients, real HTTP."""

import itertools
import json
import re
import time
from dataclasses import dataclass

import pytest
import requests
from flask import Flask

from forum.extensions import db
from forum.models import Community, Thread, User
from forum.services.accounts import do_create_token
from tests.conftest import ONE_DATABASE, PASSWORD, REDIS_URL, persona, require_service, shared_app
from tests.factories import make_community, make_thread
from tests.live import LiveServer, SocketClient, live_server

pytestmark = pytest.mark.live


@dataclass
class Site:
    app: Flask  # on the database the server serves
    server: LiveServer
    community_id: int
    tokens: dict[str, str]  # username -> API token
    user_ids: dict[str, int]


@pytest.fixture(scope="module", params=[ONE_DATABASE])
def site(request, tmp_path_factory):
    """One gunicorn process for the whole module, on PostgreSQL when there is one (what production
    runs; the live path's reads, the catch-up and the socket checks, are plain ORM queries with
    nothing particular to either database; the writes it announces are tested on both), with
    member, other and moderator and their API tokens. Each test gets a thread of its own
    (`world`), so what it posts, who is present and what is replayed belong to it alone; the
    socket rules are per connection."""
    with shared_app(request, request.param, "realtime") as app:
        users = [persona(app, "member", role="member"), persona(app, "other", role="member"),
                 persona(app, "moderator", role="moderator")]
        with app.app_context():
            community = make_community("vaccines")
            tokens = {u.username: do_create_token(db.session.get(User, u.id), "live")[1] for u in users}
            db.session.commit()
            community_id = community.id
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        with live_server(url, tmp_path_factory.mktemp("realtime"), extra_env={"SOCKET_CATCHUP_LIMIT": "5"}) as live:
            yield Site(app, live, community_id, tokens, {u.username: u.id for u in users})


_opening = itertools.count(1)


@pytest.fixture
def world(site):
    """A thread of this test's own by `other` (whose post 1 is the opening post), and the tokens."""
    with site.app.app_context():
        other = db.session.get(User, site.user_ids["other"])
        community = db.session.get(Community, site.community_id)
        # A body of its own: the same text twice within minutes is refused as a duplicate.
        thread = make_thread(other, community, title="Cold chain on river routes",
                             body=f"Opening post {next(_opening)}")
        db.session.commit()
        return {"thread_id": thread.id, "community_id": site.community_id, "tokens": site.tokens,
                "user_ids": site.user_ids}


@pytest.fixture
def server(site):
    return site.server


def _reply(server, world, username: str, body: str) -> dict:
    return server.reply(world["thread_id"], world["tokens"][username], body)


def test_a_reply_reaches_a_joined_client(server, world, clients):
    """Delivery, not speed: bench/realtime.py measures how fast (a timed test fails on a busy machine)."""
    reader = clients(server.url, token=world["tokens"]["member"])
    ack = reader.call("join", {"room": f"thread:{world['thread_id']}", "after": 1})
    assert ack == {"ok": True, "room": f"thread:{world['thread_id']}", "last_number": 1}
    _reply(server, world, "other", "Live **reply** <script>alert(1)</script>")
    event = reader.next("post.created", timeout=10.0)
    assert event["number"] == 2 and event["thread_id"] == world["thread_id"]
    assert "<strong>reply</strong>" in event["html"] and "<script" not in event["html"]
    assert event["author"]["username"] == "other" and event["created_at"].endswith("Z")


def test_the_metrics_count_the_live_connections(server, world, clients):
    """/metrics of the process that holds the sockets (read from this machine: a development
    server; tests/test_metrics.py has the rules of who may read it)."""
    def connections() -> float:
        text = requests.get(f"{server.url}/metrics", timeout=10).text
        return float(re.search(r"^horizonte_socket_connections (\S+)$", text, re.MULTILINE).group(1))

    clients(server.url, token=world["tokens"]["member"]).call("join", {"room": f"thread:{world['thread_id']}"})
    clients(server.url, token=world["tokens"]["other"]).call("join", {"room": f"thread:{world['thread_id']}"})
    assert connections() >= 2  # the sockets of earlier tests may still be closing


def test_the_access_log_is_one_json_object_a_request_with_its_id(server):
    """gunicorn's access log (forum.logs.GunicornLogger, named by gunicorn.conf.py)."""
    response = requests.get(f"{server.url}/healthz", headers={"X-Request-Id": "trace-7e1d0c4b",
                                                              "User-Agent": 'Probe "quoted" 1.0'}, timeout=10)
    assert response.headers["X-Request-Id"] == "trace-7e1d0c4b"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = [json.loads(line) for line in server.log.read_text(errors="replace").splitlines()
                 if line.startswith("{") and "trace-7e1d0c4b" in line]
        if lines:
            break
        time.sleep(0.05)
    assert lines, server.log.read_text(errors="replace")[-2000:]
    assert lines[0] == {**lines[0], "logger": "gunicorn.access", "method": "GET", "path": "/healthz", "status": 200,
                        "user_agent": 'Probe "quoted" 1.0'}


def test_edits_and_deletes_arrive(server, world, clients):
    reader = clients(server.url, token=world["tokens"]["member"])
    reader.call("join", {"room": f"thread:{world['thread_id']}"})
    post = _reply(server, world, "other", "First version")
    reader.next("post.created")
    token = world["tokens"]["other"]
    assert server.api("PATCH", f"/api/v1/posts/{post['id']}", token, json={"body": "Second version"}).ok
    updated = reader.next("post.updated")
    assert updated["id"] == post["id"] and "Second version" in updated["html"] and updated["revision_count"] == 1
    assert server.api("DELETE", f"/api/v1/posts/{post['id']}", token).ok
    deleted = reader.next("post.deleted")
    assert deleted["id"] == post["id"] and deleted["is_deleted"] is True and deleted["html"] is None


def test_a_client_that_reconnects_gets_exactly_what_it_missed(server, world, clients):
    room = f"thread:{world['thread_id']}"
    first = clients(server.url, token=world["tokens"]["member"])
    first.call("join", {"room": room, "after": 1})
    _reply(server, world, "other", "seen live")
    assert first.next("post.created")["number"] == 2
    first.close()  # the bus goes into a tunnel

    _reply(server, world, "other", "missed one")
    _reply(server, world, "moderator", "missed two")

    again = clients(server.url, token=world["tokens"]["member"])
    again.call("join", {"room": room, "after": 2})
    replayed = [data for name, data in again.drain(0.5) if name == "post.created"]
    assert [p["number"] for p in replayed] == [3, 4]
    assert "missed one" in replayed[0]["html"] and "missed two" in replayed[1]["html"]


def test_a_client_too_far_behind_is_told_to_reload(server, world, clients):
    for n in range(6):  # the server replays at most 5 (SOCKET_CATCHUP_LIMIT)
        _reply(server, world, "other", f"post {n}")
    reader = clients(server.url, token=world["tokens"]["member"])
    reader.call("join", {"room": f"thread:{world['thread_id']}", "after": 1})
    events = reader.drain(0.5)
    assert ("reload", {"room": f"thread:{world['thread_id']}", "reason": "too_far_behind"}) in events
    assert not [e for e in events if e[0] == "post.created"]


def test_hidden_posts_reach_moderators_only(server, world, clients):
    room = f"thread:{world['thread_id']}"
    member = clients(server.url, token=world["tokens"]["member"])
    moderator = clients(server.url, token=world["tokens"]["moderator"])
    member.call("join", {"room": room})
    moderator.call("join", {"room": room})
    post = _reply(server, world, "other", "Vaccines cause *everything*")
    member.next("post.created")
    moderator.next("post.created")

    response = server.api("POST", f"/api/v1/moderation/posts/{post['id']}", world["tokens"]["moderator"],
                          json={"action": "hide", "reason": "health misinformation"})
    assert response.status_code == 200, response.text
    hidden = member.next("post.hidden")
    assert hidden["id"] == post["id"] and hidden["html"] is None and hidden["is_hidden"] is True
    assert not [e for e in member.drain(0.4) if e[1] and "everything" in str(e[1])]
    seen = moderator.next("post.updated", where=lambda d: d["id"] == post["id"])
    assert "everything" in seen["html"] and seen["hidden_reason"] == "health misinformation"

    # Catching up later: the member gets the placeholder, the moderator the post.
    late_member = clients(server.url, token=world["tokens"]["member"])
    late_member.call("join", {"room": room, "after": 1})
    replay = late_member.next("post.created")
    assert replay["is_hidden"] is True and replay["html"] is None
    late_moderator = clients(server.url, token=world["tokens"]["moderator"])
    late_moderator.call("join", {"room": room, "after": 1})
    assert "everything" in late_moderator.next("post.created")["html"]


BAD_JOINS = [
    ({"room": "thread:999999"}, "not_found"),
    ({"room": "nowhere:1"}, "unknown_room"),
    ({"room": "user:999999"}, "unknown_room"),
    ({"room": 5}, "invalid"),
    ("thread:1", "invalid"),
    ({"room": "thread:1", "after": "ten"}, "invalid"),
    ({"room": "thread:1", "after": -3}, "invalid"),
    ({"room": "thread:" + "9" * 5000}, "unknown_room"),
]


def test_bad_joins_get_an_error_and_the_connection_survives(server, world, clients):
    """Each bad message on a connection of its own (one server for all: starting one costs seconds)."""
    for payload, code in BAD_JOINS:
        reader = clients(server.url, token=world["tokens"]["member"])
        ack = reader.call("join", payload)
        assert ack["ok"] is False and ack["error"]["code"] == code, payload
        assert reader.next("error")["code"] == code
        ok = reader.call("join", {"room": f"thread:{world['thread_id']}"})
        assert ok["ok"] is True, payload


def test_oversized_messages_are_refused(server, world, clients):
    reader = clients(server.url, token=world["tokens"]["member"])
    reader.client.emit("join", {"room": "thread:1", "junk": "x" * 100_000})
    time.sleep(0.5)
    # The server drops the connection rather than parse a message over its 16 KB limit.
    assert not reader.client.connected
    fresh = clients(server.url, token=world["tokens"]["member"])
    assert fresh.call("join", {"room": f"thread:{world['thread_id']}"})["ok"] is True


def test_an_invalid_token_cannot_connect(server):
    with pytest.raises(Exception, match=r"(?i)connect"):
        SocketClient(server.url, token="hz_forged")


def test_typing_and_presence(server, world, clients):
    room = f"thread:{world['thread_id']}"
    alice = clients(server.url, token=world["tokens"]["member"])
    bob = clients(server.url, token=world["tokens"]["other"])
    alice.call("join", {"room": room})
    bob.call("join", {"room": room})
    presence = alice.next("presence", where=lambda d: d["count"] == 2)
    assert presence["names"] == ["Member", "Other"]

    assert alice.call("typing", {"room": room}) == {"ok": True}
    typing = bob.next("typing")
    assert typing["user"]["username"] == "member"
    assert alice.call("typing", {"room": room}) == {"ok": True, "throttled": True}
    assert not [e for e in alice.drain(0.3) if e[0] == "typing"]  # not echoed to the typist

    anonymous = clients(server.url)
    anonymous.call("join", {"room": room})
    assert anonymous.call("typing", {"room": room})["error"]["code"] == "unauthorized"
    bob.close()
    assert alice.next("presence", where=lambda d: d["count"] == 2)["names"] == ["Member"]


def test_joins_are_rate_limited(server, world, clients):
    reader = clients(server.url, token=world["tokens"]["member"])
    room = {"room": f"thread:{world['thread_id']}"}
    answers = [reader.call("join", room) for _ in range(21)]
    assert all(a["ok"] for a in answers[:20])
    assert answers[20]["error"]["code"] == "rate_limited"


def _browser_login(server, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(server.url + "/login", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = session.post(server.url + "/login", data={"login": username, "password": PASSWORD,
                                                         "csrf_token": token}, allow_redirects=False, timeout=10)
    assert response.status_code == 302
    return session


def test_cookie_sessions_and_their_revocation(server, world, clients):
    browser = _browser_login(server, "member")
    reader = clients(server.url, cookies=browser.cookies.get_dict())
    assert reader.call("join", {"room": f"thread:{world['thread_id']}"})["ok"] is True
    assert reader.call("join", {"room": f"user:{world['user_ids']['member']}"})["ok"] is True  # signed in
    other_device = clients(server.url, token=world["tokens"]["member"])

    page = browser.get(server.url + "/settings/account", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = browser.post(server.url + "/settings/sessions/end", data={"csrf_token": token},
                            allow_redirects=False, timeout=10)
    assert response.status_code == 302
    deadline = time.monotonic() + 3
    while reader.client.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not reader.client.connected, server.log.read_text()  # the server ended the ended session's socket
    assert other_device.client.connected  # an API token is not a login session


def test_logout_ends_that_login_s_socket(server, world, clients):
    browser = _browser_login(server, "member")
    reader = clients(server.url, cookies=browser.cookies.get_dict())
    reader.call("join", {"room": f"thread:{world['thread_id']}"})
    page = browser.get(server.url + "/", timeout=10).text
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    assert browser.post(server.url + "/logout", data={"csrf_token": token}, allow_redirects=False,
                        timeout=10).status_code == 302
    deadline = time.monotonic() + 3
    while reader.client.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not reader.client.connected


def test_events_cross_server_processes_through_redis(site, tmp_path, world, clients):
    redis_url = require_service(REDIS_URL, "TEST_REDIS_URL")
    channel = f"test-{tmp_path.name}"
    database_url = site.app.config["SQLALCHEMY_DATABASE_URI"]
    with live_server(database_url, tmp_path / "a", redis_url=redis_url, channel=channel) as first, \
            live_server(database_url, tmp_path / "b", redis_url=redis_url, channel=channel) as second:
        reader = clients(first.url, token=world["tokens"]["member"])
        reader.call("join", {"room": f"thread:{world['thread_id']}"})
        _reply(second, world, "other", "Posted through the second process")
        event = reader.next("post.created", timeout=2.0)
        assert "second process" in event["html"]
        with site.app.app_context():
            assert db.session.get(Thread, world["thread_id"]).post_count == 2


def test_new_threads_reach_the_community_room(server, world, clients):
    watcher = clients(server.url)  # anonymous readers may watch a community
    assert watcher.call("join", {"room": f"community:{world['community_id']}"})["ok"] is True
    response = server.api("POST", "/api/v1/communities/vaccines/threads", world["tokens"]["member"],
                          json={"title": "Solar fridges in the Amazon", "body": "Who uses them?"})
    assert response.status_code == 201, response.text
    event = watcher.next("thread.created", timeout=1.0)
    assert event["title"] == "Solar fridges in the Amazon" and event["community"] == "vaccines"


def test_the_development_server_also_serves_sockets(site, tmp_path, world, clients):
    with live_server(site.app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, command="flask") as dev:
        reader = clients(dev.url, token=world["tokens"]["member"])
        assert reader.call("join", {"room": f"thread:{world['thread_id']}", "after": 1})["ok"] is True
        _reply(dev, world, "other", "Through flask run")
        assert "flask run" in reader.next("post.created", timeout=2.0)["html"]
