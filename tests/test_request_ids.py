"""`X-Request-Id` (forum/request_ids.py): every answer names its request, error pages show the
same id as their reference, and a proxy's id is kept only when it looks like one."""

import re

import pytest

from tests.test_api_support import API

HEX_ID = re.compile(r"[0-9a-f]{32}")


def test_every_answer_has_an_id_of_its_own(client):
    ids = [client.get(path).headers["X-Request-Id"] for path in ("/", "/", "/login", "/no-such-page")]
    assert all(HEX_ID.fullmatch(value) for value in ids)
    assert len(set(ids)) == len(ids)


def test_an_error_page_shows_its_request_s_id_as_the_reference(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert f"Reference: {response.headers['X-Request-Id']}" in response.get_data(as_text=True)
    spanish = client.get("/no-such-page", headers={"Accept-Language": "es"})
    assert f"Referencia: {spanish.headers['X-Request-Id']}" in spanish.get_data(as_text=True)


def test_an_api_error_carries_the_id_in_its_header(client):
    response = client.get(f"{API}/threads/999999")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    assert HEX_ID.fullmatch(response.headers["X-Request-Id"])


def test_a_proxy_s_id_is_kept(client):
    given = "5f0c2b8e9a7d4c1e8b3a6f2d0e9c7b5a"  # nginx's $request_id
    response = client.get("/no-such-page", headers={"X-Request-Id": given})
    assert response.headers["X-Request-Id"] == given
    assert f"Reference: {given}" in response.get_data(as_text=True)


@pytest.mark.parametrize("given", ["short", "x" * 65, "id with spaces", "<script>alert(1)</script>",
                                   "abc123\u00b2def456", "abcdefgh;rm -rf"])
def test_anything_else_sent_as_an_id_is_replaced_never_echoed(client, given):
    response = client.get("/no-such-page", headers={"X-Request-Id": given})
    assert HEX_ID.fullmatch(response.headers["X-Request-Id"])
    assert given not in response.get_data(as_text=True)
