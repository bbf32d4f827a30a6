"""Terms of use and privacy notice (issue #22, privacy): published in versions by administrators,
accepted at registration, asked again after a change; before any is published, nobody is asked."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import AuditEntry, LegalConsent, User
from forum.services import legal
from tests.conftest import Auth, form_post

TERMS = "# Terms of use\n\nBe kind. Share what you **learned**.\n\n<script>alert(1)</script>"
PRIVACY = "# Privacy notice\n\nWe keep what you write and your profile."


def _publish(client, kind: str, source: str):
    return form_post(client, f"/moderation/legal/{kind}", {"source": source})


def _accept(client) -> None:
    assert form_post(client, "/legal/accept", {"next": "/"}, page="/legal/accept").status_code == 302


@pytest.fixture
def published(app, client, admin):
    auth = Auth(client)
    auth.login("admin")
    assert _publish(client, "terms", TERMS).status_code == 302
    assert _publish(client, "privacy", PRIVACY).status_code == 302
    _accept(client)  # the administrator is asked too
    auth.logout()


def _register(client, **extra):
    return form_post(client, "/register", {
        "email": "nina@example.org", "username": "nina", "password": "river routes and solar fridges",
        "country": "PE", "sector": "government", "organization": "", "display_name": "Nina", **extra})


def test_before_anything_is_published_nobody_is_asked(app, client, member):
    page = client.get("/register").get_data(as_text=True)
    assert 'name="accept_terms"' not in page and 'href="/terms"' not in page
    assert client.get("/terms").status_code == 404
    assert _register(client).status_code == 200  # "check your email"
    Auth(client).login("member")
    assert client.get("/settings").status_code == 200


def test_an_administrator_publishes_versions_that_everyone_reads(app, client, published):
    page = client.get("/terms").get_data(as_text=True)
    assert "Share what you <strong>learned</strong>." in page and "<script>alert" not in page
    assert "Version 1" in page and 'href="/terms"' in page and 'href="/privacy"' in page  # the footer
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "legal.publish")).all()
        assert [e.details for e in entries] == [{"kind": "terms", "version": 1}, {"kind": "privacy", "version": 1}]


@pytest.mark.parametrize("persona", ["member", "moderator"])
def test_only_administrators_publish(app, client, member, moderator, persona):
    Auth(client).login(persona)
    assert client.get("/moderation/legal/terms").status_code == 403
    assert _publish(client, "terms", TERMS).status_code == 403
    assert client.get("/moderation/legal/cookies").status_code == 404


def test_publishing_the_same_text_again_is_refused_and_keeps_what_was_typed(app, client, admin, published):
    Auth(client).login("admin")
    again = _publish(client, "terms", TERMS)
    assert again.status_code == 422 and "This is the current version already" in again.get_data(as_text=True)
    assert "Share what you **learned**." in again.get_data(as_text=True)


def test_registering_needs_the_consent_which_is_recorded(app, client, published):
    refused = _register(client)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Accept the terms of use and the privacy notice to register." in html
    assert 'value="nina@example.org"' in html  # what was typed stays
    assert _register(client, accept_terms="y").status_code == 200
    with app.app_context():
        nina = db.session.scalar(select(User).where(User.username == "nina"))
        assert (nina.terms_version, nina.privacy_version) == (1, 1)
        consents = db.session.scalars(select(LegalConsent).where(LegalConsent.user_id == nina.id)).all()
        assert sorted((c.kind, c.version) for c in consents) == [("privacy", 1), ("terms", 1)]


def test_a_new_version_is_asked_again_before_anything_else(app, client, member, published):
    Auth(client).login("member")
    # The member, registered before the terms existed, is asked at the first page.
    asked = client.get("/settings")
    assert asked.status_code == 302 and asked.headers["Location"].startswith("/legal/accept?next=/settings")
    page = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "Share what you <strong>learned</strong>." in page and "We keep what you write" in page
    # A form sent meanwhile is refused, not lost in a redirect.
    assert form_post(client, "/settings/profile", {"display_name": "M"}, page="/settings/data").status_code == 403
    # Downloading one's data or deleting the account needs no consent.
    assert client.get("/settings/data").status_code == 200
    accepted = form_post(client, "/legal/accept", {"next": "/settings"}, page=asked.headers["Location"])
    assert accepted.status_code == 302 and accepted.headers["Location"] == "/settings"
    assert client.get("/settings").status_code == 200
    # A change of the privacy notice asks again, for that document only.
    auth = Auth(client)
    auth.logout()
    auth.login("admin")
    assert _publish(client, "privacy", PRIVACY + "\n\nAnd your avatar.").status_code == 302
    _accept(client)
    auth.logout()
    auth.login("member")
    asked = client.get("/")
    assert asked.status_code == 302
    page = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "And your avatar." in page and "Share what you" not in page
    assert re.search(r"Version 2", page)
    with app.app_context():
        assert [(item.kind, item.version) for item in legal.pending(
            db.session.scalar(select(User).where(User.username == "member")))] == [("privacy", 2)]


def test_the_api_is_not_interrupted(app, client, member, published):
    from forum.services.accounts import do_create_token

    with app.app_context():
        _token, raw = do_create_token(db.session.get(User, member.id), "script")
        db.session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
