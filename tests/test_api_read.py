"""JSON API v1 reads: communities, thread listings, posts by page and after a number, query counts."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from forum.extensions import db
from forum.models import Post, Thread, User
from forum.services import accounts
from forum.services.communities import do_join
from forum.services.posts import do_delete_post
from tests.factories import make_community, make_post, make_thread, make_user
from tests.test_api_support import API, assert_error, bearer, build_world, issue_token, uid

BASE = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)

COMMUNITY_KEYS = {"id", "slug", "name", "description", "thread_count", "post_count", "member_count",
                  "last_activity_at"}
THREAD_KEYS = {"id", "community", "title", "slug", "kind", "author", "is_pinned", "is_locked", "post_count",
               "last_post_number", "answered_post_id", "created_at", "last_activity_at"}
POST_KEYS = {"is_hidden", "id", "thread_id", "number", "author", "html", "is_deleted", "created_at", "edited_at",
             "revision_count", "reactions", "my_reactions"}


def _set_activity(thread_id: int, when: datetime, *, pinned: bool = False) -> None:
    db.session.execute(update(Thread).where(Thread.id == thread_id).values(last_activity_at=when, is_pinned=pinned))


def _thread_with_posts(app, author, n_posts: int) -> int:
    """A thread in a new community with `n_posts` posts (the opening post included), all by `author`."""
    with app.app_context():
        user = db.session.get(User, uid(author))
        thread = make_thread(user, make_community("vaccines"), body="Post number 1")
        for n in range(2, n_posts + 1):
            make_post(user, thread, f"Post number {n}")
        db.session.commit()
        return thread.id


# ---------- communities ----------


def test_communities_list_is_public_and_ordered_with_counters(app, client, member, other_member):
    with app.app_context():
        ana, bruno = db.session.get(User, uid(member)), db.session.get(User, uid(other_member))
        vaccines = make_community("vaccines", name="Vaccines", position=1, description="Cold chains")
        surveillance = make_community("surveillance", name="Surveillance", position=0)
        make_community("zika", name="Zika", position=1)
        first = make_thread(ana, vaccines)
        make_post(bruno, first)
        make_post(ana, first)
        make_thread(bruno, vaccines, title="Second thread here")
        make_thread(ana, surveillance)
        do_join(ana, vaccines)
        do_join(bruno, vaccines)
        db.session.commit()

    response = client.get(f"{API}/communities")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    items = response.get_json()["items"]
    # by position, then name
    assert [c["slug"] for c in items] == ["surveillance", "vaccines", "zika"]
    assert all(set(c) >= COMMUNITY_KEYS for c in items)
    by_slug = {c["slug"]: c for c in items}
    assert by_slug["vaccines"]["name"] == "Vaccines"
    assert by_slug["vaccines"]["description"] == "Cold chains"
    assert (by_slug["vaccines"]["thread_count"], by_slug["vaccines"]["post_count"],
            by_slug["vaccines"]["member_count"]) == (2, 4, 2)
    assert (by_slug["surveillance"]["thread_count"], by_slug["surveillance"]["post_count"],
            by_slug["surveillance"]["member_count"]) == (1, 1, 0)
    assert (by_slug["zika"]["thread_count"], by_slug["zika"]["post_count"]) == (0, 0)
    assert by_slug["zika"]["last_activity_at"] is None
    assert by_slug["vaccines"]["last_activity_at"].endswith("Z")


def test_communities_counters_follow_api_writes(app, client, member):
    world = build_world(app, member)
    headers = bearer(issue_token(app, member))
    assert client.post(f"{API}/threads/{world.thread_id}/posts", json={"body": "Reply"},
                       headers=headers).status_code == 201
    created = client.post(f"{API}/communities/vaccines/threads", headers=headers,
                          json={"title": "Another thread", "body": "Opening"})
    assert created.status_code == 201
    assert client.delete(f"{API}/posts/{created.get_json()['post']['id']}", headers=headers).status_code == 200

    vaccines = client.get(f"{API}/communities").get_json()["items"][0]

    # 2 threads and 3 posts were written; deleting the lone opening post removed one of each.
    assert (vaccines["thread_count"], vaccines["post_count"]) == (1, 2)


# ---------- thread listings ----------


def test_threads_listing_pinned_first_then_by_last_activity(app, client, member):
    with app.app_context():
        user = db.session.get(User, uid(member))
        community = make_community("vaccines")
        ids = {name: make_thread(user, community, title=f"Thread {name}").id for name in "ABCDE"}
        _set_activity(ids["A"], BASE - timedelta(days=30), pinned=True)  # old, but pinned
        _set_activity(ids["B"], BASE + timedelta(hours=3))
        _set_activity(ids["C"], BASE + timedelta(hours=2))
        _set_activity(ids["D"], BASE - timedelta(hours=1))
        _set_activity(ids["E"], BASE + timedelta(hours=5))
        # E is deleted (its lone opening post was): no longer listed nor counted.
        do_delete_post(user, db.session.scalar(select(Post).where(Post.thread_id == ids["E"])))
        db.session.commit()

    response = client.get(f"{API}/communities/vaccines/threads")

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"items", "page", "pages", "total"}
    assert [t["id"] for t in body["items"]] == [ids["A"], ids["B"], ids["C"], ids["D"]]
    assert [t["is_pinned"] for t in body["items"]] == [True, False, False, False]
    assert (body["page"], body["pages"], body["total"]) == (1, 1, 4)
    item = body["items"][1]
    assert set(item) >= THREAD_KEYS
    assert item["title"] == "Thread B" and item["slug"] == "thread-b" and item["community"] == "vaccines"
    assert item["author"] == {"id": uid(member), "username": "member", "display_name": "Member", "country": "BR"}
    assert item["last_activity_at"] == "2024-03-01T15:00:00Z"

    # A reply moves D to the top of the unpinned threads.
    reply = client.post(f"{API}/threads/{ids['D']}/posts", json={"body": "Bump"},
                        headers=bearer(issue_token(app, member)))
    assert reply.status_code == 201
    order = [t["id"] for t in client.get(f"{API}/communities/vaccines/threads").get_json()["items"]]
    assert order == [ids["A"], ids["D"], ids["B"], ids["C"]]


def test_threads_listing_paginates_by_25(app, client, member):
    with app.app_context():
        user = db.session.get(User, uid(member))
        community = make_community("vaccines")
        ids = []
        for i in range(26):
            thread = make_thread(user, community, title=f"Thread number {i}")
            _set_activity(thread.id, BASE + timedelta(minutes=i))
            ids.append(thread.id)
        db.session.commit()
    newest_first = list(reversed(ids))

    page1 = client.get(f"{API}/communities/vaccines/threads").get_json()
    page1_explicit = client.get(f"{API}/communities/vaccines/threads?page=1").get_json()
    page2 = client.get(f"{API}/communities/vaccines/threads?page=2").get_json()
    page3 = client.get(f"{API}/communities/vaccines/threads?page=3")

    assert [t["id"] for t in page1["items"]] == newest_first[:25]
    assert page1_explicit == page1
    assert (page1["page"], page1["pages"], page1["total"]) == (1, 2, 26)
    assert [t["id"] for t in page2["items"]] == newest_first[25:] == [ids[0]]
    assert (page2["page"], page2["pages"], page2["total"]) == (2, 2, 26)
    assert page3.status_code == 200
    assert page3.get_json() == {"items": [], "page": 3, "pages": 2, "total": 26}


def test_threads_listing_of_an_empty_community(app, client):
    with app.app_context():
        make_community("vaccines")
        db.session.commit()
    response = client.get(f"{API}/communities/vaccines/threads")
    assert response.status_code == 200
    assert response.get_json() == {"items": [], "page": 1, "pages": 1, "total": 0}


@pytest.mark.parametrize(("page", "code"), [
    ("0", "out_of_range"),
    ("-1", "out_of_range"),
    ("1000001", "out_of_range"),
    ("abc", "wrong_type"),
    ("1.5", "wrong_type"),
    ("", "wrong_type"),
])
def test_threads_listing_bad_page_is_422(app, client, member, page, code):
    build_world(app, member)
    assert_error(client.get(f"{API}/communities/vaccines/threads?page={page}"), 422, code)


def test_threads_listing_of_unknown_community_is_404(app, client):
    assert_error(client.get(f"{API}/communities/nowhere/threads"), 404, "not_found")


# ---------- posts of a thread ----------


def test_thread_posts_by_page_of_20(app, client, member):
    thread_id = _thread_with_posts(app, member, 45)

    pages = {n: client.get(f"{API}/threads/{thread_id}?page={n}") for n in (1, 2, 3, 4)}
    default = client.get(f"{API}/threads/{thread_id}")

    assert all(r.status_code == 200 for r in pages.values())
    first = pages[1].get_json()
    assert set(first) == {"thread", "posts", "page", "pages"}
    assert default.get_json() == first
    assert [p["number"] for p in first["posts"]] == list(range(1, 21))
    assert [p["number"] for p in pages[2].get_json()["posts"]] == list(range(21, 41))
    assert [p["number"] for p in pages[3].get_json()["posts"]] == list(range(41, 46))
    assert pages[4].get_json()["posts"] == []
    assert [(pages[n].get_json()["page"], pages[n].get_json()["pages"]) for n in (1, 2, 3, 4)] == [
        (1, 3), (2, 3), (3, 3), (4, 3)]
    thread = first["thread"]
    assert set(thread) >= THREAD_KEYS
    assert (thread["id"], thread["post_count"], thread["last_post_number"]) == (thread_id, 45, 45)
    post = first["posts"][0]
    assert set(post) >= POST_KEYS
    assert set(post["author"]) == {"id", "username", "display_name", "country"}  # no email
    assert post["html"] == "<p>Post number 1</p>\n"
    assert (post["thread_id"], post["is_deleted"], post["edited_at"], post["revision_count"]) == (
        thread_id, False, None, 0)
    assert post["author"]["username"] == "member"


def test_thread_posts_after_a_number(app, client, member):
    thread_id = _thread_with_posts(app, member, 5)

    def after(value):
        response = client.get(f"{API}/threads/{thread_id}?after={value}")
        assert response.status_code == 200
        return response.get_json()

    body = after(2)
    assert set(body) == {"thread", "posts", "after", "has_more"}
    assert [p["number"] for p in body["posts"]] == [3, 4, 5]
    assert [p["html"] for p in body["posts"]] == [f"<p>Post number {n}</p>\n" for n in (3, 4, 5)]
    assert (body["after"], body["has_more"]) == (2, False)
    assert [p["number"] for p in after(0)["posts"]] == [1, 2, 3, 4, 5]
    assert [p["number"] for p in after(4)["posts"]] == [5]
    assert after(5)["posts"] == [] and after(5)["has_more"] is False
    assert after(99)["posts"] == []
    assert after(99)["thread"]["id"] == thread_id


def test_thread_posts_after_is_capped_and_says_there_is_more(app, client, member):
    thread_id = _thread_with_posts(app, member, 5)
    app.config["API_AFTER_LIMIT"] = 2

    body = client.get(f"{API}/threads/{thread_id}?after=1").get_json()
    rest = client.get(f"{API}/threads/{thread_id}?after=3").get_json()

    assert [p["number"] for p in body["posts"]] == [2, 3] and body["has_more"] is True
    assert [p["number"] for p in rest["posts"]] == [4, 5] and rest["has_more"] is False


def test_thread_posts_after_includes_deleted_posts_as_placeholders(app, client, member):
    thread_id = _thread_with_posts(app, member, 3)
    with app.app_context():
        second = db.session.scalar(select(Post.id).where(Post.thread_id == thread_id, Post.number == 2))
    assert client.delete(f"{API}/posts/{second}", headers=bearer(issue_token(app, member))).status_code == 200

    posts = client.get(f"{API}/threads/{thread_id}?after=1").get_json()["posts"]

    assert [(p["number"], p["is_deleted"], p["html"] is None) for p in posts] == [(2, True, True), (3, False, False)]


@pytest.mark.parametrize(("param", "value", "code"), [
    ("after", "-1", "out_of_range"),
    ("after", "abc", "wrong_type"),
    ("after", "2.5", "wrong_type"),
    ("after", "1000000001", "out_of_range"),
    ("page", "0", "out_of_range"),
    ("page", "abc", "wrong_type"),
    ("page", "-3", "out_of_range"),
])
def test_thread_bad_page_or_after_is_422(app, client, member, param, value, code):
    world = build_world(app, member)
    assert_error(client.get(f"{API}/threads/{world.thread_id}?{param}={value}"), 422, code)


def test_unknown_thread_is_404(app, client):
    assert_error(client.get(f"{API}/threads/424242"), 404, "not_found")


def test_reads_with_a_token_work_too(app, client, member):
    world = build_world(app, member)
    headers = bearer(issue_token(app, member))
    assert client.get(f"{API}/communities", headers=headers).status_code == 200
    assert client.get(f"{API}/communities/vaccines/threads", headers=headers).status_code == 200
    response = client.get(f"{API}/threads/{world.thread_id}", headers=headers)
    assert response.status_code == 200
    assert [p["number"] for p in response.get_json()["posts"]] == [1]


# ---------- query counts ----------


def _thread_by_distinct_authors(app, monkeypatch, n_posts: int, community_slug: str) -> int:
    # The authors never log in: skip argon2 so twenty accounts cost nothing.
    monkeypatch.setattr(accounts, "hash_password", lambda password: "no-login")
    with app.app_context():
        authors = [make_user(f"{community_slug}{i}") for i in range(n_posts)]
        thread = make_thread(authors[0], make_community(community_slug))
        for author in authors[1:]:
            make_post(author, thread)
        db.session.commit()
        return thread.id


def test_thread_page_uses_a_constant_number_of_queries(app, client, count_queries, monkeypatch):
    small = _thread_by_distinct_authors(app, monkeypatch, 2, "small")
    large = _thread_by_distinct_authors(app, monkeypatch, 20, "large")
    client.get(f"{API}/threads/{small}")  # warm up (first connection, dialect setup)

    counts = {}
    for name, thread_id in (("small", small), ("large", large)):
        for query in ("page=1", "after=0"):
            with count_queries() as q:
                response = client.get(f"{API}/threads/{thread_id}?{query}")
            assert response.status_code == 200
            counts[name, query] = q.count
    large_authors = {p["author"]["id"] for p in client.get(f"{API}/threads/{large}?page=1").get_json()["posts"]}

    assert len(large_authors) == 20
    assert counts["large", "page=1"] == counts["small", "page=1"] <= 3, counts
    assert counts["large", "after=0"] == counts["small", "after=0"] <= 3, counts


def test_threads_listing_uses_a_constant_number_of_queries(app, client, count_queries, monkeypatch):
    monkeypatch.setattr(accounts, "hash_password", lambda password: "no-login")
    with app.app_context():
        few, many = make_community("few"), make_community("many")
        for i in range(2):
            make_thread(make_user(f"few{i}"), few)
        for i in range(25):
            thread = make_thread(make_user(f"many{i}"), many)
            make_post(make_user(f"replier{i}"), thread)
        db.session.commit()
    client.get(f"{API}/communities")  # warm up

    counts = {}
    for slug in ("few", "many"):
        with count_queries() as q:
            response = client.get(f"{API}/communities/{slug}/threads")
        assert response.status_code == 200
        counts[slug] = q.count
    with count_queries() as q:
        assert client.get(f"{API}/communities").status_code == 200

    assert len(response.get_json()["items"]) == 25
    assert counts["many"] == counts["few"] <= 3, counts
    assert q.count <= 2
