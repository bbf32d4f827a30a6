"""The issue's journey, as people click it without JavaScript (the HTML forms, real HTTP through
the test client, a real database): a Bolivian member finds a Brazilian offer on the board, sees
why it matches, expresses interest; the Brazilian accepts; both agree a project with milestones;
progress is posted; the project completes and becomes a published experience that Bolivia's and
Brazil's country pages and the home page show."""

import re

from flask.testing import FlaskClient
from sqlalchemy import select

from forum.extensions import db
from forum.models import CooperationInterest, Experience, Project
from forum.services import cooperation
from tests.conftest import Auth, form_post
from tests.factories import make_community, make_thread, make_user


def _client(app, username: str) -> FlaskClient:
    client = app.test_client()
    assert Auth(client).login(username).status_code == 302
    return client


def _page(client: FlaskClient, path: str) -> str:
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_from_a_board_offer_to_a_published_experience_on_both_country_pages(app, moderator):
    with app.test_request_context(method="POST"):
        make_community("maternal-health", name="Maternal health")
        community = make_community("health-workforce", name="Health workforce")
        ana = make_user("ana", country="BR", organization="Secretaria de Saúde de Manaus")
        rene = make_user("rene", country="BO", organization="Ministerio de Salud")
        make_user("editor", role="moderator", country="US")
        offer = make_thread(ana, community, title="Training community agents in danger signs", kind="offer")
        cooperation.do_set_cooperation(ana, offer, cooperation.check_cooperation({
            "country": "BR", "themes": ["maternal-health", "health-workforce"],
            "support_types": ["training", "documents_tools"], "modality": "south_south", "languages": ["pt", "es"]}))
        request = make_thread(rene, community, title="Help training promoters in pregnancy danger signs",
                              kind="request")
        cooperation.do_set_cooperation(rene, request, cooperation.check_cooperation({
            "country": "BO", "themes": ["maternal-health"], "support_types": ["training"],
            "modality": "south_south", "languages": ["es"]}))
        db.session.commit()
        offer_id, request_id = offer.id, request.id

    # René finds the Brazilian offer on the board, and on his request's page sees why it matches.
    bolivian = _client(app, "rene")
    board = _page(bolivian, "/cooperation?kind=offer&country=BR")
    assert "Training community agents in danger signs" in board and "Brazil" in board
    why = _page(bolivian, f"/t/{request_id}")
    suggestion = why[why.index(f'data-thread-id="{offer_id}"'):]
    assert "Shared themes: Maternal health." in suggestion and "Match:" in suggestion
    assert f'href="/t/{offer_id}/interest"' in suggestion

    # He expresses interest; Ana is told, accepts, and a project is proposed between both countries.
    assert form_post(bolivian, f"/t/{offer_id}/interest", {
        "message": "We have 120 promoters in the Altiplano and would like your training of trainers.",
        "organization": "Ministerio de Salud"}).status_code == 302
    brazilian = _client(app, "ana")
    assert "is interested in your offer or request" in _page(brazilian, "/notifications")
    with app.app_context():
        interest_id = db.session.scalar(select(CooperationInterest.id))
    offer_path = brazilian.get(f"/t/{offer_id}").headers["Location"]
    accepted = form_post(brazilian, f"/interests/{interest_id}/accept", {}, page=offer_path)
    project_path = accepted.headers["Location"]
    project_id = int(re.search(r"/projects/(\d+)$", project_path).group(1))

    # Both agree on it with milestones; progress is posted in its discussion.
    assert form_post(brazilian, f"{project_path}/milestones", {
        "title": "Training of trainers in El Alto", "due_date": "2027-03-15", "responsible_country": "BR"},
        page=project_path).status_code in (302, 303)
    assert form_post(bolivian, f"{project_path}/milestones", {
        "title": "Promoters trained in four municipalities", "due_date": "2027-09-30",
        "responsible_country": "BO"}, page=project_path).status_code in (302, 303)
    assert form_post(bolivian, f"{project_path}/status", {"to": "agreed", "note": "Agreed by both ministries."},
                     page=project_path).status_code in (302, 303)
    page = _page(brazilian, project_path)
    assert "Training of trainers in El Alto" in page and "Agreed by both ministries." in page
    discussion = form_post(brazilian, f"{project_path}/discussion", {"community": "maternal-health"},
                           page=project_path)
    thread_path = discussion.headers["Location"]
    thread_id = int(re.search(r"/t/(\d+)", thread_path).group(1))
    assert form_post(bolivian, f"/t/{thread_id}/reply", {"body": "First training done: 32 facilitators."},
                     page=f"/t/{thread_id}/reply").status_code == 302
    for to, note in (("in_progress", "The first training started."), ("completed", "All promoters trained.")):
        assert form_post(brazilian, f"{project_path}/status", {"to": to, "note": note},
                         page=project_path).status_code in (302, 303)

    # Completed, it is documented in one step and published by a moderator.
    documented = form_post(brazilian, f"{project_path}/document", {}, page=project_path)
    experience_id = int(re.search(r"/experiences/(\d+)/edit$", documented.headers["Location"]).group(1))
    editor = _client(app, "editor")
    for to in ("in_review", "published"):
        assert form_post(editor, f"/experiences/{experience_id}/transition/{to}", {},
                         page=f"/experiences/{experience_id}").status_code in (302, 303)
    with app.app_context():
        experience = db.session.get(Experience, experience_id)
        assert experience.status == "published"
        assert {(c["code"], c["role"]) for c in experience.countries} == {("BR", "offering"), ("BO", "receiving")}
        assert db.session.get(Project, project_id).experience_id == experience_id
        title = experience.title

    # Bolivia's and Brazil's pages and the home page show the experience; the countries' pages the project.
    anonymous = app.test_client()
    for code in ("BO", "BR"):
        country = _page(anonymous, f"/countries/{code}")
        assert title in country, code
        assert f'href="/projects/{project_id}"' in country, code
    assert title in _page(anonymous, "/")
    assert "First training done: 32 facilitators." in _page(anonymous, f"/experiences/{experience_id}")
