"""/api/v1/projects: the list with facets, one project, creating, patching (only the named fields),
the status, milestones, budget lines, focal points, revisions; errors in the API's JSON shape."""

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Project, ProjectMilestone, User
from forum.services.accounts import do_create_token
from tests.factories import make_community, make_organization, make_user
from tests.test_api_support import API, assert_error, bearer


@pytest.fixture
def world(app):
    """Tokens of ana (BR), pedro (PE), bia (BR) and a moderator."""
    with app.app_context():
        make_community("vaccines", name="Vaccines")
        tokens = {}
        for name, country, role in (("ana", "BR", "member"), ("pedro", "PE", "member"), ("bia", "BR", "member"),
                                    ("boss", "US", "moderator")):
            user = make_user(name, country=country, role=role)
            tokens[name] = bearer(do_create_token(user, "t")[1])
        make_organization("Fiocruz", "BR", "university")
        db.session.commit()
        return tokens


def _id(username: str) -> int:
    return db.session.scalar(select(User.id).where(User.username == username))


def _project_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Project))


BODY = {"title": "Cold chain for the Amazon", "summary": "Solar **fridges**",
        "countries": [{"code": "BR", "role": "offering"}, {"code": "PE", "role": "receiving"}],
        "themes": ["vaccines"], "support_types": ["training"], "modality": "south_south",
        "planned_start": "2026-01-01", "planned_end": "2026-12-31",
        "organizations": [{"name": "DIRESA Loreto", "country": "PE"}]}


def _create(client, world, app, **changes) -> dict:
    with app.app_context():
        pedro = _id("pedro")
    response = client.post(f"{API}/projects", json={**BODY, "focal_point_ids": [pedro], **changes},
                           headers=world["ana"])
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_read_list_and_filter(app, client, world):
    body = _create(client, world, app)
    project = body["project"]
    assert project["status"] == "proposed" and "<strong>fridges</strong>" in project["summary_html"]
    assert [f["username"] for f in project["focal_points"]] == ["ana", "pedro"]
    assert [o["name"] for o in project["organizations"]] == ["DIRESA Loreto"]
    assert body["allowed_transitions"] == ["agreed", "cancelled"] and body["can_edit"] is True
    assert [c["to"] for c in body["status_history"]] == ["proposed"]
    project_id = project["id"]
    # Proposed: its focal points see it; others do not, in the list nor alone.
    assert client.get(f"{API}/projects/{project_id}", headers=world["pedro"]).status_code == 200
    assert_error(client.get(f"{API}/projects/{project_id}"), 404, "not_found")
    assert_error(client.get(f"{API}/projects/{project_id}", headers=world["bia"]), 404, "not_found")
    assert client.get(f"{API}/projects").get_json()["total"] == 0

    client.post(f"{API}/projects/{project_id}/status", json={"to": "agreed", "note": "Signed"},
                headers=world["ana"])
    listed = client.get(f"{API}/projects?country=PE&role=receiving&year=2026").get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == project_id
    assert {"value": "PE", "count": 1} in listed["facets"]["country"]
    assert listed["filters"] == {"country": ["PE"], "role": ["receiving"], "year": ["2026"]}
    assert client.get(f"{API}/projects?country=AR").get_json()["total"] == 0
    assert_error(client.get(f"{API}/projects?status=finished"), 422, "invalid")


@pytest.mark.parametrize(("changes", "code"), [
    ({"countries": [{"code": "XX", "role": "offering"}, {"code": "PE", "role": "receiving"}]}, "unknown_country"),
    ({"countries": [{"code": "BR", "role": "donor"}, {"code": "PE", "role": "receiving"}]}, "unknown_role"),
    ({"planned_end": "2025-01-01"}, "end_before_start"),
    ({"focal_point_ids": ["x"]}, "wrong_type"),
    ({"status": "completed"}, "unknown_field"),
    ({"organizations": [{"name": "", "country": "PE"}]}, "required"),
    ({"title": None}, "required"),
])
def test_bad_input_is_a_422_naming_the_problem_and_creates_nothing(app, client, world, changes, code):
    response = client.post(f"{API}/projects", json={**BODY, **changes}, headers=world["ana"])
    assert_error(response, 422, code)
    assert _project_count(app) == 0


def test_creating_needs_an_account(app, client, world):
    assert_error(client.post(f"{API}/projects", json=BODY), 401, "unauthorized")
    assert _project_count(app) == 0


