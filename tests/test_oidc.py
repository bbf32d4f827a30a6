"""Institutional sign-in (issue #22, docs/sign-in.md), end to end: Horizonte served by gunicorn signs
people in with a real OpenID Connect provider (panva's oidc-provider, tests/oidc_provider/), driven
with plain HTTP as a browser would, redirects and the provider's login form included.

One provider process and one server for the module: each test signs in as its own provider account
(ACCOUNTS) and makes its own rows. The provider's domain `ministry.example` has local passwords off.
"""

import html
import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from forum.config import read_oidc_providers
from forum.extensions import db
from forum.models import LoginSession, User, UserIdentity, utcnow
from forum.services import legal
from tests.conftest import IN_CI, PASSWORD, form_post, make_test_config, persona, shared_app
from tests.factories import make_user
from tests.live import ROOT, SECRET_KEY, free_port, live_server

PROVIDER_DIR = ROOT / "tests" / "oidc_provider"
CLIENT_ID, CLIENT_SECRET = "horizonte", "test-client-secret"
# The provider's accounts: sub -> claims. Each test signs in as its own.
ACCOUNTS = {
    "newcomer": {"email": "nadia@ministry.example", "email_verified": True, "name": "Nadia Núñez",
                 "preferred_username": "nadia"},
    "linker": {"email": "lino@ministry.example", "email_verified": True, "name": "Lino"},
    "unverified": {"email": "ursula@example.org", "email_verified": False, "name": "Ursula"},
    "stranger": {"email": "stan@example.org", "email_verified": False, "name": "Stan"},
    "closed": {"email": "clara@ministry.example", "email_verified": True, "name": "Clara"},
    "leaver": {"email": "leo@ministry.example", "email_verified": True, "name": "Leo"},
    "nonce": {"email": "nina@ministry.example", "email_verified": True, "name": "Nina"},
    "member": {"email": "mia@example.org", "email_verified": True, "name": "Mia"},
}
NEW_ACCOUNT = {"username": "nadia", "display_name": "Nadia", "country": "PE", "sector": "government",
               "organization": "Ministerio de Salud"}


@dataclass
class Site:
    app: Flask
    url: str
    issuer: str


def _node() -> str:
    """The node binary, with the provider's packages installed; else a skip (a failure in CI)."""
    node = shutil.which("node")
    if node is None:
        reason = "node is not installed: no OpenID provider to test against"
    elif not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        reason = "tests/oidc_provider/node_modules is missing (`make test` runs npm ci there)"
    else:
        return node
    if IN_CI:
        pytest.fail(f"{reason}; CI must run these tests")
    pytest.skip(reason)


