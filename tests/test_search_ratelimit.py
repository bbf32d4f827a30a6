"""Searching has its own rate limit (RATELIMIT_SEARCH), shared by the page and the API."""

import pytest

from tests.conftest import make_test_config


@pytest.fixture
def app_config(database_url):
    return make_test_config(database_url, RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="3 per minute")


def test_page_and_api_share_one_search_budget(client):
    assert client.get("/search").status_code == 200  # the empty form does not count
    assert [client.get(path, query_string={"q": "vacunas"}).status_code
            for path in ("/search", "/api/v1/search", "/search")] == [200, 200, 200]
    limited = client.get("/api/v1/search", query_string={"q": "vacunas"})
    assert limited.status_code == 429 and limited.get_json()["error"]["code"] == "rate_limited"
    assert client.get("/search", query_string={"q": "dengue"}).status_code == 429
    assert client.get("/search").status_code == 200