def test_patch_changes_only_the_named_fields_and_the_status_moves_with_a_note(app, client, world):
    project_id = _create(client, world, app)["project"]["id"]
    response = client.patch(f"{API}/projects/{project_id}", json={"title": "Cold chain along the Amazon",
                                                                 "note": "Better title"}, headers=world["pedro"])
    body = response.get_json()
    assert response.status_code == 200 and body["changed"] is True
    assert body["project"]["title"] == "Cold chain along the Amazon" and body["project"]["modality"] == "south_south"
    assert_error(client.patch(f"{API}/projects/{project_id}", json={"status": "completed"}, headers=world["ana"]),
                 422, "unknown_field")
    assert_error(client.patch(f"{API}/projects/{project_id}", json={"actual_end": "2026-01-01"},
                              headers=world["ana"]), 422, "required")
    assert_error(client.patch(f"{API}/projects/{project_id}", json={"title": "Mine now"}, headers=world["bia"]),
                 404, "not_found")  # proposed: bia cannot even see it
    client.post(f"{API}/projects/{project_id}/status", json={"to": "agreed", "note": "Signed"}, headers=world["ana"])
    assert_error(client.patch(f"{API}/projects/{project_id}", json={"title": "Mine now"}, headers=world["bia"]),
                 403, "forbidden")
    assert_error(client.post(f"{API}/projects/{project_id}/status", json={"to": "in_progress"},
                             headers=world["ana"]), 422, "required")
    assert_error(client.post(f"{API}/projects/{project_id}/status", json={"to": "completed", "note": "x"},
                             headers=world["ana"]), 422, "transition_not_allowed")
    assert_error(client.post(f"{API}/projects/{project_id}/status", json={"to": "in_progress", "note": "Go"},
                             headers=world["bia"]), 403, "forbidden")
    response = client.post(f"{API}/projects/{project_id}/status", json={"to": "in_progress", "note": "Go"},
                           headers=world["boss"])
    assert response.get_json()["project"]["status"] == "in_progress"
    assert response.get_json()["allowed_transitions"] == ["completed", "cancelled"]
    revisions = client.get(f"{API}/projects/{project_id}/revisions").get_json()
    assert [r["action"] for r in revisions["items"]] == ["status", "status", "edited", "created"]
    assert revisions["items"][2]["note"] == "Better title" and revisions["items"][2]["changed"] == ["title"]


def test_milestones_crud(app, client, world):
    project_id = _create(client, world, app)["project"]["id"]
    url = f"{API}/projects/{project_id}/milestones"
    assert_error(client.post(url, json={"title": "Training", "due_date": "2026-05-01", "responsible_country": "AR"},
                             headers=world["ana"]), 422, "country_not_in_project")
    assert_error(client.post(url, json={"title": "Training", "due_date": "soon", "responsible_country": "PE"},
                             headers=world["ana"]), 422, "invalid_date")
    response = client.post(url, json={"title": "Training", "due_date": "2026-05-01", "responsible_country": "PE"},
                           headers=world["ana"])
    assert response.status_code == 201
    milestone = response.get_json()["milestone"]
    assert milestone["done_date"] is None and milestone["responsible_country"] == "PE"
    assert [m["title"] for m in client.get(url, headers=world["pedro"]).get_json()["items"]] == ["Training"]
    one = f"{url}/{milestone['id']}"
    assert client.get(one, headers=world["ana"]).get_json()["milestone"]["title"] == "Training"
    response = client.patch(one, json={"done_date": "2026-05-03"}, headers=world["pedro"])
    assert response.get_json()["milestone"]["done_date"] == "2026-05-03"
    assert_error(client.patch(one, json={"reminded_at": None}, headers=world["pedro"]), 422, "unknown_field")
    assert_error(client.get(f"{url}/{10**6}", headers=world["ana"]), 404, "not_found")
    assert client.delete(one, headers=world["ana"]).status_code == 204
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ProjectMilestone)) == 0


def test_budget_lines_and_focal_points(app, client, world):
    project_id = _create(client, world, app)["project"]["id"]
    url = f"{API}/projects/{project_id}/budget"
    assert_error(client.post(url, json={"country": "BR", "amount": "100", "currency": "XYZ"}, headers=world["ana"]),
                 422, "unknown_currency")
    assert_error(client.post(url, json={"country": "BR", "amount": -1, "currency": "USD"}, headers=world["ana"]),
                 422, "negative")
    response = client.post(url, json={"country": "BR", "amount": 1500.5, "currency": "usd"}, headers=world["ana"])
    line = response.get_json()["budget_line"]
    assert response.status_code == 201 and (line["amount"], line["currency"]) == ("1500.50", "USD")
    kind = client.post(url, json={"country": "PE", "in_kind": True, "description": "Rooms"},
                       headers=world["pedro"]).get_json()["budget_line"]
    assert kind["in_kind"] is True and kind["amount"] is None
    assert client.delete(f"{url}/{kind['id']}", headers=world["pedro"]).status_code == 204
    assert_error(client.delete(f"{url}/{kind['id']}", headers=world["pedro"]), 404, "not_found")

    url = f"{API}/projects/{project_id}/focal-points"
    response = client.post(url, json={"username": "bia"}, headers=world["ana"])
    assert response.status_code == 201
    assert [f["username"] for f in response.get_json()["project"]["focal_points"]] == ["ana", "pedro", "bia"]
    with app.app_context():
        bia = _id("bia")
    assert client.delete(f"{url}/{bia}", headers=world["pedro"]).status_code == 204
    assert_error(client.post(url, json={"username": "boss"}, headers=world["ana"]), 422, "country_not_in_project")


def test_discussion_and_experience_through_the_api(app, client, world):
    project_id = _create(client, world, app)["project"]["id"]
    for to in ("agreed", "in_progress"):
        client.post(f"{API}/projects/{project_id}/status", json={"to": to, "note": "Next"}, headers=world["ana"])
    assert_error(client.post(f"{API}/projects/{project_id}/experience", json={}, headers=world["ana"]),
                 403, "forbidden")
    response = client.post(f"{API}/projects/{project_id}/discussion", json={}, headers=world["ana"])
    assert response.status_code == 201 and response.get_json()["project"]["discussion_thread_id"]
    client.post(f"{API}/projects/{project_id}/status", json={"to": "completed", "note": "Done"},
                headers=world["ana"])
    response = client.post(f"{API}/projects/{project_id}/experience", json={}, headers=world["pedro"])
    assert response.status_code == 201
    assert response.get_json()["project"]["experience_id"] == response.get_json()["experience_id"]
