"""JSON API v1 bad input: every refusal is the error JSON with the right status, and changes nothing."""

import pytest

from tests.conftest import persona, starting_rows
from tests.test_api_support import (
    API,
    World,
    assert_error,
    bearer,
    build_world,
    get_post,
    get_thread,
    issue_token,
    row_counts,
    sent_events,
)

MiB = 1024 * 1024
JSON = "application/json"
DEEP = "[" * 100_000 + "]" * 100_000  # ~200 KB: far below the size limit, far above the parser's recursion limit


def _json(payload):
    return {"json": payload}


def _raw(data, content_type=JSON):
    return {"data": data, "content_type": content_type}


def _thread(**fields):
    return _json({"title": "A valid title", "body": "A valid body", **fields})


# (id, target, request kwargs, status, code). A target is an endpoint name, optionally ":<slug or id>".
CASES = [
    # not JSON
    ("form-create", "create_thread", {"data": {"title": "A valid title", "body": "x"}}, 400, "not_json"),
    ("form-reply", "reply", {"data": {"body": "x"}}, 400, "not_json"),
    ("form-edit", "edit", {"data": {"body": "x"}}, 400, "not_json"),
    ("text-plain", "reply", _raw('{"body": "x"}', "text/plain"), 400, "not_json"),
    ("no-body", "reply", {}, 400, "not_json"),
    # invalid JSON
    ("truncated-create", "create_thread", _raw('{"title": "A valid title", "body": '), 400, "invalid_json"),
    ("truncated-reply", "reply", _raw('{"body": '), 400, "invalid_json"),
    ("truncated-edit", "edit", _raw('{"body": '), 400, "invalid_json"),
    ("empty", "reply", _raw(""), 400, "invalid_json"),
    ("single-quotes", "reply", _raw("{'body': 'x'}"), 400, "invalid_json"),
    ("not-utf8", "reply", _raw(b'{"body": "\xff\xfe"}'), 400, "invalid_json"),
    ("deeply-nested-reply", "reply", _raw(DEEP), 400, "invalid_json"),
    ("deeply-nested-edit", "edit", _raw('{"body": ' + DEEP + "}"), 400, "invalid_json"),
    # JSON, but not an object
    ("array-create", "create_thread", _json(["A valid title", "body"]), 400, "invalid_json"),
    ("array-reply", "reply", _json([{"body": "x"}]), 400, "invalid_json"),
    ("array-edit", "edit", _json(["x"]), 400, "invalid_json"),
    ("string", "reply", _json("x"), 400, "invalid_json"),
    ("number", "reply", _raw("42"), 400, "invalid_json"),
    ("null", "reply", _raw("null"), 400, "invalid_json"),
    # missing or empty fields
    ("missing-all-create", "create_thread", _json({}), 422, "required"),
    ("missing-body-create", "create_thread", _json({"title": "A valid title"}), 422, "required"),
    ("missing-title", "create_thread", _json({"body": "A valid body"}), 422, "required"),
    ("missing-body-reply", "reply", _json({}), 422, "required"),
    ("missing-body-edit", "edit", _json({}), 422, "required"),
    ("empty-body", "reply", _json({"body": ""}), 422, "required"),
    ("blank-body", "reply", _json({"body": "  \n\t \r\n"}), 422, "required"),
    ("null-body", "reply", _json({"body": None}), 422, "required"),
    ("blank-title", "create_thread", _thread(title="    "), 422, "required"),
    ("empty-body-edit", "edit", _json({"body": ""}), 422, "required"),
    # wrong types
    ("body-int", "reply", _json({"body": 42}), 422, "wrong_type"),
    ("body-float", "reply", _json({"body": 1.5}), 422, "wrong_type"),
    ("body-bool", "reply", _json({"body": True}), 422, "wrong_type"),
    ("body-list", "reply", _json({"body": ["x"]}), 422, "wrong_type"),
    ("body-object", "reply", _json({"body": {"text": "x"}}), 422, "wrong_type"),
    ("body-int-edit", "edit", _json({"body": 42}), 422, "wrong_type"),
    ("body-int-create", "create_thread", _thread(body=42), 422, "wrong_type"),
    ("title-list", "create_thread", _thread(title=[]), 422, "wrong_type"),
    ("title-int", "create_thread", _thread(title=12345), 422, "wrong_type"),
    ("kind-int", "create_thread", _thread(kind=5), 422, "wrong_type"),
    # values out of the rules
    ("kind-unknown", "create_thread", _thread(kind="poll"), 422, "invalid"),
    ("title-too-short", "create_thread", _thread(title="abc"), 422, "too_short"),
    ("title-short-after-trim", "create_thread", _thread(title="   abcd   "), 422, "too_short"),
    ("title-too-long", "create_thread", _thread(title="t" * 201), 422, "too_long"),
    ("body-too-long-create", "create_thread", _thread(body="x" * 50_001), 422, "too_long"),
    ("body-too-long-reply", "reply", _json({"body": "x" * 50_001}), 422, "too_long"),
    ("body-too-long-edit", "edit", _json({"body": "é" * 50_001}), 422, "too_long"),
    # unknown fields: no mass assignment
    ("field-role", "reply", _json({"body": "x", "role": "admin"}), 422, "unknown_field"),
    ("field-number", "reply", _json({"body": "x", "number": 1}), 422, "unknown_field"),
    ("field-author", "reply", _json({"body": "x", "author_id": 1}), 422, "unknown_field"),
    ("pinned", "create_thread", _thread(is_pinned=True), 422, "unknown_field"),
    ("locked", "create_thread", _thread(is_locked=False), 422, "unknown_field"),
    ("community", "create_thread", _thread(community_id=1), 422, "unknown_field"),
    ("revisions", "edit", _json({"body": "x", "revision_count": 0}), 422, "unknown_field"),
    ("thread", "edit", _json({"body": "x", "thread_id": 1}), 422, "unknown_field"),
    ("deleted", "edit", _json({"body": "x", "deleted_at": None}), 422, "unknown_field"),
    # control characters
    ("nul-body", "reply", _json({"body": "before\x00after"}), 422, "invalid"),
    ("bell-body", "reply", _json({"body": "ring \x07"}), 422, "invalid"),
    ("escape-body", "reply", _json({"body": "\x1b[31mred"}), 422, "invalid"),
    ("del-body", "reply", _json({"body": "x\x7fy"}), 422, "invalid"),
    ("nul-body-edit", "edit", _json({"body": "\x00"}), 422, "invalid"),
    ("nul-body-create", "create_thread", _thread(body="a\x00b"), 422, "invalid"),
    ("nul-title", "create_thread", _thread(title="Cold\x00chain"), 422, "invalid"),
    ("del-title", "create_thread", _thread(title="Cold \x7f chain"), 422, "invalid"),
    # a lone UTF-16 surrogate is valid JSON but not text any database or sanitizer can take
    ("surrogate-body", "reply", _raw(r'{"body": "a\ud800b"}'), 422, "invalid"),
    ("surrogate-body-edit", "edit", _raw(r'{"body": "\udfff"}'), 422, "invalid"),
    ("surrogate-title", "create_thread", _raw(r'{"title": "Cold \ud800 chain", "body": "x"}'), 422, "invalid"),
    # too large for the server (MAX_CONTENT_LENGTH = 1 MiB)
    ("huge-reply", "reply", _json({"body": "x" * (MiB + 1)}), 413, "too_large"),
    ("huge-create", "create_thread", _thread(body="x" * (MiB + 1)), 413, "too_large"),
    ("huge-edit", "edit", _json({"body": "x" * (MiB + 1)}), 413, "too_large"),
    # unknown things
    ("unknown-community", "create_thread:nowhere", _thread(), 404, "not_found"),
    ("unknown-thread", "reply:999999", _json({"body": "x"}), 404, "not_found"),
    ("unknown-post-edit", "edit:999999", _json({"body": "x"}), 404, "not_found"),
    ("unknown-post-delete", "delete:999999", {}, 404, "not_found"),
    ("unknown-thread-read", "show:999999", {}, 404, "not_found"),
    # ids beyond the database's integer columns (32-bit on PostgreSQL, 64-bit on SQLite) are unknown too
    ("thread-id-over-int32", "reply:2147483648", _json({"body": "x"}), 404, "not_found"),
    ("thread-id-over-int64", "reply:9223372036854775808", _json({"body": "x"}), 404, "not_found"),
    ("read-id-over-int32", "show:2147483648", {}, 404, "not_found"),
    ("read-id-over-int64", "show:99999999999999999999", {}, 404, "not_found"),
    ("post-id-over-int32-edit", "edit:2147483648", _json({"body": "x"}), 404, "not_found"),
    ("post-id-over-int64-delete", "delete:9223372036854775808", {}, 404, "not_found"),
]


