"""Expressing interest: a member from another country says "we are interested" in an open offer
or request, with a message and their organization; the owner is notified, a conversation between
both opens, and the owner accepts or declines — through the forms (no JavaScript) and the API."""

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Conversation, CooperationInterest, Message, Notification, Organization, Project, User
from tests.conftest import Auth, form_post
from tests.factories import make_user
from tests.test_api_support import API, assert_error
from tests.test_cooperation import _community, _user, coop_thread, token_for, world  # noqa: F401

pytestmark = pytest.mark.usefixtures("world")


@pytest.fixture
def offer_id(app) -> int:
    """A Brazilian offer (owner-br) and a Bolivian member, Ana, of a ministry."""
    with app.test_request_context(method="POST"):
        offer = coop_thread(_user("BR"), _community("a"), "offer", country="BR", themes=["theme-a"],
                            support=["training"], title="Training in cold chain logistics")
        make_user("ana", country="BO", organization="Ministerio de Salud")
        db.session.commit()
        return offer.id


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_a_member_expresses_interest_and_the_owner_accepts_without_javascript(app, client, auth, offer_id):
    auth.login("ana")
    page = client.get(f"/t/{offer_id}", follow_redirects=True).get_data(as_text=True)
    assert f'href="/t/{offer_id}/interest"' in page
    form = client.get(f"/t/{offer_id}/interest").get_data(as_text=True)
    assert 'value="Ministerio de Salud"' in form  # the profile's organization, ready
    sent = form_post(client, f"/t/{offer_id}/interest", {
        "message": "Our immunization programme would like to train 20 logisticians.",
        "organization": "Ministerio de Salud"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("#interest")
    with app.app_context():
        interest = db.session.scalar(select(CooperationInterest))
        owner = _user("BR")
        assert interest.status == "pending" and interest.country == "BO"
        organization = db.session.get(Organization, interest.organization_id)
        assert (organization.name, organization.country) == ("Ministerio de Salud", "BO")
        assert _count(Notification, Notification.user_id == owner.id, Notification.kind == "interest") == 1
        conversation = db.session.get(Conversation, interest.conversation_id)
        assert {p.user_id for p in conversation.participants} == {owner.id, interest.user_id}
        first = db.session.scalar(select(Message).where(Message.conversation_id == conversation.id))
        assert "train 20 logisticians" in first.source
        interest_id, ana_id = interest.id, interest.user_id
    auth.logout()
    owners = Auth(client)
    owners.login("owner-br")
    thread_page = client.get(f"/t/{offer_id}")
    thread_path = thread_page.headers["Location"]
    page = client.get(thread_path).get_data(as_text=True)
    assert "train 20 logisticians" in page and f"/interests/{interest_id}/accept" in page
    answer = form_post(client, f"/interests/{interest_id}/accept", {}, page=thread_path)
    assert answer.status_code == 302
    with app.app_context():
        accepted = db.session.get(CooperationInterest, interest_id)
        assert accepted.status == "accepted"
        assert _count(Notification, Notification.user_id == ana_id, Notification.kind == "interest_accepted") == 1
        # Accepting proposes a cooperation project between both countries, both of them focal points.
        project = db.session.get(Project, accepted.project_id)
        assert project.status == "proposed" and project.offer_thread_id == offer_id
        assert {(c.country, c.role) for c in project.countries} == {("BR", "offering"), ("BO", "receiving")}
        assert project.focal_point_ids == {owner.id, ana_id}
        assert {o.organization.name for o in project.organizations} >= {"Ministerio de Salud"}
        assert {t.slug for t in project.themes} == {"theme-a"} and project.support_types == ["training"]
    assert answer.headers["Location"].endswith(f"/projects/{project.id}")
    assert "Training in cold chain logistics" in client.get(f"/projects/{project.id}").get_data(as_text=True)
    again = form_post(client, f"/interests/{interest_id}/decline", {}, page=thread_path)
    assert again.status_code == 409


def test_a_refused_interest_keeps_its_text(app, client, auth, offer_id):
    auth.login("ana")
    answer = form_post(client, f"/t/{offer_id}/interest", {"message": "   ", "organization": "Ministerio"})
    assert answer.status_code == 422
    assert 'value="Ministerio"' in answer.get_data(as_text=True)
    with app.app_context():
        assert _count(CooperationInterest) == 0 and _count(Conversation) == 0


@pytest.mark.parametrize(("who", "status", "code"), [
    ("owner-br", 409, "own"),          # one's own offer
    ("same-country", 403, "same_country"),
])
def test_who_may_express_interest(app, client, offer_id, who, status, code):
    with app.app_context():
        if who == "same-country":
            make_user("same-country", country="BR")
            db.session.commit()
        user_id = db.session.scalar(select(User.id).where(User.username == who))
    answer = client.post(f"{API}/threads/{offer_id}/interests", json={"message": "Hello"},
                         headers=token_for(app, user_id))
    assert_error(answer, status, code)
    with app.app_context():
        assert _count(CooperationInterest) == 0


def test_the_api_expresses_lists_and_answers(app, client, offer_id):
    with app.app_context():
        ana = db.session.scalar(select(User.id).where(User.username == "ana"))
        owner = _user("BR").id
        outsider = _user("PE").id
    ana_h, owner_h, outsider_h = token_for(app, ana), token_for(app, owner), token_for(app, outsider)
    assert_error(client.post(f"{API}/threads/{offer_id}/interests", json={"message": ""}, headers=ana_h),
                 422, "required")
    made = client.post(f"{API}/threads/{offer_id}/interests", json={"message": "We are interested"}, headers=ana_h)
    assert made.status_code == 201
    interest = made.get_json()["interest"]
    assert interest["organization"]["name"] == "Ministerio de Salud" and interest["status"] == "pending"
    assert_error(client.post(f"{API}/threads/{offer_id}/interests", json={"message": "Again"}, headers=ana_h),
                 409, "already_interested")
    assert [i["id"] for i in client.get(f"{API}/threads/{offer_id}/interests", headers=owner_h)
            .get_json()["items"]] == [interest["id"]]
    assert client.get(f"{API}/threads/{offer_id}/interests", headers=outsider_h).get_json()["items"] == []
    assert client.get(f"{API}/threads/{offer_id}/interests").get_json()["items"] == []
    # Neither the member nor an outsider decides; the outsider does not even see it.
    assert_error(client.post(f"{API}/interests/{interest['id']}/accept", headers=ana_h), 403, "not_owner")
    assert client.post(f"{API}/interests/{interest['id']}/accept", headers=outsider_h).status_code == 404
    declined = client.post(f"{API}/interests/{interest['id']}/decline", headers=owner_h)
    assert declined.status_code == 200 and declined.get_json()["interest"]["status"] == "declined"
    assert_error(client.post(f"{API}/interests/{interest['id']}/withdraw", headers=ana_h), 409, "already_decided")


def test_a_closed_offer_takes_no_interest(app, client, offer_id):
    with app.app_context():
        from forum.models import CooperationDetails

        db.session.get(CooperationDetails, offer_id).status = "closed"
        db.session.commit()
        ana = db.session.scalar(select(User.id).where(User.username == "ana"))
    answer = client.post(f"{API}/threads/{offer_id}/interests", json={"message": "Hi"}, headers=token_for(app, ana))
    assert_error(answer, 409, "not_open")
