"""A community's name and description in the reader's language: edited by admins per language (form
and API), shown on every page that names a community, the original where a language has none, at
the same number of queries."""

from flask_babel import force_locale

from forum.cooperation_reference import reason_lines
from forum.extensions import db
from forum.models import Community
from forum.services.communities import do_update_community
from tests.conftest import form_post
from tests.factories import make_community, make_post, make_thread, make_user
from tests.test_cooperation import coop_thread, token_for
from tests.test_pages_performance import COMMUNITY_PAGE_QUERIES, THREAD_PAGE_QUERIES

SPANISH = {"Accept-Language": "es"}


def _translated_world(app) -> tuple[int, str]:
    """A community translated into Spanish only, an offer about it, a thread in it."""
    with app.app_context():
        community = make_community("vaccines", name="Immunization", description="Cold chain and campaigns",
                                   translations={"es": {"name": "Inmunización", "description": "Cadena de frío"}})
        author = make_user("author", country="PE")
        thread = make_thread(author, community, title="Cold chain on river routes")
        make_post(make_user("replier"), thread)
        coop_thread(author, community, "offer", country="PE", themes=["vaccines"], support=["training"],
                    title="Training in cold chain audits")
        db.session.commit()
        return thread.id, thread.slug


def test_a_spanish_reader_sees_the_spanish_name_everywhere_and_others_the_original(app, client, count_queries):
    thread_id, slug = _translated_world(app)
    pages = {"home": "/", "community": "/c/vaccines", "thread": f"/t/{thread_id}/{slug}",
             "board": "/cooperation", "search": "/search?q=cold"}
    for name, path in pages.items():
        spanish = client.get(path, headers=SPANISH).get_data(as_text=True)
        assert "Inmunización" in spanish and ">Immunization<" not in spanish, name
        # Portuguese has no translation: the original shows.
        portuguese = client.get(path, headers={"Accept-Language": "pt"}).get_data(as_text=True)
        assert ">Immunization<" in portuguese and "Inmunización" not in portuguese, name
    community_page = client.get("/c/vaccines", headers=SPANISH).get_data(as_text=True)
    assert "<title>Inmunización" in community_page and "Cadena de frío" in community_page
    assert "Cold chain and campaigns" in client.get("/c/vaccines", headers={"Accept-Language": "fr"}).get_data(
        as_text=True)
    # The translations are on the community's row: no query more than in English.
    with count_queries() as counter:
        assert client.get("/c/vaccines", headers=SPANISH).status_code == 200
    assert counter.count <= COMMUNITY_PAGE_QUERIES, counter.statements
    with count_queries() as counter:
        assert client.get(f"/t/{thread_id}/{slug}", headers=SPANISH).status_code == 200
    assert counter.count <= THREAD_PAGE_QUERIES, counter.statements


def test_admins_edit_each_language_in_the_form(app, client, auth, admin):
    auth.login("admin")
    created = form_post(client, "/c/new", {
        "slug": "digital", "name": "Digital Health", "description": "Records and telehealth", "position": "0",
        "name_es": "Salud digital", "description_es": "Historias clínicas y telesalud",
        "name_fr": "Santé numérique"})
    assert created.status_code == 302
    form = client.get("/c/digital/edit").get_data(as_text=True)
    assert 'value="Salud digital"' in form and "Historias clínicas y telesalud" in form
    assert 'lang="fr"' in form and "Name in Portuguese" in form
    too_long = form_post(client, "/c/digital/edit", {"name": "Digital Health", "position": "0",
                                                     "name_pt": "x" * 121})
    assert too_long.status_code == 422 and 'id="name_pt-error"' in too_long.get_data(as_text=True)
    saved = form_post(client, "/c/digital/edit", {
        "name": "Digital Health", "description": "Records and telehealth", "position": "0",
        "name_es": "Salud digital", "name_pt": "Saúde digital", "description_pt": "Prontuários e telessaúde",
        "name_fr": "", "description_es": ""})
    assert saved.status_code == 302
    with app.app_context():
        community = db.session.scalar(db.select(Community).where(Community.slug == "digital"))
        # French was emptied in the form: it goes, and French readers see the original again.
        assert community.name_i18n == {"es": "Salud digital", "pt": "Saúde digital"}
        assert community.description_i18n == {"pt": "Prontuários e telessaúde"}
        assert (community.localized_name("pt"), community.localized_name("fr")) == ("Saúde digital", "Digital Health")
        assert community.localized_description("es") == "Records and telehealth"


def test_the_api_gives_the_reader_s_language_and_every_translation(app, client, admin, member):
    with app.app_context():
        make_community("vaccines", name="Immunization", translations={"es": {"name": "Inmunización"}})
        db.session.commit()
    item = client.get("/api/v1/communities", headers=SPANISH).get_json()["items"][0]
    assert (item["name"], item["lang"], item["localized_name"]) == ("Immunization", "es", "Inmunización")
    assert item["translations"] == {"es": {"name": "Inmunización", "description": ""}}
    french = client.get("/api/v1/communities/vaccines?lang=fr", headers=SPANISH).get_json()["community"]
    assert (french["lang"], french["localized_name"]) == ("fr", "Immunization")
    assert client.get("/api/v1/communities?lang=xx").status_code == 422

    change = {"translations": {"fr": {"name": "Vaccination", "description": "Chaîne du froid"}}}
    assert client.patch("/api/v1/communities/vaccines", json=change,
                        headers=token_for(app, member.id)).status_code == 403
    answer = client.patch("/api/v1/communities/vaccines", json=change, headers={
        **token_for(app, admin.id), "Accept-Language": "fr"})
    assert answer.status_code == 200
    body = answer.get_json()["community"]
    assert (body["name"], body["localized_name"], body["localized_description"]) == (
        "Immunization", "Vaccination", "Chaîne du froid")
    assert set(body["translations"]) == {"es", "fr"}  # Spanish, not named, is kept
    refused = client.patch("/api/v1/communities/vaccines", json={"translations": {"de": {"name": "Impfung"}}},
                           headers=token_for(app, admin.id))
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "unknown_language"


def test_match_reasons_name_themes_in_the_reader_s_language(app, ctx):
    community = make_community("vaccines", name="Immunization", translations={"es": {"name": "Inmunización"}})
    stored = {"theme_names": {"vaccines": "Immunization"}, "theme_names_i18n": {"vaccines": community.name_i18n},
              "shared": {"themes": ["vaccines"]}, "missing": {}}
    with force_locale("es"):
        assert reason_lines(stored) == ["Temas en común: Inmunización."]
        # A match stored before translations were kept reads as it did.
        assert reason_lines({"theme_names": {"vaccines": "Immunization"}, "shared": {"themes": ["vaccines"]}}) == [
            "Temas en común: Immunization."]
    do_update_community(make_user("boss", role="admin"), community, name="Immunization", description="",
                        position=0, translations={"es": {"name": ""}})
    assert community.name_i18n == {} and community.localized_name("es") == "Immunization"
