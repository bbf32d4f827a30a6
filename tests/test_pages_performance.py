"""Pages run a constant number of SQL statements, whatever their size."""

import pytest

from forum.extensions import db
from forum.seed.bench import load_bench
from tests.factories import make_community, make_post, make_thread, make_user

# current user (none here) + thread + posts with authors; community page: community + threads.
THREAD_PAGE_QUERIES = 4
# A member's: + the user (with the session), + their reply draft, + their bookmarks on the page,
# + their reactions, + their subscription, + the communities they moderate; a moderator's adds the
# communities of the move form.
MEMBER_THREAD_PAGE_QUERIES = THREAD_PAGE_QUERIES + 6
MODERATOR_THREAD_PAGE_QUERIES = MEMBER_THREAD_PAGE_QUERIES + 1
COMMUNITY_PAGE_QUERIES = 4
# The home page of the mission (forum/services/home.py): cooperation counts per country (open, then
# those of deleted threads), experience counts per country, the published total, the newest offers
# and requests (ids, rows, themes, facets), experiences (+ themes), communities, latest threads.
# tests/test_home.py counts the member's version.
HOME_QUERIES = 12


def _thread_with(app, replies: int, authors: int) -> tuple[int, str]:
    with app.app_context():
        community = make_community("vaccines")
        people = [make_user(f"author{i}") for i in range(authors)]
        thread = make_thread(people[0], community)
        for n in range(replies):
            make_post(people[(n + 1) % authors], thread, f"Reply {n} with a [link](https://paho.org)")
        db.session.commit()
        return thread.id, thread.slug


@pytest.mark.parametrize(("replies", "authors"), [(1, 2), (19, 20)])
def test_thread_page_queries_are_constant(app, client, count_queries, replies, authors):
    thread_id, slug = _thread_with(app, replies, authors)
    with count_queries() as counter:
        response = client.get(f"/t/{thread_id}/{slug}")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('class="post') >= replies + 1
    assert counter.count <= THREAD_PAGE_QUERIES, counter.statements


def test_long_thread_first_and_last_page_are_constant(app, client, count_queries):
    with app.app_context():
        load_bench(posts=2000, threads=2, users=40, communities=1, long_thread_share=1.0,
                   progress=lambda _msg: None)
        db.session.commit()
        from forum.models import Thread

        thread = db.session.scalars(db.select(Thread).order_by(Thread.post_count.desc())).first()
        thread_id, slug, last = thread.id, thread.slug, thread.last_post_number
    assert last == 2000
    for page in (1, 100):
        with count_queries() as counter:
            response = client.get(f"/t/{thread_id}/{slug}?page={page}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert f'id="post-{(page - 1) * 20 + 1}"' in html and f'id="post-{page * 20}"' in html
        assert counter.count <= THREAD_PAGE_QUERIES, counter.statements
    assert client.get(f"/t/{thread_id}/{slug}?page=101").status_code == 404


@pytest.mark.parametrize("threads", [2, 30])
def test_community_and_home_queries_are_constant(app, client, count_queries, threads):
    with app.app_context():
        community = make_community("vaccines")
        for i in range(threads):
            author = make_user(f"starter{i}")
            thread = make_thread(author, community, title=f"Thread number {i}")
            make_post(make_user(f"replier{i}"), thread)
        db.session.commit()
    with count_queries() as counter:
        assert client.get("/c/vaccines").status_code == 200
    assert counter.count <= COMMUNITY_PAGE_QUERIES, counter.statements
    with count_queries() as counter:
        assert client.get("/").status_code == 200
    assert counter.count <= HOME_QUERIES, counter.statements


def test_a_process_that_serves_pages_loads_no_renderer_detector_or_image_library(app, tmp_path):
    """markdown-it, pycld2 and Pillow (4.6 MB a process) work when text or an image is written:
    a server process that only serves pages (wsgi.py, what gunicorn imports) never loads them."""
    import subprocess
    import sys
    from pathlib import Path

    with app.test_request_context(method="POST"):
        author = make_user("ana")
        thread = make_thread(author, make_community("vaccines"), title="Cold chain on river routes",
                             body="Solar fridges on **boats**.")
        make_post(author, thread, "And cold boxes for the last mile.")
        db.session.commit()
        paths = ["/", "/c/vaccines", f"/t/{thread.id}/{thread.slug}", "/u/ana", "/search?q=fridges"]
    script = ("import sys, wsgi\n"
              "client = wsgi.app.test_client()\n"
              f"print([client.get(path).status_code for path in {paths!r}],"
              " sorted(m for m in ('markdown_it', 'pycld2', 'PIL') if m in sys.modules))\n")
    env = {"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "test", "PATH": "/usr/bin:/bin",
           "FORUM_INSTANCE_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60,
                            cwd=str(Path(__file__).resolve().parent.parent))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "[200, 200, 200, 200, 200] []", result.stdout
