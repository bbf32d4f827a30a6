"""The search page, the header search box and GET /api/v1/search: shapes, errors, hostile queries,
permissions through HTTP, and a constant number of SQL statements per page. SQLite and PostgreSQL.
"""

import re

import pytest
from sqlalchemy import inspect

from forum.extensions import db
from forum.models import Post
from forum.services import moderation
from tests.conftest import starting_rows
from tests.factories import make_community, make_post, make_thread, make_user

# "invalid": control characters in a query string are refused at the boundary (forum.boundary).
DOCUMENTED_CODES = {"empty_query", "too_long", "invalid"}
HOSTILE = [
    '"', '""', '"""', "*", "**", "NEAR(", "NEAR(a b, 2)", "AND OR NOT", "a AND", "OR", "NOT vacunas",
    "'); DROP TABLE posts; --", "1' OR '1'='1", ":*", "vacunas:*", "!&|", "!!", "& | ! <-> <2>", "a <-> b",
    "x" * 10_000, "vacunas " * 30, "\x00", "vacunas\x00dengue", "\x01\x02\x1f\x7f", "\u200b\u200e\ufeff",
    '"unbalanced quote', "unbalanced quote\"", "(", ")", "((vacunas", "vacunas))", "{title}: x", "title:x",
    "^vacunas", "-", "--", "- -x", "-\"\"", "🦟 dengue 💉", "🦟", "%", "%25", "\\", "\\'", "'",
    "vacunas -", "-vacunas -dengue", "a" * 200, "a" * 201, "ñ" * 199, "Ǆ ǅ ǆ", "İstanbul", "ß",
    "\U0001d533\U0001d51e\U0001d520\U0001d532\U0001d52b\U0001d51e",  # mathematical letters "vacuna"
    "١٢٣", "日本語の検索", "<script>alert(1)</script>", "&amp;", "SELECT * FROM users",
]


@pytest.fixture
def forum(app):
    """A thread and three replies by Luis (built once per process)."""
    return starting_rows(app, "search-web-forum", lambda: _build_forum(app))


def _build_forum(app) -> dict:
    with app.app_context():
        author = make_user("luis", display_name="Luis Quispe")
        community = make_community("vaccines", name="Immunization")
        thread = make_thread(author, community, title="Cadena de frío en la selva",
                             body="La vacuna llegó a la comunidad rural con la cadena de frío.")
        for n in range(3):
            make_post(author, thread, f"Las vacunas contra el dengue número {n} llegaron.")
        db.session.commit()
        return {"thread_id": thread.id, "slug": thread.slug}


def test_the_header_has_a_labelled_search_box(client, forum):
    html = client.get("/").get_data(as_text=True)
    form = re.search(r'<form class="site-search" method="get" action="/search" role="search">'
                     r"(.*?)</form>", html, re.S)
    assert form, "search form in the header"
    assert '<label for="site-search-q"' in form.group(1)
    assert 'id="site-search-q" type="search" name="q"' in form.group(1)


def test_search_page_without_a_query_shows_the_form(client, forum):
    response = client.get("/search")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'<input [^>]*id="q" [^>]*name="q"', html)
    for name in ("type", "community", "author", "kind", "lang", "from", "to", "sort"):
        assert f'name="{name}"' in html, name
    assert 'name="include_hidden"' not in html  # moderators only
    assert "Results" not in html


def test_search_page_results(client, forum):
    response = client.get("/search?q=vacunas&group=post")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "4 results" in html
    assert "<mark>vacunas</mark>" in html and "<mark>vacuna</mark>" in html
    assert re.search(r'href="/p/\d+"', html)
    assert 'value="vacunas"' in html  # the form keeps the query


def test_search_page_groups_posts_by_thread_by_default(client, forum):
    html = client.get("/search?q=vacunas").get_data(as_text=True)
    assert "1 result" in html  # one thread: the opening post and three replies match
    assert html.count(f'href="/t/{forum["thread_id"]}/{forum["slug"]}"') == 1
    posts = re.search(r'<ul class="search-group-posts"[^>]*>(.*?)</ul>', html, re.S)
    assert posts and len(re.findall(r'href="/p/\d+"', posts.group(1))) == 3  # the best three
    assert "1 more matching post" in html and "group=post" in html
    assert '<option selected value="thread">' in html or 'value="thread" selected' in html


