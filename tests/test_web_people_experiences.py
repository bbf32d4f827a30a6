"""The profile's "Experiences" section: the published experiences crediting the person as
contributor or editor, linked, in a constant number of queries."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Community, User
from forum.services import experiences as service
from tests.factories import make_community, make_experience, make_user


@pytest.fixture
def credits(app):
    """ana: contributor (thread author) of "Published A", editor of "Published B" (added), contributor of a
    draft and of an archived one; only a contact of "Contact only"."""
    with app.app_context():
        boss = make_user("boss", role="moderator")
        ana = make_user("ana", display_name="Ana Souza")
        other = make_user("other")
        make_user("nobody")
        community = make_community("immunization", name="Immunization")
        a = make_experience(boss, ana, community, title="Published A")
        b = make_experience(boss, other, community, title="Published B", status="draft")
        service.do_add_editor(boss, b, "ana")
        service.do_transition(boss, b, to="in_review")
        service.do_transition(boss, b, to="published")
        make_experience(boss, ana, community, title="Draft C", status="draft")
        make_experience(boss, ana, community, title="Archived D", status="archived")
        make_experience(boss, other, community, title="Contact only", contacts=["ana"])
        db.session.commit()
        return {"a": (a.id, a.slug), "b": (b.id, b.slug)}


def _section(html: str) -> str:
    match = re.search(r'<section class="profile-section" aria-labelledby="experiences-h">.*?</section>', html, re.S)
    assert match, html
    return match.group(0)


def test_the_profile_lists_the_published_experiences_the_person_is_credited_on(app, client, credits):
    html = client.get("/u/ana").get_data(as_text=True)
    section = _section(html)
    links = re.findall(r'<a href="(/experiences/\d+/[^"]+)">([^<]+)</a>', section)
    (a_id, a_slug), (b_id, b_slug) = credits["a"], credits["b"]
    assert sorted(links) == sorted([(f"/experiences/{a_id}/{a_slug}", "Published A"),
                                    (f"/experiences/{b_id}/{b_slug}", "Published B")])
    assert "Draft C" not in section and "Archived D" not in section and "Contact only" not in html
    assert '<h2 id="experiences-h">Experiences</h2>' in section


def test_no_section_without_credits(app, client, credits):
    assert 'id="experiences-h"' not in client.get("/u/nobody").get_data(as_text=True)
    assert 'id="experiences-h"' in client.get("/u/boss").get_data(as_text=True)  # the editor who promoted


@pytest.mark.parametrize("extra", [0, 7])
def test_constant_number_of_queries(app, client, credits, count_queries, extra):
    with app.app_context():
        boss = db.session.scalar(select(User).where(User.username == "boss"))
        ana = db.session.scalar(select(User).where(User.username == "ana"))
        community = db.session.scalar(select(Community))
        for n in range(extra):
            make_experience(boss, ana, community, title=f"More {n}")
        db.session.commit()
    with count_queries() as counter:
        html = client.get("/u/ana").get_data(as_text=True)
    assert _section(html).count("<li>") == 2 + extra
    # profile, expertise, languages, threads, posts, experiences
    assert counter.count <= 6, counter.statements
