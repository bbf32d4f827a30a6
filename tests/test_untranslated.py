"""Walk the main pages in Spanish, Portuguese and French and look for interface text left in English.

Every English phrase of the catalogs (two words or more, outside placeholders) whose translation
differs must be absent from the page's text, its labels and the strings its scripts show. The
site's content is written in those languages too, so any English left is the interface's.
"""

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import update

from forum import catalogs
from forum.extensions import db
from forum.models import User
from forum.services.notifications import do_notify
from tests.conftest import Auth
from tests.factories import make_community, make_experience, make_post, make_thread

LANGUAGES = ["es", "pt", "fr"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
# Around a phrase, not part of it.
PUNCTUATION = " .,:;·()\"'?!\u2014\u2013\u201c\u201d\u2026-"
ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "value", "content"}


class _Text(HTMLParser):
    """What a reader sees or hears: text outside scripts and styles, labels and script strings."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and (name in ATTRIBUTES or name.startswith("data-t-")) and not (
                    tag == "input" and dict(attrs).get("type") in ("hidden", "text", "search", "email")):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_phrases(language: str) -> set[str]:
    phrases = set()
    for message in catalogs.read(language):
        if not message.id or message.fuzzy:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for msgid in ids:
            for chunk in PLACEHOLDER.split(msgid):
                chunk = " ".join(chunk.split()).strip(PUNCTUATION)
                if len(chunk) >= 10 and " " in chunk and not any(chunk in string for string in strings):
                    phrases.add(chunk)
    return phrases


@pytest.fixture
def site(app, member, other_member, moderator):
    """Content in the region's other languages, so that English on a page can only be the interface's."""
    with app.test_request_context(method="POST"):
        users = {u.username: u for u in db.session.scalars(db.select(User))}
        community = make_community("vacunas", name="Vacunación y inmunización",
                                   description="Cadena de frío, calendarios y campañas.")
        thread = make_thread(users["member"], community, title="Cadena de frío en rutas fluviales",
                             body="¿Cómo mantienen las vacunas frías en los ríos de la Amazonía?")
        reply = make_post(users["other"], thread, "Usamos refrigeradores solares en los puestos de salud.")
        from forum.services.flags import do_flag_post

        do_flag_post(users["member"], reply, reason="off_topic")
        experience = make_experience(users["moderator"], users["other"], community,
                                     title="Cadena de frío solar en la Amazonía", language="es",
                                     summary="Los refrigeradores solares mantuvieron las vacunas.")
        do_notify(users["member"].id, "moderator_warning", actor=users["moderator"], thread=thread,
                  message="Por favor, cite sus fuentes.")
        from forum.services import projects

        project = projects.do_create_project(
            users["member"], title="Cadena de frío para la Amazonía", summary="Refrigeradores solares.",
            countries=[("BR", "offering"), ("PE", "receiving")], themes=["vacunas"], modality="south_south",
            planned_start="2026-01-01", planned_end="2026-12-31")
        projects.do_add_milestone(users["member"], project, title="Capacitación en Iquitos", due_date="2020-05-01",
                                  responsible_country="PE")
        projects.do_add_budget_line(users["member"], project, country="BR", amount="1500", currency="BRL")
        db.session.commit()
        return {"community": f"/c/{community.slug}", "thread": f"/t/{thread.id}/{thread.slug}",
                "thread_id": thread.id, "reply_id": reply.id,
                "experience": f"/experiences/{experience.id}/{experience.slug}", "project": f"/projects/{project.id}"}


def _pages(site) -> dict[str, list[str]]:
    return {
        "anonymous": ["/", site["community"], site["thread"], "/login", "/register", "/password/forgot",
                      "/u/other", "/people", "/search?q=vacunas", "/search", "/experiences", site["experience"],
                      "/experiences/map", "/experiences/network", "/cooperation", "/t/999999"],
        "member": ["/", site["thread"], f"{site['community']}/new", f"/t/{site['thread_id']}/reply",
                   "/notifications", "/settings", "/settings/account", "/settings/notifications", "/messages",
                   "/messages/new", f"/p/{site['reply_id']}/flag",
                   "/projects", "/projects/new", site["project"], f"{site['project']}/edit",
                   f"{site['project']}/history"],
        "moderator": ["/moderation", site["thread"], "/moderation/log", "/moderation/users/other",
                      f"/t/{site['thread_id']}/document", site["experience"].rsplit("/", 1)[0] + "/edit"],
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_show_no_interface_text_in_english(app, site, language):
    phrases = english_phrases(language)
    assert len(phrases) > 300  # the catalog is read, and most of it is worth looking for
    with app.app_context():
        db.session.execute(update(User).values(locale=language))
        db.session.commit()
    found: dict[str, list[str]] = {}
    for who, paths in _pages(site).items():
        client = app.test_client()
        if who != "anonymous":
            Auth(client).login(who)
        for path in paths:
            response = client.get(path, headers={"Accept-Language": language})
            assert response.status_code in (200, 404), (path, response.status_code)
            text = visible_text(response.get_data(as_text=True))
            english = sorted(phrase for phrase in phrases if phrase in text)
            if english:
                found[f"{who} {path}"] = english[:10]
    assert not found, found
