"""Development mail: with no MAIL_SERVER, every mail the site writes is listed on /dev/mail (and
printed where the server runs), so a new install can confirm an account. Never in production,
never for another machine."""

import re

import pytest

from forum import mail
from forum.extensions import db
from forum.models import Post
from tests.browser import SQLITE_ONLY, build_site, log_in
from tests.conftest import form_post, make_test_config
from tests.live import live_server

REGISTRATION = {"email": "nova@example.org", "username": "nova", "display_name": "Nova", "password":
                "a long enough passphrase 2026", "country": "PE", "sector": "academia", "organization": ""}


def _register(client) -> None:
    assert form_post(client, "/register", REGISTRATION).status_code == 200
    assert mail.sender.flush(30)


def test_the_page_lists_every_mail_newest_first_with_its_links(app, client, member):
    _register(client)
    assert form_post(client, "/password/forgot", {"email": "member@example.org"}).status_code == 200
    assert mail.sender.flush(30)
    page = client.get("/dev/mail").get_data(as_text=True)
    subjects = re.findall(r'<a href="/dev/mail/\d+">([^<]+)</a>', page)
    assert subjects == ["Reset your password", "Confirm your email address"]
    first = re.search(r'<a href="(/dev/mail/\d+)">Confirm your email address', page).group(1)
    shown = client.get(first).get_data(as_text=True)
    link = re.search(r'<a href="(http://[^"]+/confirm/[^"]+)"', shown).group(1)
    assert link.startswith(app.config["SERVER_BASE_URL"].rstrip("/") + "/confirm/")
    assert client.get(link).status_code == 302  # it confirms the account
    html = client.get(first + "/html")
    assert html.status_code == 200 and "<html" in html.get_data(as_text=True)
    assert html.headers["Content-Security-Policy"].startswith("sandbox;")  # the mail runs nothing


def test_another_machine_gets_404(app, client):
    _register(client)
    remote = app.test_client()
    remote.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    assert remote.get("/dev/mail").status_code == 404
    assert remote.get("/dev/mail/1").status_code == 404


class TestProduction:
    @pytest.fixture
    def app_config(self, database_url):
        return make_test_config(database_url, FORUM_ENV="production")

    def test_production_has_no_development_mail(self, client):
        _register(client)
        assert client.get("/dev/mail").status_code == 404
        assert client.get("/dev/mail/1").status_code == 404
        assert client.get("/dev/mail/1/html").status_code == 404


@pytest.mark.browser
@pytest.mark.live
@SQLITE_ONLY
def test_a_newcomer_registers_confirms_from_dev_mail_and_posts(chromium, app, member, other_member, moderator,
                                                                database_url, tmp_path):
    site = build_site(app)
    with live_server(database_url, tmp_path) as running:  # no MAIL_SERVER: development mail
        context = chromium.new_context(base_url=running.url, locale="en-US")
        page = context.new_page()
        try:
            page.goto("/register")
            for field, value in REGISTRATION.items():
                if field in ("country", "sector"):
                    page.select_option(f"#{field}", value)
                else:
                    page.fill(f"#{field}", value)
            page.locator("main").get_by_role("button", name="Register", exact=True).click()
            assert "Check your email" in page.inner_text("main")
            confirmation = page.get_by_role("link", name="Confirm your email address").first
            for _ in range(10):  # as a person would, reload until the mail is there
                page.goto("/dev/mail")
                if confirmation.count():
                    break
                page.wait_for_timeout(500)
            confirmation.click()
            page.locator(".dev-mail-links a", has_text="/confirm/").first.click()
            assert page.url == running.url + "/login"
            log_in(page, running.url, REGISTRATION["username"], REGISTRATION["password"])
            page.goto(site.thread)
            page.fill("#body", "Hello from a new member: we use solar fridges too.")
            page.locator(".reply-form button[type=submit]").click()
            page.wait_for_selector("text=Hello from a new member")
        finally:
            context.close()
        assert "Confirm your email address" in running.log.read_text()  # printed where the server runs
    with app.app_context():
        assert db.session.scalar(db.select(Post.id).where(Post.source.like("Hello from a new member%")))
