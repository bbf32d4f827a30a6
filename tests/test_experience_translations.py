"""Linked translations of documented experiences: who may create, edit, send, publish and mark
one updated (rules, then one HTTP request per action); bad input changes nothing; a change of the
source marks a translation out of date with the source's diff; search finds a translation by a
word of its language; the record page opens in the reader's language with "Read in" links, in a
constant number of queries; the API and the exports in a language."""

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from forum import permissions
from forum.errors import Conflict, ForumError, ValidationError
from forum.extensions import db
from forum.models import Experience, ExperienceFacet, ExperienceTranslation, User, utcnow
from forum.services import experience_library as library
from forum.services import experience_translations as translations
from forum.services import experiences as service
from forum.services.accounts import do_create_token
from forum.services.sanctions import do_add_community_moderator
from tests.conftest import Auth, form_post, starting_rows
from tests.factories import make_community, make_experience, make_user
from tests.test_search_index import assert_index_exact, found

PT = {"language": "pt", "title": "Cadeia de frio nos rios da Amazônia",
      "summary": "Geladeiras solares mantiveram as vacinas potentes nas comunidades ribeirinhas.",
      "context": "Os barcos viajam **dias** entre os postos de saúde."}
ES = {"language": "es", "title": "Cadena de frío en los ríos amazónicos",
      "summary": "Refrigeradores solares mantuvieron las vacunas en las comunidades ribereñas.",
      "context": "Los barcos viajan días entre los puestos de salud."}


@dataclass(frozen=True)
class World:
    experience_id: int
    users: dict[str, int]
    tokens: dict[str, str]


def _build(app) -> World:
    with app.app_context():
        users = {name: make_user(name, **kwargs) for name, kwargs in (
            ("mod", {"role": "moderator"}), ("admin", {"role": "admin"}), ("editor", {}), ("volunteer", {}),
            ("cmod_other", {}), ("unverified", {"is_verified": False}), ("suspended", {}), ("translator", {}))}
        here, there = make_community("vaccines", name="Vaccines"), make_community("roads", name="Roads")
        do_add_community_moderator(users["admin"], users["cmod_other"], there)
        experience = make_experience(users["mod"], users["editor"], here, title="Cold chain on Amazon rivers",
                                     context="Boats travel **days** between health posts.")
        service.do_add_editor(users["mod"], experience, "editor")
        users["suspended"].suspended_until = utcnow().replace(year=utcnow().year + 1)
        tokens = {name: do_create_token(users[name], "tests")[1] for name in ("mod", "volunteer")}
        db.session.commit()
        return World(experience.id, {name: user.id for name, user in users.items()}, tokens)


@pytest.fixture
def world(app) -> World:
    return starting_rows(app, "experience-translations", lambda: _build(app))


def _get(world: World) -> tuple[Experience, dict[str, User]]:
    db.session.expire_all()
    users = {name: db.session.get(User, user_id) for name, user_id in world.users.items()}
    return service.access_experience(users["mod"], world.experience_id), users


def _translation(experience: Experience, language: str) -> ExperienceTranslation:
    return next(t for t in experience.translations if t.language == language)


# ---------- rules ----------


def test_who_may_create_edit_send_publish_and_mark_updated(app, world):
    with app.app_context():
        experience, users = _get(world)
        draft = translations.do_create_translation(users["translator"], experience, dict(PT))
        may = {
            name: (permissions.can_create_translation(user, experience),
                   permissions.can_edit_translation(user, experience, draft),
                   permissions.can_transition_translation(user, experience, draft, "in_review"),
                   permissions.can_transition_translation(user, experience, draft, "published"),
                   permissions.can_mark_translation_updated(user, experience, draft),
                   permissions.can_view_translation(user, experience, draft))
            for name, user in [*users.items(), ("anonymous", None)]}
        #                 create edit   submit publish updated view-draft
        assert may == {
            "translator": (True, True, True, False, True, True),
            "editor": (True, True, True, False, True, True),  # an editor of the record
            "volunteer": (True, False, False, False, False, False),  # not this one's translator
            "mod": (True, True, True, True, True, True),
            "admin": (True, True, True, True, True, True),
            "cmod_other": (True, False, False, False, False, False),  # moderates another theme
            "unverified": (False, False, False, False, False, False),
            "suspended": (False, False, False, False, False, False),
            "anonymous": (False, False, False, False, False, False),
        }
        # In review: nobody edits it; a published one is read by everyone.
        translations.do_transition_translation(users["translator"], experience, draft, to="in_review")
        assert not permissions.can_edit_translation(users["translator"], experience, draft)
        translations.do_transition_translation(users["mod"], experience, draft, to="published")
        assert permissions.can_view_translation(None, experience, draft)
        assert [u.username for u in draft.translator_users] == ["translator"]
        # A volunteer who cannot see a draft record cannot translate it.
        service.do_transition(users["mod"], experience, to="draft", comment="Check the dates")
        assert not permissions.can_create_translation(users["volunteer"], experience)
        assert permissions.can_create_translation(users["editor"], experience)


