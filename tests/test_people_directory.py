"""The member directory (/people and /api/v1/people): combined filters, folded search, privacy, queries."""

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import User, utcnow
from forum.search import service as search_service
from forum.services import accounts
from forum.services.communities import do_join
from tests.factories import make_community, make_user
from tests.test_api_support import API, assert_error, bearer, issue_token

PEOPLE = [
    # username, display name, country, sector, organization, expertise, languages, communities
    ("jose", "José Pérez", "PE", "academia", "Universidad Nacional", ["Cold chain", "Malaria"], ["es", "qu"],
     ["amazon"]),
    ("joana", "Joana Silva", "BR", "government", "Ministério da Saúde", ["Cold chain"], ["pt", "es"], ["amazon"]),
    ("marie", "Marie Joseph", "HT", "civil_society", "Partners", ["Cholera"], ["fr", "ht"], ["caribbean"]),
    ("pedro", "Pedro Gómez", "PE", "academia", "Instituto Pérez", ["Malaria"], ["es"], []),
    ("ann", "Ann Lee", "US", "academia", "CDC", ["Cold chain"], ["en", "es"], ["amazon", "caribbean"]),
]


@pytest.fixture
def people(app):
    with app.app_context():
        communities = {slug: make_community(slug) for slug in ("amazon", "caribbean")}
        for username, name, country, sector, org, expertise, languages, joined in PEOPLE:
            user = make_user(username, display_name=name, country=country, sector=sector, organization=org)
            accounts.do_update_profile(user, expertise=expertise, languages=languages, position="Lead")
            for slug in joined:
                do_join(user, communities[slug])
        db.session.commit()


def _names(client, query: str, headers=None) -> list[str]:
    body = client.get(f"{API}/people?{query}", headers=headers or {}).get_json()
    return [item["username"] for item in body["items"]]


FILTER_CASES = [
    ("", ["ann", "joana", "jose", "marie", "pedro"]),
    ("country=PE", ["jose", "pedro"]),
    ("country=pe&sector=academia", ["jose", "pedro"]),
    ("country=PE&expertise=cold-chain", ["jose"]),
    ("expertise=Cold%20Chain&language=es", ["ann", "joana", "jose"]),
    ("community=amazon&language=pt", ["joana"]),
    ("community=caribbean&sector=academia&expertise=cold-chain&language=en&country=US", ["ann"]),
    ("q=perez", ["jose", "pedro"]),  # the name of one, the organization of the other
    ("q=PÉREZ&country=PE&expertise=malaria", ["jose", "pedro"]),
    ("q=saude", ["joana"]),
    ("q=jos", ["jose", "marie"]),
    ("q=%25", []),  # LIKE wildcards are plain characters
    ("q=_", []),
    ("language=xx", []),
    ("community=nowhere", []),
    ("sector=astronauts", []),
    ("country=ZZZ", []),
    ("country=%C3%89%C3%89", []),  # "ÉÉ": letters, two of them, but not a code (str.isalpha() takes them)
]


def test_filters_combine(app, client, people):
    """One test walks every case (the crafted people are made once per backend)."""
    for query, expected in FILTER_CASES:
        assert _names(client, query) == expected, query
        html = client.get(f"/people?{query}").get_data(as_text=True)
        for username, *_rest in PEOPLE:
            assert (f'href="/u/{username}"' in html) == (username in expected), (query, username)


def test_filters_stay_in_the_page_and_the_form(app, client, people):
    html = client.get("/people?country=PE&expertise=malaria&q=p%C3%A9rez").get_data(as_text=True)
    assert '<option value="PE" selected>' in html
    assert 'name="expertise" type="text" value="malaria"' in html
    assert 'name="q" type="search" value="pérez"' in html
    assert "2 people" in html
    assert 'href="/people?expertise=malaria"' in html  # each tag links to the filtered directory


def test_deactivated_and_members_only_profiles(app, client, people, member):
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "jose")).deactivated_at = utcnow()
        accounts.do_update_profile(db.session.scalar(select(User).where(User.username == "pedro")),
                                   profile_members_only=True)
        db.session.commit()
    assert _names(client, "country=PE") == []
    # Members see members-only profiles; nobody sees deactivated ones in the directory.
    assert _names(client, "country=PE", bearer(issue_token(app, member))) == ["pedro"]


def test_pagination(app, client):
    with app.app_context():
        for i in range(30):
            make_user(f"person{i:02d}", display_name=f"Person {i:02d}", country="CL")
        db.session.commit()
    first = client.get(f"{API}/people?country=CL").get_json()
    assert (first["page"], first["pages"], first["total"], len(first["items"])) == (1, 2, 30, 24)
    second = client.get(f"{API}/people?country=CL&page=2").get_json()
    assert [i["username"] for i in second["items"]] == [f"person{i:02d}" for i in range(24, 30)]
    html = client.get("/people?country=CL&page=2").get_data(as_text=True)
    assert 'href="/people?country=CL&amp;page=1"' in html and 'href="/u/person29"' in html
    assert client.get("/people?page=0").status_code == 404
    assert_error(client.get(f"{API}/people?page=abc"), 422, "wrong_type")


@pytest.mark.parametrize("count", [3, 30])
def test_directory_queries_are_constant(app, client, auth, member, count_queries, count):
    with app.app_context():
        community = make_community("amazon")
        for i in range(count):
            user = make_user(f"person{i}", country="CO")
            accounts.do_update_profile(user, expertise=[f"Topic {i}", "Shared"], languages=["es", "en"])
            do_join(user, community)
        db.session.commit()
    auth.login("member")
    # The text box asks the search index: a constant number of statements of its own (a few more
    # on PostgreSQL, which looks words up before it searches), counted here once.
    with app.test_request_context(), count_queries() as search_counter:
        search_service.matching_object_ids(db.session.connection(), None, "people", "person")
    for path in ("/people?community=amazon&expertise=shared&language=es&q=person", f"{API}/people?country=CO"):
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        # user, community filter, count, page, expertise, languages, community list, organization
        # list; with text, the search's statements and the mapping of its matches to people
        assert counter.count <= 9 + (search_counter.count if "q=" in path else 0), counter.statements
