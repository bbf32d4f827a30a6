"""In a real browser (Debian's Chromium driven by Playwright): live replies, and the page without JavaScript."""

import itertools
import json
import re
import urllib.request
from dataclasses import dataclass

import pytest
from flask import Flask

from forum.extensions import db
from forum.models import Community, Post, User
from forum.services.accounts import do_create_token
from tests.browser import log_in
from tests.conftest import persona, shared_app
from tests.factories import make_community, make_thread
from tests.live import live_server

pytestmark = [pytest.mark.browser, pytest.mark.live]


@dataclass
class Site:
    app: Flask  # on the database the server serves
    url: str
    community_id: int


@pytest.fixture(scope="module")
def site(request, tmp_path_factory):
    """One gunicorn process for the module, on SQLite as every browser test (tests/browser.py: the
    live path's backends are tests/test_realtime.py's), with `member` and a moderator. Each test
    gets a thread by an author of its own (`thread_url`), so replies and notifications are its own."""
    with shared_app(request, "sqlite", "browser") as app:
        persona(app, "member", role="member")
        persona(app, "moderator", role="moderator")
        with app.app_context():
            community_id = make_community("vaccines").id
            db.session.commit()
        with live_server(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path_factory.mktemp("browser")) as server:
            yield Site(app, server.url, community_id)


_authors = itertools.count(1)


@pytest.fixture
def author(site) -> str:
    """A member of this test's own (a username): their notifications and their thread's replies
    are this test's alone."""
    return persona(site.app, f"author{next(_authors)}", role="member").username


@pytest.fixture
def thread_url(site, author):
    """The server's address, and the path of a thread `author` started."""
    with site.app.app_context():
        community = db.session.get(Community, site.community_id)
        thread = make_thread(db.session.scalar(db.select(User).where(User.username == author)), community,
                             title="Cold chain on river routes", body=f"How do you keep vaccines cold, {author}?")
        db.session.commit()
        return site.url, f"/t/{thread.id}/{thread.slug}"


def _logged_in_page(chromium, base: str, username: str, *, javascript: bool = True):
    context = chromium.new_context(base_url=base, java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, base, username)
    return context, page, errors


def test_a_reply_appears_live_in_another_browser(chromium, thread_url, author):
    base, path = thread_url
    writer_context, writer, writer_errors = _logged_in_page(chromium, base, "member")
    reader_context, reader, reader_errors = _logged_in_page(chromium, base, author)
    try:
        reader.goto(path)
        writer.goto(path)
        # Both pages are connected once the reader sees two readers.
        reader.locator("#live-presence", has_text="2").wait_for(timeout=10_000)
        writer.fill("#body", "Solar fridges worked for us on the **Ucayali**.")
        writer.click(".reply-form button[type=submit]")
        writer.wait_for_selector("#post-2")

        reader.wait_for_selector("#post-2", timeout=5_000)  # no reload: it came over the socket
        body = reader.inner_html("#post-2 .post-body")
        assert "<strong>Ucayali</strong>" in body
        # Announced 50 ms after the post is drawn (thread-live.js empties the region first, so a
        # screen reader reads the same words again).
        from playwright.sync_api import expect

        expect(reader.locator("#live-status")).to_have_text(re.compile(r"^New post by"), timeout=5_000)
        assert reader.evaluate("performance.getEntriesByType('navigation').length") == 1
        assert not writer_errors and not reader_errors, writer_errors + reader_errors  # no CSP violation
    finally:
        writer_context.close()
        reader_context.close()


def test_reading_and_replying_work_without_javascript(chromium, thread_url):
    base, path = thread_url
    context, page, _errors = _logged_in_page(chromium, base, "member", javascript=False)
    try:
        page.goto(path)
        assert page.is_visible("#post-1")
        page.fill("#body", "Replying from a phone with scripts off.")
        page.click(".reply-form button[type=submit]")
        page.wait_for_selector("#post-2")
        assert "scripts off" in page.inner_text("#post-2")
    finally:
        context.close()



