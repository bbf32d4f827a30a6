"""Account pages end to end, through the real forms: registering and confirming an address, logging
in and out, changing and resetting passwords, revoking sessions, API tokens, the profile, and the
security headers of the pages.

Mail leaves through SMTP to a real local server (tests/smtp.py), so every link a test follows is
the link a person would find in the mailbox. Every HTML page fetched in this module is checked for
inline scripts (see CheckingClient).
"""

import re
import time
import warnings
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from markupsafe import escape
from sqlalchemy import func, select
from werkzeug.local import LocalProxy

from forum.extensions import db, login_manager
from forum.models import ApiToken, Thread, User
from tests.conftest import PASSWORD, Auth, form_post, make_test_config
from tests.factories import make_community
from tests.smtp import smtp_server  # noqa: F401

NEW_PASSWORD = "lanchas frias no rio negro"
REGISTRATION = {
    "email": "Nova.Silva@Example.ORG",
    "username": "nova_silva",
    "display_name": "Nova Silva",
    "password": "rio negro cold chain 2024",
    "country": "PE",
    "sector": "academia",
    "organization": "Universidad Nacional de la Amazonía",
}
NOVA_EMAIL = "nova.silva@example.org"
USERNAME_RULE = "Usernames have 3 to 30 letters, digits, underscores or hyphens."


# Links in mail are built on SERVER_BASE_URL, not on the host the test client names (localhost).
SITE = "http://forum.test"


@pytest.fixture
def app_config(request, database_url: str, smtp_server) -> dict[str, Any]:  # noqa: F811
    """Mail goes to the local SMTP server; `indirect` parametrization adds settings."""
    overrides = getattr(request, "param", {})
    return make_test_config(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port,
                            SERVER_BASE_URL=SITE, **overrides)


@pytest.fixture(autouse=True)
def login_user_gets_a_real_user(monkeypatch):
    """Fail cleanly when a view logs in the `current_user` proxy itself.

    Flask-Login then stores the proxy as the request's user, so the proxy resolves to itself:
    the next `bool(current_user)` recurses in C and kills the interpreter (SIGSEGV), taking the
    whole test run with it. This guard turns that crash into an ordinary test failure.
    """
    original = login_manager._update_request_context_with_user

    def guarded(user=None):
        assert not isinstance(user, LocalProxy), (
            "login_user() was given the current_user proxy instead of the User object: the proxy would "
            "resolve to itself and crash the process (pass current_user._get_current_object())")
        return original(user)

    monkeypatch.setattr(login_manager, "_update_request_context_with_user", guarded)


# ---------- a client that refuses inline scripts on every page it fetches ----------

