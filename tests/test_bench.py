"""`make bench` at its smallest size: it seeds, serves with gunicorn, sends every scenario and
prints its table, so a change that breaks the benchmark (a reply refused as a duplicate of the
last, a page it looks for renamed) fails here and not on the day someone measures. Figures are
not checked: they belong to bench/README.md, measured on an idle machine."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 3


def test_the_http_benchmark_runs_every_scenario_without_an_error(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "http.py"), "--posts", "200", "--requests", str(REQUESTS),
         "--warmup", "1", "--no-json"],
        cwd=ROOT, capture_output=True, text=True, timeout=110,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert "HTTP " not in result.stderr, result.stderr[-3000:]  # no request answered unexpectedly
    rows = dict(re.findall(r"^(home|community page|thread, first page|thread, last page|post a reply \(API\))"
                           r"\s+(\d+)\s", result.stdout, re.MULTILINE))
    assert rows == dict.fromkeys(["home", "community page", "thread, first page", "thread, last page",
                                  "post a reply (API)"], str(REQUESTS)), result.stdout[-2000:]
