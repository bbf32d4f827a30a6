"""The ceiling: bare Flask + Jinja serving a page the size of Horizonte's thread page.

bench/http.py serves it with the very gunicorn command it serves Horizonte with and reports each
Horizonte page as a share of this app's requests per second: what Flask, Jinja, gunicorn and the
machine allow before any of Horizonte's own work (database, sessions, permissions, translations,
Markdown already rendered). Twenty posts from a list in memory, each rendered by a template
include with two `url_for` links, an escaped name and a formatted date, inside a layout that
`extends` a base; the page is padded with static text to CEILING_PAGE_BYTES (the size of the
measured thread page; default 25,000) so both send the same number of bytes.

    gunicorn -k sync -w 2 bench.ceiling:app     (from the repository's root)
"""

import os
from datetime import UTC, datetime, timedelta

from flask import Flask, render_template
from markupsafe import Markup

app = Flask(__name__, template_folder="ceiling_templates")

# What forum/seed/bench.py's bodies become once rendered (Markdown to sanitized HTML).
BODIES = [
    "<p>We reached <strong>0</strong> families this month with the new cold-chain route.</p>",
    "<p>Could you share the protocol you used? We are planning something similar in our region.</p>",
    "<p>In our experience, community health workers were key:</p>\n<ul>\n<li>training</li>\n"
    "<li>supervision</li>\n<li>supplies</li>\n</ul>",
    "<blockquote>\n<p>The main lesson was to involve local leaders early.</p>\n</blockquote>\n"
    "<p>Agreed, and budget for it from day one.</p>",
    '<p>Here is the report: <a href="https://example.org/report-0.pdf" rel="nofollow ugc">'
    "https://example.org/report-0.pdf</a> (Spanish, 40 pages).</p>",
    "<table>\n<thead>\n<tr>\n<th>Indicator</th>\n<th>2024</th>\n<th>2025</th>\n</tr>\n</thead>\n<tbody>\n"
    "<tr>\n<td>Coverage</td>\n<td>71%</td>\n<td>84%</td>\n</tr>\n<tr>\n<td>Dropout</td>\n<td>12%</td>\n"
    "<td>7%</td>\n</tr>\n</tbody>\n</table>",
    "<p>Nuestra experiencia con la telemedicina en zonas rurales fue muy positiva.</p>",
    "<p>A vacinação nas escolas aumentou a cobertura em <strong>15 pontos</strong>.</p>",
]
START = datetime(2025, 1, 1, tzinfo=UTC)
POSTS = [
    {"id": 1000 + n, "number": n, "username": f"bench{n * 7}", "display_name": f"Bench User {n * 7}",
     "country": "Brazil", "country_code": "BR", "organization": "Bench",
     "created_at": START + timedelta(minutes=n * 37), "html": Markup(BODIES[n % len(BODIES)])}  # noqa: S704 (constants)
    for n in range(1, 21)
]
THREAD = {"id": 24, "slug": "benchmark-thread-number-23", "title": "Benchmark thread number 23",
          "community": "Bench community 1", "community_slug": "bench-1"}


@app.template_filter("human_date")
def human_date(value: datetime) -> str:
    return value.strftime("%b %d, %Y")


@app.get("/u/<username>")
def user(username: str) -> str:
    return username


@app.get("/p/<int:post_id>")
def post(post_id: int) -> str:
    return str(post_id)


@app.get("/c/<slug>")
def community(slug: str) -> str:
    return slug


@app.get("/t/<int:thread_id>/<slug>")
def thread(thread_id: int, slug: str) -> str:
    return render_template("thread.html", thread=THREAD, posts=POSTS, padding=PADDING)


@app.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}


def _padding(target: int) -> str:
    """Static text that brings the page to `target` bytes (none if it is already that big)."""
    with app.test_request_context():
        size = len(render_template("thread.html", thread=THREAD, posts=POSTS, padding="").encode())
    return "x" * max(target - size, 0)


PADDING = _padding(int(os.environ.get("CEILING_PAGE_BYTES", "25000")))
THREAD_PATH = f"/t/{THREAD['id']}/{THREAD['slug']}"