def test_bad_input_changes_nothing(app, world):
    with app.app_context():
        experience, users = _get(world)
        translations.do_create_translation(users["volunteer"], experience, dict(PT))
        db.session.commit()
        experience, users = _get(world)
        cases = [({**ES, "language": "en"}, "language", "same_as_source"),
                 ({**ES, "language": "pt"}, "language", "already_translated"),
                 ({**ES, "language": "de"}, "language", "unknown_language"),
                 ({**ES, "language": 7}, "language", "wrong_type"),
                 ({**ES, "title": "Hi"}, "title", "too_short"),
                 ({**ES, "summary": "x" * 601}, "summary", "too_long"),
                 ({**ES, "status": "published"}, "status", "unknown_field"),
                 ({"language": "es"}, "title", "required")]
        for data, field, code in cases:
            with pytest.raises(ValidationError) as refused:
                translations.do_create_translation(users["volunteer"], experience, data)
            assert (refused.value.field, refused.value.code) == (field, code), data
        # Nor may the record itself be said to be written in a language it has a translation into.
        with pytest.raises(ValidationError) as refused:
            service.do_update_experience(users["mod"], experience, {"language": "pt"}, change_note="Language")
        assert (refused.value.field, refused.value.code) == ("language", "already_translated")
        # Sent for review incomplete (the original has a context the translation lacks): refused.
        draft = _translation(experience, "pt")
        translations.do_update_translation(users["volunteer"], experience, draft, {"context": ""})
        with pytest.raises(ValidationError) as refused:
            translations.do_transition_translation(users["volunteer"], experience, draft, to="in_review")
        assert (refused.value.field, refused.value.code) == ("context", "incomplete")
        with pytest.raises(ForumError):
            translations.do_transition_translation(users["volunteer"], experience, draft, to="published")
        db.session.rollback()
        rows = db.session.execute(select(ExperienceTranslation.language, ExperienceTranslation.status,
                                         ExperienceTranslation.sections)).all()
        assert rows == [("pt", "draft", {"context": PT["context"]})]


def test_a_change_of_the_source_marks_it_out_of_date_with_the_diff(app, world):
    with app.app_context():
        experience, users = _get(world)
        pt = translations.do_create_translation(users["translator"], experience, dict(PT))
        made_from = experience.revision_count
        assert pt.source_revision == made_from and not translations.is_out_of_date(experience, pt)
        service.do_transition(users["mod"], experience, to="draft", comment="Update")
        # A change of what is not translated leaves it up to date.
        service.do_update_experience(users["mod"], experience, {"countries": [{"code": "BR", "role": "offering"}]})
        assert not translations.is_out_of_date(experience, pt) and translations.source_changes(experience, pt) == []
        service.do_update_experience(users["mod"], experience, {
            "summary": "Solar fridges and cold boxes kept vaccines potent.",
            "context": "Boats travel **days** between health posts.\nCrews were trained."})
        assert translations.is_out_of_date(experience, pt)
        diffs = {d.field: d.rows for d in translations.source_changes(experience, pt)}
        assert set(diffs) == {"summary", "context"}
        assert [(r.kind, r.old, r.new) for r in diffs["summary"]] == [
            ("replace", "Solar fridges kept vaccines potent.", "Solar fridges and cold boxes kept vaccines potent.")]
        assert [r.new for r in diffs["context"] if r.kind == "insert"] == ["Crews were trained."]
        # The volunteer who did not write it cannot mark it; its translator can.
        with pytest.raises(ForumError):
            translations.do_mark_translation_updated(users["volunteer"], experience, pt)
        assert translations.do_mark_translation_updated(users["translator"], experience, pt) is True
        assert pt.source_revision == experience.revision_count > made_from
        assert not translations.is_out_of_date(experience, pt)


def _published_pt(experience, users) -> ExperienceTranslation:
    pt = translations.do_create_translation(users["translator"], experience, dict(PT))
    translations.do_transition_translation(users["translator"], experience, pt, to="in_review")
    translations.do_transition_translation(users["mod"], experience, pt, to="published")
    return pt