def _api_post(base: str, token: str, path: str, payload: dict) -> dict:
    request = urllib.request.Request(base + path, data=json.dumps(payload).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_the_header_count_of_unread_notifications_updates_live(chromium, site, thread_url, author):
    """The thread's author reads the home page; a moderator warns them through the API; the badge changes."""
    base, path = thread_url
    thread_id = int(path.split("/")[2])
    with site.app.app_context():
        moderator = db.session.scalar(db.select(User).where(User.username == "moderator"))
        _token, raw = do_create_token(moderator, "browser test")
        opening_id = db.session.scalar(db.select(Post.id).where(Post.thread_id == thread_id, Post.number == 1))
        db.session.commit()
    context, page, errors = _logged_in_page(chromium, base, author)
    try:
        page.goto("/")
        assert page.locator("#notifications-link .count-badge").count() == 0
        page.locator('#notifications-link[data-live="connected"]').wait_for(timeout=15_000)
        _api_post(base, raw, f"/api/v1/moderation/posts/{opening_id}", {"action": "warn", "message": "Mind the tone"})
        page.locator("#notifications-link .count-badge", has_text="1").wait_for(timeout=15_000)
        page.locator("#live-notice", has_text="New notification: 1 unread").wait_for(timeout=2_000)
        assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # no reload
        assert not errors, errors  # no CSP violation
    finally:
        context.close()


# The parts of a thread page that live updates change, as HTML with the per-render CSRF tokens and
# the reader's open menus set aside and whitespace between tags collapsed.
LIVE_PARTS = """() => {
  const part = (selector) => {
    const el = document.querySelector(selector);
    if (!el) { return null; }
    const copy = el.cloneNode(true);
    copy.querySelectorAll('input[name$="csrf_token"]').forEach((i) => i.setAttribute('value', ''));
    copy.querySelectorAll('details').forEach((d) => d.removeAttribute('open'));
    return copy.innerHTML.replace(/>\\s+</g, '><').replace(/\\s+/g, ' ').trim();
  };
  return {posts: part('#posts'), header: part('[data-live-part="header"]'),
          reply: part('[data-live-part="reply"]'), moderation: part('[data-live-part="moderation"]')};
}"""


def test_what_arrives_live_is_what_a_reload_shows(chromium, site, thread_url, author, clients):
    """A member and a moderator read a thread; its author posts (after typing) and edits, a moderator
    hides the reply and locks the thread. After each, each reader's page is the same HTML as the
    page loaded afresh in their browser: the post with its country, organization, avatar, relative
    time and the links this reader may use, the reply counter, the hidden post, the locked notice."""
    base, path = thread_url
    thread_id = int(path.split("/")[2])
    with site.app.app_context():
        tokens = {}
        for name in (author, "moderator"):
            user = db.session.scalar(db.select(User).where(User.username == name))
            tokens[name] = do_create_token(user, "browser test")[1]
        db.session.commit()
    readers = [_logged_in_page(chromium, base, name) for name in ("member", "moderator")]
    writer = clients(base, token=tokens[author])

    def same_as_reload(what: str) -> None:
        for context, page, errors in readers:
            live = page.evaluate(LIVE_PARTS)
            fresh = context.new_page()
            fresh.goto(path)
            reloaded = fresh.evaluate(LIVE_PARTS)
            fresh.close()
            assert live == reloaded, f"{what}: the live page differs from a reload"
            assert not errors, errors

    try:
        for _context, page, _errors in readers:
            page.goto(path)
        for _context, page, _errors in readers:
            page.locator("#live-presence", has_text="2").wait_for(timeout=10_000)
        assert writer.call("join", {"room": f"thread:{thread_id}"})["ok"]
        writer.call("typing", {"room": f"thread:{thread_id}"})
        for _context, page, _errors in readers:
            page.locator("#live-typing", has_text="is typing").wait_for(timeout=5_000)

        reply = _api_post(base, tokens[author], f"/api/v1/threads/{thread_id}/posts",
                          {"body": "Solar fridges worked for us on the **Ucayali**."})["post"]
        for _context, page, _errors in readers:
            page.locator("#post-2 .post-actions").wait_for(timeout=5_000)
            assert page.text_content("#live-typing") == ""  # the post arrived: no longer typing
            assert page.text_content("#reply-count") == "1 reply"
        assert readers[0][1].locator("#post-2 .post-country").count() == 1
        same_as_reload("a reply")

        request = urllib.request.Request(f"{base}/api/v1/posts/{reply['id']}", method="PATCH",
                                         data=json.dumps({"body": "Solar fridges, and **ice packs**."}).encode(),
                                         headers={"Authorization": f"Bearer {tokens[author]}",
                                                  "Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10).close()
        for _context, page, _errors in readers:
            page.locator("#post-2 .edited").wait_for(timeout=5_000)
        same_as_reload("an edit")

        _api_post(base, tokens["moderator"], f"/api/v1/moderation/posts/{reply['id']}",
                  {"action": "hide", "reason": "Off topic"})
        readers[0][1].locator("#post-2 .post-hidden").wait_for(timeout=5_000)
        readers[1][1].locator("#post-2 .hidden-note").wait_for(timeout=5_000)
        same_as_reload("a hidden post")

        _api_post(base, tokens["moderator"], f"/api/v1/moderation/threads/{thread_id}", {"action": "lock"})
        readers[0][1].locator("[data-live-part=reply] .notice-locked").wait_for(timeout=5_000)
        readers[1][1].locator("[data-live-part=header] .notice-locked").wait_for(timeout=5_000)
        assert readers[0][1].locator(".reply-form").count() == 0
        same_as_reload("a lock")
        for _context, page, _errors in readers:
            assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # never reloaded
    finally:
        for context, _page, _errors in readers:
            context.close()
