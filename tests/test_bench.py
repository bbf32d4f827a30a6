"""`make bench` at its smallest size: it builds the database, starts every server (the ceiling,
Horizonte under `gunicorn -k sync -w 2`, the production recipe behind nginx), sends every scenario
and posts replies through the form, so a change that breaks the benchmark (a page it checks
renamed, a reply refused, a server that no longer starts) fails here and not on the day someone
measures. Figures are not checked: they belong to bench/README.md, measured on a quiet machine.

Cheap on purpose, since what costs is starting processes that import the application (about 2 s of
CPU each): 200 posts built in one process, Horizonte's two workers, one production process behind
nginx instead of one per core (four imports in all; the previous version of this test paid five);
each load run cut to 0.3 s (wrk stopped by SIGINT); 0.3 s of replies, signed in with argon2's
cheapest profile."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parent.parent
LOADS = ["ceiling thread", "thread", "home", "community", "search", "long thread, last page",
         "ceiling one client", "one client"]
PRODUCTION_LOADS = ["production thread balanced", "production thread ip_hash"]


def test_the_page_benchmark_runs_every_scenario_without_an_error(tmp_path):
    out = tmp_path / "pages.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "http.py"), "--posts", "200", "--duration", "0.3",
         "--warmup", "4", "--write-seconds", "0.3", "--cheap-passwords", "--production-processes", "1",
         "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=110,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["dataset"]["posts"] == 200 and report["dataset"]["threads"] == 8

    # wrk when it is installed (`make test` installs it), the Python stand-in otherwise.
    assert report["load_tool"].startswith("wrk" if shutil.which("wrk") else "Python")
    loads = report["loads"]
    if report["skipped"]:
        assert not os.environ.get("CI"), f"CI has nginx and Redis: {report['skipped']}"
    else:
        assert set(loads) >= set(PRODUCTION_LOADS)
    for name in [*LOADS, *(PRODUCTION_LOADS if not report["skipped"] else [])]:
        load = loads[name]
        assert load["requests"] > 0, (name, load)
        assert (load["non_2xx"], load["socket_errors"], load["timeouts"]) == (0, 0, 0), (name, load)

    writes = report["writes"]
    assert writes["accepted"] > 0 and writes["refused"] == 0 and not writes["problems"], writes
    assert writes["stored"] == writes["accepted"], writes  # every acknowledged reply is in the database

    memory = report["memory_kb"]["reads"]
    for server in ["ceiling sync", "horizonte sync", *(["production 1"] if not report["skipped"] else [])]:
        roles = sorted(p["role"] for p in memory[server])
        assert roles == (["master", "worker"] if server.startswith("production") else ["master", "worker", "worker"])
        assert all(p["hwm_kb"] > 0 for p in memory[server])