def test_search_page_links_threads_and_people(client, forum):
    html = client.get("/search?q=selva").get_data(as_text=True)
    assert f'href="/t/{forum["thread_id"]}/{forum["slug"]}"' in html
    html = client.get("/search?q=quispe&type=people").get_data(as_text=True)
    assert "Luis <mark>Quispe</mark>" in html and "@luis" in html


def test_search_page_filters_keep_their_values(client, forum):
    html = client.get("/search?q=vacunas&type=posts&community=vaccines&sort=newest&lang=es&from=2020-01-01"
                      ).get_data(as_text=True)
    assert '<option selected value="posts">' in html or 'value="posts" selected' in html
    assert 'value="2020-01-01"' in html


@pytest.mark.parametrize(("query", "code", "message"), [
    ("", "empty_query", "Type a word to search for."),
    ("   ", "empty_query", "Type a word to search for."),
    ("-dengue", "empty_query", "excluded words alone"),
    ("x" * 201, "too_long", "at most 200 characters"),
])
def test_empty_or_too_long_query(client, forum, query, code, message):
    response = client.get("/search", query_string={"q": query})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and re.search(r'<input [^>]*aria-invalid="true"[^>]*id="q"', html)
    api = client.get("/api/v1/search", query_string={"q": query})
    assert api.status_code == 422
    assert api.get_json()["error"]["code"] == code
    assert message in api.get_json()["error"]["message"]


def test_api_without_q_is_an_empty_query(client, forum):
    response = client.get("/api/v1/search")
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "empty_query"


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_are_safe(app, client, forum, query):
    for path in ("/search", "/api/v1/search"):
        response = client.get(path, query_string={"q": query})
        assert response.status_code in (200, 422), (path, response.status_code)
        if response.status_code == 422:
            body = response.get_json() if path.startswith("/api") else None
            if body is not None:
                assert body["error"]["code"] in DOCUMENTED_CODES
    with app.app_context():
        assert {"posts", "users", "search_documents"} <= set(inspect(db.engine).get_table_names())
        assert db.session.scalar(db.select(db.func.count()).select_from(Post)) == 4


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%FF%FE", "%C3", "%00%00", "vacunas%E2%80%AEdengue"])
def test_undecodable_bytes_are_safe(client, forum, raw):
    for path in ("/search", "/api/v1/search"):
        assert client.get(f"{path}?q={raw}").status_code in (200, 422)


def test_hostile_filters_are_refused_cleanly(client, forum):
    for args in ({"type": "'; DROP"}, {"from": "2025-99-99"}, {"community": "no\x00where"}, {"author": "x" * 500},
                 {"page": "0"}, {"page": "-1"}, {"sort": "rank; --"}, {"lang": "*"}, {"page": "9" * 30},
                 {"from": "0000-01-01"}, {"to": "2025-02-30"}, {"community": "x" * 65}):
        response = client.get("/api/v1/search", query_string={"q": "vacunas", **args})
        assert response.status_code in (404, 422), args
        page = client.get("/search", query_string={"q": "vacunas", **args})
        assert page.status_code in (404, 422), args


@pytest.mark.parametrize("bounds", [{"from": "0001-01-01"}, {"to": "9999-12-31"},
                                    {"from": "0001-01-01", "to": "9999-12-31"}, {"to": "0001-01-01"}])
def test_extreme_dates_are_answered(client, forum, bounds):
    body = client.get("/api/v1/search", query_string={"q": "vacunas", **bounds}).get_json()
    assert body["total"] == (0 if bounds.get("to") == "0001-01-01" else 4)
    assert client.get("/search", query_string={"q": "vacunas", **bounds}).status_code == 200


def test_api_shape(client, forum):
    body = client.get("/api/v1/search?q=vacunas&sort=newest").get_json()
    assert set(body) >= {"items", "page", "pages", "total"}
    assert (body["page"], body["pages"], body["total"]) == (1, 1, 4)
    item = body["items"][0]
    assert set(item) >= {"type", "id", "title", "snippet", "url", "created_at", "community", "author"}
    assert item["type"] == "post" and item["url"] == f"/p/{item['id']}"
    assert item["community"] == {"slug": "vaccines", "name": "Immunization", "localized_name": "Immunization"}
    assert item["author"]["username"] == "luis"
    assert item["title"] == "Cadena de frío en la selva"
    assert "<mark>vacunas</mark>" in item["snippet"]
    assert item["created_at"].endswith("Z")