def test_search_finds_a_published_translation_by_a_stemmed_word_of_its_language(app, world):
    with app.app_context():
        experience, users = _get(world)
        pt = translations.do_create_translation(users["translator"], experience, dict(PT))
        assert found("ribeirinha") == set()  # a draft is not searchable
        translations.do_transition_translation(users["translator"], experience, pt, to="in_review")
        translations.do_transition_translation(users["mod"], experience, pt, to="published")
        # "ribeirinha" (singular) meets "ribeirinhas" through the Portuguese stemmer.
        results = found("ribeirinha", type="experiences")
        assert results == {("experience", experience.id)}
        assert found("ribeirinha", lang="pt") == {("experience", experience.id)}
        assert_index_exact()
        # The library finds it by the word, and its lang facet counts both languages.
        query = library.parse_query(_args(q="ribeirinha"))
        page = library.search(query, 1, 20)
        assert [e.id for e in page.items] == [experience.id]
        assert dict(page.facets["lang"]) == {"en": 1, "pt": 1}
        # Unpublishing the record, or the translation, takes it out.
        service.do_transition(users["mod"], experience, to="draft", comment="Check")
        assert found("ribeirinha") == set()
        assert_index_exact()
        service.do_transition(users["mod"], experience, to="in_review")
        service.do_transition(users["mod"], experience, to="published")
        assert found("ribeirinha") == {("experience", experience.id)}
        translations.do_transition_translation(users["mod"], experience, pt, to="draft", comment="Fix")
        assert found("ribeirinha") == set()
        assert db.session.scalar(select(func.count()).select_from(ExperienceFacet).where(
            ExperienceFacet.facet == "lang", ExperienceFacet.value == "pt")) == 0
        assert_index_exact()


def _args(**values):
    from werkzeug.datastructures import MultiDict

    return MultiDict(values)


# ---------- pages ----------


def _login(app, name: str):
    client = app.test_client()
    assert Auth(client).login(name).status_code == 302
    return client


def test_start_edit_send_publish_and_mark_updated_through_the_pages(app, world):
    url = f"/experiences/{world.experience_id}"
    volunteer = _login(app, "volunteer")
    page = volunteer.get(url).get_data(as_text=True)
    assert "Start a translation" in page and f'action="{url}/translations/new"' in page
    form = volunteer.get(f"{url}/translations/new?lang=pt").get_data(as_text=True)
    assert "Boats travel **days** between health posts." in form  # the original beside the form
    assert '<option selected value="pt">' in form or 'value="pt" selected' in form
    # Into the original's language: the form comes back with the error and the values kept.
    refused = form_post(volunteer, f"{url}/translations/new", {**PT, "language": "en"},
                        page=f"{url}/translations/new")
    assert refused.status_code == 422
    assert "This experience is written in English" in refused.get_data(as_text=True)
    assert PT["summary"] in refused.get_data(as_text=True)
    created = form_post(volunteer, f"{url}/translations/new", PT, page=f"{url}/translations/new")
    assert created.status_code == 302 and created.headers["Location"].endswith("?lang=pt")

    saved = form_post(volunteer, f"{url}/translations/pt/edit", {**PT, "title": "Cadeia de frio amazônica"},
                      page=f"{url}/translations/pt/edit")
    assert saved.status_code == 302
    sent = form_post(volunteer, f"{url}/translations/pt/transition/in_review", {}, page=f"{url}?lang=pt")
    assert sent.status_code == 302
    mod = _login(app, "mod")
    published = form_post(mod, f"{url}/translations/pt/transition/published", {}, page=f"{url}?lang=pt")
    assert published.status_code == 302
    with app.app_context():
        experience, users = _get(world)
        pt = _translation(experience, "pt")
        assert (pt.status, pt.title) == ("published", "Cadeia de frio amazônica")
        service.do_transition(users["mod"], experience, to="draft", comment="Update")
        service.do_update_experience(users["mod"], experience, {"summary": "Solar fridges, renewed."})
        service.do_transition(users["mod"], experience, to="in_review")
        service.do_transition(users["mod"], experience, to="published")
        db.session.commit()
    page = volunteer.get(f"{url}?lang=pt").get_data(as_text=True)
    assert "The original has changed since this translation was made" in page
    assert "Solar fridges, renewed." in page  # the diff
    marked = form_post(volunteer, f"{url}/translations/pt/updated", {}, page=f"{url}?lang=pt")
    assert marked.status_code == 302
    assert "The original has changed" not in volunteer.get(f"{url}?lang=pt").get_data(as_text=True)


