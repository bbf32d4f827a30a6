"""Project pages through the browser forms, without JavaScript: proposing (a refused form comes back
with what was typed and the error next to its field), the page, editing, milestones, the budget,
focal points, the status, posting progress, documenting, the history; the list's facets; the
number of queries of the list and of a project page at two sizes; who may do what, persona by
persona."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Experience, Post, Project, Thread, User
from forum.services import projects as service
from forum.services.posts import do_delete_post
from tests.conftest import form_post, starting_rows
from tests.factories import make_community, make_organization, make_user


@pytest.fixture
def world(app):
    """Communities, members, a moderator, an admin and an organization: built once per process,
    copied in for every other test."""
    starting_rows(app, "web-projects-world", lambda: _build_world(app))


def _build_world(app) -> None:
    with app.app_context():
        make_community("vaccines", name="Vaccines")
        make_community("logistics", name="Logistics")
        make_user("ana", country="BR")
        make_user("pedro", country="PE", locale="es")
        make_user("bia", country="BR")
        make_user("sam", country="BR")
        make_user("carla", country="CL")
        make_user("boss", role="moderator", country="US")
        make_user("root", role="admin", country="US")
        make_organization("Fiocruz", "BR", "university")
        db.session.commit()


def login(client, username):
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"login": username, "password": "correct horse battery staple",
                                           "csrf_token": token})
    assert response.status_code == 302


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


FORM = {
    "title": "Cold chain for the Amazon",
    "summary": "Solar fridges and **training** <script>alert(1)</script>",
    "objectives": "- Train 40 technicians",
    "modality": "south_south",
    "themes": ["vaccines"],
    "support_types": ["training", "technical_assistance"],
    "country": ["BR", "PE", ""], "country_role": ["offering", "receiving", "partner"],
    "organizations": "BR Fiocruz\npe DIRESA Loreto",
    "focal_points": "pedro",
    "planned_start": "2026-01-01", "planned_end": "2026-12-31",
}


def test_a_member_proposes_and_runs_a_project_through_the_forms(app, client, world):
    login(client, "ana")
    form = client.get("/projects/new").get_data(as_text=True)
    first_row = re.search(r'<select id="countries" name="country">.*?</select>', form, re.S).group(0)
    assert '<option value="BR" selected>' in first_row  # her country offers, to begin with

    # A refused form comes back with what was typed and the error by the field; nothing is created.
    response = form_post(client, "/projects/new", {**FORM, "planned_end": "2025-01-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The end date is before the start date." in page and 'value="Cold chain for the Amazon"' in page
    assert re.search(r'id="planned_end-error"', page)
    response = form_post(client, "/projects/new", {**FORM, "country": ["BR", "AR"]}, page="/projects/new")
    assert response.status_code == 422 and "DIRESA Loreto" in response.get_data(as_text=True)
    assert "Pedro is from Peru, which is not one of the project" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Project)) == 0

    response = form_post(client, "/projects/new", FORM)
    assert response.status_code == 302
    project_id = int(re.search(r"/projects/(\d+)$", response.headers["Location"]).group(1))
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "Cold chain for the Amazon" in page and "<strong>training</strong>" in page and "<script>" not in page
    assert "Brazil" in page and "Peru" in page and "(offering)" in page and "Fiocruz" in page
    assert "DIRESA Loreto" in page and "Pedro" in page

    # Milestones: a bad one is refused, naming the problem; a good one is listed, overdue when late.
    response = form_post(client, f"/projects/{project_id}/milestones",
                         {"title": "Fridges shipped", "due_date": "2020-01-10", "responsible_country": "AR"},
                         page=f"/projects/{project_id}")
    assert response.status_code == 303
    assert "Argentina is not one of the project" in client.get(f"/projects/{project_id}").get_data(as_text=True)
    form_post(client, f"/projects/{project_id}/milestones",
              {"title": "Fridges shipped", "due_date": "2020-01-10", "responsible_country": "BR"},
              page=f"/projects/{project_id}")
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "Fridges shipped" in page and "Overdue" in page and "Jan 10, 2020" in page
    with app.app_context():
        milestone_id = db.session.get(Project, project_id).milestones[0].id
    edit = client.get(f"/projects/{project_id}/milestones/{milestone_id}/edit").get_data(as_text=True)
    assert 'value="Fridges shipped"' in edit
    response = form_post(client, f"/projects/{project_id}/milestones/{milestone_id}/edit",
                         {"title": "Fridges shipped", "due_date": "2020-01-10", "responsible_country": "BR",
                          "done_date": "2019-12-31x"})
    assert response.status_code == 422 and "Enter a date as YYYY-MM-DD." in response.get_data(as_text=True)
    form_post(client, f"/projects/{project_id}/milestones/{milestone_id}/done", {}, page=f"/projects/{project_id}")
    assert "Overdue" not in client.get(f"/projects/{project_id}").get_data(as_text=True)

    # The budget, formatted for the reader.
    form_post(client, f"/projects/{project_id}/budget", {"country": "BR", "amount": "15000.5", "currency": "usd"},
              page=f"/projects/{project_id}")
    form_post(client, f"/projects/{project_id}/budget", {"country": "PE", "in_kind": "y",
                                                         "description": "Training rooms"},
              page=f"/projects/{project_id}")
    response = form_post(client, f"/projects/{project_id}/budget", {"country": "PE", "amount": "5",
                                                                    "currency": "ABC"}, page=f"/projects/{project_id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ABC is not an ISO 4217 currency code." in page
    assert "US$15,000.50" in page or "$15,000.50" in page
    assert "in kind" in page and "Training rooms" in page

    # Editing keeps a revision; the status moves with a note.
    edit = client.get(f"/projects/{project_id}/edit").get_data(as_text=True)
    assert 'value="Cold chain for the Amazon"' in edit and "PE DIRESA Loreto" in edit
    data = {**FORM, "title": "Cold chain along the Amazon", "actual_start": "2026-02-01", "note": "New title"}
    data.pop("focal_points")
    assert form_post(client, f"/projects/{project_id}/edit", data).status_code == 302
    response = form_post(client, f"/projects/{project_id}/status", {"to": "agreed", "note": ""},
                         page=f"/projects/{project_id}")
    assert "Say why, in a short note." in client.get(response.headers["Location"]).get_data(as_text=True)
    form_post(client, f"/projects/{project_id}/status", {"to": "agreed", "note": "Signed in Lima"},
              page=f"/projects/{project_id}")
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "Agreed" in page and "Signed in Lima" in page

    # Posting progress opens the discussion; then the page links to it.
    response = form_post(client, f"/projects/{project_id}/discussion", {"community": "vaccines"},
                         page=f"/projects/{project_id}")
    assert response.status_code == 302 and "/t/" in response.headers["Location"]
    assert "Post progress" in client.get(f"/projects/{project_id}").get_data(as_text=True)

    # The history shows each change with its note.
    history = client.get(f"/projects/{project_id}/history").get_data(as_text=True)
    assert "New title" in history and "Status changed" in history and "Milestones changed" in history
    assert "Title" in history

    # The other focal point reads it in Spanish: country names and the budget in their language.
    other = app.test_client()
    login(other, "pedro")
    page = other.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "Brasil" in page and "Perú" in page and "15.000,50" in page

    # Completed, it is documented as an experience in one step; the experience says where it came from.
    form_post(client, f"/projects/{project_id}/status", {"to": "in_progress", "note": "Started"},
              page=f"/projects/{project_id}")
    form_post(client, f"/projects/{project_id}/status", {"to": "completed", "note": "Finished"},
              page=f"/projects/{project_id}")
    response = form_post(client, f"/projects/{project_id}/document", {}, page=f"/projects/{project_id}")
    assert response.status_code == 302 and re.search(r"/experiences/\d+/edit$", response.headers["Location"])
    with app.app_context():
        experience = db.session.scalars(select(Experience)).one()
        experience_id = experience.id
    record = client.get(f"/experiences/{experience_id}").get_data(as_text=True)
    assert "From the cooperation project" in record and f'href="/projects/{project_id}"' in record
    assert "Documented as the experience" in client.get(f"/projects/{project_id}").get_data(as_text=True)


def _project(app, *, countries=(("BR", "offering"), ("PE", "receiving")), status="agreed", milestones=0,
             title="A project", themes=("vaccines",)) -> int:
    with app.test_request_context(method="POST"):
        ana = _user("ana")
        project = service.do_create_project(
            ana, title=title, countries=list(countries), themes=list(themes), summary="Summary",
            focal_point_ids=[_user(name).id for code, name in (("PE", "pedro"), ("CL", "carla"))
                             if code in dict(countries)],
            organization_ids=[make_organization(f"Org {i}", "BR").id for i in range(len(countries))])
        for i in range(milestones):
            service.do_add_milestone(ana, project, title=f"Milestone {i}", due_date=date.today() + timedelta(days=i),
                                     responsible_country="BR")
            service.do_add_budget_line(ana, project, country="BR", amount=str(100 + i), currency="USD")
        if status != "proposed":
            service.do_change_project_status(ana, project, "agreed", "Signed")
        db.session.commit()
        return project.id


def test_the_list_filters_by_facets_in_the_url_and_hides_proposed_projects(app, client, world):
    _project(app, title="Brazil and Peru")
    _project(app, title="Brazil alone with Chile", countries=(("BR", "partner"), ("CL", "partner")),
             themes=("logistics",))
    _project(app, title="Secret proposal", status="proposed")
    page = client.get("/projects").get_data(as_text=True)
    assert "2 projects" in page and "Secret proposal" not in page
    assert 'href="/projects?country=PE"' in page and 'href="/projects?role=partner"' in page
    filtered = client.get("/projects?country=BR&role=partner").get_data(as_text=True)
    assert "1 project" in filtered and "Brazil alone with Chile" in filtered and "Brazil and Peru" not in filtered
    assert 'aria-current="true"' in filtered
    assert client.get("/projects?role=donor").status_code == 404
    assert client.get("/projects?year=%C2%B2").status_code == 404
    login(client, "ana")
    assert "Secret proposal" in client.get("/projects").get_data(as_text=True)


def test_the_list_is_paginated(app, client, world):
    app.config["PROJECTS_PER_PAGE"] = 2
    try:
        for i in range(3):
            _project(app, title=f"Project number {i}")
        first = client.get("/projects").get_data(as_text=True)
        assert first.count('class="experience-item project-item"') == 2 and 'href="/projects?page=2"' in first
        assert client.get("/projects?page=2").get_data(as_text=True).count('project-item"') == 1
    finally:
        app.config.pop("PROJECTS_PER_PAGE")


@pytest.mark.parametrize("size", [1, 8])
def test_the_list_and_a_project_page_run_a_constant_number_of_queries(app, client, world, count_queries, size):
    ids = [_project(app, title=f"Project number {i}", milestones=size) for i in range(size)]
    with app.test_request_context(method="POST"):
        project = db.session.get(Project, ids[-1])
        service.do_start_project_discussion(_user("ana"), project)
        db.session.commit()
    with count_queries() as counter:
        response = client.get("/projects?country=BR")
    assert response.status_code == 200 and response.get_data(as_text=True).count("project-item") == size
    # total, page of projects, their countries, their themes, facet counts, community names
    assert counter.count <= 6, counter.statements
    login(client, "ana")
    with count_queries() as counter:
        response = client.get(f"/projects/{ids[-1]}")
    assert response.status_code == 200 and response.get_data(as_text=True).count("Milestone ") >= size
    # session and user, the project with its threads and experience, countries, organizations, focal
    # points, themes, milestones, budget lines, the status history
    assert counter.count <= 10, counter.statements


# ---------- who may do what ----------

PERSONAS = ("anonymous", "member", "focal_point", "moderator", "admin", "suspended")
ACCOUNTS = {"member": "bia", "focal_point": "pedro", "moderator": "boss", "admin": "root", "suspended": "sam"}


@pytest.fixture
def matrix_project(app, world):
    """An agreed project whose focal points are ana (BR), pedro (PE) and sam (BR), sam suspended: built
    once per process on top of `world`, copied in for every other test."""
    return starting_rows(app, "web-projects-matrix", lambda: _build_matrix_project(app))


def _build_matrix_project(app) -> int:
    project_id = _project(app)
    with app.test_request_context(method="POST"):
        project = db.session.get(Project, project_id)
        service.do_add_focal_point(_user("ana"), project, "sam")
        sam = _user("sam")
        sam.suspended_until = service.utcnow() + timedelta(days=3)
        sam.suspension_reason = "Spam"
        db.session.commit()
    return project_id


def _client_as(app, persona):
    client = app.test_client()
    if persona != "anonymous":
        login(client, ACCOUNTS[persona])
    return client


ALLOWED = {"focal_point", "moderator", "admin"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_edit(app, matrix_project, persona):
    client = _client_as(app, persona)
    response = client.get(f"/projects/{matrix_project}/edit")
    expected = 200 if persona in ALLOWED else 401 if persona == "anonymous" else 403
    assert response.status_code == expected
    page = client.get(f"/projects/{matrix_project}").get_data(as_text=True)
    assert (f'href="/projects/{matrix_project}/edit"' in page) is (persona in ALLOWED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_change_the_status(app, matrix_project, persona):
    client = _client_as(app, persona)
    page = client.get(f"/projects/{matrix_project}").get_data(as_text=True)
    assert (f'action="/projects/{matrix_project}/status"' in page) is (persona in ALLOWED)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post(f"/projects/{matrix_project}/status",
                           data={"to": "in_progress", "note": "Starting", "csrf_token": token})
    with app.app_context():
        status = db.session.get(Project, matrix_project).status
    if persona in ALLOWED:
        assert response.status_code == 302 and status == "in_progress"
    else:
        assert response.status_code == (401 if persona == "anonymous" else 403) and status == "agreed"


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_add_focal_points(app, matrix_project, persona):
    client = _client_as(app, persona)
    page = client.get(f"/projects/{matrix_project}").get_data(as_text=True)
    assert (f'action="/projects/{matrix_project}/focal-points"' in page) is (persona in ALLOWED)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post(f"/projects/{matrix_project}/focal-points", data={"username": "bia", "csrf_token": token})
    with app.app_context():
        added = _user("bia").id in db.session.get(Project, matrix_project).focal_point_ids
    assert added is (persona in ALLOWED)
    if persona not in ALLOWED:
        assert response.status_code == (401 if persona == "anonymous" else 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_a_proposed_project(app, world, persona):
    project_id = _project(app, status="proposed", title="Still negotiating")
    with app.app_context():
        db.session.get(Project, project_id)  # created by ana, pedro is its other focal point
    client = _client_as(app, persona)
    for path in (f"/projects/{project_id}", f"/projects/{project_id}/history", f"/api/v1/projects/{project_id}"):
        response = client.get(path)
        # The suspended member sam is no focal point of this one.
        visible = persona in ("focal_point", "moderator", "admin")
        assert response.status_code == (200 if visible else 404), (path, persona)
        assert ("Still negotiating" in response.get_data(as_text=True)) is visible


def test_a_deleted_discussion_is_not_linked_and_a_new_one_can_start(app, client, world):
    project_id = _project(app)
    with app.test_request_context(method="POST"):
        project = db.session.get(Project, project_id)
        thread_id = service.do_start_project_discussion(_user("ana"), project).id
        opening = db.session.scalar(select(Post).where(Post.thread_id == thread_id, Post.number == 1))
        do_delete_post(_user("ana"), opening)  # the opening post without replies: the thread goes with it
        db.session.commit()
        assert db.session.get(Thread, thread_id).is_deleted
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "No discussion yet." in page and f"/t/{thread_id}/" not in page
    login(client, "ana")
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert f'action="/projects/{project_id}/discussion"' in page
    response = form_post(client, f"/projects/{project_id}/discussion", {"community": "vaccines"},
                         page=f"/projects/{project_id}")
    assert response.status_code == 302 and f"/t/{thread_id}/" not in response.headers["Location"]


def test_focal_points_hear_of_a_status_change_on_the_page_and_by_mail(app, client, world):
    from forum.models import QueuedMail

    project_id = _project(app, status="proposed")
    login(client, "ana")
    form_post(client, f"/projects/{project_id}/status", {"to": "agreed", "note": "Firmado en Lima"},
              page=f"/projects/{project_id}")
    other = app.test_client()
    login(other, "pedro")  # reads in Spanish
    page = other.get("/notifications").get_data(as_text=True)
    assert "cambió el estado del proyecto de cooperación" in page and "Firmado en Lima" in page
    # Opening it (a POST: it is then read) leads to the project.
    opened = re.search(r'action="(/notifications/\d+/open)"', page).group(1)
    assert form_post(other, opened, {}, page="/notifications").headers["Location"] == f"/projects/{project_id}"
    with app.app_context():
        mail = db.session.scalar(select(QueuedMail).where(QueuedMail.to == "pedro@example.org"))
        assert "proyecto de cooperación" in mail.subject and f"/projects/{project_id}" in mail.text
    settings = other.get("/settings/notifications").get_data(as_text=True)
    assert "proyectos de cooperación" in settings  # the kinds have email preferences
