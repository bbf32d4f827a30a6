"""One integer and one text check at the boundary (issue #16, findings 6 and 7): hostile values in
every parameter of every route, and not one 5xx.

The walks run once, on PostgreSQL when there is one (conftest.ONE_BACKEND): it refuses what
SQLite refuses (a Python int past 2**63) and more (a NUL in text, a number past INTEGER's
2**31), and the second walk cost a minute of every run. What differs on SQLite is its search
syntax (FTS5), which tests/test_search*.py feed hostile queries on SQLite; the named cases below
run on both databases.

The values: Unicode digits ("²" passes str.isdigit(), "١٢" passes int()), numbers too long for
int() or too large for PostgreSQL's INTEGER and BIGINT, a negative number, and control characters
(PostgreSQL refuses NUL in text; SQLite stores it). They go into:

* every path parameter of every route (tests/routes.py lists them from app.url_map);
* every query-string name a GET route reads (recorded while it answers), every field of the GET
  forms it shows, and a fixed set of common names;
* every field of every POST form the pages show, and every field a POST, PUT, PATCH or DELETE
  route reads from its form or its JSON body (recorded while it answers an empty one).

Numbers go one parameter at a time: each view parses its own, and a first refused parameter would
hide the next. Control characters in paths, query strings and JSON bodies go to all parameters at
once: the boundary refuses them before any view runs (forum.boundary, api.helpers.json_body), so
one request per route shows it does. Form values reach the services' validators, field by field, so
a NUL goes to each field alone (and the rarer values to all fields at once): the walk runs with
every suite, so it stays at a few thousand requests.

Everything runs as an admin (the persona that reaches the most code), who also takes part in a
conversation; when an action ends the admin's session, the walker logs in again.
"""

import re
from collections import defaultdict

import pytest
from werkzeug.exceptions import HTTPException

from forum.extensions import db
from forum.models import User
from forum.services.messages import do_start_conversation
from tests.conftest import ONE_BACKEND, PASSWORD, Auth, app_identity, starting_rows
from tests.route_world import DRAFT, PROJECT_AGREED, VISIBLE, World, build_world
from tests.routes import Route, check_fillable, html_forms, recording_reads, routes

NUMBERS = ["²", "١٢", "9" * 5000, str(2**31), str(2**63), "-1"]
CONTROLS = ["a\x00b", "\x07\x1f"]
# An <int:...> path parameter: the converter decides before any view (a 404 when it does not match).
ID_VALUES = ["²", "١٢", str(2**31)]
# Form fields: these to each field alone, then the others to all fields at once (a view that parses
# a number itself does so before any service refuses another field).
FIELD_VALUES = ["²", "a\x00b"]
FORM_VALUES = ["١٢", "9" * 5000, str(2**31), str(2**63), "-1"]
# JSON fields: likewise, with numbers as text and as JSON numbers (Python ints of any size).
JSON_FIELD_VALUES = ["²", 2**63]
JSON_VALUES = ["١٢", "9" * 5000, str(2**31), 2**31, -1, 10**30, [None], {"": 1}]
# Sent to every GET route besides the names it is seen to read: their numbers, all at once.
COMMON_NAMES = ("page", "q", "after", "quote", "country", "theme", "year", "from", "to", "type", "community",
                "author", "kind", "lang", "language", "sort", "include_hidden", "unread", "v", "next", "action",
                "actor", "target_type", "target_id", "sector", "expertise", "status", "modality", "sdg",
                "support", "revision", "post_ids", "thread_id", "username", "login", "id")
