"""The administrators' list of accounts (/moderation/accounts, issue #22): every account whatever
its state, searched and filtered, two queries a page whatever the number of accounts, and only
for administrators."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from forum.extensions import db
from forum.models import User
from forum.models.base import utcnow
from tests.conftest import Auth
from tests.factories import make_user


@pytest.fixture
def accounts(app, admin):
    with app.app_context():
        make_user("ana", country="BR", display_name="Ana Souza", email="ana@saude.gov.br")
        make_user("pedro", country="PE", display_name="Pedro Quispe", role="moderator")
        make_user("nina", country="PE", display_name="Nina Rojas", is_verified=False)
        make_user("omar", country="CO", display_name="Omar Ruiz")
        make_user("luz", country="CO", display_name="Luz Mora")
        db.session.commit()
        now = utcnow()
        db.session.execute(update(User).where(User.username == "omar").values(suspended_until=now + timedelta(days=3)))
        db.session.execute(update(User).where(User.username == "luz").values(deactivated_at=now))
        db.session.execute(update(User).where(User.username == "ana").values(last_seen_at=now))
        db.session.commit()


def _names(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/moderation/users/(\w+)">', html)


@pytest.mark.parametrize(("query", "expected"), [
    ({}, ["ana", "admin", "luz", "nina", "omar", "pedro"]),
    ({"q": "saude.gov"}, ["ana"]),
    ({"q": "QUISPE"}, ["pedro"]),
    ({"role": "moderator"}, ["pedro"]),
    ({"country": "pe"}, ["nina", "pedro"]),
    ({"status": "suspended"}, ["omar"]),
    ({"status": "deactivated"}, ["luz"]),
    ({"status": "unverified"}, ["nina"]),
    ({"status": "active", "country": "CO"}, []),
    ({"q": "100%_"}, []),
])
def test_an_administrator_finds_accounts_by_name_email_role_country_and_status(app, client, accounts, query,
                                                                              expected):
    Auth(client).login("admin")
    response = client.get("/moderation/accounts", query_string=query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = _names(html)
    if query:
        assert sorted(found) == sorted(expected)
    else:
        # The most recently seen first: the administrator, just logged in, then ana.
        assert found[:2] == ["admin", "ana"] and sorted(found) == sorted(expected)
    assert ("No account matches these filters." in html) == (not expected)


@pytest.mark.parametrize(("name", "value"), [("role", "owner"), ("status", "banned"), ("country", "ZZ"),
                                              ("sort", "random"), ("q", "a\x00b")])
def test_an_unknown_filter_value_is_a_clear_422(app, client, accounts, name, value):
    Auth(client).login("admin")
    response = client.get("/moderation/accounts", query_string={name: value})
    assert response.status_code == 422


@pytest.mark.parametrize(("persona", "status"), [(None, 302), ("member", 403), ("moderator", 403), ("admin", 200)])
def test_only_administrators_see_the_list(app, client, member, moderator, accounts, persona, status):
    if persona:
        Auth(client).login(persona)
    assert client.get("/moderation/accounts").status_code == status


def test_a_page_takes_the_same_queries_with_five_or_fifty_accounts(app, client, accounts, count_queries):
    Auth(client).login("admin")
    client.get("/moderation/accounts")
    with count_queries() as few:
        client.get("/moderation/accounts")
    with app.app_context():
        for n in range(45):
            make_user(f"bulk{n}")
        db.session.commit()
    with count_queries() as many:
        html = client.get("/moderation/accounts").get_data(as_text=True)
    assert len(_names(html)) == 50
    assert many.count == few.count, (few.statements, many.statements)