_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_EVENT_HANDLER = re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.IGNORECASE)
_JAVASCRIPT_URL = re.compile(r"""\b(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def assert_no_inline_script(html: str, where: str = "page") -> None:
    for match in _INLINE_SCRIPT.finditer(html):
        assert not match.group(1).strip(), f"inline <script> on {where}: {match.group(0)[:200]!r}"
    handler = _EVENT_HANDLER.search(html)
    assert handler is None, f"inline event handler on {where}: {handler.group(0)[:200]!r}"
    url = _JAVASCRIPT_URL.search(html)
    assert url is None, f"javascript: URL on {where}: {url.group(0)!r}"


class CheckingClient(FlaskClient):
    pages_checked = 0

    def open(self, *args: Any, **kwargs: Any):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html":
            assert_no_inline_script(response.get_data(as_text=True), response.request.path)
            CheckingClient.pages_checked += 1
        return response


def make_client(app) -> FlaskClient:
    app.test_client_class = CheckingClient
    return app.test_client()


@pytest.fixture
def client(app) -> FlaskClient:
    return make_client(app)


# ---------- reading pages, rows and mail ----------


class Page(HTMLParser):
    """The start tags of a page: elements by id, inputs by name, the selected option of each select."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.by_id: dict[str, tuple[str, dict[str, str | None]]] = {}
        self.by_name: dict[str, dict[str, str | None]] = {}
        self.selected: dict[str, str | None] = {}
        self._select: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.by_id.setdefault(attributes["id"], (tag, attributes))
        if tag in ("input", "select", "textarea") and attributes.get("name"):
            self.by_name.setdefault(attributes["name"], attributes)
        if tag == "select":
            self._select = attributes.get("id")
        elif tag == "option" and "selected" in attributes and self._select:
            self.selected[self._select] = attributes.get("value")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None

    def attrs(self, element_id: str) -> dict[str, str | None]:
        assert element_id in self.by_id, f"no element with id={element_id!r}"
        return self.by_id[element_id][1]


def text_of(response) -> str:
    return response.get_data(as_text=True)


def form_html(html: str, action: str) -> str:
    """The one <form> of the page that posts to `action`."""
    forms = re.findall(rf'<form\b[^>]*\baction="{re.escape(action)}"[^>]*>.*?</form>', html, re.DOTALL)
    assert len(forms) == 1, f"{len(forms)} forms post to {action}"
    return forms[0]


def assert_field_error(html: str, field: str, message: str) -> None:
    """`message` is shown next to `field` and tied to it for assistive technology; no other field errs."""
    page = Page(html)
    control = page.attrs(field)
    assert control.get("aria-invalid") == "true", control
    assert f"{field}-error" in (control.get("aria-describedby") or "").split(), control
    error = re.search(rf'<div class="field-error" id="{field}-error">(.*?)</div>', html, re.DOTALL)
    assert error, f"no error element for {field}"
    assert message in unescape(re.sub(r"<[^>]+>", "", error.group(1))), error.group(1)
    # Inside the field's own block: after its label, before its input, with no other field between.
    label_at = html.index(f'<label for="{field}"')
    control_at = re.search(rf'<(?:input|select|textarea)\b[^>]*\bid="{field}"', html).start()
    assert label_at < error.start() < control_at
    assert not re.search(r'class="field[ "]', html[label_at:control_at])
    errors = {i for i in page.by_id if i.endswith("-error")}
    assert errors == {f"{field}-error"}, errors


def normalized(response, *typed: str) -> str:
    """The page without what differs between two sessions (CSRF tokens) or what the user typed."""
    html = text_of(response)
    html = re.sub(r'(name="csrf_token" type="hidden" value=")[^"]+"', r'\1CSRF"', html)
    html = re.sub(r'(<meta name="csrf-token" content=")[^"]+"', r'\1CSRF"', html)
    for value in typed:
        html = html.replace(str(escape(value)), "TYPED")
    return html


def load_user(app, username: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username_key == username.lower()))
        if user is not None:
            db.session.expunge(user)
        return user


def count_rows(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def mail_bodies(message) -> tuple[str, str]:
    """The text and the HTML alternative of a mail (both must be there)."""
    assert message.get_content_type() == "multipart/alternative", message.get_content_type()
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def link_path(body: str, prefix: str) -> str:
    """The one site path starting with `prefix` that the mail links to."""
    paths = set(re.findall(rf"{SITE}({re.escape(prefix)}[A-Za-z0-9_.\-]+)", body))
    assert len(paths) == 1, paths
    return paths.pop()


def assert_logged_out(client) -> None:
    response = client.get("/settings")
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == 401, response.status_code


def assert_logged_in_as(client, username: str) -> None:
    response = client.get("/settings")
    assert response.status_code == 200
    assert f"Signed in as {username} (" in text_of(response)


def login_works(app, login: str, password: str) -> bool:
    response = Auth(make_client(app)).login(login, password)
    assert response.status_code in (302, 401)
    return response.status_code == 302


def set_cookie_headers(response, name: str) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}=")]