def test_the_reader_s_language_opens_the_translation_with_read_in_links(app, world, count_queries):
    with app.app_context():
        experience, users = _get(world)
        _published_pt(experience, users)
        translations.do_create_translation(users["translator"], experience, dict(ES))  # a draft
        db.session.commit()
    url = f"/experiences/{world.experience_id}"
    client = app.test_client()
    page = client.get(url, headers={"Accept-Language": "pt-BR,pt;q=0.9"}).get_data(as_text=True)
    assert '<h1 id="experience-h" lang="pt">Cadeia de frio nos rios da Amazônia</h1>' in page
    assert re.search(r"Traduzido do inglês por Translator · <a href=\"[^\"]*\?lang=en\"", page), page
    assert f'<link rel="alternate" hreflang="pt" href="http://127.0.0.1:5000{url}?lang=pt">' in page
    assert f'<link rel="canonical" href="http://127.0.0.1:5000{url}?lang=pt">' in page
    assert 'hreflang="es"' not in page  # a draft is not offered
    page = client.get(url, headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<h1 id="experience-h" lang="en">Cold chain on Amazon rivers</h1>' in page  # no published Spanish
    read_in = re.search(r'<nav class="read-in.*?</nav>', page, re.S).group(0)
    assert ">Português</a>" in read_in and "Español" not in read_in
    original = client.get(f"{url}?lang=en", headers={"Accept-Language": "pt"}).get_data(as_text=True)
    assert '<h1 id="experience-h" lang="en">' in original
    # The exports in a language.
    assert client.get(f"{url}.json?lang=pt").get_json()["title"] == PT["title"]
    assert PT["title"] in client.get(f"{url}.md?lang=pt").get_data(as_text=True)
    assert client.get(f"{url}.json?lang=xx").status_code == 422
    # Constant queries: with its translations as without.
    with count_queries() as counter:
        assert client.get(f"{url}?lang=pt").status_code == 200
    with app.app_context():
        _experience, users = _get(world)
        plain = make_experience(users["mod"], users["editor"], _experience.themes[0].community, title="Another one")
        db.session.commit()
        plain_id = plain.id
    with count_queries() as without:
        assert client.get(f"/experiences/{plain_id}").status_code == 200
    assert counter.count <= without.count + 1, counter.statements  # + the translators of its translations


# ---------- API ----------


def _bearer(world: World, name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[name]}"}


def test_api_create_update_submit_publish_read_in_a_language(app, world):
    client = app.test_client()
    base = f"/api/v1/experiences/{world.experience_id}"
    volunteer, mod = _bearer(world, "volunteer"), _bearer(world, "mod")
    refused = client.post(f"{base}/translations", json={**PT, "language": "en"}, headers=volunteer)
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "same_as_source"
    created = client.post(f"{base}/translations", json=PT, headers=volunteer)
    assert created.status_code == 201, created.get_json()
    document = created.get_json()
    assert document["translation"]["status"] == "draft" and document["allowed_transitions"] == ["in_review"]
    assert client.post(f"{base}/translations", json=PT, headers=volunteer).get_json()["error"]["code"] == \
        "already_translated"
    patched = client.patch(f"{base}/translations/pt", json={"summary": "Geladeiras solares."}, headers=volunteer)
    assert patched.status_code == 200 and patched.get_json()["translation"]["summary"] == "Geladeiras solares."
    assert client.patch(f"{base}/translations/pt", json={"language": "es"}, headers=volunteer).status_code == 422
    assert client.post(f"{base}/translations/pt/transition", json={"to": "in_review"},
                       headers=volunteer).status_code == 200
    # Not published yet: the public sees no translation, and ?lang=pt gives the original.
    public = client.get(f"{base}?lang=pt").get_json()
    assert public["translations"] == [] and public["experience"]["language"] == "en"
    assert client.get(f"{base}/translations/pt").status_code == 404
    assert client.post(f"{base}/translations/pt/transition", json={"to": "published"},
                       headers=volunteer).status_code == 403
    assert client.post(f"{base}/translations/pt/transition", json={"to": "published"}, headers=mod).status_code == 200
    public = client.get(f"{base}?lang=pt").get_json()
    assert public["experience"]["language"] == "pt" and public["experience"]["title"] == PT["title"]
    assert public["translations"] == [{"language": "pt", "status": "published", "out_of_date": False,
                                       "url": f"http://127.0.0.1:5000/experiences/{world.experience_id}?lang=pt"}]
    assert client.get(f"{base}?lang=de").status_code == 422
    updated = client.post(f"{base}/translations/pt/updated", headers=volunteer)
    assert updated.status_code == 200 and updated.get_json()["translation"]["source_changes"] == []
    with app.app_context():
        assert db.session.scalar(select(Experience.status).where(Experience.id == world.experience_id)) == "published"


def test_a_race_for_the_same_language_is_a_conflict(app, world):
    with app.app_context():
        experience, users = _get(world)
        db.session.add(ExperienceTranslation(
            experience_id=experience.id, language="pt", title="Outra", summary="", sections={}, sections_html={},
            status="draft", source_revision=1, source_fingerprint="", created_by_id=users["mod"].id))
        db.session.flush()
        # This session's record was loaded before the other translation: only the database knows.
        with pytest.raises(Conflict):
            translations.do_create_translation(users["volunteer"], experience, dict(PT))
        db.session.rollback()
