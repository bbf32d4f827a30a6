"""JSON API v1 rate limits on posting (RATELIMIT_POST), per user, as error JSON with Retry-After."""

import itertools

import pytest

from tests.conftest import make_test_config
from tests.test_api_support import API, assert_error, bearer, build_world, issue_token, row_counts, sent_events

_serial = itertools.count(1)


@pytest.fixture
def app_config(database_url):
    return make_test_config(database_url, RATELIMIT_ENABLED=True, RATELIMIT_POST="2 per minute")


@pytest.fixture
def world(app, member):
    return build_world(app, member)


@pytest.fixture
def headers(app, member):
    return bearer(issue_token(app, member))


def _reply(client, world, headers, body=None):
    body = body or f"A reply {next(_serial)}"  # the same text twice would be refused as a duplicate
    return client.post(f"{API}/threads/{world.thread_id}/posts", headers=headers, json={"body": body})


def _new_thread(client, world, headers, title="A new thread"):
    return client.post(f"{API}/communities/{world.slug}/threads", headers=headers,
                       json={"title": title, "body": f"Body {title}"})


def _assert_limited(response) -> None:
    assert_error(response, 429, "rate_limited")
    retry_after = response.headers.get("Retry-After")
    assert retry_after is not None and retry_after.isdigit(), dict(response.headers)
    assert 0 < int(retry_after) <= 60


def test_replies_beyond_the_limit_are_429(app, client, world, headers, captured_events):
    assert [_reply(client, world, headers, f"Reply {n}").status_code for n in (1, 2)] == [201, 201]
    before = row_counts(app)
    captured_events.clear()

    _assert_limited(_reply(client, world, headers, "One too many"))

    assert row_counts(app) == before
    assert sent_events(captured_events) == []
    # reading is never limited
    shown = client.get(f"{API}/threads/{world.thread_id}", headers=headers)
    assert shown.status_code == 200
    assert [p["number"] for p in shown.get_json()["posts"]] == [1, 2, 3]


def test_new_threads_beyond_the_limit_are_429(app, client, world, headers):
    assert [_new_thread(client, world, headers, f"Thread number {n}").status_code for n in (1, 2)] == [201, 201]
    before = row_counts(app)

    _assert_limited(_new_thread(client, world, headers, "One thread too many"))

    assert row_counts(app) == before


def test_the_limit_is_per_user(app, client, world, headers, other_member):
    assert [_reply(client, world, headers).status_code for _ in range(2)] == [201, 201]
    _assert_limited(_reply(client, world, headers))

    other = bearer(issue_token(app, other_member))
    assert _reply(client, world, other, "Someone else").status_code == 201


def test_edits_and_deletes_are_not_posting(app, client, world, headers):
    """RATELIMIT_POST limits new content (POST); editing and deleting what one wrote stays possible."""
    posts = [_reply(client, world, headers, f"Reply {n}").get_json()["post"] for n in (1, 2)]
    _assert_limited(_reply(client, world, headers))

    assert client.patch(f"{API}/posts/{posts[0]['id']}", headers=headers, json={"body": "Edited"}).status_code == 200
    assert client.delete(f"{API}/posts/{posts[1]['id']}", headers=headers).status_code == 200


def test_the_posting_limit_is_one_budget_for_threads_and_replies(app, client, world, headers):
    """RATELIMIT_POST is how much one user may post, whatever the endpoint (the limit's scope is "posting").

    Fails today: `limiter.limit(..., scope="posting")` (forum/web/threads.py) is not a shared limit, so
    Flask-Limiter counts each endpoint separately and a user gets the budget once per posting endpoint.
    """
    assert [_reply(client, world, headers, f"Reply {n}").status_code for n in (1, 2)] == [201, 201]
    before = row_counts(app)

    _assert_limited(_new_thread(client, world, headers, "Third post of the minute"))

    assert row_counts(app) == before