def remember_cookie_works(app, value: str) -> bool:
    """Does a browser holding only this remember cookie (a restarted browser) get in?"""
    browser = make_client(app)
    browser.set_cookie("remember_token", value)
    response = browser.get("/settings")
    assert response.status_code in (200, 302, 401)
    return response.status_code == 200


# ---------- registration ----------


def test_register_then_confirm_through_the_mailed_link(app, client, smtp_server):  # noqa: F811
    response = form_post(client, "/register", REGISTRATION)

    assert response.status_code == 200
    html = text_of(response)
    assert "<h1>Check your email</h1>" in html
    assert f"If {escape(REGISTRATION['email'])} can be used, we sent a confirmation link to it." in html
    user = load_user(app, "nova_silva")
    assert user is not None and not user.is_verified
    assert (user.email, user.username, user.display_name, user.country, user.sector, user.organization) == (
        NOVA_EMAIL, "nova_silva", "Nova Silva", "PE", "academia", "Universidad Nacional de la Amazonía")

    [message] = smtp_server.wait_for(1)
    assert smtp_server.envelopes[0].rcpt_tos == (NOVA_EMAIL,)
    assert message["To"] == NOVA_EMAIL
    assert message["Subject"] == "Confirm your email address"
    text, html_part = mail_bodies(message)
    path = link_path(text, "/confirm/")
    assert link_path(html_part, "/confirm/") == path
    assert f'href="{SITE}{path}"' in html_part  # SERVER_BASE_URL, never the request's Host
    assert "Hello Nova Silva," in text

    confirmed = client.get(path)
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"] == "/login"
    assert load_user(app, "nova_silva").is_verified
    assert "Thank you, Nova Silva: your email address is confirmed." in text_of(client.get("/login"))
    assert len(smtp_server.settled()) == 1


def test_altered_or_forged_confirmation_tokens_are_404(app, client, smtp_server):  # noqa: F811
    form_post(client, "/register", REGISTRATION)
    [message] = smtp_server.wait_for(1)
    token = link_path(mail_bodies(message)[0], "/confirm/").rsplit("/", 1)[1]
    user = load_user(app, "nova_silva")
    payload = {"uid": user.id, "email": NOVA_EMAIL}
    secret = app.config["SECRET_KEY"]

    altered = token[:5] + ("A" if token[5] != "A" else "B") + token[6:]
    bad_tokens = {
        "altered payload": altered,
        "truncated signature": token[:-6],
        "signed with another key": URLSafeTimedSerializer("not-the-secret", salt="horizonte.confirm-email")
        .dumps(payload),
        "signed for another purpose": URLSafeTimedSerializer(secret, salt="horizonte.reset-password")
        .dumps(payload),
        "unsigned": "eyJ1aWQiOjF9",
    }
    for name, bad in bad_tokens.items():
        response = client.get(f"/confirm/{bad}")
        assert response.status_code == 404, name
        assert "This confirmation link is invalid or has expired." in text_of(response), name
    assert not load_user(app, "nova_silva").is_verified

    assert client.get(f"/confirm/{token}").status_code == 302  # the genuine link still works
    assert load_user(app, "nova_silva").is_verified


def test_register_with_a_taken_email_answers_the_same_and_mails_the_owner(app, member, smtp_server):  # noqa: F811
    users_before = count_rows(app, User)
    taken = form_post(make_client(app), "/register",
                      {**REGISTRATION, "email": "Member@Example.org", "username": "nova_two"})

    [message] = smtp_server.wait_for(1)
    assert count_rows(app, User) == users_before
    assert load_user(app, "nova_two") is None
    assert message["To"] == "member@example.org"
    assert message["Subject"] == "Someone tried to register with your email"
    text, html_part = mail_bodies(message)
    assert f"{SITE}/login" in text and f"{SITE}/password/forgot" in text
    assert f'href="{SITE}/password/forgot"' in html_part
    assert "/confirm/" not in text

    fresh = form_post(make_client(app), "/register", REGISTRATION)
    assert fresh.status_code == taken.status_code == 200
    assert normalized(taken, "Member@Example.org") == normalized(fresh, REGISTRATION["email"])
    smtp_server.wait_for(2)
    assert len(smtp_server.settled()) == 2
    assert count_rows(app, User) == users_before + 1


