"""One rule for reading content, checked on every GET route (issue #16, finding 1).

Every GET route of `app.url_map` is requested as each of nine personas, its object parameters
filled with hidden (by a moderator, by flags), deleted, draft, in-review and private objects
(tests/route_world.py). Each secret text carries a marker word; a marker in a page, a JSON answer,
a feed or an export that its persona may not read is a leak. A route added later is walked the day
it appears; one with a path parameter the walker cannot fill fails the test (tests/routes.py).

Query parameters that change what a page shows are discovered while it answers: a route that reads
`q` is also asked for the marker word (with hidden posts included, for those who may), and one
that reads `quote` is asked to quote each post of its thread.
"""

import re
import time
from collections import defaultdict

import pytest

from tests.conftest import ONE_BACKEND, PASSWORD, Auth, make_test_config, starting_rows
from tests.route_world import ALLOWED, MOD_HIDDEN, MOD_HIDDEN_EARLIER, PERSONAS, SEARCH_WORD, World, build_world
from tests.routes import Route, check_fillable, recording_reads, response_text, routes


@pytest.fixture
def app_config(database_url):
    """The site as production serves it: the development mail page, which lists every mail the
    site wrote for whoever sits at the development machine, is a 404 there."""
    return make_test_config(database_url, FORUM_ENV="production")


def _world(app) -> World:
    """The world, built once per test process and copied in for every other persona
    (conftest.starting_rows): the walks only need its ids."""
    def build() -> World:
        with app.app_context():
            return build_world()

    return starting_rows(app, "route-access-world", build)


MARKERS = re.compile(r"\b(" + "|".join(sorted(ALLOWED, key=len, reverse=True)) + r")\b")
# Names of the personas' accounts in the world (anonymous has none).
ACCOUNTS = {persona: persona for persona in PERSONAS if persona != "anonymous"}


def _object_values(w: World, route: Route) -> list[dict[str, object]]:
    """Every way to fill the route's path: one per object of its kind (slugs follow the object)."""
    kind = route.object_kind
    if kind == "post":
        return [{"post_id": post_id} for post_id in w.posts.values()]
    if kind == "thread":
        return [{"thread_id": thread_id, "slug": slug} for thread_id, slug in w.threads.values()]
    if kind == "experience":
        # "pt": the language of the draft translation of the published experience.
        return [{"experience_id": record_id, "slug": slug, "lang": "pt"} for record_id, slug in w.experiences.values()]
    if kind == "user":
        return [{"username": w.usernames[name]} for name in ("author", "private", "gone")]
    if kind == "conversation":
        return [{"conversation_id": conversation_id} for conversation_id in w.conversations.values()]
    if kind == "upload":
        return [{"upload_id": upload_id, "name": "file.txt"} for upload_id in w.uploads.values()]
    if "/organizations/" in route.rule:
        return [{"slug": slug} for slug in w.organizations]
    if kind == "project":
        return [{"project_id": project_id, "milestone_id": milestone_id}
                for project_id, milestone_id, _line_id in w.projects.values()]
    # Routes about no object of these kinds: a community, a country, a signed token, a mail of the
    # development mail page (a 404 in production), the author's draft of a reply, a sign-in provider.
    return [{"slug": w.here, "code": "BR", "token": "not-a-valid-token", "mail_id": 1,
             "key": f"reply:{w.threads['main'][0]}", "document": "terms", "provider": "ministry"}]


FILLABLE = {"post_id", "thread_id", "experience_id", "username", "conversation_id", "slug", "code", "token",
            "mail_id", "project_id", "milestone_id", "lang", "key", "upload_id", "name", "document",
            "provider"}


def _walk(app, client, w: World, persona: str, get_routes: list[Route], leaks: list, seen: dict) -> int:
    requests = 0

    def visit(url: str, query: dict | None = None, slug: str = "") -> set[str]:
        nonlocal requests
        requests += 1
        response = client.get(url, query_string=query or {})
        reads = names()
        assert response.status_code < 500, f"{persona}: GET {url} {query or ''} -> {response.status_code}"
        # A page may repeat the address it was asked for (a login link's next=, the language
        # form): the walker put that slug there, the page did not reveal it.
        text = response_text(response).replace(slug, "") if slug else response_text(response)
        for marker in set(MARKERS.findall(text)):
            seen[marker].add(persona)
            if persona not in ALLOWED[marker]:
                leaks.append(f"{persona:<10} GET {url}{'?' + str(query) if query else ''} "
                             f"({response.status_code}) shows {marker}")
        return reads

    with recording_reads(app) as names:
        for route in get_routes:
            for values in _object_values(w, route):
                url = route.url(values)
                slug = str(values["slug"]) if "slug" in route.arguments else ""
                reads = visit(url, slug=slug)
                if "q" in reads:
                    visit(url, {"q": SEARCH_WORD, "include_hidden": "1"}, slug)
                if "quote" in reads and "thread_id" in values:
                    for post_id, thread_id in w.post_threads.items():
                        if thread_id == values["thread_id"]:
                            visit(url, {"quote": post_id}, slug)
    return requests


# The rule is Python (forum.permissions) and the queries behind these pages run on both databases
# in every other test: the walk, about 250 requests a persona, runs once, one persona a test so the
# workers share it.
@ONE_BACKEND
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_route_shows_text_to_someone_who_may_not_read_it(app, persona):
    started = time.monotonic()
    w = _world(app)
    get_routes = routes(app, "GET")
    check_fillable(get_routes, FILLABLE)
    leaks: list[str] = []
    seen: dict[str, set[str]] = defaultdict(set)
    client = app.test_client()
    if persona != "anonymous":
        response = Auth(client).login(ACCOUNTS[persona], PASSWORD)
        assert response.status_code == 302, f"{persona} could not log in"
    requests = _walk(app, client, w, persona, get_routes, leaks, seen)

    print(f"{persona}: {requests} requests in {time.monotonic() - started:.1f} s")
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(sorted(leaks))
    # The walker really sees text: this persona reads every secret it is allowed to read.
    unseen = [marker for marker, allowed in ALLOWED.items() if persona in allowed and persona not in seen[marker]]
    assert not unseen, f"{persona} saw none of {unseen}: the world or the walker is broken"


def test_revisions_of_a_hidden_post_are_for_its_moderators_and_its_author(app):
    """The finding as reported: /p/<id>/revisions printed a hidden post's source to anyone."""
    w = _world(app)
    post_id = w.posts[MOD_HIDDEN]
    for persona, allowed in (("anonymous", False), ("member", False), ("cmod_other", False), ("author", True),
                             ("cmod_here", True), ("moderator", True)):
        client = app.test_client()
        if persona != "anonymous":
            Auth(client).login(ACCOUNTS[persona], PASSWORD)
        page = client.get(f"/p/{post_id}/revisions")
        shown = MOD_HIDDEN in page.get_data(as_text=True) and MOD_HIDDEN_EARLIER in page.get_data(as_text=True)
        assert (page.status_code, shown) == ((200, True) if allowed else (403, False)), persona