COMMON_VALUES = ["²", "9" * 5000]
# Query parameters: each read name gets QUERY_VALUES alone; these go to all of them at once.
QUERY_VALUES = ["²", "9" * 5000, str(2**31), str(2**63)]
QUERY_BATCH_VALUES = ["١٢", "-1"]
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class Walker:
    """An admin's session, with the objects of the world to fill paths with."""

    def __init__(self, app, w: World, conversation_id: int) -> None:
        self.app, self.w = app, w
        self.client = app.test_client()
        self.values = {
            "post_id": w.posts[VISIBLE], "thread_id": w.threads["main"][0], "experience_id": w.experiences[DRAFT][0],
            "username": w.usernames["member"],
            "conversation_id": conversation_id, "user_id": w.users["author"], "notification_id": 1, "token_id": 1,
            "token": "not-a-valid-token", "code": "BR", "to": "in_review", "lang": "pt",
            # No such match or login: the walker must not end its own session.
            "match_id": 10**6, "session_id": 10**6, "decision": "accept", "mail_id": 1, "interest_id": 10**6,
            "alert_id": 10**6, "bookmark_id": 10**6, "kind": "helpful", "key": f"reply:{w.threads['main'][0]}",
            "project_id": w.projects[PROJECT_AGREED][0], "milestone_id": w.projects[PROJECT_AGREED][1],
            "line_id": w.projects[PROJECT_AGREED][2],
            "upload_id": next(iter(w.uploads.values())), "name": "file.txt", "document": "terms",
            "invitation_id": 10**6,  # no such invitation: 404 (a real one would be revoked by the walk)
            "provider": "ministry",
        }
        self.failures: list[str] = []
        self.login()

    def login(self) -> None:
        assert Auth(self.client).login(self.w.usernames["admin"], PASSWORD).status_code == 302
        self.csrf = Auth(self.client).csrf_token("/")

    def ensure_signed_in(self) -> None:
        if self.client.get("/api/v1/me").status_code != 200:
            self.login()

    def after(self, route: Route) -> None:
        """Back to a session that may do everything: signed in again if an action ended it, and the
        terms accepted again if the walk published a version of them (every page would ask)."""
        self.ensure_signed_in()
        if route.endpoint == "legal.edit":
            self.client.post("/legal/accept", data={"csrf_token": self.csrf})

    def fill(self, route: Route, **bad: object) -> str:
        values = dict(self.values)
        slug = {"thread": self.w.threads["main"][1], "experience": self.w.experiences[DRAFT][1]}
        values["slug"] = slug.get(route.object_kind or "", self.w.here)
        if "/organizations/" in route.rule:
            values["slug"] = self.w.organizations[0]
        values.update(bad)
        return route.url(values)

    def send(self, method: str, url: str, *, query=None, form=None, json=None, data=None) -> object:
        headers = {"X-CSRFToken": self.csrf}
        if form is not None:
            form = {"csrf_token": self.csrf, **form}
        if data is not None:
            headers["Content-Type"] = "application/json"
        sent = f"{method} {url[:120]} query={_short(query)} form={_short(form)} json={_short(json)} data={_short(data)}"
        try:
            response = self.client.open(url, method=method, query_string=query or {},
                                        data=form if form is not None else data, json=json, headers=headers)
        except Exception as error:  # TESTING propagates a 500's exception: note it, go on
            self.failures.append(f"{sent} -> {type(error).__name__}: {str(error)[:120]}")
            return self.client.get("/healthz")
        if response.status_code >= 500:
            self.failures.append(f"{sent} -> {response.status_code}")
        return response


def _html(response) -> str:
    """A page's HTML; "" for anything else (a data archive, an image, a PDF). The body is read
    either way: a streamed one (the open-data CSV) holds its request's context until it is."""
    body = response.get_data()
    return body.decode() if response.mimetype == "text/html" else ""


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 100 else text[:97] + "..."


def _walker(app) -> Walker:
    """An admin's walker on the world, which is built once per test process and copied in for
    every other test of the module (conftest.starting_rows): the walks only need its ids."""
    w, conversation_id = starting_rows(app, "route-inputs-world", lambda: _build(app))
    return Walker(app, w, conversation_id)


def _build(app) -> tuple[World, int]:
    with app.app_context():
        w = build_world()
        admin = db.session.get(User, w.users["admin"])
        conversation = do_start_conversation(admin, to="author", subject="Cold chain", body="Hello")
        db.session.commit()
        return w, conversation.id


