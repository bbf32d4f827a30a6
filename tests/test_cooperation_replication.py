"""From knowledge back to cooperation: "we want to replicate this" on a published experience starts
a request that cites it, and the experience shows where it is being replicated."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import CooperationDetails, User
from tests.conftest import form_post
from tests.factories import make_community, make_experience, make_user
from tests.test_api_support import API, assert_error
from tests.test_cooperation import token_for


@pytest.fixture
def experiences(app, moderator, member):
    with app.test_request_context(method="POST"):
        community = make_community("immunization", name="Immunization")
        mod, author = db.session.get(User, moderator.id), db.session.get(User, member.id)
        published = make_experience(mod, author, community, title="Solar fridges on river routes")
        draft = make_experience(mod, author, community, title="A draft in the works", status="draft")
        make_user("bolivian", country="BO")
        db.session.commit()
        return {"published": (published.id, published.slug), "draft": draft.id}


def test_a_member_asks_to_replicate_and_the_experience_shows_it(app, client, auth, experiences):
    experience_id, slug = experiences["published"]
    page = client.get(f"/experiences/{experience_id}/{slug}").get_data(as_text=True)
    assert "No country has asked to replicate it yet." in page
    assert "We want to replicate this" not in page  # signed out: nothing to start
    auth.login("bolivian")
    page = client.get(f"/experiences/{experience_id}/{slug}").get_data(as_text=True)
    start = f"/cooperation/publish?kind=request&amp;replicates={experience_id}"
    assert start in page
    chooser = client.get(start.replace("&amp;", "&"))
    assert f'name="replicates" value="{experience_id}"' in chooser.get_data(as_text=True)
    jump = client.get(f"/cooperation/publish?kind=request&replicates={experience_id}&theme=immunization")
    form_path = jump.headers["Location"]
    form = client.get(form_path).get_data(as_text=True)
    assert f'name="replicates_experience_id" type="hidden" value="{experience_id}"' in form
    assert "Replicating: Solar fridges on river routes" in form
    assert re.search(rf'/experiences/{experience_id}/{slug}\)', form)  # the citation, as a Markdown link
    answer = form_post(client, "/c/immunization/new", {
        "title": "Replicating: Solar fridges on river routes", "body": "We want solar fridges in the Beni.",
        "kind": "request", "language": "es", "country": "BO", "themes": ["immunization"],
        "support_types": ["technical_assistance"], "modality": "south_south", "languages": ["es"],
        "replicates_experience_id": str(experience_id)}, page=form_path)
    assert answer.status_code == 302
    with app.app_context():
        details = db.session.scalar(select(CooperationDetails))
        assert details.replicates_experience_id == experience_id and details.country == "BO"
    page = client.get(f"/experiences/{experience_id}/{slug}").get_data(as_text=True)
    assert "Bolivia" in page and "Replicating: Solar fridges on river routes" in page
    # Editing the request keeps the citation.
    edit = client.get(f"/t/{details.thread_id}/cooperation").get_data(as_text=True)
    assert f'name="replicates_experience_id" type="hidden" value="{experience_id}"' in edit
    # A project that grows out of the request shows there too, once it is public.
    with app.test_request_context(method="POST"):
        from forum.services import projects

        bolivian = db.session.scalar(select(User).where(User.username == "bolivian"))
        peer = make_user("peer", country="BR")
        project = projects.do_create_project(
            bolivian, title="Solar fridges for the Beni", countries=[("BO", "receiving"), ("BR", "offering")],
            focal_point_ids=[peer.id], request_thread_id=details.thread_id)
        project_id = project.id
        db.session.commit()
    page = client.get(f"/experiences/{experience_id}/{slug}").get_data(as_text=True)
    assert f'href="/projects/{project_id}"' not in page  # proposed: still negotiated
    with app.test_request_context(method="POST"):
        from forum.models import Project
        from forum.services import projects

        agreed = db.session.get(Project, project_id)
        projects.do_change_project_status(db.session.get(User, agreed.created_by_id), agreed, "agreed", "Signed")
        db.session.commit()
    page = client.get(f"/experiences/{experience_id}/{slug}").get_data(as_text=True)
    assert f'href="/projects/{project_id}"' in page and "Solar fridges for the Beni" in page


def test_only_a_published_experience_can_be_cited(app, client, experiences):
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == "bolivian"))
    headers = token_for(app, user_id)
    body = {"title": "Replicating a draft", "body": "We want it too.", "kind": "request",
            "cooperation": {"country": "BO", "support_types": ["training"], "modality": "south_south",
                            "languages": ["es"], "replicates_experience_id": experiences["draft"]}}
    answer = client.post(f"{API}/communities/immunization/threads", json=body, headers=headers)
    assert "no published experience" in assert_error(answer, 422, "not_found")["message"]
    body["cooperation"]["replicates_experience_id"] = experiences["published"][0]
    made = client.post(f"{API}/communities/immunization/threads", json=body, headers=headers)
    assert made.status_code == 201
    thread_id = made.get_json()["thread"]["id"]
    shown = client.get(f"{API}/threads/{thread_id}/cooperation").get_json()["cooperation"]
    assert shown["replicates_experience_id"] == experiences["published"][0]