BAD_REGISTRATIONS = [
    pytest.param({"email": ""}, "email", "Enter your email address.", id="empty-email"),
    pytest.param({"username": ""}, "username", USERNAME_RULE, id="empty-username"),
    pytest.param({"password": ""}, "password", "Use at least 10 characters.", id="empty-password"),
    pytest.param({"country": ""}, "country", "Choose a country.", id="empty-country"),
    pytest.param({"sector": ""}, "sector", "Choose a sector.", id="empty-sector"),
    pytest.param({"email": "nova.silva@"}, "email", "Enter a valid email address.", id="invalid-email"),
    pytest.param({"email": "nova silva@example.org"}, "email", "Enter a valid email address.",
                 id="email-with-space"),
    pytest.param({"email": '"><script>alert(1)</script>@example.org'}, "email", "Enter a valid email address.",
                 id="email-with-markup"),
    pytest.param({"username": "ns"}, "username", USERNAME_RULE, id="username-too-short"),
    pytest.param({"username": "nova silva"}, "username", USERNAME_RULE, id="username-with-space"),
    pytest.param({"username": "Member"}, "username", "This username is taken.", id="username-taken-other-case"),
    pytest.param({"password": "Xq7#kLm2p"}, "password", "Use at least 10 characters.", id="password-9-chars"),
    pytest.param({"password": "password1234"}, "password", "This password is too common. Choose another.",
                 id="common-password1234"),
    pytest.param({"password": "1234567890"}, "password", "This password is too common. Choose another.",
                 id="common-1234567890"),
    pytest.param({"password": "QwertyUiop"}, "password", "This password is too common. Choose another.",
                 id="common-qwertyuiop-any-case"),
    pytest.param({"country": "XX"}, "country", "Choose a country.", id="unknown-country"),
    pytest.param({"sector": "astrology"}, "sector", "Choose a sector.", id="unknown-sector"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_REGISTRATIONS)
def test_register_rejects_bad_input_next_to_its_field(app, client, member, smtp_server,  # noqa: F811
                                                      changes, field, message):
    users_before = count_rows(app, User)
    data = {**REGISTRATION, **changes}

    response = form_post(client, "/register", data)

    assert response.status_code == 422
    html = text_of(response)
    assert_field_error(html, field, message)
    page = Page(html)
    for name in ("email", "username", "display_name", "organization"):
        assert page.by_name[name].get("value", "") == data[name], name  # what was typed stays
    for name, valid in (("country", "PE"), ("sector", "academia")):
        if data[name] in (valid, ""):
            assert page.selected.get(name) == data[name], name
    assert not page.by_name["password"].get("value"), "the password must not be sent back"
    assert count_rows(app, User) == users_before
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.email == data["email"].strip().lower())) is None
    assert smtp_server.settled() == []


def test_register_with_every_field_empty(app, client, smtp_server):  # noqa: F811
    response = form_post(client, "/register", dict.fromkeys(REGISTRATION, ""))
    assert response.status_code == 422
    html = text_of(response)
    assert 'class="field-error"' in html
    # The summary comes first and links to each field in error, which exists under that id.
    summary = html.split('class="alert alert-error error-summary"')[1].split("</div>")[0]
    assert html.index("error-summary") < html.index('class="field-error"')
    linked = re.findall(r'<a href="#([\w-]+)">', summary)
    errors = set(re.findall(r'id="([\w-]+)-error"', html))
    assert linked and set(linked) == errors, (linked, errors)
    for target in linked:
        assert f'id="{target}"' in html, target
    assert count_rows(app, User) == 0
    assert smtp_server.settled() == []


