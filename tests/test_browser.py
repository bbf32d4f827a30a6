"""In a real browser (Debian's Chromium driven by Playwright): live replies, and the page without JavaScript."""

import json
import urllib.request

import pytest

from forum.extensions import db
from forum.models import Post, User
from forum.services.accounts import do_create_token
from tests.browser import log_in
from tests.factories import make_community, make_thread
from tests.live import live_server

pytestmark = [pytest.mark.browser, pytest.mark.live]

@pytest.fixture
def thread_url(app, member, other_member, database_url, tmp_path):
    with app.app_context():
        community = make_community("vaccines")
        thread = make_thread(db.session.get(User, other_member.id), community,
                             title="Cold chain on river routes", body="How do you keep vaccines cold?")
        db.session.commit()
        path = f"/t/{thread.id}/{thread.slug}"
    with live_server(database_url, tmp_path) as server:
        yield server.url, path


def _logged_in_page(chromium, base: str, username: str, *, javascript: bool = True):
    context = chromium.new_context(base_url=base, java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, base, username)
    return context, page, errors


def test_a_reply_appears_live_in_another_browser(chromium, thread_url):
    base, path = thread_url
    writer_context, writer, writer_errors = _logged_in_page(chromium, base, "member")
    reader_context, reader, reader_errors = _logged_in_page(chromium, base, "other")
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
        assert reader.text_content("#live-status").startswith("New post by")
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


def test_the_header_count_of_unread_notifications_updates_live(chromium, app, moderator, thread_url):
    """`other` reads the home page; a moderator warns them through the API; the badge changes."""
    base, _path = thread_url
    with app.app_context():
        _token, raw = do_create_token(db.session.get(User, moderator.id), "browser test")
        opening_id = db.session.scalar(db.select(Post.id).where(Post.number == 1))
        db.session.commit()
    context, page, errors = _logged_in_page(chromium, base, "other")
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
