"""/api/v1 experiences: the whole workflow, refusals that change nothing, permissions per role,
facet counts for combined filters, and the export validated against its published JSON Schema."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import select

from forum.extensions import db
from forum.models import Experience, ExperienceFacet, Notification, Post, User
from tests.conftest import persona, starting_rows
from tests.factories import make_community, make_thread
from tests.test_api_support import API, assert_error, bearer, build_world, issue_token, uid

SCHEMA = json.loads((Path(__file__).parent.parent / "static/schemas/experience-1.0.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())

COMPLETE = {
    "summary": "Mobile cold boxes kept vaccines potent on river routes.",
    "modality": "south_south",
    "countries": [{"code": "BR", "role": "offering"}, {"code": "PE", "role": "receiving"}],
    "start_year": 2021, "start_month": 3, "end_year": 2023, "end_month": 6,
    "sdg_targets": ["3.b", "3.3"], "partner_organizations": ["Fiocruz"],
    "context": "River communities far from cold rooms.", "results": "- 98% potency at arrival",
    "contacts": ["member"],
}


def another_thread(app, author, slug: str) -> int:
    """A community `slug` with one thread by `author` (a distinct body: duplicates are refused)."""
    with app.app_context():
        community = make_community(slug, name=slug.capitalize())
        thread = make_thread(db.session.get(User, uid(author)), community, title=f"Experience in {slug}",
                             body=f"What we learned in {slug}")
        db.session.commit()
        return thread.id


def assert_valid(document: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


# The personas and their API tokens, and the world on top of them, are built once per process and
# copied in for every other test (tests/conftest.py, starting_rows). The persona fixtures below stand
# in for conftest's: they are the rows of that copy, detached and loaded as conftest's are.
PERSONAS = [("member", "member", "member"), ("other", "other", "member"), ("moderator", "moderator", "moderator"),
            ("admin", "admin", "admin")]


@pytest.fixture
def personas(app) -> dict[str, tuple[int, str]]:
    """Each persona's user id and raw API token, by name."""
    return starting_rows(app, "api-experiences-personas", lambda: _build_personas(app))


def _build_personas(app) -> dict[str, tuple[int, str]]:
    users = {name: persona(app, username, role=role) for name, username, role in PERSONAS}
    return {name: (uid(user), issue_token(app, user)) for name, user in users.items()}


