"""Good-practice assessment (screening, scores, the badge) and validation by every country involved:
the rules at the permission and service level, one HTTP test per action, the page's queries."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from forum import permissions
from forum.errors import ForumError
from forum.extensions import db
from forum.models import (
    AuditEntry,
    CountryFocalPoint,
    Experience,
    ExperienceFacet,
    ExperienceScore,
    ExperienceScreening,
    ExperienceValidation,
    Notification,
    User,
)
from forum.services import experience_assessment as service
from forum.services import experiences
from forum.services.sanctions import do_add_community_moderator
from tests.conftest import Auth, form_post, starting_rows
from tests.factories import make_community, make_thread, make_user

FIELDS = {
    "summary": "Solar fridges kept vaccines potent on the way to the highland health posts.",
    "modality": "south_south", "themes": ["immunization"],
    "countries": [{"code": "PE", "role": "offering"}, {"code": "BO", "role": "receiving"}],
    "start_year": 2019, "end_year": 2023, "partner_organizations": ["DIRESA Cusco"],
    "results": "Coverage rose from 71 % to 88 %.",
}
CHECKS = {"results_documented": True, "implemented_one_year": True, "consent_obtained": True,
          "contacts_available": True}
CODES = ["effectiveness", "cost_effectiveness", "efficiency", "sustainability", "replicability"]


def scores(value: int = 3, **overrides: int) -> dict:
    return {code: {"score": overrides.get(code, value), "justification": f"Shown by the results ({code})."}
            for code in CODES}


@pytest.fixture
def world(app) -> SimpleNamespace:
    """A record in review (Peru offering, Bolivia receiving) promoted by `editor` (a moderator, so
    its editor); moderators `assessor` and `second`, a community moderator `local`, an admin, a
    member, and focal points of Peru, Bolivia and Chile (a country the record does not involve)."""
    return starting_rows(app, "experience-assessment", lambda: _build(app))


def _build(app) -> SimpleNamespace:
    with app.test_request_context(method="POST"):
        editor = make_user("editor", role="moderator")
        make_user("assessor", role="moderator")
        make_user("second", role="moderator")
        admin = make_user("admin", role="admin")
        member = make_user("member", country="BO")
        local = make_user("local")
        community = make_community("immunization", name="Immunization")
        do_add_community_moderator(admin, local, community)
        for username, code in (("fp_pe", "PE"), ("fp_bo", "BO"), ("fp_cl", "CL")):
            make_user(username, country=code)
            service.do_add_focal_point(admin, username=username, country=code)
        thread = make_thread(member, community, title="Cold chain in the Andes", body="Solar fridges on mules.")
        record = experiences.do_promote_thread(editor, thread)
        experiences.do_update_experience(editor, record, FIELDS)
        experiences.do_transition(editor, record, to="in_review")
        db.session.commit()
        return SimpleNamespace(experience=record.id)


@contextmanager
def acting(app, username: str | None, experience_id: int) -> Iterator[tuple]:
    """(user, experience) in a request-like context of their own; committed when the block ends."""
    with app.test_request_context(method="POST"):
        user = (db.session.scalar(select(User).where(User.username_key == username)) if username
                else AnonymousUserMixin())
        experience = db.session.scalars(select(Experience).options(*experiences.experience_options())
                                        .where(Experience.id == experience_id)).unique().one()
        yield user, experience
        db.session.commit()


def _act(app, username: str, experience_id: int, run) -> None:
    with acting(app, username, experience_id) as (user, experience):
        run(user, experience)


def _screen(app, world, username: str = "assessor", **checks: bool) -> None:
    _act(app, username, world.experience, lambda u, e: service.do_record_screening(u, e, {**CHECKS, **checks}))


def _score(app, world, username: str, values: dict) -> None:
    _act(app, username, world.experience, lambda u, e: service.do_score(u, e, values))


def _state(app, world) -> tuple[str, set[tuple[str, str]]]:
    with app.app_context():
        status = db.session.get(Experience, world.experience).assessment_status
        facets = set(db.session.execute(select(ExperienceFacet.facet, ExperienceFacet.value).where(
            ExperienceFacet.experience_id == world.experience, ExperienceFacet.facet.in_(service.OWN_FACETS))))
        return status, facets


def _publish(app, world) -> None:
    _act(app, "assessor", world.experience, lambda u, e: experiences.do_transition(u, e, to="published"))


# ---------- who may do what: the rule ----------

# persona -> (screen, assess, validate PE, validate BO, name focal points)
MATRIX = {
    None: (False, False, False, False, False),
    "member": (False, False, False, False, False),
    "editor": (False, False, False, False, False),  # a moderator, but its editor: never its own record
    "assessor": (True, True, False, False, False),
    "local": (True, True, False, False, False),  # moderates the record's theme
    "admin": (True, True, False, False, True),
    "fp_pe": (False, False, True, False, False),
    "fp_bo": (False, False, False, True, False),
    "fp_cl": (False, False, False, False, False),  # Chile is not involved
}


def test_permission_matrix(app, world):
    for username, expected in MATRIX.items():
        with acting(app, username, world.experience) as (user, experience):
            got = (permissions.can_screen_experience(user, experience),
                   permissions.can_assess_experience(user, experience),
                   permissions.can_validate_country(user, experience, "PE"),
                   permissions.can_validate_country(user, experience, "BO"), permissions.can_name_focal_points(user))
            assert got == expected, username
            # A focal point of an involved country reads the record in review; of another country, not.
            assert permissions.can_view_experience(user, experience) == (username not in (None, "member", "fp_cl"))
            experience.status = "draft"  # nothing is assessed or validated in draft
            assert not any((permissions.can_screen_experience(user, experience),
                            permissions.can_assess_experience(user, experience),
                            permissions.can_validate_country(user, experience, "PE")))
            db.session.rollback()


# ---------- the rule of the badge ----------


def _scored(*per_assessor: dict[str, int]) -> list:
    return [SimpleNamespace(assessor_id=n, attribute=code, score=score)
            for n, scores_ in enumerate(per_assessor) for code, score in scores_.items()]


PASSED = SimpleNamespace(is_passed=True)
ALL3, ALL4 = dict.fromkeys(CODES, 3), dict.fromkeys(CODES, 4)


@pytest.mark.parametrize(("screening", "scored", "status"), [
    (None, [], "none"),
    (SimpleNamespace(is_passed=False), _scored(ALL4, ALL4), "none"),
    (PASSED, [], "screened"),
    (PASSED, _scored(ALL4), "screened"),  # one assessor is not enough
    (PASSED, _scored(ALL4, dict(list(ALL4.items())[:4])), "screened"),  # the second skipped one
    (PASSED, _scored(ALL3, ALL3), "good_practice"),
    (PASSED, _scored(ALL4, {**ALL3, "efficiency": 2}), "good_practice"),  # median (4 + 2) / 2 = 3
    (PASSED, _scored(ALL3, {**ALL3, "efficiency": 2}), "assessed"),  # median 2.5
    (PASSED, _scored(ALL4, {**ALL4, "sustainability": 1}, {**ALL4, "sustainability": 2}), "assessed"),  # median 2
    (PASSED, _scored(ALL3, ALL3, {"efficiency": 1}), "good_practice"),  # a partial third: median 3
])
def test_status_from_the_screening_and_the_medians(screening, scored, status):
    assert service.compute_status(screening, scored, CODES) == status
    assert service.median([2, 4, 3]) == 3 and service.median([3, 2]) == 2.5 and service.median([]) is None


# ---------- the flow, through the services ----------


def test_screening_scores_and_revision_move_the_badge_and_the_facets(app, world):
    _screen(app, world, results_documented=False)
    assert _state(app, world) == ("none", set())
    _screen(app, world)
    assert _state(app, world) == ("screened", set())
    _score(app, world, "assessor", scores(4))
    _score(app, world, "local", scores(3))
    assert _state(app, world) == ("good_practice", {("assessment", "assessed"), ("assessment", "good_practice")})
    # An assessor revises one score: the median of efficiency falls to 2.5.
    _score(app, world, "local", {"efficiency": {"score": 1, "justification": "Costs were not tracked."}})
    assert _state(app, world)[0] == "assessed"
    with acting(app, None, world.experience) as (_user, experience):
        result = service.assessment_of(experience)
        efficiency = next(a for a in result.attributes if a.code == "efficiency")
        assert efficiency.median == 2.5 and {s.score for s in efficiency.scores} == {4, 1}
        assert [u.username for u in result.assessors] == ["assessor", "local"]
        assert db.session.scalar(select(func.count()).select_from(ExperienceScore)) == 10


def test_validation_requested_answered_and_reopened_by_an_edit(app, world):
    with app.app_context():
        asked = set(db.session.execute(select(User.username, Notification.message).join(
            Notification, Notification.user_id == User.id).where(Notification.kind == "experience_validation")))
        assert {name for name, _m in asked} == {"fp_pe", "fp_bo"}  # Chile is not involved
        assert all('"decision": "requested"' in message for _n, message in asked)
    _act(app, "fp_pe", world.experience, lambda u, e: service.do_validate(u, e, "PE", decision="validated"))
    _act(app, "fp_bo", world.experience, lambda u, e: service.do_validate(
        u, e, "bo", decision="changes_requested", comment="We were partners, not only receivers."))
    with acting(app, None, world.experience) as (_user, experience):
        summary = service.validation_summary([experience])[experience.id]
        assert (summary.validated, summary.changes_requested, summary.pending) == (["PE"], ["BO"], [])
        editor_note = db.session.scalar(select(Notification).join(User, User.id == Notification.user_id)
                                        .where(User.username == "editor", Notification.kind == "experience_validation"))
        assert "We were partners" in editor_note.message
    _act(app, "fp_bo", world.experience, lambda u, e: service.do_validate(u, e, "BO", decision="validated"))
    _publish(app, world)
    assert ("validated", "all") in _state(app, world)[1]
    with app.test_client() as client:
        page = client.get("/experiences?validated=all").get_data(as_text=True)
        assert "Cold chain in the Andes" in page and re.search(r"Validated by every country involved</a>\s*"
                                                               r'<span class="facet-count">1<', page)
    # Back to draft, the period corrected: both countries are pending again, the facet is gone.
    _act(app, "assessor", world.experience,
         lambda u, e: experiences.do_transition(u, e, to="draft", comment="Check the end date."))
    _act(app, "editor", world.experience, lambda u, e: experiences.do_update_experience(u, e, {"end_year": 2024}))
    with acting(app, None, world.experience) as (_user, experience):
        assert service.summarize(experience, experience.validations).pending == ["PE", "BO"]
    assert ("validated", "all") not in _state(app, world)[1]


# ---------- bad input: a clear error, nothing changed ----------

BAD = [
    ("assessor", "score", {"efficiency": {"score": 5, "justification": "Great."}}, "efficiency.score", "out_of_range"),
    ("assessor", "score", {"efficiency": {"score": "0", "justification": "Poor."}}, "efficiency.score", "out_of_range"),
    ("assessor", "score", {"efficiency": {"score": 3, "justification": "  "}}, "efficiency.justification", "required"),
    ("assessor", "score", {"charisma": {"score": 3, "justification": "Yes."}}, "scores", "unknown_attribute"),
    ("assessor", "score", {}, "scores", "required"),
    ("editor", "score", scores(4), None, "editor_cannot_assess"),
    ("member", "score", scores(4), None, "not_assessor"),
    ("assessor", "screen", {**CHECKS, "funding": True}, "funding", "unknown_check"),
    ("assessor", "screen", {**CHECKS, "consent_obtained": "yes"}, "consent_obtained", "wrong_type"),
    ("fp_pe", "validate BO", "validated", None, "not_focal_point"),
    ("fp_cl", "validate CL", "validated", "country", "not_involved"),
    ("fp_pe", "validate PE", "maybe", "decision", "invalid_choice"),
    ("fp_pe", "validate PE", "changes_requested", "comment", "required"),
]


def _row_counts() -> tuple:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (ExperienceScreening, ExperienceScore, ExperienceValidation, ExperienceFacet, AuditEntry))


@pytest.mark.parametrize(("username", "action", "value", "field", "code"), BAD, ids=[b[4] + "-" + b[1] for b in BAD])
def test_bad_input_is_refused_and_changes_nothing(app, world, username, action, value, field, code):
    _screen(app, world)
    with app.app_context():
        before = _row_counts()
    with acting(app, username, world.experience) as (user, experience), pytest.raises(ForumError) as error:
        if action == "score":
            service.do_score(user, experience, value)
        elif action == "screen":
            service.do_record_screening(user, experience, value)
        else:
            service.do_validate(user, experience, action[-2:], decision=value)
    assert (getattr(error.value, "field", None), error.value.code) == (field, code)
    with app.app_context():
        assert _row_counts() == before


def test_assessing_before_the_screening_passed_is_refused(app, world):
    with pytest.raises(ForumError) as error:
        _score(app, world, "assessor", scores(4))
    assert error.value.code == "not_screened"


# ---------- one HTTP test per action ----------


def _login(client, username: str) -> None:
    assert Auth(client).login(username).status_code == 302


def test_screening_and_scores_through_the_forms(app, client, world):
    page = f"/experiences/{world.experience}/assessment"
    _login(client, "assessor")
    response = form_post(client, f"{page}/screening", {f"screening-{c}": "y" for c in CHECKS}, page=page)
    assert response.status_code == 302
    form = {f"scores-score_{c}": "4" for c in CODES} | {f"scores-justification_{c}": "Measured." for c in CODES}
    bad = form_post(client, f"{page}/scores", {**form, "scores-justification_efficiency": ""}, page=page)
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Write a justification for this score." in html
    assert 'aria-invalid="true"' in html and "Measured." in html  # the error at its field, the values kept
    assert form_post(client, f"{page}/scores", form, page=page).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ExperienceScore)) == 5


def test_a_focal_point_validates_through_the_form(app, client, world):
    page = f"/experiences/{world.experience}/assessment"
    _login(client, "fp_pe")
    assert "Validate for Peru" in client.get(page).get_data(as_text=True)
    refused = form_post(client, f"/experiences/{world.experience}/validations/PE",
                        {"decision": "changes_requested", "validation-PE-comment": ""}, page=page)
    assert refused.status_code == 422 and "Say what should change." in refused.get_data(as_text=True)
    other = form_post(client, f"/experiences/{world.experience}/validations/BO", {"decision": "validated"}, page=page)
    assert other.status_code == 403
    done = form_post(client, f"/experiences/{world.experience}/validations/PE", {"decision": "validated"}, page=page)
    assert done.status_code == 302
    html = client.get(f"/experiences/{world.experience}").get_data(as_text=True)
    assert re.search(r'Validated by <a class="country-link" href="/countries/PE">Peru</a> · pending: '
                     r'<a class="country-link" href="/countries/BO">Bolivia</a>', html)


def test_admins_name_focal_points_on_their_page_and_through_the_api(app, client, world):
    _login(client, "admin")
    assert "Country focal points" in client.get("/moderation/focal-points").get_data(as_text=True)
    refused = form_post(client, "/moderation/focal-points", {"username": "nobody", "country": "BR"})
    assert refused.status_code == 422 and "There is no member called nobody." in refused.get_data(as_text=True)
    assert form_post(client, "/moderation/focal-points", {"username": "member", "country": "BR"}).status_code == 302
    token = Auth(client).csrf_token("/")
    added = client.post("/api/v1/focal-points", json={"username": "member", "country": "AR"},
                        headers={"X-CSRFToken": token})
    assert added.status_code == 201 and added.get_json()["country"] == "AR"
    assert client.delete("/api/v1/focal-points/BR/member", headers={"X-CSRFToken": token}).status_code == 204
    with app.app_context():
        assert set(db.session.scalars(select(CountryFocalPoint.country).join(User, User.id == CountryFocalPoint.user_id)
                                .where(User.username == "member"))) \
            == {"AR"}
    _login(client, "assessor")
    assert client.get("/moderation/focal-points").status_code == 403
    assert client.post("/api/v1/focal-points", json={"username": "member", "country": "CO"},
                       headers={"X-CSRFToken": Auth(client).csrf_token("/")}).status_code == 403


def test_api_records_screening_scores_validation_and_shows_them(app, client, world):
    base = f"/api/v1/experiences/{world.experience}"
    _login(client, "assessor")
    headers = {"X-CSRFToken": Auth(client).csrf_token("/")}
    early = client.put(f"{base}/assessment/scores", json={"scores": scores(4)}, headers=headers)
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "not_screened"
    assert client.put(f"{base}/assessment/screening", json={"checks": CHECKS}, headers=headers).status_code == 200
    bad = client.put(f"{base}/assessment/scores", json={"scores": {"efficiency": {"score": 7, "justification": "x"}}},
                     headers=headers)
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "out_of_range"
    body = client.put(f"{base}/assessment/scores", json={"scores": scores(4)}, headers=headers).get_json()
    assert body["assessment"]["status"] == "screened"
    assert body["assessment"]["attributes"][0]["scores"][0]["score"] == 4
    _login(client, "fp_bo")
    answer = client.post(f"{base}/validations/BO", json={"decision": "validated"},
                         headers={"X-CSRFToken": Auth(client).csrf_token("/")})
    assert answer.status_code == 200
    document = client.get(base).get_json()
    assert document["validations"]["validated"] == ["BO"] and document["validations"]["pending"] == ["PE"]
    assert document["assessment"]["screening"]["passed"] is True


# ---------- the record page: a constant number of queries ----------


def test_record_page_shows_the_assessment_in_constant_queries(app, client, world, count_queries):
    _screen(app, world, username="local")
    _score(app, world, "assessor", scores(4))
    _score(app, world, "second", scores(3))
    _act(app, "fp_pe", world.experience, lambda u, e: service.do_validate(u, e, "PE", decision="validated"))
    _publish(app, world)
    with count_queries() as counter:
        response = client.get(f"/experiences/{world.experience}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "badge-good-practice" in html and "Shown by the results (efficiency)." in html
    assert re.search(r'<td class="median">3.5</td>', html)
    # The record (screening and validations joined), themes, people, evidence, replications, scores,
    # the changelog of its corrections with the current revision's date, the files its sections use.
    assert counter.count <= 8, counter.statements
    library = client.get("/experiences?assessment=good_practice").get_data(as_text=True)
    assert "Cold chain in the Andes" in library and "badge-good-practice" in library


def test_the_editorial_queue_shows_each_records_validation_state(app, client, world):
    _act(app, "fp_pe", world.experience, lambda u, e: service.do_validate(u, e, "PE", decision="validated"))
    _login(client, "assessor")
    html = client.get("/experiences/queue?tab=review").get_data(as_text=True)
    row = html.split("Cold chain in the Andes")[1].split("</tr>")[0]
    assert "Validated by" in row and "Peru" in row and "Pending" not in row and "pending" in row and "Bolivia" in row
    item = next(i for i in client.get("/api/v1/experiences/queue?tab=review").get_json()["items"]
                if i["id"] == world.experience)
    assert item["validation"]["validated"] == ["PE"] and item["validation"]["pending"] == ["BO"]
