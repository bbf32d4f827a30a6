"""Every task, in Chromium with JavaScript turned off: read, register (with the mailed link), log in,
post, reply, edit, flag, moderate, promote, search, switch the language."""

import re

import pytest

from forum.extensions import db
from forum.models import Experience, Flag, Post, Thread, User
from tests.browser import SQLITE_ONLY, build_site, log_in
from tests.live import live_server
from tests.smtp import smtp_server  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.live, SQLITE_ONLY]


@pytest.fixture
def server(app, member, other_member, moderator, database_url, tmp_path, smtp_server):  # noqa: F811
    site = build_site(app)
    mail = {"MAIL_SERVER": smtp_server.host, "MAIL_PORT": str(smtp_server.port)}
    with live_server(database_url, tmp_path, extra_env=mail) as running:
        yield running, site


def _page(chromium, base: str):
    context = chromium.new_context(base_url=base, java_script_enabled=False, locale="en-US")
    return context, context.new_page()


def _submit(page, button_name: str, *, within: str = "main") -> None:
    page.locator(within).get_by_role("button", name=button_name, exact=True).first.click()


def test_a_newcomer_registers_confirms_logs_in_and_switches_language(chromium, server, smtp_server, app):  # noqa: F811
    running, _site = server
    context, page = _page(chromium, running.url)
    try:
        page.goto("/register")
        page.fill("#email", "lucia@example.org")
        page.fill("#username", "lucia")
        page.fill("#display_name", "Lucía Quispe")
        page.fill("#password", "a long enough passphrase 2026")
        page.select_option("#country", "PE")
        page.select_option("#sector", "government")
        page.fill("#organization", "Ministerio de Salud")
        _submit(page, "Register")
        assert "Check your email" in page.inner_text("main")
        [mail] = smtp_server.wait_for(1)
        link = re.search(r"https?://\S+/confirm/\S+", mail.get_body(("plain",)).get_content()).group(0)
        page.goto(link.replace(re.match(r"https?://[^/]+", link).group(0), running.url))
        assert page.url == running.url + "/login"
        log_in(page, running.url, "lucia", "a long enough passphrase 2026")
        assert "lucia" in page.inner_text("header")
        # The language switcher is a form: no script needed, and the choice is kept.
        page.select_option("#lang-select", "es")
        page.locator("header").get_by_role("button", name="Change language").click()
        assert page.get_attribute("html", "lang") == "es"
        page.goto("/people")
        assert page.get_attribute("html", "lang") == "es"
        with app.app_context():
            assert db.session.scalar(db.select(User.locale).where(User.username == "lucia")) == "es"
    finally:
        context.close()


def test_a_member_posts_replies_edits_flags_and_searches(chromium, server, app):
    running, site = server
    context, page = _page(chromium, running.url)
    try:
        log_in(page, running.url, "other")
        page.goto(site.thread)
        assert page.is_visible("#post-1")  # reading
        # A new thread.
        page.goto(site.community + "/new")
        page.fill("#title", "Heat-stable vaccines in the Gran Chaco")
        page.select_option("#kind", "question")
        page.fill("#body", "Has anyone used **heat-stable** vaccines in the Chaco?")
        _submit(page, "Start thread")
        page.wait_for_selector("#post-1")
        assert "heat-stable" in page.inner_html("#post-1 .post-body")
        new_thread_url = page.url
        # A reply.
        page.fill("#body", "Answering my own question: yes, in Boquerón.")
        page.locator(".reply-form button[type=submit]").click()
        page.wait_for_selector("#post-2")
        assert "Boquerón" in page.inner_text("#post-2")
        # An edit.
        page.locator("#post-2").get_by_role("link", name=re.compile("^Edit")).click()
        page.fill("#body", "Answering my own question: yes, in Boquerón and Alto Paraguay.")
        _submit(page, "Save changes")
        page.wait_for_selector("#post-2")
        assert "Alto Paraguay" in page.inner_text("#post-2")
        # A flag on someone else's post.
        page.goto(site.thread)
        page.locator("#post-1").get_by_role("link", name=re.compile("^Flag")).click()
        page.check("#reason-spam")
        _submit(page, "Flag the post")
        assert "/t/" in page.url and "Thank you" in page.inner_text(".flashes")
        # A search from the header.
        page.fill("#site-search-q", "Boquerón")
        page.locator("header").get_by_role("button", name="Search").click()
        assert "Heat-stable vaccines in the Gran Chaco" in page.inner_text("main")
        with app.app_context():
            thread = db.session.scalar(db.select(Thread).where(Thread.title.like("Heat-stable%")))
            assert new_thread_url.endswith(f"/t/{thread.id}/{thread.slug}") and thread.post_count == 2
            assert db.session.scalar(db.select(Post.revision_count).where(Post.thread_id == thread.id,
                                                                          Post.number == 2)) == 1
            assert db.session.scalar(db.select(db.func.count()).select_from(Flag)
                                     .where(Flag.reason == "spam")) == 1
    finally:
        context.close()


def test_a_moderator_hides_a_flagged_post_and_documents_the_thread(chromium, server, app):
    running, site = server
    context, page = _page(chromium, running.url)
    try:
        log_in(page, running.url, "moderator")
        # The review queue lists the flagged reply; hiding it takes a reason.
        page.goto("/moderation")
        item = page.locator("main .queue-item").first
        item.get_by_label("Reason for hiding").fill("Off topic here")
        item.get_by_role("button", name="Hide", exact=True).click()
        page.wait_for_url(re.compile(r".*/moderation.*"))
        # Documenting the thread as an experience.
        page.goto(site.thread)
        page.get_by_role("link", name="Document as experience").click()
        page.check(f"#evidence-{site.reply_id + 1}")
        _submit(page, "Create the draft")
        assert re.search(r"/experiences/\d+", page.url), page.url
        with app.app_context():
            assert db.session.get(Post, site.reply_id).hidden_at is not None
            experience = db.session.scalar(db.select(Experience).where(Experience.thread_id == site.thread_id))
            assert experience is not None and experience.status == "draft"
            assert [e.post_id for e in experience.evidence] == [site.reply_id + 1]
    finally:
        context.close()
