"""People in the search: position, expertise tags and languages are searchable and re-indexed when
they change (tags live in their own table); the result links to the profile; the details of people
who hide them from anonymous visitors are not indexed at all. Runs on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.search.models import SearchDocument
from forum.services.accounts import do_update_profile
from tests.factories import make_user
from tests.test_search_index import assert_index_exact, found

DOCS = SearchDocument.__table__


def person_row(user_id: int):
    db.session.flush()
    return db.session.execute(select(DOCS).where(DOCS.c.doc_type == "person", DOCS.c.object_id == user_id)).one()


@pytest.fixture
def rosa(ctx):
    user = make_user("rosa", display_name="Rosa Mamani")
    do_update_profile(user, position="Epidemiologist", organization="Hospital de Clínicas",
                      expertise=["Cold chain", "Dengue surveillance"], languages=["es", "qu", "ay"],
                      bio="Nurse working on maternal health in the highlands.")
    return user


def test_position_expertise_and_languages_are_searchable(rosa):
    for query in ("epidemiologist", "cold chain", "dengue", "Quechua", "aymara", "spanish", "español", "clínicas",
                  "highlands"):
        assert ("person", rosa.id) in found(query, type="people"), query
    doc = person_row(rosa.id)
    assert "Epidemiologist" in doc.summary and "Cold chain" in doc.summary
    assert "Spanish" in doc.body and "highlands" in doc.body
    assert_index_exact()


def test_changing_only_the_expertise_tags_re_indexes(rosa):
    do_update_profile(rosa, expertise=["Telemedicine"])
    assert ("person", rosa.id) in found("telemedicine")
    assert ("person", rosa.id) not in found("dengue")
    assert_index_exact()
    do_update_profile(rosa, languages=["pt"])
    assert ("person", rosa.id) in found("portuguese")
    assert ("person", rosa.id) not in found("quechua")
    assert_index_exact()
    do_update_profile(rosa, position="Chief nurse")
    assert ("person", rosa.id) in found("chief nurse") and ("person", rosa.id) not in found("epidemiologist")
    assert_index_exact()


def test_hidden_details_are_not_found(rosa):
    member = make_user("someone")
    do_update_profile(rosa, profile_members_only=True)
    for viewer in (None, member):
        for query in ("epidemiologist", "cold chain", "quechua", "clínicas", "highlands"):
            assert ("person", rosa.id) not in found(query, viewer), query
        assert ("person", rosa.id) in found("Mamani", viewer)  # the name is public
    doc = person_row(rosa.id)
    assert (doc.summary, doc.body) == ("", "")  # nothing for a snippet to show either
    assert_index_exact()
    do_update_profile(rosa, profile_members_only=False)
    assert ("person", rosa.id) in found("cold chain")
    assert_index_exact()


def test_results_link_to_the_profile(app, client):
    with app.app_context():
        user = make_user("rosa", display_name="Rosa Mamani")
        do_update_profile(user, expertise=["Cold chain"])
        db.session.commit()
    html = client.get("/search?q=cold+chain&type=people").get_data(as_text=True)
    assert 'href="/u/rosa"' in html
    api = client.get("/api/v1/search?q=cold+chain&type=people").get_json()
    assert [(i["type"], i["username"], i["url"]) for i in api["items"]] == [("person", "rosa", "/u/rosa")]
