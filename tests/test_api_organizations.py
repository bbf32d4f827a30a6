"""/api/v1/organizations: list and filters, a record, create (or find), edit and merge, errors."""

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import AuditEntry, Organization
from tests.factories import make_organization, make_user
from tests.test_api_support import API, assert_error, bearer, issue_token

NEW = {"name": "Fundação Oswaldo Cruz", "country": "BR", "type": "university", "acronym": "Fiocruz",
       "website": "https://portal.fiocruz.br"}


@pytest.fixture
def tokens(app, member, moderator, admin, unverified):
    return {name: bearer(issue_token(app, persona))
            for name, persona in (("member", member), ("moderator", moderator), ("admin", admin),
                                  ("unverified", unverified))}


def _organizations(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Organization))


def test_create_then_find_the_same_record(app, client, tokens):
    created = client.post(f"{API}/organizations", headers=tokens["member"], json=NEW)
    assert created.status_code == 201
    body = created.get_json()
    assert body["created"] is True
    record = body["organization"]
    assert {k: record[k] for k in ("slug", "name", "acronym", "type", "country", "website", "member_count",
                                   "merged_into")} == {
        "slug": "fundacao-oswaldo-cruz-br", "name": "Fundação Oswaldo Cruz", "acronym": "Fiocruz",
        "type": "university", "country": "BR", "website": "https://portal.fiocruz.br", "member_count": 0,
        "merged_into": None}
    again = client.post(f"{API}/organizations", headers=tokens["member"],
                        json={"name": "fundacao OSWALDO cruz", "country": "br"})
    assert again.status_code == 200
    assert again.get_json()["created"] is False and again.get_json()["organization"]["id"] == record["id"]


@pytest.mark.parametrize(("data", "code"), [
    ({**NEW, "type": "company"}, "unknown_type"),
    ({**NEW, "website": "javascript:alert(1)"}, "invalid_website"),
    ({**NEW, "country": "XX"}, "invalid"),
    ({**NEW, "name": ""}, "required"),
    ({**NEW, "member_count": 99}, "unknown_field"),
    ({**NEW, "name": 12}, "wrong_type"),
])
def test_bad_input_is_refused_and_creates_nothing(app, client, tokens, data, code):
    before = _organizations(app)
    error = assert_error(client.post(f"{API}/organizations", headers=tokens["member"], json=data), 422, code)
    assert error["message"]
    assert _organizations(app) == before


def test_who_may_create(app, client, tokens):
    assert_error(client.post(f"{API}/organizations", json=NEW), 401, "unauthorized")
    assert_error(client.post(f"{API}/organizations", headers=tokens["unverified"], json=NEW), 403, "email_unverified")
    assert client.post(f"{API}/organizations", headers=tokens["admin"], json=NEW).status_code == 201


def test_list_filters_and_a_record(app, client, tokens):
    with app.app_context():
        make_organization("Ministerio de Salud", "PE", type="ministry")
        make_organization("Universidad Peruana Cayetano Heredia", "PE", type="university")
        make_user("ana", organization="Ministerio de Salud", country="PE")
        db.session.commit()
    body = client.get(f"{API}/organizations?country=PE").get_json()
    assert [o["slug"] for o in body["items"]] == ["ministerio-de-salud-pe", "universidad-peruana-cayetano-heredia-pe"]
    assert (body["total"], body["page"], body["pages"], body["filters"]) == (2, 1, 1, {"country": "PE"})
    assert [o["slug"] for o in client.get(f"{API}/organizations?type=university").get_json()["items"]] == [
        "universidad-peruana-cayetano-heredia-pe"]
    assert [o["name"] for o in client.get(f"{API}/organizations?q=MINISTERIO").get_json()["items"]] == [
        "Ministerio de Salud"]
    assert_error(client.get(f"{API}/organizations?type=company"), 422, "unknown_type")
    assert_error(client.get(f"{API}/organizations?page=0"), 422, "out_of_range")

    record = client.get(f"{API}/organizations/ministerio-de-salud-pe").get_json()
    assert record["organization"]["member_count"] == 1
    assert [m["username"] for m in record["members"]["items"]] == ["ana"] and record["members"]["total"] == 1
    assert record["experiences"] == {"total": 0, "items": []} and record["projects"] == []
    assert_error(client.get(f"{API}/organizations/nowhere"), 404, "not_found")
    profile = client.get(f"{API}/users/ana").get_json()["user"]
    assert profile["organization"] == "Ministerio de Salud"
    assert profile["organization_record"] == {"slug": "ministerio-de-salud-pe", "name": "Ministerio de Salud",
                                              "acronym": "", "type": "ministry", "country": "PE"}