FILLABLE = {"post_id", "thread_id", "experience_id", "username", "conversation_id", "user_id", "notification_id",
            "token_id", "token", "slug", "code", "to", "match_id", "session_id", "decision", "mail_id",
            "interest_id", "alert_id", "bookmark_id", "project_id", "milestone_id", "line_id", "lang", "key",
            "upload_id", "name", "kind", "document", "provider", "invitation_id"}


# The two long walks are cut in shares of the routes, so the test workers share them.
SHARES = 3


def _share(found: list, share: int) -> list:
    return [route for index, route in enumerate(found) if index % SHARES == share]


def _report(walker: Walker) -> None:
    assert not walker.failures, f"{len(walker.failures)} answers of 5xx:\n" + "\n".join(walker.failures)


@ONE_BACKEND
def test_hostile_path_parameters(app):
    walker = _walker(app)
    all_routes = routes(app)
    check_fillable(all_routes, FILLABLE)
    for route in all_routes:
        method = "GET" if "GET" in route.methods else sorted(route.methods)[0]
        body = {"json": {}} if route.is_api and method != "GET" else {"form": {}} if method != "GET" else {}
        for name in route.arguments:
            for bad in ID_VALUES if name in route.integer_arguments else NUMBERS:
                walker.send(method, walker.fill(route, **{name: bad}), **body)
        text_arguments = [name for name in route.arguments if name not in route.integer_arguments]
        for bad in CONTROLS if text_arguments else ():
            walker.send(method, walker.fill(route, **dict.fromkeys(text_arguments, bad)), **body)
        if method != "GET":
            walker.after(route)
    _report(walker)


@ONE_BACKEND
@pytest.mark.parametrize("share", range(SHARES))
def test_hostile_query_strings(app, share):
    walker = _walker(app)
    with recording_reads(app) as names:
        for route in _share(routes(app, "GET"), share):
            url = walker.fill(route)
            page = walker.send("GET", url)
            read = names()
            # The GET forms the page shows for itself (filters): their fields are parameters too.
            for form in html_forms(_html(page), url):
                if form.method == "get" and form.action == url:
                    read |= set(form.fields)
            # A route that reads q (a search) looks at its other parameters only when q is given.
            base = {"q": "vacunas"} if "q" in read else {}
            tried: set[str] = set()
            while read - tried:
                name = sorted(read - tried)[0]
                tried.add(name)
                for bad in QUERY_VALUES:
                    walker.send("GET", url, query={**base, name: bad})
                    read |= names()
            everything = tried | set(COMMON_NAMES)
            for bad in QUERY_BATCH_VALUES:
                walker.send("GET", url, query={**base, **dict.fromkeys(tried - {"q"}, bad)})
            for bad in COMMON_VALUES:
                walker.send("GET", url, query={**base, **dict.fromkeys(COMMON_NAMES, bad)})
            walker.send("GET", url, query={**dict.fromkeys(everything, CONTROLS[0]), CONTROLS[1]: "1"})
            names()
    _report(walker)


# The POST forms' fields, by endpoint, read once per test process and app: each share starts from
# the same copy of the world, so every share would read the same pages again.
_FORM_FIELDS: dict[tuple[str, int], dict[str, dict[str, str]]] = {}


def _post_form_fields(app, walker: Walker) -> dict[str, dict[str, str]]:
    """Every POST form the pages show, by the endpoint it is sent to: its fields and their values."""
    with app.app_context():
        key = (db.engine.url.render_as_string(hide_password=False), app_identity(app))
    if key in _FORM_FIELDS:
        return _FORM_FIELDS[key]
    adapter = app.url_map.bind("localhost")
    form_fields: dict[str, dict[str, str]] = defaultdict(dict)
    for route in routes(app, "GET"):
        url = walker.fill(route)
        for form in html_forms(_html(walker.send("GET", url)), url):
            if form.method != "post":
                continue
            try:
                endpoint, _args = adapter.match(form.action, method="POST")
            except HTTPException:  # a form sent elsewhere, or to no route: not ours to walk
                continue
            for name, value in form.fields.items():
                form_fields[endpoint].setdefault(name, value)
    _FORM_FIELDS[key] = form_fields
    return form_fields


