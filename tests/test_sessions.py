"""Login sessions the server can end: logout, one session from the settings, a copied cookie,
failed logins per account, and the limits while their Redis is down."""

import re
import socket

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import LoginSession
from tests.conftest import PASSWORD, Auth, form_post, make_test_config

SESSION = "session"
REMEMBER = "remember_token"


FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0"


def _login(app, username: str, *, remember: bool = False, address: str = "127.0.0.1", user_agent: str = ""):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if user_agent:
        client.environ_base["HTTP_USER_AGENT"] = user_agent
    response = Auth(client).login(username, **({"remember": "y"} if remember else {}))
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def _copy_of(app, client, *names: str):
    """Another browser holding copies of these cookies (what a thief or a shared computer keeps)."""
    copy = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        copy.set_cookie(name, cookie.value)
    return copy


def _signed_in(client) -> bool:
    return client.get("/api/v1/me").status_code == 200


def test_logout_ends_the_session_on_the_server(app, member):
    browser = _login(app, "member")
    stolen = _copy_of(app, browser, SESSION)
    assert _signed_in(stolen)
    assert Auth(browser).logout().status_code == 302
    assert not _signed_in(browser)
    assert not _signed_in(stolen)  # the copy made before logout stops working too


def test_a_copied_remember_me_cookie_also_ends_at_logout(app, member):
    browser = _login(app, "member", remember=True)
    stolen = _copy_of(app, browser, REMEMBER)  # no session cookie: Flask-Login restores from this one
    assert _signed_in(stolen)
    Auth(browser).logout()
    assert not _signed_in(_copy_of(app, stolen, REMEMBER))


def test_logging_out_one_browser_keeps_the_others(app, member):
    laptop, phone = _login(app, "member"), _login(app, "member")
    Auth(laptop).logout()
    assert _signed_in(phone)


def test_settings_list_sessions_and_end_one(app, member):
    laptop = _login(app, "member")
    phone = _login(app, "member", user_agent=FIREFOX)
    page = laptop.get("/settings/account").get_data(as_text=True)
    assert page.count('class="token-item"') >= 2 and "This browser" in page and "Another browser" in page
    assert "Firefox 145 · Windows" in page  # told apart by browser and system
    with app.app_context():  # and only that is kept of the header
        assert FIREFOX not in set(db.session.scalars(select(LoginSession.user_agent)))
    ids = [int(n) for n in re.findall(r'/settings/sessions/(\d+)/end', page)]
    assert len(ids) == 1  # the other browser; this one logs out with the header's button
    assert form_post(laptop, f"/settings/sessions/{ids[0]}/end", {}, page="/settings").status_code == 302
    assert not _signed_in(phone)
    assert _signed_in(laptop)


def test_a_member_cannot_end_someone_else_s_session(app, member, other_member):
    _login(app, "other")
    mine = _login(app, "member")
    with app.app_context():
        theirs = db.session.scalar(select(LoginSession.id).where(LoginSession.user_id == other_member.id))
    response = form_post(mine, f"/settings/sessions/{theirs}/end", {}, page="/settings")
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(LoginSession, theirs).ended_at is None


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, member):
    laptop, phone = _login(app, "member"), _login(app, "member")
    response = form_post(laptop, "/settings/password", {"current_password": PASSWORD,
                                                        "new_password": "a brand new long passphrase"},
                         page="/settings")
    assert response.status_code == 302
    assert _signed_in(laptop)
    assert not _signed_in(phone)


def test_log_out_everywhere_ends_every_session(app, member):
    laptop, phone = _login(app, "member"), _login(app, "member")
    assert form_post(laptop, "/settings/sessions/end", {}, page="/settings").status_code == 302
    assert not _signed_in(laptop) and not _signed_in(phone)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginSession)
                                 .where(LoginSession.ended_at.is_(None))) == 0


def test_a_cookie_that_names_no_login_is_anonymous(app, client, member):
    """Cookies of the former "<id>:<version>" form, or a forged key, open nothing."""
    for value in (f"{member.id}:1", f"{member.id}:not-a-key", "x:y", f"{member.id}:" + "k" * 500):
        with client.session_transaction() as session:
            session["_user_id"] = value
            session["_fresh"] = True
        assert not _signed_in(client), value


# ---------- failed logins per account ----------


@pytest.fixture
def limited_app_config(database_url):
    return make_test_config(database_url, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="100 per minute",
                            RATELIMIT_LOGIN_ACCOUNT="3 per hour")


class TestFailedLoginsPerAccount:
    @pytest.fixture
    def app_config(self, limited_app_config):
        return limited_app_config

    def test_guesses_from_many_addresses_stop_at_the_account_limit(self, app, member):
        for n in range(3):
            client = app.test_client()
            client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n}"
            assert Auth(client).login("member", f"wrong guess {n}").status_code == 401
        fresh = app.test_client()
        fresh.environ_base["REMOTE_ADDR"] = "203.0.113.9"
        refused = Auth(fresh).login("MEMBER ", "wrong guess 4")  # the same account, however it is typed
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        other = app.test_client()
        other.environ_base["REMOTE_ADDR"] = "203.0.113.9"
        assert Auth(other).login("other-account", "wrong").status_code == 401  # other accounts are untouched

    def test_successful_logins_do_not_count(self, app, member):
        for _ in range(5):
            _login(app, "member")


# ---------- Redis down: limits fall back to memory ----------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


class TestLimitsWhileRedisIsDown:
    @pytest.fixture
    def app_config(self, database_url):
        return make_test_config(database_url, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2 per minute",
                                RATELIMIT_POST="100 per minute",
                                RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{_closed_port()}/0")

    def test_logins_and_posts_work_and_are_still_limited(self, app, member):
        from tests.factories import make_community

        with app.app_context():
            make_community("vaccines")
            db.session.commit()
        client = app.test_client()
        auth = Auth(client)
        assert auth.login("member", "wrong password").status_code == 401  # not a 500
        assert auth.login("member").status_code == 302
        response = form_post(client, "/c/vaccines/new", {"title": "Cold chain while Redis is down",
                                                         "body": "Still posting.", "kind": "discussion"})
        assert response.status_code == 302, response.get_data(as_text=True)
        again = Auth(app.test_client())
        limited = again.login("member")
        assert limited.status_code == 429  # counted in memory meanwhile