def _detached_user(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


@pytest.fixture
def member(app, personas):
    return _detached_user(app, personas["member"][0])


@pytest.fixture
def other_member(app, personas):
    return _detached_user(app, personas["other"][0])


@pytest.fixture
def world(app, member, other_member):
    return starting_rows(app, "api-experiences-world", lambda: build_world(app, member, other_member))


@pytest.fixture
def tokens(personas):
    return {name: bearer(raw) for name, (_user_id, raw) in personas.items()}


def _promote(client, world, tokens, evidence=None):
    response = client.post(f"{API}/threads/{world.thread_id}/promote", headers=tokens["moderator"],
                           json={"evidence_post_ids": evidence if evidence is not None else [world.reply_id]})
    assert response.status_code == 201, response.get_json()
    return response


def _state(client, experience_id, headers):
    body = client.get(f"{API}/experiences/{experience_id}", headers=headers).get_json()["experience"]
    body.pop("how_to_cite")
    return body


def test_the_whole_workflow_through_the_api(app, client, world, tokens, member):
    response = _promote(client, world, tokens)
    document = response.get_json()["experience"]
    assert_valid(document)
    experience_id = document["id"]
    assert response.headers["Location"] == document["url"]
    assert document["status"] == "draft" and document["title"] == "Cold chain in the Amazon"
    assert document["summary"] == "How do you keep vaccines cold on river routes?"
    assert [p["username"] for p in document["contributors"]] == ["member", "other"]
    assert [e["post_id"] for e in document["evidence"]] == [world.reply_id]
    assert document["evidence"][0]["author"]["profile_url"].endswith("/u/other")
    assert document["source_thread"]["id"] == world.thread_id
    assert response.get_json()["allowed_transitions"] == ["in_review"]

    # Twice: refused, nothing new.
    again = client.post(f"{API}/threads/{world.thread_id}/promote", headers=tokens["moderator"], json={})
    assert_error(again, 409, "already_promoted")

    # The thread's author is invited as an editor and completes the record.
    added = client.post(f"{API}/experiences/{experience_id}/editors", headers=tokens["moderator"],
                        json={"username": "member"})
    assert added.status_code == 201
    patched = client.patch(f"{API}/experiences/{experience_id}", headers=tokens["member"], json=COMPLETE)
    assert patched.status_code == 200, patched.get_json()
    document = patched.get_json()["experience"]
    assert_valid(document)
    assert document["revision"] == 2
    assert document["sdg_targets"] == [{"code": "3.3", "label": "Fight communicable diseases"},
                                       {"code": "3.b", "label": "Support research, development and universal access "
                                                                "to affordable vaccines and medicines"}]
    assert document["period"] == {"start": {"year": 2021, "month": 3}, "end": {"year": 2023, "month": 6},
                                  "ongoing": False}

    def move(who, to, comment=None, status=200):
        body = {"to": to} if comment is None else {"to": to, "comment": comment}
        response = client.post(f"{API}/experiences/{experience_id}/transition", headers=tokens[who], json=body)
        assert response.status_code == status, response.get_json()
        return response

    move("member", "in_review")
    assert_error(move("member", "published", status=403), 403, "moderators_only")
    assert_error(move("moderator", "draft", status=422), 422, "required")
    move("moderator", "draft", "Add the indicators, please.")
    move("member", "in_review")
    published = move("moderator", "published").get_json()
    assert published["experience"]["status"] == "published"
    assert published["experience"]["published_at"]
    assert_valid(published["experience"])
    assert published["allowed_transitions"] == ["draft", "archived"]

    # Published: in the library, public; only its editors and moderators correct it, with a change note.
    listing = client.get(f"{API}/experiences").get_json()
    assert [item["id"] for item in listing["items"]] == [experience_id]
    assert client.get(f"{API}/experiences/{experience_id}").status_code == 200
    assert_error(client.patch(f"{API}/experiences/{experience_id}", headers=tokens["other"],
                              json={"summary": "Changed", "change_note": "mine now"}), 403, "not_editable")
    assert_error(client.patch(f"{API}/experiences/{experience_id}", headers=tokens["member"],
                              json={"summary": "Changed"}), 422, "required")

    revisions = client.get(f"{API}/experiences/{experience_id}/revisions").get_json()["items"]
    assert [r["number"] for r in revisions] == [2, 1]
    assert revisions[0]["editor"]["username"] == "member"
    compared = client.get(f"{API}/experiences/{experience_id}/revisions/compare?from=1&to=2").get_json()
    fields = {f["field"]: f["rows"] for f in compared["fields"]}
    assert fields["modality"] == [{"kind": "insert", "old_number": None, "old": "", "new_number": 1,
                                   "new": "south_south"}]

    with app.app_context():
        notes = db.session.scalars(select(Notification).where(Notification.kind == "experience_status",
                                                              Notification.user_id == uid(member))).all()
        assert len(notes) == 2  # changes requested, published (not her own steps)
        assert "Add the indicators, please." in notes[0].message


@pytest.mark.parametrize(("data", "field", "code"), [
    ({"countries": [{"code": "QQ", "role": "partner"}]}, "countries", "unknown_country"),
    ({"sdg_targets": ["3.10"]}, "sdg_targets", "unknown_sdg_target"),
    ({"start_year": 2022, "end_year": 2020}, "end_year", "end_before_start"),
    ({"modality": "friendly"}, "modality", "unknown_modality"),
    ({"status": "published"}, "status", "unknown_field"),
    ({"title": "Valid new title", "countries": [{"code": "BR", "role": "boss"}]}, "countries", "unknown_role"),
])
def test_bad_edits_are_refused_and_change_nothing(client, world, tokens, data, field, code):
    experience_id = _promote(client, world, tokens).get_json()["experience"]["id"]
    before = _state(client, experience_id, tokens["moderator"])
    response = client.patch(f"{API}/experiences/{experience_id}", headers=tokens["moderator"], json=data)
    assert_error(response, 422, code)
    assert _state(client, experience_id, tokens["moderator"]) == before


@pytest.mark.parametrize(("to", "code"), [("published", "transition_not_allowed"),
                                          ("archived", "transition_not_allowed"),
                                          ("gone", "transition_not_allowed"),
                                          ("in_review", "incomplete")])
def test_transitions_the_workflow_refuses(client, world, tokens, to, code):
    experience_id = _promote(client, world, tokens).get_json()["experience"]["id"]
    before = _state(client, experience_id, tokens["moderator"])
    response = client.post(f"{API}/experiences/{experience_id}/transition", headers=tokens["moderator"],
                           json={"to": to})
    assert_error(response, 422, code)
    assert _state(client, experience_id, tokens["moderator"]) == before


def test_promotion_refusals(app, client, world, tokens):
    url = f"{API}/threads/{world.thread_id}/promote"
    assert_error(client.post(url, json={}), 401, "unauthorized")
    assert_error(client.post(url, headers=tokens["member"], json={}), 403, "forbidden")
    assert_error(client.post(url, headers=tokens["moderator"], json={"evidence_post_ids": [10**6]}),
                 422, "not_in_thread")
    assert_error(client.post(url, headers=tokens["moderator"], json={"evidence_post_ids": "all"}),
                 422, "wrong_type")
    assert_error(client.post(url, headers=tokens["moderator"], json={"posts": []}), 422, "unknown_field")
    assert_error(client.post(f"{API}/threads/999999/promote", headers=tokens["moderator"], json={}),
                 404, "not_found")
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Experience)) == 0