def test_moderators_edit_and_members_may_not(app, client, tokens):
    with app.app_context():
        make_organization("Minsa", "PE")
        make_organization("Instituto Nacional de Salud", "PE")
        db.session.commit()
    path = f"{API}/organizations/minsa-pe"
    assert_error(client.patch(path, headers=tokens["member"], json={"acronym": "MINSA"}), 403, "forbidden")
    assert_error(client.patch(path, json={"acronym": "MINSA"}), 401, "unauthorized")
    assert_error(client.patch(path, headers=tokens["moderator"], json={"member_count": 5}), 422, "unknown_field")
    assert_error(client.patch(path, headers=tokens["moderator"], json={"website": "data:text/html,x"}), 422,
                 "invalid_website")
    assert_error(client.patch(path, headers=tokens["moderator"], json={"name": "INSTITUTO NACIONAL DE SALUD"}),
                 422, "taken")
    edited = client.patch(path, headers=tokens["moderator"], json={"name": "Ministerio de Salud", "acronym": "MINSA"})
    assert edited.status_code == 200
    assert {k: edited.get_json()["organization"][k] for k in ("slug", "name", "acronym", "type")} == {
        "slug": "minsa-pe", "name": "Ministerio de Salud", "acronym": "MINSA", "type": "ministry"}
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(AuditEntry.action == "organization.edit")) == 1


def test_moderators_merge_and_the_old_address_leads_to_the_target(app, client, tokens):
    with app.app_context():
        make_user("ana", organization="Fiocruz")
        make_user("luis", organization="Fundação Oswaldo Cruz")
        db.session.commit()
    path = f"{API}/organizations/fiocruz-br/merge"
    assert_error(client.post(path, headers=tokens["member"], json={"into": "fundacao-oswaldo-cruz-br"}), 403,
                 "forbidden")
    assert_error(client.post(path, headers=tokens["moderator"], json={"into": "nowhere"}), 422,
                 "unknown_organization")
    assert_error(client.post(path, headers=tokens["moderator"], json={"into": "fiocruz-br"}), 422, "same")
    merged = client.post(path, headers=tokens["moderator"], json={"into": "fundacao-oswaldo-cruz-br",
                                                                  "reason": "One foundation"})
    assert merged.status_code == 200
    body = merged.get_json()
    assert body["organization"]["slug"] == "fundacao-oswaldo-cruz-br"
    assert body["merged"]["merged_into"] == "fundacao-oswaldo-cruz-br"
    old = client.get(f"{API}/organizations/fiocruz-br")
    assert old.status_code == 301 and old.headers["Location"] == f"{API}/organizations/fundacao-oswaldo-cruz-br"
    target = client.get(old.headers["Location"]).get_json()
    assert target["organization"]["member_count"] == 2
    assert sorted(m["username"] for m in target["members"]["items"]) == ["ana", "luis"]
    assert_error(client.post(path, headers=tokens["moderator"], json={"into": "fundacao-oswaldo-cruz-br"}), 409,
                 "merged")
    assert_error(client.patch(f"{API}/organizations/fiocruz-br", headers=tokens["moderator"], json={"acronym": "X"}),
                 409, "merged")
