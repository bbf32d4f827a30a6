"""Drafts under rate limits: a reply refused for the posting limit keeps its text; saving drafts has
a limit of its own (RATELIMIT_DRAFT)."""

import pytest

from tests.conftest import form_post, make_test_config
from tests.test_api_support import API, assert_error, build_world, login
from tests.test_drafts import _put


@pytest.fixture
def app_config(database_url):
    return make_test_config(database_url, RATELIMIT_ENABLED=True, RATELIMIT_POST="1 per minute",
                            RATELIMIT_DRAFT="2 per minute")


def test_a_rate_limited_reply_keeps_its_text_and_saving_drafts_is_limited(app, client, member):
    world = build_world(app, member)
    login(client, "member")
    assert form_post(client, f"/t/{world.thread_id}/reply", {"body": "The first reply"}).status_code == 302
    limited = form_post(client, f"/t/{world.thread_id}/reply", {"body": "A second reply, too soon"})
    assert limited.status_code == 429
    assert client.get(f"{API}/drafts/reply:{world.thread_id}").get_json()["draft"]["body"] == "A second reply, too soon"

    key = f"thread:{world.slug}"
    assert _put(client, key, title="One", body="x").status_code == 200
    assert _put(client, key, title="Two", body="x").status_code == 200
    assert_error(_put(client, key, title="Three", body="x"), 429, "rate_limited")
