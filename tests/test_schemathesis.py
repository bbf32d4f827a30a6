"""Schemathesis against a live server (gunicorn, as in production): every operation of
/api/v1/openapi.json, with generated valid and invalid inputs, anonymous and with the bearer
tokens of a member and of an admin. Required: no server error and no answer the contract does not
describe (status, content type, headers, body schema).

Path parameters draw most of their values from the ids of a small world (tests/route_world.py:
hidden, deleted, draft and private objects among them), so the operations reach real objects, not
only 404s. One run of the suite does it once, on PostgreSQL (below), with few examples per
operation: about 30 s on two cores (docs/api.md has the figures).
"""

import json
import re
import resource
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import IO

import pytest

from forum.api import openapi
from forum.extensions import db
from forum.models import User
from forum.services.accounts import do_create_token
from tests.conftest import shared_app
from tests.live import live_server
from tests.route_world import build_world

pytestmark = pytest.mark.live

# The checks of the contract: a server error, an undocumented status, content type or header, a body
# that breaks its schema. (Checks that guess the server's rules from the schema alone, such as
# negative_data_rejection, would need the schema to restate every rule of the services.)
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_headers_conformance", "response_schema_conformance")
# Test cases per operation and phase: enough to reach each operation's objects, its 404s and its
# 422s; the run's time is about proportional to it.
MAX_EXAMPLES = 2
SEED = 20260301


def _world(app) -> dict:
    with app.app_context():
        w = build_world()
        tokens = {name: do_create_token(db.session.get(User, w.users[name]), "schemathesis")[1]
                  for name in ("author", "admin")}
        db.session.commit()
        posts = sorted(w.posts.values())
        return {
            "tokens": tokens,
            "values": {
                "post_id": posts,
                "thread_id": sorted(t for t, _slug in w.threads.values()),
                "experience_id": sorted(e for e, _slug in w.experiences.values()),
                "conversation_id": sorted(w.conversations.values()),
                "upload_id": sorted(w.uploads.values()),
                "project_id": sorted(p for p, _m, _l in w.projects.values()),
                "milestone_id": sorted(m for _p, m, _l in w.projects.values()),
                "line_id": sorted(b for _p, _m, b in w.projects.values()),
                "user_id": sorted(w.users.values()),
                "username": sorted(w.usernames.values()),
                "slug": [w.here, w.there, *w.organizations],
                "code": ["BR", "PE"],
                "lang": ["pt", "es"],
                "key": [f"reply:{w.threads['main'][0]}", f"thread:{w.here}", "message:new"],
            },
        }


def _config(path: Path, world: dict) -> Path:
    """schemathesis.toml: the world's values for the path parameters (most of the time)."""
    lines = []
    for name, values in world["values"].items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}", ""]
    lines.append("[parameters]")
    for name in world["values"]:
        lines.append(f'"path.{name}" = {{ dictionary = "{name}", probability = 0.8 }}')
    path.write_text("\n".join(lines) + "\n")
    return path


def _passes(world: dict) -> list[tuple[str, str | None, list[str]]]:
    """(who, token, what to include): a member on every operation; a guest on those a guest may
    call (the others answer a guest 401 before anything else, which tests/test_route_access.py
    walks); an admin on the moderators' and editors' operations."""
    guest = [op["operationId"] for path in openapi.document()["paths"].values() for op in path.values()
             if {} in op["security"]]
    half = ["--include-tag", "Forum", "--include-tag", "People", "--include-tag", "Search", "--include-tag", "Contract"]
    return [
        # The member's pass in two halves, so that the four run side by side in about the same time.
        ("member", world["tokens"]["author"], half),
        ("member-2", world["tokens"]["author"], [arg.replace("--include-tag", "--exclude-tag") for arg in half]),
        ("anonymous", None, [arg for operation_id in guest for arg in ("--include-operation-id", operation_id)]),
        ("admin", world["tokens"]["admin"], ["--include-tag", "Moderation", "--include-tag", "Experiences"]),
    ]


def _start(server_url: str, config: Path, report_dir: Path, who: str, token: str | None,
           include: list[str], log: IO[str]) -> subprocess.Popen:
    st = str(Path(sys.executable).parent / "st")
    argv = [st, "--config-file", str(config), "run", f"{server_url}/api/v1/openapi.json",
            "--checks", ",".join(CHECKS), "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED),
            "--phases", "examples,fuzzing", "--no-shrink", "--generation-database", "none",
            # One worker: Hypothesis's strategy descriptions parse source with `ast`, which CPython
            # 3.11 does not do safely from two threads at once ("AST constructor recursion depth
            # mismatch"); the three passes run side by side instead.
            "--workers", "1",
            "--request-timeout", "10", "--report", "junit", "--report-junit-path", str(report_dir / f"{who}.xml"),
            "--no-color", "--warnings", "off", *include]
    if token:
        argv += ["-H", f"Authorization: Bearer {token}"]
    return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=report_dir)


# On PostgreSQL, so where TEST_DATABASE_URL is set (.ci/run); skipped, saying so, by a `make test`
# without it: four fuzzing processes and a server take both cores for half a minute, which the
# 5-minute budget of `make test` cannot pay. tests/test_openapi.py holds the document equal to the
# routes and the views on every run, and tests/test_route_inputs.py sends hostile values to every
# parameter of every route, the API's included.
@pytest.fixture(scope="module", params=["postgresql"])
def served(request, tmp_path_factory):
    with shared_app(request, request.param, "schemathesis") as app:
        world = _world(app)
        tmp = tmp_path_factory.mktemp("schemathesis")
        # The server reads the files the world uploaded where this process stored them.
        with live_server(app.config["SQLALCHEMY_DATABASE_URI"], tmp,
                         extra_env={"UPLOAD_DIR": app.config["UPLOAD_DIR"]}) as live:
            yield live, world, tmp


def test_every_operation_answers_as_the_contract_says(served):
    live, world, tmp = served
    config = _config(tmp / "schemathesis.toml", world)
    started = time.monotonic()
    failures = []
    with ExitStack() as stack:
        runs = {who: _start(live.url, config, tmp, who, token, include,
                            stack.enter_context(open(tmp / f"{who}.log", "w")))
                for who, token, include in _passes(world)}
        codes = {who: process.wait(timeout=120) for who, process in runs.items()}
    for who, code in codes.items():
        output = (tmp / f"{who}.log").read_text()
        counts = [line.strip() for line in output.splitlines() if re.search(r"Tested: |generated", line)]
        print(f"{who}: {'; '.join(counts)} (exit {code}, {time.monotonic() - started:.1f} s)")
        if code != 0:
            failures.append(f"--- {who}: exit {code}\n{output[-20000:]}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"children CPU: {usage.ru_utime + usage.ru_stime:.1f} s")
    assert not failures, "\n".join(failures)