@ONE_BACKEND
@pytest.mark.parametrize("share", range(SHARES))
def test_hostile_form_fields_and_json_bodies(app, share):
    walker = _walker(app)
    write_routes = _share([r for r in routes(app) if set(r.methods) & set(WRITE_METHODS)], share)
    form_fields = _post_form_fields(app, walker)
    with recording_reads(app) as names:
        for route in write_routes:
            url = walker.fill(route)
            for method in sorted(set(route.methods) & set(WRITE_METHODS)):
                if route.is_api:
                    walker.send(method, url, json={})
                    fields = names()
                    for name in sorted(fields):
                        for bad in JSON_FIELD_VALUES:
                            walker.send(method, url, json={name: bad})
                    for bad in [*JSON_VALUES, *CONTROLS] if fields else CONTROLS:
                        walker.send(method, url, json=dict.fromkeys(fields or {"x"}, bad))
                    walker.send(method, url, data='{"n": ' + "9" * 5000 + "}")
                    walker.send(method, url, data='{"\\u0000": 1}')
                    continue
                defaults = {k: v for k, v in form_fields[route.endpoint].items() if k != "csrf_token"}
                walker.send(method, url, form=defaults)
                fields = (names() | set(defaults)) - {"csrf_token"}
                for name in sorted(fields):
                    for bad in FIELD_VALUES:
                        walker.send(method, url, form={**defaults, name: bad})
                for bad in FORM_VALUES if fields else ():
                    walker.send(method, url, form={**defaults, **dict.fromkeys(fields, bad)})
                walker.send(method, url, form={**defaults, **dict.fromkeys(CONTROLS, "1")})
                names()
            walker.after(route)
    _report(walker)


def test_a_reply_with_a_nul_character_comes_back_with_what_was_typed(app):
    walker = _walker(app)
    thread_id = walker.w.threads["main"][0]
    typed = "Our fridges held at 4 °C\x00 for the whole route."
    response = walker.send("POST", f"/t/{thread_id}/reply", form={"body": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This text contains characters that are not allowed." in html
    assert re.search(r"<textarea[^>]*>\s*Our fridges held at 4 °C", html), "the form keeps what was typed"


def test_numbers_at_the_boundary(app):
    """The reported cases, by name: Unicode and huge pages, move and split forms, API numbers."""
    walker = _walker(app)
    for page in ("²", "١٢", "9" * 5000):
        assert walker.send("GET", "/people", query={"page": page}).status_code == 404
        assert walker.send("GET", "/api/v1/communities/vaccines/threads", query={"page": page}).status_code == 422
    thread_id = walker.w.threads["main"][0]
    # ١٢ was routed to thread 12 by werkzeug's int converter (\d matches Arabic-Indic digits).
    assert walker.send("GET", "/t/١٢").status_code == 404
    assert walker.send("GET", f"/t/{2**31}").status_code == 404
    moved = walker.send("POST", f"/moderation/threads/{thread_id}/move", form={"community": "²", "reason": "x"})
    assert moved.status_code == 422 and "Choose a community." in moved.get_data(as_text=True)
    split = walker.send("POST", f"/moderation/threads/{thread_id}/split",
                        form={"post_ids": ["²", "١٢"], "title": "A thread of its own"})
    assert split.status_code == 422
    for text in ("\x00", "a\x00b"):
        assert walker.send("GET", "/people", query={"q": text}).status_code == 422
        assert walker.send("GET", "/moderation/log", query={"actor": text}).status_code == 422
    _report(walker)


def test_a_reply_quoting_a_post_number_no_id_has_is_posted(app):
    """A quote's link names the post it quotes ("[wrote](/p/12)"), and the quoted post's author is
    notified: /p/99999999999 went to the database as an id and PostgreSQL refused it (a 500)."""
    walker = _walker(app)
    thread_id = walker.w.threads["main"][0]
    for link in ("/p/99999999999", "/p/" + "9" * 30, "/p/١٢"):
        response = walker.send("POST", f"/t/{thread_id}/reply", form={"body": f"As [wrote]({link}) said."})
        assert response.status_code == 302, link
    _report(walker)