def test_email_is_stored_lower_case_and_login_accepts_upper_case(app, client, auth, smtp_server):  # noqa: F811
    form_post(client, "/register", REGISTRATION)
    assert load_user(app, "nova_silva").email == NOVA_EMAIL
    smtp_server.wait_for(1)

    response = auth.login(NOVA_EMAIL.upper(), REGISTRATION["password"])
    assert response.status_code == 302
    assert_logged_in_as(client, "nova_silva")


# ---------- logging in and out ----------


@pytest.mark.parametrize("login", ["member@example.org", "member", "MEMBER", "Member@Example.ORG"])
def test_login_by_email_or_username(client, auth, member, login):
    response = auth.login(login)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert_logged_in_as(client, "member")


def test_login_failures_all_look_the_same(app, member):
    attempts = [("member", "wrong password, sorry"), ("member@example.org", "wrong password, sorry"),
                ("nobody", PASSWORD), ("nobody@example.org", PASSWORD)]
    pages = []
    for login, password in attempts:
        browser = make_client(app)
        response = Auth(browser).login(login, password)
        assert response.status_code == 401, login
        html = text_of(response)
        assert "Wrong email, username or password." in html
        assert_logged_out(browser)
        pages.append(re.sub(r'<input[^>]*\bname="login"[^>]*>', "LOGIN", normalized(response)))
    assert all(page == pages[0] for page in pages)


@pytest.mark.parametrize(("target", "expected"), [
    ("/c/x", "/c/x"),
    ("/c/x?page=2", "/c/x?page=2"),
    ("https://evil.example/", "/"),
    ("//evil.example", "/"),
    ("///evil.example", "/"),
    ("/\\evil.example", "/"),
    ("/\t/evil.example", "/"),
    ("http:evil.example", "/"),
    ("javascript:alert(1)", "/"),
])
def test_login_next_stays_on_this_site(client, auth, member, target, expected):
    listed = client.get("/login", query_string={"next": target})
    if "\t" in target:  # a control character in a query string is refused at the boundary (forum.boundary)
        assert listed.status_code == 422
    else:
        assert Page(form_html(text_of(listed), "/login")).by_name["next"].get("value") == target

    response = auth.login("member", next=target)

    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_remember_me_sets_a_remember_cookie(app, client, auth, member):
    response = auth.login("member", remember="y")
    [header] = set_cookie_headers(response, "remember_token")
    attributes = [part.strip().lower() for part in header.split(";")]
    assert "httponly" in attributes and "samesite=lax" in attributes
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    assert remember_cookie_works(app, cookie.value)


def test_without_remember_me_no_remember_cookie(client, auth, member):
    response = auth.login("member")
    assert response.status_code == 302
    assert set_cookie_headers(response, "remember_token") == []
    assert client.get_cookie("remember_token") is None


def test_unverified_user_can_log_in_and_read_but_not_post(app, client, auth, unverified):
    with app.app_context():
        make_community("vaccines", name="Vaccines")
        db.session.commit()

    assert auth.login("unverified").status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "Please confirm your email address to post." in text_of(home)
    assert client.get("/c/vaccines").status_code == 200
    assert_logged_in_as(client, "unverified")

    response = form_post(client, "/c/vaccines/new", {
        "title": "Cold chain on river routes", "kind": "discussion",
        "body": "How do you keep vaccines cold on river routes?",
    })

    assert response.status_code == 403
    assert "Please confirm your email address before posting." in text_of(response)
    assert count_rows(app, Thread) == 0


def test_logout_ends_the_session(client, auth, member):
    auth.login("member")
    assert_logged_in_as(client, "member")

    response = auth.logout()

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert_logged_out(client)


@pytest.mark.parametrize("data", [{}, {"csrf_token": "forged"}], ids=["no-token", "wrong-token"])
def test_logout_without_csrf_token_is_400(client, auth, member, data):
    auth.login("member")

    response = client.post("/logout", data=data)

    assert response.status_code == 400
    assert_logged_in_as(client, "member")