# ---------- who may do what ----------


@pytest.fixture
def draft_and_published(app, world, tokens, member):
    """A draft (editors: moderator) and a published record (editors: moderator), ids returned: built
    once per process on top of `world`, copied in for every other test."""
    return starting_rows(app, "api-experiences-draft-and-published",
                         lambda: _build_draft_and_published(app, world, tokens, member))


def _build_draft_and_published(app, world, tokens, member) -> dict[str, int]:
    client = app.test_client()
    draft_id = _promote(client, world, tokens).get_json()["experience"]["id"]
    second = another_thread(app, member, "emergencies")
    published_id = client.post(f"{API}/threads/{second}/promote", headers=tokens["moderator"],
                               json={}).get_json()["experience"]["id"]
    client.patch(f"{API}/experiences/{published_id}", headers=tokens["moderator"], json=COMPLETE)
    for to in ("in_review", "published"):
        client.post(f"{API}/experiences/{published_id}/transition", headers=tokens["moderator"], json={"to": to})
    return {"draft": draft_id, "published": published_id}


MATRIX = [
    # (who, record, action, expected status)
    ("anonymous", "draft", "read", 404), ("member", "draft", "read", 404), ("other", "draft", "read", 404),
    ("moderator", "draft", "read", 200), ("admin", "draft", "read", 200),
    ("anonymous", "published", "read", 200), ("member", "published", "read", 200),
    ("anonymous", "published", "patch", 401), ("member", "published", "patch", 403),
    ("moderator", "published", "patch", 422),  # a correction of a published record needs its change note
    ("member", "draft", "patch", 404), ("moderator", "draft", "patch", 200), ("admin", "draft", "patch", 200),
    ("member", "published", "archive", 403), ("moderator", "published", "archive", 200),
    ("admin", "published", "archive", 200), ("anonymous", "published", "archive", 401),
    ("member", "published", "add_editor", 403), ("moderator", "published", "add_editor", 201),
    ("anonymous", "published", "revisions", 200), ("member", "draft", "revisions", 404),
]


@pytest.mark.parametrize(("who", "record", "action", "status"), MATRIX)
def test_permissions_for_each_role(client, tokens, draft_and_published, who, record, action, status):
    experience_id = draft_and_published[record]
    headers = tokens.get(who, {})
    url = f"{API}/experiences/{experience_id}"
    if action == "read":
        response = client.get(url, headers=headers)
    elif action == "patch":
        response = client.patch(url, headers=headers, json={"summary": "A new summary"})
    elif action == "archive":
        response = client.post(f"{url}/transition", headers=headers, json={"to": "archived"})
    elif action == "add_editor":
        response = client.post(f"{url}/editors", headers=headers, json={"username": "other"})
    else:
        response = client.get(f"{url}/revisions", headers=headers)
    assert response.status_code == status, response.get_json()


def test_community_moderators_promote_in_their_community_only(app, client, world, member, other_member):
    from forum.models import CommunityModerator

    with app.app_context():
        db.session.add(CommunityModerator(user_id=uid(other_member), community_id=world.community_id))
        db.session.commit()
    headers = bearer(issue_token(app, other_member))
    elsewhere = another_thread(app, member, "elsewhere")
    assert_error(client.post(f"{API}/threads/{elsewhere}/promote", headers=headers, json={}),
                 403, "forbidden")
    response = client.post(f"{API}/threads/{world.thread_id}/promote", headers=headers, json={})
    assert response.status_code == 201


# ---------- the library ----------


def _publish(client, tokens, thread_id, data):
    experience_id = client.post(f"{API}/threads/{thread_id}/promote", headers=tokens["moderator"],
                                json={}).get_json()["experience"]["id"]
    response = client.patch(f"{API}/experiences/{experience_id}", headers=tokens["moderator"],
                            json={**COMPLETE, **data})
    assert response.status_code == 200, response.get_json()
    for to in ("in_review", "published"):
        assert client.post(f"{API}/experiences/{experience_id}/transition", headers=tokens["moderator"],
                           json={"to": to}).status_code == 200
    return experience_id


