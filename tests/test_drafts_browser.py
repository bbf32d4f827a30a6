"""In a real browser: a half-written reply is saved while typing (at most once every 5 s) and when
the page is left, and the reloaded page has it back."""

import time

import pytest

from forum.extensions import db
from forum.models import User
from tests.browser import log_in
from tests.conftest import persona, shared_app
from tests.factories import make_community, make_thread
from tests.live import live_server

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.fixture(scope="module")
def thread_url(request, tmp_path_factory):
    with shared_app(request, "sqlite", "drafts-browser") as app:
        persona(app, "member", role="member")
        with app.app_context():
            author = db.session.scalar(db.select(User).where(User.username == "member"))
            thread = make_thread(author, make_community("vaccines"), title="Cold chain on river routes")
            db.session.commit()
            path = f"/t/{thread.id}/{thread.slug}"
        with live_server(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path_factory.mktemp("drafts-browser")) as server:
            yield server.url, path


def test_a_reply_is_saved_while_typing_and_back_after_a_reload(chromium, thread_url):
    base, path = thread_url
    context = chromium.new_context(base_url=base)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    saves: list[float] = []
    page.on("request", lambda r: saves.append(time.monotonic()) if r.method == "PUT" and "/api/v1/drafts/" in r.url
            else None)
    try:
        log_in(page, base, "member")
        page.goto(path)
        page.locator("#body").press_sequentially("Solar fridges", delay=20)
        page.locator(".draft-status", has_text="Draft saved.").wait_for(timeout=5_000)
        assert len(saves) == 1  # many keystrokes, one write
        page.locator("#body").press_sequentially(" worked for us", delay=20)
        page.wait_for_timeout(1_500)
        assert len(saves) == 1  # the next write waits for the 5 s to pass...
        page.reload()  # ...or for the page to be left (keepalive)
        assert page.input_value("#body") == "Solar fridges worked for us"
        assert page.locator(".draft-notice").is_visible()
        # The save sent when leaving reached the server too (a browser may not report it as this page's request).
        key = "reply:" + path.split("/")[2]
        read = f"fetch('/api/v1/drafts/{key}').then(r => r.json()).then(j => j.draft.body)"
        for _attempt in range(30):
            if page.evaluate(read) == "Solar fridges worked for us":
                break
            page.wait_for_timeout(100)
        assert page.evaluate(read) == "Solar fridges worked for us"
        assert not errors, errors
    finally:
        context.close()
