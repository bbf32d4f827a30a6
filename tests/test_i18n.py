"""Which language a page speaks, and how it writes dates, numbers, countries and errors.

Expected texts come from the catalogs themselves (`translated`), which also fails when a string has
no translation: these tests never pass on English shown for Spanish.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale, get_translations
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import select, update

from forum import mail
from forum.extensions import db
from forum.models import Community, Post, QueuedMail, Thread, User, utcnow
from tests.conftest import form_post
from tests.factories import make_community, make_thread


def translated(app, language: str, message: str, **variables) -> str:
    with app.test_request_context(), force_locale(language):
        text = _(message, **variables)
    if language != "en":
        assert text != message % variables if variables else text != message, f"{message!r} untranslated in {language}"
    return text


def _lang(response) -> str:
    return re.search(r'<html lang="([^"]+)">', response.get_data(as_text=True)).group(1)


@pytest.mark.parametrize(("accept", "expected"), [
    ("es-PE,es;q=0.9,en;q=0.5", "es"),
    ("pt-BR", "pt"),
    ("fr-HT,fr;q=0.8", "fr"),
    ("de-DE,de;q=0.9", "en"),  # not one of ours: English
    ("", "en"),
])
def test_the_browser_language_is_the_default(app, client, accept, expected):
    response = client.get("/", headers={"Accept-Language": accept} if accept else {})
    assert _lang(response) == expected
    home = translated(app, expected, "Home")
    assert f">{home}</a>" in response.get_data(as_text=True)


def test_the_switcher_cookie_beats_the_browser_and_a_saved_choice_beats_both(app, client, auth, member):
    headers = {"Accept-Language": "es"}
    switched = form_post(client, "/language", {"locale": "fr", "next": "/people?country=PE"}, page="/")
    assert switched.status_code == 302 and switched.headers["Location"] == "/people?country=PE"
    cookie = client.get_cookie("locale")
    assert cookie.value == "fr" and cookie.http_only and cookie.max_age == 365 * 24 * 3600
    assert _lang(client.get("/", headers=headers)) == "fr"
    # A member's saved language comes first, wherever they log in from.
    with app.app_context():
        db.session.execute(update(User).where(User.username == "member").values(locale="pt"))
        db.session.commit()
    auth.login("member")
    assert _lang(client.get("/", headers=headers)) == "pt"
    # Switching while signed in saves the choice.
    form_post(client, "/language", {"locale": "es", "next": "/"}, page="/")
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.username == "member")) == "es"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_the_switcher_never_leaves_the_site(client, target):
    response = form_post(client, "/language", {"locale": "es", "next": target}, page="/")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_an_unknown_language_changes_nothing(client):
    response = form_post(client, "/language", {"locale": "xx", "next": "/"}, page="/")
    assert response.status_code == 302 and client.get_cookie("locale") is None


def test_the_switcher_works_without_a_script(client):
    html = client.get("/").get_data(as_text=True)
    form = re.search(r'<form class="lang-switch" method="post" action="/language">(.*?)</form>', html, re.S).group(1)
    assert 'name="csrf_token"' in form and '<select id="lang-select" name="locale">' in form
    assert '<label for="lang-select">' in form and 'type="submit"' in form
    # Each language is named in itself, marked with its own language.
    assert '<option value="pt" lang="pt">Português</option>' in form


def test_dates_follow_the_reader_language_and_time_zone(app, client, auth, member):
    with app.app_context():
        author = db.session.scalar(select(User).where(User.username == "member"))
        thread = make_thread(author, make_community("vaccines"), title="Cold chain on river routes")
        noon_utc = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
        db.session.execute(update(Thread).values(created_at=noon_utc, last_activity_at=noon_utc))
        db.session.execute(update(User).where(User.username == "member")
                           .values(timezone="America/Lima", locale="es"))
        db.session.commit()
        path = f"/t/{thread.id}/{thread.slug}"
    anonymous = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    # Older than a week: the day, with the exact local time (to the minute, never seconds) as its title.
    stamp = r'<time datetime="2026-03-14T12:00:00\+00:00" title="{exact}">{shown}</time>'
    assert re.search(stamp.format(exact=r"Mar 14, 2026, 12:00\s?PM", shown="Mar 14, 2026"), anonymous), \
        "anonymous readers see UTC, in English"
    auth.login("member")
    html = client.get(path).get_data(as_text=True)
    # Lima is UTC-5; Spanish writes the day first.
    assert re.search(stamp.format(exact="14 mar 2026, 7:00", shown="14 mar 2026"), html), \
        re.findall(r"<time[^>]*>[^<]*</time>", html)[:2]


def test_recent_times_are_said_relative_to_now_in_the_reader_language(app, client, auth, member):
    with app.app_context():
        author = db.session.scalar(select(User).where(User.username == "member"))
        thread = make_thread(author, make_community("vaccines"), title="Cold chain on river routes")
        earlier = utcnow() - timedelta(hours=3, minutes=5)
        db.session.execute(update(Thread).values(created_at=earlier, last_activity_at=earlier))
        db.session.execute(update(Post).values(created_at=earlier))
        db.session.commit()
        path = f"/t/{thread.id}/{thread.slug}"
    for language, said in (("en", "3 hours ago"), ("es", "hace 3 horas"), ("pt", "há 3 horas"),
                           ("fr", "il y a 3 heures")):
        html = client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
        times = re.findall(r'<time datetime="[^"]+" title="([^"]+)">([^<]*)</time>', html)
        assert times and all(shown == said for _title, shown in times), (language, times)
        assert not any(re.search(r"\d:\d\d:\d\d", title) for title, _shown in times), times  # no seconds


@pytest.mark.parametrize(("language", "written"), [("en", "1,234"), ("es", "1.234"), ("pt", "1.234"),
                                                   ("fr", "1\u202f234")])
def test_numbers_are_written_as_the_language_writes_them(app, client, language, written):
    with app.app_context():
        make_community("vaccines", name="Vaccines")
        db.session.execute(update(Community).values(post_count=1234))
        db.session.commit()
    html = client.get("/c/vaccines", headers={"Accept-Language": language}).get_data(as_text=True)
    with app.test_request_context(), force_locale(language):
        expected = get_translations().ungettext("%(num)s post", "%(num)s posts", 1234) % {"num": written}
    assert expected in html


def test_country_names_and_lists_are_in_the_reader_language(app, client):
    french = client.get("/register", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<option value="BR">Brésil</option>' in french and '<option value="HT">Haïti</option>' in french
    options = re.findall(r'<option value="([A-Z]{2})">', french)
    # In the reader's alphabetical order, accents aside: Égypte among the E, not after Z.
    assert options.index("EG") < options.index("ES") < options.index("ZW")
    assert '<option value="BR">Brasil</option>' in client.get("/register", headers={"Accept-Language": "pt"}) \
        .get_data(as_text=True)


@pytest.mark.parametrize("language", ["es", "pt", "fr"])
def test_error_pages_and_api_errors_speak_the_reader_language(app, client, language):
    headers = {"Accept-Language": language}
    page = client.get("/t/999999", headers=headers)
    assert page.status_code == 404 and _lang(page) == language
    assert str(escape(translated(app, language, "We could not find that page."))) in page.get_data(as_text=True)
    api = client.get("/api/v1/threads/999999", headers=headers)
    assert api.status_code == 404
    assert api.get_json()["error"] == {"code": "not_found",
                                       "message": translated(app, language, "We could not find that page.")}
    refused = client.post("/api/v1/communities/none/threads", headers=headers, json={})
    assert refused.get_json()["error"]["message"] == translated(app, language, "Please log in to do that.")


def test_a_refused_form_explains_itself_in_the_reader_language_and_keeps_the_text(app, client, auth, member):
    with app.app_context():
        make_community("vaccines")
        db.session.execute(update(User).where(User.username == "member").values(locale="pt"))
        db.session.commit()
    auth.login("member")
    response = form_post(client, "/c/vaccines/new", {"title": "Oi", "kind": "discussion", "body": "Meu texto"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Meu texto" in html
    assert translated(app, "pt", "Use at least %(n)d characters.", n=5) in html


def test_confirmation_mail_is_in_the_language_the_person_registered_in(app, client, captured_events):
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/register").get_data(as_text=True)).group(1)
    client.post("/register", headers={"Accept-Language": "pt-BR"}, data={
        "email": "ana@example.org", "username": "ana", "display_name": "Ana", "password": "a long enough passphrase",
        "country": "BR", "sector": "academia", "organization": "Fiocruz", "csrf_token": token})
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.username == "ana")) == "pt"
    assert [job.kind for kind, job in captured_events if kind == "account_mail"] == ["confirm_email"]
    assert mail.sender.flush()  # written by the mail sender after the response
    with app.app_context():
        [row] = db.session.scalars(select(QueuedMail))
    assert row.subject == translated(app, "pt", "Confirm your email address")
    assert row.language == "pt"  # sent as Content-Language
    assert translated(app, "pt", "Hello %(name)s,", name="Ana") in row.text