def test_facet_counts_match_the_records_for_combined_filters(app, client, member, tokens):
    specs = [
        ("a", {"countries": [{"code": "BR", "role": "offering"}, {"code": "PE", "role": "receiving"}],
               "language": "pt", "sdg_targets": ["3.3"]}),
        ("b", {"countries": [{"code": "PE", "role": "offering"}, {"code": "BO", "role": "receiving"}],
               "modality": "triangular", "language": "es", "start_year": 2018, "end_year": 2019,
               "end_month": None, "start_month": None}),
        ("c", {"countries": [{"code": "PE", "role": "partner"}], "modality": "triangular", "language": "es",
               "sdg_targets": ["3.1", "3.3"], "is_ongoing": True, "end_year": None, "end_month": None}),
        ("d", {"countries": [{"code": "CU", "role": "offering"}, {"code": "HT", "role": "receiving"}],
               "modality": "bilateral", "summary": "Hospitales seguros frente a huracanes"}),
    ]
    ids = {}
    for slug, data in specs:
        ids[slug] = _publish(client, tokens, another_thread(app, member, f"theme-{slug}"), data)

    with app.app_context():
        facets_of = {}
        for experience_id in ids.values():
            rows = db.session.execute(select(ExperienceFacet.facet, ExperienceFacet.value)
                                      .where(ExperienceFacet.experience_id == experience_id)).all()
            facets_of[experience_id] = {(f, v) for f, v in rows}

    for query in ["", "?country=PE", "?country=PE&modality=triangular", "?country=PE&lang=es&sdg=3.3",
                  "?country=PE&country=BO", "?year=2022&country=PE", "?theme=theme-b", "?q=HURACANES",
                  "?sdg=3.3&modality=south_south", "?country=PE&modality=bilateral"]:
        body = client.get(f"{API}/experiences{query}").get_json()
        listed = [item["id"] for item in body["items"]]
        assert body["total"] == len(listed)
        for facet, values in body["facets"].items():
            for entry in values:
                expected = sum(1 for i in listed if (facet, entry["value"]) in facets_of[i])
                assert entry["count"] == expected, (query, facet, entry)
        # Every value a listed record has is counted.
        counted = {(facet, e["value"]) for facet, values in body["facets"].items() for e in values}
        assert counted == set().union(*(facets_of[i] for i in listed)) if listed else counted == set()

    body = client.get(f"{API}/experiences?country=PE&modality=triangular").get_json()
    assert sorted(item["id"] for item in body["items"]) == sorted([ids["b"], ids["c"]])
    assert {e["value"]: e["count"] for e in body["facets"]["country"]} == {"PE": 2, "BO": 1}
    assert {e["value"]: e["count"] for e in body["facets"]["sdg"]} == {"3.1": 1, "3.3": 2, "3.b": 1}
    assert [item["id"] for item in client.get(f"{API}/experiences?q=huracanes").get_json()["items"]] == [ids["d"]]


@pytest.mark.parametrize(("query", "field"), [("country=XX", "country"), ("sdg=3.0", "sdg"),
                                              ("year=nineteen", "year"), ("sort=best", "sort")])
def test_bad_library_filters_are_refused(client, query, field):
    response = client.get(f"{API}/experiences?{query}")
    assert response.status_code == 422
    assert response.get_json()["error"]["message"]


def test_every_published_field_is_in_the_export_and_valid(app, client, world, tokens):
    experience_id = _promote(client, world, tokens).get_json()["experience"]["id"]
    client.patch(f"{API}/experiences/{experience_id}", headers=tokens["moderator"], json={
        **COMPLETE, "license": "CC0-1.0", "funding": "Own funds", "lessons": "Train the boat crews.",
        "partner_organizations": ["Fiocruz", "DIRESA Loreto"], "themes": ["vaccines"]})
    document = client.get(f"{API}/experiences/{experience_id}", headers=tokens["moderator"]).get_json()["experience"]
    assert_valid(document)
    assert document["license"]["id"] == "CC0-1.0" and document["sections"]["funding"] == "Own funds"
    assert document["schema_version"] == "1.0" and document["$schema"].endswith("/static/schemas/experience-1.0.json")
    # The schema is served where the document says.
    with client.get(document["$schema"].replace("http://localhost", "")) as schema:
        assert schema.status_code == 200 and json.loads(schema.get_data())["title"] == SCHEMA["title"]
    # A broken document is caught by the schema (the test can fail).
    broken = {**document, "countries": [{"code": "Brazil", "name": "Brazil", "role": "partner"}]}
    assert list(VALIDATOR.iter_errors(broken))
    with app.app_context():
        assert db.session.get(User, 1) is not None
        assert db.session.scalar(select(db.func.count()).select_from(Post)) == 2