def test_api_filters(client, forum):
    assert client.get("/api/v1/search?q=vacunas&type=threads").get_json()["total"] == 0
    assert client.get("/api/v1/search?q=selva&type=threads").get_json()["total"] == 1
    assert client.get("/api/v1/search?q=vacunas&community=vaccines&author=luis&lang=es&kind=discussion"
                      ).get_json()["total"] == 4
    assert client.get("/api/v1/search?q=vacunas&to=2000-01-01").get_json()["total"] == 0
    assert client.get("/api/v1/search?q=vacunas&community=nowhere").get_json()["error"]["code"] == "unknown_community"


def test_hidden_posts_through_http(app, client, auth, forum, moderator, member):
    with app.app_context():
        post = db.session.scalar(db.select(Post).where(Post.thread_id == forum["thread_id"], Post.number == 2))
        mod = db.session.get(type(post.author), moderator.id)
        moderation.do_hide_post(mod, post, reason="spam")
        db.session.commit()
        hidden_id = post.id
    assert client.get("/api/v1/search?q=dengue&include_hidden=1").get_json()["total"] == 2
    auth.login("member")
    assert client.get("/api/v1/search?q=dengue&include_hidden=1").get_json()["total"] == 2
    auth.logout()
    auth.login("moderator")
    assert client.get("/api/v1/search?q=dengue").get_json()["total"] == 2
    body = client.get("/api/v1/search?q=dengue&include_hidden=1").get_json()
    assert body["total"] == 3 and {i["id"] for i in body["items"] if i["is_hidden"]} == {hidden_id}
    html = client.get("/search?q=dengue&include_hidden=y&group=post").get_data(as_text=True)
    assert 'name="include_hidden"' in html and "3 results" in html and "Hidden" in html


def test_pagination_on_the_page(app, client, forum):
    with app.app_context():
        author = make_user("many")
        thread = make_thread(author, make_community("other"), title="Sarampión", body="Sarampión en la ciudad.")
        for n in range(24):
            make_post(author, thread, f"Nuevo caso de sarampión {n}.")
        db.session.commit()
    first = client.get("/search?q=sarampi%C3%B3n&type=posts&group=post").get_data(as_text=True)
    assert "25 results" in first and first.count('class="thread-item search-result') == 20
    assert 'rel="next"' in first and "page=2" in first
    second = client.get("/search?q=sarampi%C3%B3n&type=posts&group=post&page=2").get_data(as_text=True)
    assert second.count('class="thread-item search-result') == 5
    assert client.get("/search?q=sarampi%C3%B3n&type=posts&page=3").status_code == 404
    assert client.get("/search?q=sarampi%C3%B3n&page=abc").status_code == 404
    api = client.get("/api/v1/search?q=sarampi%C3%B3n&type=posts&page=2").get_json()
    assert (api["page"], api["pages"], len(api["items"])) == (2, 2, 5)


@pytest.mark.parametrize("signed_in", [False, True])
def test_search_page_queries_are_constant(app, client, auth, count_queries, signed_in, moderator):
    with app.app_context():
        author = make_user("writer")
        community = make_community("c1")
        few = make_thread(author, community, title="Pocos", body="Malaria una vez.")
        make_post(author, few, "Malaria dos veces.")
        many = make_thread(author, community, title="Muchos", body="Tuberculosis una vez.")
        for n in range(30):
            make_post(author, many, f"Tuberculosis número {n}.")
        db.session.commit()
    if signed_in:
        auth.login("moderator")
    # The planner's table statistics are kept for ten minutes (forum/search/costs.py): the first
    # search of a process reads them once more, whichever test it belongs to.
    assert client.get("/search?q=gripe").status_code == 200
    counts = []
    for query in ("malaria", "tuberculosis"):
        with count_queries() as counter:
            response = client.get(f"/search?q={query}&include_hidden=y&author=writer&community=c1")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    # Session user, moderated communities, the community list, the community and author filters,
    # the match (PostgreSQL: word forms, newest id, one to three slices), the exact
    # title lookup, the threads of the matches (grouping by thread), the page of results.
    assert counts[1] <= 13