@pytest.fixture
def start(app) -> tuple[World, str]:
    """The member, a community with their thread and their reply, and their API token: built once per
    process, copied in for every other test."""
    return starting_rows(app, "api-errors-world", lambda: _build_start(app))


def _build_start(app) -> tuple[World, str]:
    member = persona(app, "member", role="member")
    return build_world(app, member, member), issue_token(app, member)


@pytest.fixture
def world(start):
    return start[0]


@pytest.fixture
def headers(start):
    return bearer(start[1])


def _call(client, world, headers, target, kwargs):
    name, _sep, ident = target.partition(":")
    method, path = {
        "create_thread": ("post", f"{API}/communities/{ident or world.slug}/threads"),
        "reply": ("post", f"{API}/threads/{ident or world.thread_id}/posts"),
        "edit": ("patch", f"{API}/posts/{ident or world.reply_id}"),
        "delete": ("delete", f"{API}/posts/{ident or world.reply_id}"),
        "show": ("get", f"{API}/threads/{ident or world.thread_id}"),
    }[name]
    return getattr(client, method)(path, headers=headers, **kwargs)


@pytest.mark.parametrize(("target", "kwargs", "status", "code"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_bad_input_is_refused_and_changes_nothing(app, client, world, headers, captured_events,
                                                  target, kwargs, status, code):
    before = row_counts(app)

    assert_error(_call(client, world, headers, target, kwargs), status, code)

    assert row_counts(app) == before
    reply = get_post(app, world.reply_id)
    assert (reply.source, reply.revision_count, reply.deleted_at) == ("A first reply", 0, None)
    thread = get_thread(app, world.thread_id)
    assert (thread.post_count, thread.last_post_number) == (2, 2)
    assert sent_events(captured_events) == []


def test_the_next_write_after_refusals_still_works(app, client, world, headers):
    """A refused write leaves no half-open transaction or used-up post number behind."""
    for _id, target, kwargs, _status, _code in CASES[:10]:
        _call(client, world, headers, target, kwargs)
    response = client.post(f"{API}/threads/{world.thread_id}/posts", headers=headers, json={"body": "Fine"})
    assert response.status_code == 201
    assert response.get_json()["post"]["number"] == 3


@pytest.mark.parametrize(("target", "kwargs", "status"), [
    ("create_thread", _thread(title="t" * 5), 201),
    ("create_thread", _thread(title="t" * 200), 201),
    ("create_thread", _thread(body="x" * 50_000), 201),
    ("reply", _json({"body": "x" * 50_000}), 201),
    ("reply", _json({"body": "tabs\tand\nnew\r\nlines"}), 201),
    ("edit", _json({"body": "é" * 50_000}), 200),
], ids=["title-5", "title-200", "body-50000-create", "body-50000-reply", "whitespace-controls",
        "body-50000-edit"])
def test_values_at_the_limits_are_accepted(app, client, world, headers, target, kwargs, status):
    response = _call(client, world, headers, target, kwargs)
    assert response.status_code == status, response.get_data(as_text=True)[:300]


def test_unknown_api_route_is_json_404(app, client):
    assert_error(client.get(f"{API}/nothing-here"), 404, "not_found")


def test_wrong_method_is_json_405_with_allow(app, client, world, headers):
    response = client.put(f"{API}/posts/{world.reply_id}", headers=headers, json={"body": "x"})
    assert_error(response, 405, "method_not_allowed")
    assert {m.strip() for m in response.headers["Allow"].split(",")} >= {"PATCH", "DELETE"}
    assert_error(client.delete(f"{API}/threads/{world.thread_id}", headers=headers), 405, "method_not_allowed")
