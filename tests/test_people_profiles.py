"""Profiles: editing the new fields (page and API), the profile page, privacy, query counts."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ExpertiseTag, User, UserLanguage, utcnow
from forum.services import accounts
from forum.services.posts import do_delete_post
from tests.conftest import form_post
from tests.factories import make_community, make_post, make_thread, make_user, refetch
from tests.test_api_support import API, assert_error, bearer, issue_token, uid

PROFILE_FORM = {
    "display_name": "Ana María Pérez", "country": "PE", "sector": "academia", "organization": "Universidad X",
    "locale": "es", "bio": "I work on **cold chain** logistics.\n\n<script>alert(1)</script>",
    "position": "Research lead", "expertise": "Cold chain, malaria , cold-chain, Vaccine logistics",
    "languages": ["es", "qu", "en"], "timezone": "America/Lima", "show_email_to_members": "y",
}


def _profile(app, username: str, **fields) -> None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        accounts.do_update_profile(user, **fields)
        db.session.commit()


def test_settings_form_saves_every_new_field(app, client, auth, member):
    auth.login("member")
    response = form_post(client, "/settings/profile", PROFILE_FORM, page="/settings")
    assert response.status_code == 302
    with app.app_context():
        user = refetch(User, uid(member))
        assert (user.position, user.timezone, user.show_email_to_members, user.profile_members_only) == (
            "Research lead", "America/Lima", True, False)
        # "Cold chain" and "cold-chain" are one tag; the first spelling names it.
        assert [t.name for t in user.expertise] == ["Cold chain", "malaria", "Vaccine logistics"]
        assert [language.code for language in user.languages] == ["en", "es", "qu"]
        assert "<strong>cold chain</strong>" in user.bio_html and "<script" not in user.bio_html
    page = client.get("/settings").get_data(as_text=True)
    assert 'value="Cold chain, malaria, Vaccine logistics"' in page
    assert re.search(r'value="qu" checked', page)
    assert '<option selected value="America/Lima">' in page or 'value="America/Lima" selected' in page


def test_settings_form_keeps_languages_in_step(app, client, auth, member):
    auth.login("member")
    form_post(client, "/settings/profile", PROFILE_FORM, page="/settings")
    form_post(client, "/settings/profile", {**PROFILE_FORM, "languages": ["pt"], "expertise": "malaria"},
              page="/settings")
    with app.app_context():
        user = refetch(User, uid(member))
        assert [language.code for language in user.languages] == ["pt"]
        assert [t.name for t in user.expertise] == ["malaria"]
        assert db.session.scalar(select(db.func.count()).select_from(UserLanguage)) == 1
        # Tags stay for others to reuse; only the link to this user is gone.
        assert db.session.scalar(select(db.func.count()).select_from(ExpertiseTag)) == 3


@pytest.mark.parametrize(("field", "value", "message"), [
    ("timezone", "Mars/Olympus", "time zone"),
    ("timezone", "../../etc/passwd", "time zone"),
    ("languages", ["xx"], "languages from the list"),
    ("expertise", "a", "2 to 40 characters"),
    ("expertise", ",".join(f"tag{i}" for i in range(11)), "at most 10"),
    ("position", "x" * 121, "at most 120"),
    ("bio", "x" * 2001, "at most 2000"),
])
def test_settings_form_refuses_bad_values_next_to_their_field(app, client, auth, member, field, value, message):
    auth.login("member")
    response = form_post(client, "/settings/profile", {**PROFILE_FORM, field: value}, page="/settings")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="{field}-error"' in html
    with app.app_context():
        assert refetch(User, uid(member)).position == ""  # nothing was saved


def test_profile_page_shows_the_profile_with_links(app, client, member):
    _profile(app, "member", **{k: v for k, v in PROFILE_FORM.items() if k != "show_email_to_members"})
    response = client.get("/u/MEMBER")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1 id=\"profile-h\">Ana María Pérez</h1>" in html
    # The organization the member wrote links to its record (created for it, in Peru).
    assert 'Research lead at <a href="/organizations/universidad-x-pe">Universidad X</a>' in html
    assert "Peru" in html and "Academia" in html
    assert 'href="/people?expertise=cold-chain"' in html and ">Cold chain</a>" in html
    assert 'href="/people?language=qu"' in html
    assert "<strong>cold chain</strong>" in html and "<script>alert" not in html
    assert 'src="/u/member/avatar?v=initials"' in html
    assert "member@example.org" not in html  # no email unless shown to members, and never to visitors
    assert "Member since" in html


def test_privacy_members_only_hides_details_from_visitors(app, client, auth, member, other_member):
    _profile(app, "member", position="Research lead", bio="Secret **bio**", expertise=["Malaria"],
             languages=["es"], profile_members_only=True, show_email_to_members=True)
    anonymous = client.get("/u/member").get_data(as_text=True)
    for hidden in ("Research lead", "Secret", "Malaria", "Ministry of Health", "member@example.org", "Brazil"):
        assert hidden not in anonymous
    assert "signed-in members only" in anonymous and "Member" in anonymous

    auth.login("other")
    signed_in = client.get("/u/member").get_data(as_text=True)
    for shown in ("Research lead", "Secret", "Malaria", "Ministry of Health", "member@example.org", "Brazil"):
        assert shown in signed_in


def test_email_is_shown_only_when_chosen_and_only_to_members(app, client, auth, member, other_member):
    auth.login("other")
    assert "member@example.org" not in client.get("/u/member").get_data(as_text=True)
    _profile(app, "member", show_email_to_members=True)
    assert "member@example.org" in client.get("/u/member").get_data(as_text=True)
    auth.logout()
    assert "member@example.org" not in client.get("/u/member").get_data(as_text=True)


def test_unknown_and_deactivated_profiles_are_404_except_for_moderators(app, client, auth, member, moderator):
    assert client.get("/u/nobody").status_code == 404
    assert client.get("/u/" + "x" * 300).status_code == 404
    with app.app_context():
        db.session.get(User, uid(member)).deactivated_at = utcnow()
        db.session.commit()
    assert client.get("/u/member").status_code == 404
    assert client.get("/u/member/avatar").status_code == 404
    auth.login("moderator")
    response = client.get("/u/member")
    assert response.status_code == 200 and "Deactivated" in response.get_data(as_text=True)


def _activity(app, member, moderator):
    with app.app_context():
        author = db.session.get(User, uid(member))
        mod = db.session.get(User, uid(moderator))
        other = make_user("starter")
        community = make_community("vaccines")
        visible = make_thread(author, community, title="Visible thread of mine")
        deleted = make_thread(author, community, title="Deleted thread of mine")
        elsewhere = make_thread(other, community, title="Someone else's thread")
        make_post(author, elsewhere, "A visible reply of mine")
        hidden = make_post(author, elsewhere, "A hidden reply of mine")
        gone = make_post(author, elsewhere, "A deleted reply of mine")
        do_delete_post(author, gone)
        hidden.hidden_at, hidden.hidden_by_id, hidden.hidden_reason = utcnow(), mod.id, "spam"
        deleted.deleted_at = utcnow()
        db.session.commit()
        return visible.id


def test_recent_activity_shows_only_what_the_viewer_may_read(app, client, auth, member, moderator):
    _activity(app, member, moderator)
    html = client.get("/u/member").get_data(as_text=True)
    assert "Visible thread of mine" in html and "A visible reply of mine" in html
    for hidden in ("Deleted thread of mine", "A hidden reply of mine", "A deleted reply of mine"):
        assert hidden not in html
    auth.login("moderator")
    html = client.get("/u/member").get_data(as_text=True)
    assert "Deleted thread of mine" in html and "A hidden reply of mine" in html
    assert "A deleted reply of mine" not in html  # a deleted post's text is shown to nobody here


def test_profile_without_activity_has_no_empty_sections(app, client, member):
    html = client.get("/u/member").get_data(as_text=True)
    for heading in ("Recent threads", "Recent replies", "Expertise", "About</h2>"):
        assert heading not in html


@pytest.mark.parametrize("extra", [0, 8])
def test_profile_page_queries_are_constant(app, client, auth, count_queries, member, moderator, extra):
    _activity(app, member, moderator)
    _profile(app, "member", expertise=[f"Field {i}" for i in range(2 + extra)], languages=["es", "en", "fr"])
    with app.app_context():
        author = db.session.get(User, uid(member))
        community = make_community("more")
        for i in range(extra):
            thread = make_thread(author, community, title=f"Another thread {i}")
            make_post(author, thread, f"Another reply {i}")
        db.session.commit()
    auth.login("moderator")
    with count_queries() as counter:
        assert client.get("/u/member").status_code == 200
    # viewer, their moderated communities, profile, expertise, languages, threads, posts, experiences,
    # and the header's count of experiences awaiting the moderator's review
    assert counter.count <= 9, counter.statements


def test_thread_page_links_authors_to_their_profiles(app, client, member):
    with app.app_context():
        thread = make_thread(db.session.get(User, uid(member)), make_community("vaccines"))
        db.session.commit()
        path = f"/t/{thread.id}/{thread.slug}"
    html = client.get(path).get_data(as_text=True)
    assert html.count('href="/u/member"') >= 2  # "Started by" and the opening post's author


def test_a_members_only_author_shows_no_country_or_organization_to_visitors(app, client, auth, member,
                                                                           other_member):
    """Beside their posts too, and in what the API and the live events say of them."""
    _profile(app, "member", organization="Fiocruz", profile_members_only=True)
    with app.app_context():
        thread = make_thread(db.session.get(User, uid(member)), make_community("vaccines"))
        db.session.commit()
        path, thread_id = f"/t/{thread.id}/{thread.slug}", thread.id
    anonymous = client.get(path).get_data(as_text=True)
    assert "post-country" not in anonymous and "Fiocruz" not in anonymous and 'href="/countries/BR"' not in anonymous
    author = client.get(f"{API}/threads/{thread_id}").get_json()["posts"][0]["author"]
    assert author["username"] == "member" and author["country"] is None
    auth.login("other")
    signed_in = client.get(path).get_data(as_text=True)
    assert "post-country" in signed_in and "Fiocruz" in signed_in


# ---------- API ----------

PROFILE_KEYS = {"id", "username", "display_name", "avatar_url", "created_at", "details_hidden"}
DETAIL_KEYS = {"country", "sector", "organization", "organization_record", "position", "expertise", "languages",
               "bio_html", "post_count", "accepted_answer_count"}


def test_api_public_profile_respects_privacy(app, client, member, other_member):
    _profile(app, "member", position="Lead", expertise=["Malaria"], languages=["es"], bio="*Hi*",
             show_email_to_members=True)
    body = client.get(f"{API}/users/member").get_json()["user"]
    assert set(body) == PROFILE_KEYS | DETAIL_KEYS
    assert body["expertise"] == [{"slug": "malaria", "name": "Malaria"}]
    assert body["bio_html"].strip() == "<p><em>Hi</em></p>"
    signed_in = client.get(f"{API}/users/member", headers=bearer(issue_token(app, other_member))).get_json()["user"]
    assert signed_in["email"] == "member@example.org"

    _profile(app, "member", profile_members_only=True)
    body = client.get(f"{API}/users/member").get_json()["user"]
    assert set(body) == PROFILE_KEYS and body["details_hidden"] is True
    assert_error(client.get(f"{API}/users/nobody"), 404, "not_found")


def test_api_patch_me_changes_only_the_named_fields(app, client, member):
    headers = bearer(issue_token(app, member))
    response = client.patch(f"{API}/me", headers=headers, json={
        "position": "Epidemiologist", "expertise": ["Dengue", "Zika"], "languages": ["pt", "es"],
        "timezone": "America/Sao_Paulo", "bio": "**Bold**", "profile_members_only": True})
    assert response.status_code == 200, response.get_json()
    user = response.get_json()["user"]
    assert user["position"] == "Epidemiologist" and user["expertise"] == ["Dengue", "Zika"]
    assert user["languages"] == ["es", "pt"] and user["timezone"] == "America/Sao_Paulo"
    assert user["bio_html"].strip() == "<p><strong>Bold</strong></p>" and user["profile_members_only"] is True
    assert user["organization"] == "Ministry of Health" and user["country"] == "BR"  # untouched


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"role": "admin"}, 422, "unknown_field"),
    ({"is_verified": True}, 422, "unknown_field"),
    ({"timezone": "Nowhere/City"}, 422, "invalid"),
    ({"languages": "es"}, 200, None),
    ({"languages": [1, 2]}, 422, "wrong_type"),
    ({"expertise": {"a": 1}}, 422, "wrong_type"),
    ({"profile_members_only": "maybe"}, 422, "wrong_type"),
    ({"country": "ZZ"}, 422, "invalid"),
])
def test_api_patch_me_errors(app, client, member, body, status, code):
    response = client.patch(f"{API}/me", headers=bearer(issue_token(app, member)), json=body)
    if code is None:
        assert response.status_code == status
    else:
        assert_error(response, status, code)
        with app.app_context():
            assert refetch(User, uid(member)).role == "member"


def test_api_patch_me_needs_a_user(client):
    assert_error(client.patch(f"{API}/me", json={"position": "x"}), 401, "unauthorized")