@contextmanager
def _provider(node: str, port: int, site_url: str, log: Path) -> Iterator[str]:
    issuer = f"http://127.0.0.1:{port}"
    env = {"PATH": "/usr/bin:/bin", "PORT": str(port), "CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET,
           "REDIRECT_URIS": f"{site_url}/login/oidc/test/callback", "POST_LOGOUT_REDIRECT_URIS": f"{site_url}/",
           "ACCOUNTS": json.dumps(ACCOUNTS)}
    with open(log, "wb") as out:
        process = subprocess.Popen([node, "server.js"], cwd=PROVIDER_DIR, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the OpenID provider did not start:\n{log.read_text()}")
            try:
                if requests.get(issuer + "/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def site(request, tmp_path_factory) -> Iterator[Site]:
    node = _node()
    tmp = tmp_path_factory.mktemp("oidc")
    provider_port, down_port = free_port(), free_port()  # nothing listens on the second
    env = {"OIDC_PROVIDERS": "test,down",
           "OIDC_TEST_ISSUER": f"http://127.0.0.1:{provider_port}", "OIDC_TEST_CLIENT_ID": CLIENT_ID,
           "OIDC_TEST_CLIENT_SECRET": CLIENT_SECRET, "OIDC_TEST_NAME": "Ministry ID",
           "OIDC_TEST_DOMAINS": "ministry.example",
           "OIDC_DOWN_ISSUER": f"http://127.0.0.1:{down_port}", "OIDC_DOWN_CLIENT_ID": "x",
           "OIDC_DOWN_CLIENT_SECRET": "y", "OIDC_DOWN_NAME": "University ID"}
    with shared_app(request, "sqlite", "oidc") as app:
        admin = persona(app, "oidc-admin", role="admin")
        with app.app_context():  # terms to accept: a newcomer accepts them as a registration does
            legal.do_publish(db.session.get(User, admin.id), "terms", "Be kind.")
            db.session.commit()
        with live_server(app.config["SQLALCHEMY_DATABASE_URI"], tmp, extra_env=env) as server, \
                _provider(node, provider_port, server.url, tmp / "provider.log") as issuer:
            yield Site(app, server.url, issuer)


def _text(page: requests.Response) -> str:
    """The page's words, for a failing assertion's message."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))[-600:]


def _csrf(page: requests.Response) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {page.url}"
    return match.group(1)


def _to_callback(site: Site, browser: requests.Session, sub: str, start: str = "/login") -> str:
    """Press "Sign in with Ministry ID" on `start` and sign in at the provider as `sub`: the
    callback URL the provider sends the browser back to (not requested yet)."""
    page = browser.get(site.url + start, timeout=10)
    at_provider = browser.post(site.url + "/login/oidc/test", data={"csrf_token": _csrf(page)}, timeout=10)
    assert at_provider.url.startswith(site.issuer + "/interaction/"), at_provider.url
    action = html.unescape(re.search(r'<form[^>]*action="([^"]+)"', at_provider.text).group(1))
    response = browser.post(urljoin(at_provider.url, action), data={"prompt": "login", "login": sub,
                                                                    "password": "any"},
                            allow_redirects=False, timeout=10)
    while not response.headers["Location"].startswith(site.url):
        response = browser.get(urljoin(response.url, response.headers["Location"]), allow_redirects=False,
                               timeout=10)
    return response.headers["Location"]


def _sign_in(site: Site, browser: requests.Session, sub: str) -> requests.Response:
    return browser.get(_to_callback(site, browser, sub), timeout=10)


def _accept_terms(site: Site, browser: requests.Session) -> None:
    page = browser.get(site.url + "/legal/accept", timeout=10)
    assert browser.post(page.url, data={"csrf_token": _csrf(page)}, timeout=10).ok


def _signed_in(site: Site, browser: requests.Session) -> bool:
    return browser.get(site.url + "/settings", allow_redirects=False, timeout=10).status_code == 200


def _user(site: Site, email: str) -> User | None:
    with site.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def _identities(site: Site, sub: str) -> list[tuple[int, str]]:
    with site.app.app_context():
        return [(i.user_id, i.email) for i in db.session.scalars(
            select(UserIdentity).where(UserIdentity.provider == "test", UserIdentity.subject == sub))]


def _local_account(site: Site, username: str, email: str, **kwargs) -> User:
    with site.app.app_context():
        user = make_user(username, email=email, password=PASSWORD, **kwargs)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def test_a_newcomer_creates_an_account_accepts_the_terms_and_later_signs_in_by_subject(site):
    browser = requests.Session()
    form = _sign_in(site, browser, "newcomer")
    assert form.url == site.url + "/login/oidc/new-account", _text(form)
    assert "nadia@ministry.example" in form.text and 'value="nadia"' in form.text  # a free username, suggested
    assert _user(site, "nadia@ministry.example") is None  # nothing before the form is sent

    refused = browser.post(form.url, data={**NEW_ACCOUNT, "csrf_token": _csrf(form)}, timeout=10)
    assert refused.status_code == 422 and "Accept the terms" in refused.text
    home = browser.post(form.url, data={**NEW_ACCOUNT, "accept_terms": "y", "csrf_token": _csrf(form)},
                        timeout=10)
    assert home.status_code == 200 and home.url == site.url + "/", home.url  # the terms asked nothing more
    user = _user(site, "nadia@ministry.example")
    assert user.is_verified and user.password_hash == "" and user.terms_version == 1
    assert _identities(site, "newcomer") == [(user.id, "nadia@ministry.example")]
    assert browser.get(site.url + "/settings/account", timeout=10).status_code == 200

    # Later, in another browser, after the address changed here: found by (provider, subject).
    with site.app.app_context():
        db.session.get(User, user.id).email = "nadia.nunez@example.org"
        db.session.commit()
    again = requests.Session()
    landed = _sign_in(site, again, "newcomer")
    assert landed.url == site.url + "/"
    settings = again.get(site.url + "/settings/account", timeout=10)
    assert "Ministry ID" in settings.text
    # Its only way in: it cannot be unlinked.
    kept = again.post(site.url + "/settings/identities/unlink", data={
        "identity": re.search(r'name="identity" value="(\d+)"', settings.text).group(1),
        "csrf_token": _csrf(settings)}, timeout=10)
    assert "Set a password first" in kept.text and _identities(site, "newcomer")
    with site.app.app_context():
        assert db.session.scalar(select(UserIdentity).where(UserIdentity.subject == "newcomer")).last_login_at
        assert db.session.scalar(select(User.id).where(User.username_key == "nadia2")) is None


def test_a_verified_address_links_the_existing_account_and_its_password_stops_working(site):
    local = _local_account(site, "lino", "lino@ministry.example")
    browser = requests.Session()
    landed = _sign_in(site, browser, "linker")
    # Linked and signed in; the terms published after it registered are asked first, as for anyone.
    assert urlsplit(landed.url).path == "/legal/accept"
    assert _identities(site, "linker") == [(local.id, "lino@ministry.example")]

    # The password of an account in the provider's domain: refused, pointing at the button.
    login = requests.Session()
    for name in ("lino", "lino@ministry.example"):
        page = login.get(site.url + "/login", timeout=10)
        refused = login.post(site.url + "/login", data={"login": name, "password": PASSWORD,
                                                       "csrf_token": _csrf(page)}, timeout=10)
        assert refused.status_code == 403 and "Sign in with Ministry ID" in refused.text
    # Typed with a wrong password, the username gets the usual answer: nothing told to a guesser.
    wrong = login.post(site.url + "/login", data={"login": "lino", "password": "not the password at all",
                                                 "csrf_token": _csrf(page)}, timeout=10)
    assert wrong.status_code == 401


def test_an_unverified_address_neither_links_nor_creates_an_account(site):
    local = _local_account(site, "ursula", "ursula@example.org")
    for sub in ("unverified", "stranger"):
        browser = requests.Session()
        refused = _sign_in(site, browser, sub)
        assert refused.status_code == 403 and "has not confirmed your address" in refused.text
        assert _identities(site, sub) == []
        assert not _signed_in(site, browser)
    assert _user(site, "stan@example.org") is None
    # Its owner signs in with the password and links the provider from the settings.
    owner = requests.Session()
    page = owner.get(site.url + "/login", timeout=10)
    assert owner.post(site.url + "/login", data={"login": "ursula", "password": PASSWORD,
                                                 "csrf_token": _csrf(page)}, timeout=10).ok
    _accept_terms(site, owner)
    linked = owner.get(_to_callback(site, owner, "unverified", start="/settings/account"), timeout=10)
    assert "now linked to Ministry ID" in linked.text
    assert _identities(site, "unverified") == [(local.id, "ursula@example.org")]
    # With a password it can be unlinked.
    unlinked = owner.post(site.url + "/settings/identities/unlink", data={
        "identity": re.search(r'name="identity" value="(\d+)"', linked.text).group(1), "csrf_token": _csrf(linked)},
        timeout=10)
    assert "no longer linked to Ministry ID" in unlinked.text and _identities(site, "unverified") == []


def test_a_deactivated_account_cannot_sign_in_with_the_provider(site):
    closed = _local_account(site, "clara", "clara@ministry.example")
    with site.app.app_context():
        db.session.get(User, closed.id).deactivated_at = utcnow()
        db.session.commit()
    refused = _sign_in(site, requests.Session(), "closed")
    assert refused.status_code == 403 and "This account is closed" in refused.text
    assert _identities(site, "closed") == []


def test_logout_ends_the_session_and_the_provider_s_session(site):
    _local_account(site, "leo", "leo@ministry.example")
    browser = requests.Session()
    _sign_in(site, browser, "leaver")
    _accept_terms(site, browser)
    assert _signed_in(site, browser)
    old_cookie = browser.cookies.get("session", domain="127.0.0.1")
    page = browser.get(site.url + "/", timeout=10)
    out = browser.post(site.url + "/logout", data={"csrf_token": _csrf(page)}, allow_redirects=False, timeout=10)
    # RP-initiated logout: to the provider's end_session_endpoint, with the ID token and our home.
    location = urlsplit(out.headers["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == site.issuer + "/session/end"
    assert query["post_logout_redirect_uri"] == [site.url + "/"] and query["client_id"] == [CLIENT_ID]
    assert query["id_token_hint"][0].count(".") == 2
    assert browser.get(out.headers["Location"], timeout=10).status_code == 200  # the provider accepts both
    # The cookie from before the logout opens nothing any more.
    copy = requests.Session()
    copy.cookies.set("session", old_cookie, domain="127.0.0.1")
    assert not _signed_in(site, copy)
    with site.app.app_context():
        user = db.session.scalar(select(User).where(User.email == "leo@ministry.example"))
        assert db.session.scalar(select(LoginSession.ended_at).where(LoginSession.user_id == user.id))


def test_registration_and_password_reset_refuse_the_provider_s_domain(site):
    browser = requests.Session()
    register = browser.get(site.url + "/register", timeout=10)
    assert "Sign in with Ministry ID" in register.text and "Sign in with University ID" in register.text
    refused = browser.post(site.url + "/register", data={
        "email": "someone@ministry.example", "username": "someone", "password": "a long enough passphrase 2026",
        "country": "PE", "sector": "government", "accept_terms": "y", "csrf_token": _csrf(register)}, timeout=10)
    assert refused.status_code == 422 and "Sign in with Ministry ID" in refused.text
    assert _user(site, "someone@ministry.example") is None
    forgot = browser.get(site.url + "/password/forgot", timeout=10)
    refused = browser.post(site.url + "/password/forgot", data={"email": "lino@ministry.example",
                                                                "csrf_token": _csrf(forgot)}, timeout=10)
    assert refused.status_code == 422 and "Sign in with Ministry ID" in refused.text


def _session_cookie(site: Site, browser: requests.Session, change) -> None:
    """Change this browser's signed session cookie as only someone with the site's key could."""
    signer = SecureCookieSessionInterface().get_signing_serializer(_keyed_app())
    data = signer.loads(browser.cookies.get("session", domain="127.0.0.1"))
    change(data)
    browser.cookies.set("session", signer.dumps(data), domain="127.0.0.1")


def _keyed_app() -> Flask:
    app = Flask("oidc-test", root_path=str(ROOT))
    app.secret_key = SECRET_KEY
    return app


def test_a_callback_with_another_nonce_or_state_is_refused(site):
    # Another nonce than the one the ID token carries (a replayed or injected token): refused.
    browser = requests.Session()
    callback = _to_callback(site, browser, "nonce")

    def other_nonce(data):
        for key, value in data.items():
            if key.startswith("_state_test_"):
                value["data"]["nonce"] = "not-the-nonce"

    _session_cookie(site, browser, other_nonce)
    refused = browser.get(callback, timeout=10)
    assert refused.status_code == 400 and "could not verify the answer of Ministry ID" in refused.text
    assert _user(site, "nina@ministry.example") is None
    # An answer meant for another browser (its state unknown here): refused before any request.
    stolen = _to_callback(site, requests.Session(), "nonce")
    elsewhere = requests.Session()
    refused = elsewhere.get(stolen, timeout=10)
    assert refused.status_code == 400 and "started in another browser" in refused.text
    assert not _signed_in(site, elsewhere)


def test_a_provider_that_is_down_gets_a_clear_page(site):
    browser = requests.Session()
    page = browser.get(site.url + "/login", timeout=10)
    down = browser.post(site.url + "/login/oidc/down", data={"csrf_token": _csrf(page)}, timeout=10)
    assert down.status_code == 502 and "University ID is not answering" in down.text


# ---------- in the process: settings and hostile callbacks, no provider needed ----------

PROVIDER_ENV = {"OIDC_PROVIDERS": "ministry", "OIDC_MINISTRY_ISSUER": "http://127.0.0.1:9",
                "OIDC_MINISTRY_CLIENT_ID": "id", "OIDC_MINISTRY_CLIENT_SECRET": "secret",
                "OIDC_MINISTRY_DOMAINS": "minsa.test"}


@pytest.fixture
def app_config(database_url):
    return make_test_config(database_url, OIDC_PROVIDERS=read_oidc_providers(PROVIDER_ENV))


@pytest.mark.parametrize(("change", "message"), [
    ({"OIDC_PROVIDERS": "Ministry"}, "not a provider name"),
    ({"OIDC_PROVIDERS": "ministry,ministry"}, "twice"),
    ({"OIDC_MINISTRY_CLIENT_SECRET": ""}, "OIDC_MINISTRY_CLIENT_SECRET must be set"),
    ({"OIDC_MINISTRY_ISSUER": "id.gob.pe"}, "OIDC_MINISTRY_ISSUER must be an https URL"),
    ({"OIDC_MINISTRY_DOMAINS": "minsa.test,@@x"}, "is not an email domain"),
])
def test_a_wrong_setting_stops_the_start_and_names_the_variable(change, message):
    with pytest.raises(RuntimeError, match=message):
        read_oidc_providers({**PROVIDER_ENV, **change})
    with pytest.raises(RuntimeError, match="must be https"):
        read_oidc_providers(PROVIDER_ENV, production=True)
    (provider,) = read_oidc_providers(PROVIDER_ENV)
    assert provider.label == "Ministry" and provider.domains == ("minsa.test",) and "secret" not in repr(provider)


@pytest.mark.parametrize("query", [
    "", "state=abc", "code=abc", "code=abc&state=unknown", "error=access_denied&error_description=%3Cb%3Ex",
    "code=" + "x" * 5000 + "&state=s", "code=%C2%B2&state=%C2%B2",
])
def test_a_damaged_callback_is_a_400_page(client, query):
    response = client.get(f"/login/oidc/ministry/callback?{query}")
    assert response.status_code == 400
    assert "start again from the login page" in response.get_data(as_text=True)


def test_unknown_providers_and_expired_new_accounts(client, member):
    assert client.get("/login/oidc/nope/callback?code=a&state=b").status_code == 404
    assert form_post(client, "/login/oidc/nope", {}, page="/login").status_code == 404
    expired = client.get("/login/oidc/new-account")
    assert expired.status_code == 302 and expired.headers["Location"].endswith("/login")
    # The ministry's provider does not answer (nothing on port 9): a 502 page that names it.
    down = form_post(client, "/login/oidc/ministry", {}, page="/login")
    assert down.status_code == 502 and "Ministry is not answering" in down.get_data(as_text=True)


@pytest.mark.parametrize("mode", ["closed", "invitation"])
def test_a_site_closed_to_registration_creates_no_account_for_a_provider_s_newcomer(app, admin, mode):
    from forum.errors import Forbidden
    from forum.services import identities, site_settings

    (provider,) = read_oidc_providers(PROVIDER_ENV)
    claims = identities.ProviderClaims(provider="ministry", subject="n-1", email="nova@minsa.test", email_verified=True)
    with app.test_request_context(method="POST"):
        site_settings.do_update(db.session.merge(admin), site_name="Horizonte", tagline="", announcement="",
                                registration_mode=mode)
        with pytest.raises(Forbidden):
            identities.do_create_account(provider, claims, username="nova", display_name="Nova", country="PE",
                                         sector="government")
        assert db.session.scalar(select(User.id).where(User.username == "nova")) is None
