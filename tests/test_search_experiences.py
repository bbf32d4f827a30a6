"""Experiences in the search: only published ones have a row, kept exact through the workflow in
the writer's transaction; weights title > summary > body; the experience's language; the type
filter, the result link, the page and the API. Runs on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from forum import links
from forum.extensions import db
from forum.models import Experience
from forum.search.models import SearchDocument
from forum.search.service import read_params, search
from forum.services import experiences as service
from tests.factories import make_community, make_experience, make_post, make_thread, make_user
from tests.test_search_index import assert_index_exact, found

DOCS = SearchDocument.__table__


def row(experience_id: int):
    db.session.flush()
    return db.session.execute(select(DOCS).where(DOCS.c.doc_type == "experience",
                                                 DOCS.c.object_id == experience_id)).one_or_none()


@pytest.fixture
def world(ctx):
    author = make_user("author", display_name="Rosa Author", country="PE")
    mod = make_user("mod", role="moderator", country="BO")
    one = make_community("one", name="One")
    two = make_community("two", name="Two")
    thread = make_thread(author, one, title="Vacunación en zonas rurales",
                         body="Las brigadas móviles llevan la vacuna a las comunidades rurales.")
    make_post(author, thread, "En Bolivia los promotores de salud acompañan a las brigadas.")
    return {"author": author, "mod": mod, "one": one, "two": two, "thread": thread}


def _complete(mod, experience, **fields) -> None:
    service.do_update_experience(mod, experience, {
        "summary": "Brigadas móviles de vacunación en zonas rurales de los Andes.", "modality": "bilateral",
        "countries": [{"code": "PE", "role": "offering"}, {"code": "BO", "role": "receiving"}],
        "start_year": 2021, "end_year": 2023, "language": "es",
        "context": "Comunidades a días de camino del **centro de salud**.",
        "results": "- Cobertura del 95 % en niños", "partner_organizations": ["Ministerio de Salud"], **fields})


def test_promote_edit_review_publish_archive_and_back(world):
    mod, thread = world["mod"], world["thread"]
    experience = service.do_promote_thread(mod, thread)
    assert row(experience.id) is None  # a draft is not searchable
    assert_index_exact()
    _complete(mod, experience)
    assert row(experience.id) is None
    assert_index_exact()
    service.do_transition(mod, experience, to="in_review")
    assert row(experience.id) is None
    assert_index_exact()

    service.do_transition(mod, experience, to="published")
    doc = row(experience.id)  # published: in the same flush
    assert doc is not None and doc.language == "es" and doc.community_id == world["one"].id
    assert doc.created_at == experience.published_at
    assert doc.title == "Vacunación en zonas rurales"
    assert doc.summary.startswith("Brigadas móviles")
    assert "centro de salud" in doc.body and "**" not in doc.body and "Ministerio de Salud" in doc.body
    assert ("experience", experience.id) in found("cobertura niños")
    assert_index_exact()

    # A published record changed outside the forms (a maintenance script): the row follows.
    experience.summary = "Brigadas de vacunación con motocicletas."
    assert "motocicletas" in row(experience.id).summary
    assert ("experience", experience.id) in found("motocicletas")
    assert_index_exact()

    # Changes requested after publication: back to draft, out of the search.
    service.do_transition(mod, experience, to="draft", comment="Add the costs.")
    assert row(experience.id) is None and ("experience", experience.id) not in found("motocicletas")
    assert_index_exact()
    _complete(mod, experience, funding="Financiado por el fondo **regional**.", themes=["two"])
    service.do_transition(mod, experience, to="in_review")
    service.do_transition(mod, experience, to="published")
    assert row(experience.id).community_id == world["two"].id
    assert ("experience", experience.id) in found("fondo regional")
    assert_index_exact()

    service.do_transition(mod, experience, to="archived")
    assert row(experience.id) is None and not {d for d in found("fondo regional") if d[0] == "experience"}
    assert_index_exact()
    service.do_transition(mod, experience, to="published")
    assert row(experience.id) is not None
    assert_index_exact()


def test_a_rolled_back_publication_leaves_no_row(world):
    experience = make_experience(world["mod"], world["author"], world["one"], title="Rollback",
                                 status="in_review")
    db.session.commit()
    service.do_transition(world["mod"], experience, to="published")
    assert row(experience.id) is not None
    db.session.rollback()
    assert row(experience.id) is None
    assert_index_exact()


def test_title_weighs_more_than_summary_more_than_body(world):
    mod, author, one = world["mod"], world["author"], world["one"]
    body = make_experience(mod, author, one, title="Cold boxes", summary="Boxes on boats.",
                           context="Telemedicine links the river posts.")
    summary = make_experience(mod, author, one, title="River posts", summary="Telemedicine for the river posts.")
    title = make_experience(mod, author, one, title="Telemedicine on the rivers", summary="Links to posts.")
    db.session.flush()
    params = read_params(MultiDict({"q": "telemedicine", "type": "experiences"}))
    results = search(db.session.connection(), None, params)
    assert [i["id"] for i in results.items] == [title.id, summary.id, body.id]
    assert {i["type"] for i in results.items} == {"experience"}
    assert links.result_path(results.items[0]) == f"/experiences/{title.id}"
    assert_index_exact()


def test_the_experience_language_decides_the_stems(world):
    experience = make_experience(world["mod"], world["author"], world["one"], title="Agentes comunitarios",
                                 summary="Los agentes comunitarios vacunan.", language="es")
    db.session.flush()
    assert row(experience.id).language == "es"
    assert ("experience", experience.id) in found("vacunaron")  # Spanish stem: vacun


def test_a_thread_and_its_experience_are_both_found(app, client, world):
    mod, thread = world["mod"], world["thread"]
    experience = service.do_promote_thread(mod, thread)
    _complete(mod, experience)
    service.do_transition(mod, experience, to="in_review")
    service.do_transition(mod, experience, to="published")
    db.session.commit()
    thread_id, experience_id = thread.id, experience.id
    assert {("thread", thread_id), ("experience", experience_id)} <= found("vacunación zonas rurales")
    assert found("vacunacion zonas rurales", type="experiences") == {("experience", experience_id)}

    html = client.get("/search?q=vacunación+zonas+rurales").get_data(as_text=True)
    assert f'href="/experiences/{experience_id}"' in html and f'href="/t/{thread_id}/' in html
    assert ">Experience</span>" in html
    page = client.get("/search?q=zonas+rurales&type=experiences").get_data(as_text=True)
    assert f'href="/experiences/{experience_id}"' in page and f'href="/t/{thread_id}/' not in page
    assert '<option selected value="experiences">' in page or 'value="experiences" selected' in page
    api = client.get("/api/v1/search?q=vacunación+zonas+rurales&type=experience").get_json()
    assert [(i["type"], i["id"], i["url"]) for i in api["items"]] == [
        ("experience", experience_id, f"/experiences/{experience_id}")]


def test_drafts_and_archived_experiences_are_never_found(world):
    mod, author, one = world["mod"], world["author"], world["one"]
    ids = {status: make_experience(mod, author, one, title=f"Hospital laundry {status}", status=status).id
           for status in ("draft", "in_review", "published", "archived")}
    assert {i for t, i in found("laundry") if t == "experience"} == {ids["published"]}
    assert db.session.scalar(select(Experience.status).where(Experience.id == ids["archived"])) == "archived"
    assert_index_exact()