# ---------- password change and sessions ----------


def password_hash(app, username: str) -> str:
    return load_user(app, username).password_hash


def test_change_password_with_wrong_current_password(app, client, auth, member):
    auth.login("member")
    before = password_hash(app, "member")

    response = form_post(client, "/settings/password",
                         {"current_password": "not my password", "new_password": NEW_PASSWORD}, page="/settings")

    assert response.status_code == 422
    assert_field_error(text_of(response), "current_password", "Your current password is not right.")
    assert password_hash(app, "member") == before
    assert_logged_in_as(client, "member")
    assert login_works(app, "member", PASSWORD)


def test_change_password_with_a_too_short_new_password(app, client, auth, member):
    auth.login("member")
    before = password_hash(app, "member")

    response = form_post(client, "/settings/password",
                         {"current_password": PASSWORD, "new_password": "short"}, page="/settings")

    assert response.status_code == 422
    assert_field_error(text_of(response), "new_password", "Use at least 10 characters.")
    assert password_hash(app, "member") == before


def test_change_password_keeps_this_session_and_ends_the_others(app, client, auth, member):
    other = make_client(app)  # logged in earlier, elsewhere, with "remember me"
    assert Auth(other).login("member", remember="y").status_code == 302
    remembered = other.get_cookie("remember_token").value
    assert remember_cookie_works(app, remembered)
    auth.login("member")

    response = form_post(client, "/settings/password",
                         {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, page="/settings")

    assert response.status_code == 302
    assert response.headers["Location"] == "/settings/account"
    page = client.get("/settings/account")
    assert page.status_code == 200
    assert "Your password is changed. Other sessions were logged out." in text_of(page)
    assert_logged_out(other)
    assert not remember_cookie_works(app, remembered)
    assert not login_works(app, "member", PASSWORD)
    assert login_works(app, "member", NEW_PASSWORD)


def test_log_out_everywhere_ends_every_session(app, client, auth, member):
    other = make_client(app)
    assert Auth(other).login("member", remember="y").status_code == 302
    remembered = other.get_cookie("remember_token").value
    auth.login("member")

    response = form_post(client, "/settings/sessions/end", {}, page="/settings")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert_logged_out(client)
    assert_logged_out(other)
    assert not remember_cookie_works(app, remembered)
    assert auth.login("member").status_code == 302  # the password still works
    assert_logged_in_as(client, "member")


# ---------- forgotten password ----------


def request_reset(app, email: str = "member@example.org"):
    return form_post(make_client(app), "/password/forgot", {"email": email})


def test_forgot_password_answers_the_same_and_mails_only_an_account(app, member, smtp_server):  # noqa: F811
    known = request_reset(app, "member@example.org")
    [message] = smtp_server.wait_for(1)
    unknown = request_reset(app, "nobody@example.org")
    invalid = request_reset(app, "<script>alert(1)</script>")  # echoed on the page, escaped

    assert known.status_code == unknown.status_code == invalid.status_code == 200
    assert "we sent a link to reset its password" in text_of(known)
    assert normalized(known, "member@example.org") == normalized(unknown, "nobody@example.org")
    assert normalized(known, "member@example.org") == normalized(invalid, "<script>alert(1)</script>")
    assert len(smtp_server.settled()) == 1
    assert smtp_server.envelopes[0].rcpt_tos == ("member@example.org",)
    assert message["To"] == "member@example.org"
    assert message["Subject"] == "Reset your password"
    text, html_part = mail_bodies(message)
    path = link_path(text, "/password/reset/")
    assert f'href="{SITE}{path}"' in html_part  # SERVER_BASE_URL, never the request's Host


def test_reset_link_sets_a_new_password_once(app, client, member, smtp_server):  # noqa: F811
    other = make_client(app)
    Auth(other).login("member")
    request_reset(app)
    [message] = smtp_server.wait_for(1)
    path = link_path(mail_bodies(message)[0], "/password/reset/")

    form = client.get(path)
    assert form.status_code == 200
    assert Page(text_of(form)).attrs("password").get("type") == "password"

    response = form_post(client, path, {"password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert_logged_in_as(client, "member")
    assert_logged_out(other)  # a reset ends the other sessions too
    assert login_works(app, "member", NEW_PASSWORD)
    assert not login_works(app, "member", PASSWORD)

    again = make_client(app)
    assert again.get(path).status_code == 404
    assert form_post(again, path, {"password": "yet another passphrase"}).status_code == 404
    assert login_works(app, "member", NEW_PASSWORD)


@pytest.mark.parametrize("app_config", [{"RESET_TOKEN_MAX_AGE": -1}], indirect=True, ids=["max-age--1"])
def test_expired_reset_link_is_404(app, client, member, smtp_server):  # noqa: F811
    request_reset(app)
    [message] = smtp_server.wait_for(1)
    path = link_path(mail_bodies(message)[0], "/password/reset/")

    assert client.get(path).status_code == 404
    assert form_post(client, path, {"password": NEW_PASSWORD}).status_code == 404
    assert login_works(app, "member", PASSWORD)


def test_reset_link_older_than_its_lifetime_is_404(app, client, member, smtp_server, monkeypatch):  # noqa: F811
    issued_at = int(time.time()) - app.config["RESET_TOKEN_MAX_AGE"] - 60
    with monkeypatch.context() as patch:  # the link is signed as if mailed over an hour ago
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: issued_at)
        request_reset(app)
        [message] = smtp_server.wait_for(1)  # signed by the mail sender, after the response
    path = link_path(mail_bodies(message)[0], "/password/reset/")

    response = client.get(path)

    assert response.status_code == 404
    assert "This reset link is invalid or has expired." in text_of(response)


def test_reset_with_a_too_short_password_shows_the_form_again(app, client, member, smtp_server):  # noqa: F811
    request_reset(app)
    [message] = smtp_server.wait_for(1)
    path = link_path(mail_bodies(message)[0], "/password/reset/")
    before = password_hash(app, "member")

    response = form_post(client, path, {"password": "short"})

    assert response.status_code == 422
    html = text_of(response)
    assert_field_error(html, "password", "Use at least 10 characters.")
    assert f'action="{path}"' in html
    assert password_hash(app, "member") == before
    assert_logged_out(client)
    assert client.get(path).status_code == 200  # the link still works


# ---------- API tokens ----------

_RAW_TOKEN = re.compile(r"hz_[A-Za-z0-9_-]{20,}")


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def create_token(client, name: str = "Nightly export") -> str:
    response = form_post(client, "/settings/tokens", {"name": name}, page="/settings")
    assert response.status_code == 200
    html = text_of(response)
    assert "Copy it now: it will not be shown again." in html
    raws = set(_RAW_TOKEN.findall(html))
    assert len(raws) == 1, raws
    return raws.pop()


def test_api_token_is_shown_once_works_and_can_be_revoked(app, client, auth, member):
    auth.login("member")
    raw = create_token(client)

    api = make_client(app)  # no cookies: the token alone
    me = api.get("/api/v1/me", headers=bearer(raw))
    assert me.status_code == 200
    assert me.get_json()["user"]["username"] == "member"

    settings = text_of(client.get("/settings/account"))
    assert raw not in settings
    assert "Nightly export" in settings and raw[:10] in settings
    [token_id] = re.findall(r'action="/settings/tokens/(\d+)/revoke"', settings)

    response = form_post(client, f"/settings/tokens/{token_id}/revoke", {}, page="/settings")

    assert response.status_code == 302
    assert response.headers["Location"] == "/settings/account#tokens"
    revoked = api.get("/api/v1/me", headers=bearer(raw))
    assert revoked.status_code == 401
    assert revoked.get_json()["error"]["code"] == "invalid_token"
    assert "You have no API tokens." in text_of(client.get("/settings/account"))


def test_cannot_revoke_someone_elses_token(app, client, auth, member, other_member):
    auth.login("member")
    raw = create_token(client)
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    auth.logout()
    auth.login("other")

    response = form_post(client, f"/settings/tokens/{token_id}/revoke", {}, page="/settings")

    assert response.status_code == 404
    assert make_client(app).get("/api/v1/me", headers=bearer(raw)).status_code == 200


# ---------- profile ----------

PROFILE = {"display_name": "Ana Member", "country": "CL", "sector": "civil_society",
           "organization": "Red de Salud Comunitaria", "locale": "pt", "bio": "Epidemiologist in Valparaíso."}


def test_profile_changes_are_saved(app, client, auth, member):
    auth.login("member")

    response = form_post(client, "/settings/profile", PROFILE, page="/settings")

    assert response.status_code == 302
    assert response.headers["Location"] == "/settings"
    user = load_user(app, "member")
    assert {name: getattr(user, name) for name in PROFILE} == PROFILE


def test_profile_with_unknown_country_saves_nothing(app, client, auth, member):
    auth.login("member")
    before = load_user(app, "member")

    response = form_post(client, "/settings/profile", {**PROFILE, "country": "XX"}, page="/settings")

    assert response.status_code == 422
    html = text_of(response)
    assert_field_error(html, "country", "Choose a country.")
    assert Page(html).by_name["display_name"].get("value") == "Ana Member"
    after = load_user(app, "member")
    assert {name: getattr(after, name) for name in PROFILE} == {name: getattr(before, name) for name in PROFILE}
    assert after.display_name == "Member"


# ---------- security headers, cookies, inline scripts ----------


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/no-such-page"])
def test_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert "'unsafe-inline'" not in csp
    assert directives["frame-ancestors"] == ["'none'"]
    assert "script-src" in directives or "default-src" in directives
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in {
        "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}


def test_session_cookie_is_httponly_and_samesite_lax(auth, member):
    response = auth.login("member")
    [header] = set_cookie_headers(response, "session")
    attributes = [part.strip().lower() for part in header.split(";")]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes


def test_settings_page_raises_no_deprecation_warning(client, auth, member):
    auth.login("member")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every warning, whatever filters are active
        responses = [client.get(path) for path in ("/settings", "/settings/avatar", "/settings/account",
                                                   "/settings/notifications")]
    assert [response.status_code for response in responses] == [200] * 4


def test_inline_script_check_catches_inline_code():
    assert_no_inline_script('<script src="/static/js/site.js"></script><a href="/x">x</a>')
    for bad in ['<script>alert(1)</script>', '<SCRIPT type="module">\nx()</SCRIPT>', '<a href="#" onclick="x()">',
                '<body onload = "x()">', '<a href="javascript:alert(1)">']:
        with pytest.raises(AssertionError):
            assert_no_inline_script(bad)


def test_no_inline_script_on_account_pages(app, client, auth, member, smtp_server):  # noqa: F811
    with app.app_context():
        make_community("vaccines", name="Vaccines")
        db.session.commit()
    before = CheckingClient.pages_checked
    anonymous = ["/", "/login", "/register", "/password/forgot", "/c/vaccines", "/no-such-page"]
    for path in anonymous:
        assert client.get(path).mimetype == "text/html", path
    request_reset(app)
    [message] = smtp_server.wait_for(1)
    assert client.get(link_path(mail_bodies(message)[0], "/password/reset/")).status_code == 200
    auth.login("member")
    for path in ["/", "/settings", "/c/vaccines", "/c/vaccines/new"]:
        assert client.get(path).status_code == 200, path
    create_token(client)
    assert CheckingClient.pages_checked - before >= len(anonymous) + 7
