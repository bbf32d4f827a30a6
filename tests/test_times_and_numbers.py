"""Times and numbers as readers write them: relative while recent with the exact local time in a
`<time>` title, never seconds; the end of a suspension as a day; numbers in the reader's language.

The main pages are walked in English and French; a time with seconds anywhere in what a reader
sees or hears (text, titles, labels; not the machine-readable `datetime` attributes) fails.
"""

import re
from datetime import timedelta

import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from sqlalchemy import update

from forum.extensions import db
from forum.models import User, utcnow
from forum.services import projects
from forum.services.cooperation import check_cooperation, do_set_cooperation
from forum.services.sanctions import do_suspend_user
from tests.conftest import Auth
from tests.factories import make_community, make_experience, make_post, make_thread
from tests.test_untranslated import visible_text

SECONDS = re.compile(r"\d:\d\d:\d\d")
ISO_DAY = re.compile(r"\b\d{4}-\d\d-\d\d\b")


@pytest.fixture
def site(app, member, other_member, moderator):
    """A little of everything that carries a time or a count: posts, a profile, an offer open
    until a day, a project with milestones and a budget, an experience, a suspension and its notice."""
    with app.test_request_context(method="POST"):
        users = {u.username: u for u in db.session.scalars(db.select(User))}
        community = make_community("vaccines", name="Vaccines")
        thread = make_thread(users["member"], community, title="Cold chain on river routes", kind="offer")
        do_set_cooperation(users["member"], thread, check_cooperation({
            "country": "BR", "themes": ["vaccines"], "support_types": ["training"], "modality": "south_south",
            "languages": ["pt"], "open_until": (utcnow() + timedelta(days=40)).date().isoformat()}))
        make_post(users["other"], thread, "We use solar fridges.")
        experience = make_experience(users["moderator"], users["other"], community, title="Solar cold chain")
        project = projects.do_create_project(
            users["member"], title="Cold chain for the Amazon", summary="Solar fridges.",
            countries=[("BR", "offering"), ("PE", "receiving")], themes=["vaccines"], modality="south_south",
            planned_start="2026-01-01", planned_end="2026-12-31")
        projects.do_add_milestone(users["member"], project, title="Training in Iquitos", due_date="2026-05-01",
                                  responsible_country="PE")
        projects.do_add_budget_line(users["member"], project, country="BR", amount="1234567", currency="BRL")
        until = (utcnow() + timedelta(days=20)).date()
        do_suspend_user(users["moderator"], users["other"], until=until.isoformat(), reason="Spam links")
        db.session.commit()
        return {"thread": f"/t/{thread.id}/{thread.slug}", "experience": f"/experiences/{experience.id}/"
                f"{experience.slug}", "project": f"/projects/{project.id}", "until": until}


def _pages(site) -> dict[str, list[str]]:
    return {
        None: ["/", site["thread"], "/u/member", "/people", "/cooperation", site["experience"], "/experiences"],
        "member": ["/", site["thread"], "/notifications", "/settings", "/projects", site["project"],
                   f"{site['project']}/history"],
        "other": ["/", "/notifications", site["thread"]],  # suspended
        # (The audit log's details are written out by the log's own formatter: not walked here.)
        "moderator": ["/moderation", "/moderation/users/other", site["thread"]],
    }


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_page_shows_a_time_with_seconds(app, site, language):
    with app.app_context():
        db.session.execute(update(User).values(locale=language, timezone="America/Lima"))
        db.session.commit()
    found = {}
    for who, paths in _pages(site).items():
        client = app.test_client()
        if who:
            Auth(client).login(who)
        for path in paths:
            response = client.get(path, headers={"Accept-Language": language})
            assert response.status_code == 200, (who, path, response.status_code)
            text = visible_text(response.get_data(as_text=True))
            seconds = [text[max(m.start() - 60, 0):m.end() + 10] for m in SECONDS.finditer(text)]
            if seconds:
                found[f"{who} {path}"] = seconds[:3]
    assert not found, found


def test_suspensions_end_on_a_day_and_numbers_follow_the_language(app, site):
    until = site["until"]
    client = app.test_client()
    Auth(client).login("other")
    # The banner and the notice name the day the moderator chose, in the reader's language (the
    # notice as it was written for them, in their language then).
    home = visible_text(client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True))
    assert f"Votre compte est suspendu jusqu'au {format_date(until, 'medium', locale='fr')} : Spam links" in home
    notice = visible_text(client.get("/notifications").get_data(as_text=True))
    assert f"Your account is suspended until {until:%b} {until.day}, {until.year}: Spam links" in notice
    assert not ISO_DAY.search(notice)

    moderator = app.test_client()
    Auth(moderator).login("moderator")
    with app.app_context():
        db.session.execute(update(User).where(User.username == "moderator").values(locale="fr"))
        db.session.commit()
    page = visible_text(moderator.get("/moderation/users/other").get_data(as_text=True))
    assert f"{until.day} " in page and str(until.year) in page and "23:59" not in page and "11:59" not in page

    member = app.test_client()
    Auth(member).login("member")
    with app.app_context():
        db.session.execute(update(User).where(User.username == "member").values(locale="fr"))
        db.session.commit()
    project = visible_text(member.get(site["project"]).get_data(as_text=True))
    # The budget, grouped and with the decimal comma of French ("1 234 567,00 R$").
    assert " ".join(format_currency(1234567, "BRL", locale="fr").split()) in project and "1234567" not in project


def test_an_experience_period_names_its_months_in_the_reader_language(app, member, other_member, moderator):
    with app.test_request_context(method="POST"):
        users = {u.username: u for u in db.session.scalars(db.select(User))}
        community = make_community("health-systems", name="Health systems")
        experience = make_experience(users["moderator"], users["other"], community, title="Waiting homes",
                                     start_year=2013, start_month=4, end_year=2023, end_month=6)
        db.session.commit()
        path = f"/experiences/{experience.id}/{experience.slug}"
    client = app.test_client()
    spanish = visible_text(client.get(path, headers={"Accept-Language": "es"}).get_data(as_text=True))
    assert "abril de 2013 a junio de 2023" in spanish
    english = visible_text(client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert "April 2013 to June 2023" in english and "2013-04" not in english
