"""Organization pages through the real forms, without JavaScript: creating (and finding an existing
record), editing and merging as a moderator, refusals, profiles and the directory linking to
records, privacy on a record's page, and constant queries."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import AuditEntry, Organization, User, utcnow
from forum.services import organizations as orgs
from forum.services.accounts import do_update_profile
from forum.services.sanctions import do_deactivate_user
from tests.conftest import form_post
from tests.factories import make_community, make_experience, make_organization, make_user, refetch

NEW = {"name": "Fundação Oswaldo Cruz", "acronym": "Fiocruz", "type": "university", "country": "BR",
       "website": "https://portal.fiocruz.br"}


def _record(app, name: str, country: str = "BR") -> Organization:
    with app.app_context():
        found = orgs.find_organization(name, country)
        assert found is not None, name
        db.session.expunge(found)
        return found


def _field_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html) or \
        re.search(rf'<input[^>]*value="([^"]*)"[^>]*name="{name}"', html)
    return match.group(1) if match else ""


# ---------- creating ----------


def test_a_member_creates_a_record_and_the_same_name_leads_to_it(app, client, auth, member):
    auth.login("member")
    page = client.get("/organizations/new")
    assert page.status_code == 200 and 'name="website"' in page.get_data(as_text=True)
    created = form_post(client, "/organizations/new", NEW)
    assert created.status_code == 303 and created.headers["Location"] == "/organizations/fundacao-oswaldo-cruz-br"
    html = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "The organization is created." in html
    assert "<h1 id=\"organization-h\">Fundação Oswaldo Cruz <span class=\"meta\">(Fiocruz)</span></h1>" in html
    assert "University or research centre" in html and "Brazil" in html
    assert '<a href="https://portal.fiocruz.br" rel="nofollow ugc noopener">' in html

    again = form_post(client, "/organizations/new", {**NEW, "name": "FUNDACAO  OSWALDO CRUZ", "website": ""})
    assert again.headers["Location"] == "/organizations/fundacao-oswaldo-cruz-br"
    assert "Fundação Oswaldo Cruz is already recorded in this country: here it is." in \
        client.get(again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Organization).where(Organization.name_key.like("fundacao%"))).all()) == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("website", "javascript:alert(1)", "Enter a web address that starts with https:// or http://."),
    ("type", "company", "Choose a type of organization from the list."),
    ("country", "XX", "Choose a country."),
    ("name", "", "This field is required."),
])
def test_a_bad_field_is_shown_next_to_it_with_the_text_kept(app, client, auth, member, field, value, message):
    auth.login("member")
    response = form_post(client, "/organizations/new", {**NEW, field: value})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html
    assert _field_value(html, "acronym") == "Fiocruz"  # what was typed stays
    with app.app_context():
        assert orgs.find_organization(NEW["name"], "BR") is None


def test_who_may_open_the_new_organization_form(app, client, auth, unverified):
    assert client.get("/organizations/new").status_code == 401  # the page says to log in
    auth.login("unverified")
    assert client.get("/organizations/new").status_code == 403
    with app.app_context():
        make_user("held")
        db.session.scalar(select(User).where(User.username == "held")).suspended_until = utcnow() + timedelta(days=2)
        db.session.commit()
    auth.logout()
    auth.login("held")
    assert client.get("/organizations/new").status_code == 403


# ---------- editing and merging ----------


def test_a_moderator_edits_a_record_and_members_may_not(app, client, auth, member, moderator):
    with app.app_context():
        make_organization("Minsa", "PE")
        db.session.commit()
    auth.login("member")
    assert client.get("/organizations/minsa-pe/edit").status_code == 403
    assert form_post(client, "/organizations/minsa-pe/edit", {"name": "X", "type": "other", "country": "PE"},
                     page="/organizations").status_code == 403
    assert "Edit organization" not in client.get("/organizations/minsa-pe").get_data(as_text=True)
    auth.logout()

    auth.login("moderator")
    form = client.get("/organizations/minsa-pe/edit").get_data(as_text=True)
    assert _field_value(form, "name") == "Minsa"
    refused = form_post(client, "/organizations/minsa-pe/edit",
                        {"name": "Ministerio de Salud", "type": "ministry", "country": "PE", "website": "ftp://x.pe"})
    assert refused.status_code == 422 and 'id="website-error"' in refused.get_data(as_text=True)
    saved = form_post(client, "/organizations/minsa-pe/edit",
                      {"name": "Ministerio de Salud", "acronym": "MINSA", "type": "ministry", "country": "PE",
                       "website": "https://www.gob.pe/minsa"})
    assert saved.status_code == 303 and saved.headers["Location"] == "/organizations/minsa-pe"
    assert "Ministerio de Salud" in client.get("/organizations/minsa-pe").get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "organization.edit"))
        assert entry.details["name"] == ["Minsa", "Ministerio de Salud"]
    log = client.get("/moderation/log?target_type=organization").get_data(as_text=True)
    assert "organization.edit" in log


def test_a_moderator_merges_two_records_through_the_form(app, client, auth, member, other_member, moderator):
    with app.app_context():
        for username in ("ana", "bea"):
            make_user(username, organization="Fiocruz")
        make_user("luis", organization="Fundação Oswaldo Cruz")
        db.session.commit()
    source, target = _record(app, "Fiocruz"), _record(app, "Fundação Oswaldo Cruz")

    auth.login("member")
    assert client.get(f"/organizations/{source.slug}/merge").status_code == 403
    assert form_post(client, f"/organizations/{source.slug}/merge", {"into": target.slug},
                     page="/organizations").status_code == 403
    auth.logout()

    auth.login("moderator")
    page = client.get(f"/organizations/{source.slug}/merge").get_data(as_text=True)
    assert f'<option value="{target.slug}">Fundação Oswaldo Cruz (Brazil)</option>' in page
    assert "Its 2 members move there." in page
    same = form_post(client, f"/organizations/{source.slug}/merge", {"into": source.slug})
    assert same.status_code == 422 and 'id="into-error"' in same.get_data(as_text=True)
    unknown = form_post(client, f"/organizations/{source.slug}/merge", {"into": "nowhere-xx"})
    assert unknown.status_code == 422 and "Choose an organization from the list." in unknown.get_data(as_text=True)
    merged = form_post(client, f"/organizations/{source.slug}/merge", {"into": target.slug, "reason": "Same"})
    assert merged.status_code == 303 and merged.headers["Location"] == f"/organizations/{target.slug}"
    assert "Fiocruz is merged into Fundação Oswaldo Cruz." in client.get(merged.headers["Location"]).get_data(
        as_text=True)

    old = client.get(f"/organizations/{source.slug}")
    assert old.status_code == 301 and old.headers["Location"] == f"/organizations/{target.slug}"
    assert client.get(f"/organizations/{source.slug}/edit").status_code == 301
    assert form_post(client, f"/organizations/{source.slug}/merge", {"into": target.slug},
                     page="/organizations").status_code == 409
    with app.app_context():
        assert refetch(Organization, target.id).member_count == 3
        assert refetch(Organization, source.id).member_count == 0
        usernames = set(db.session.scalars(select(User.username).where(User.organization_id == target.id)))
        assert usernames == {"ana", "bea", "luis"}
    html = client.get(f"/organizations/{target.slug}").get_data(as_text=True)
    assert "3 members on Horizonte" in html


# ---------- profiles and the directory ----------


def test_a_profile_edit_links_the_organization_and_offers_the_recorded_ones(app, client, auth, member):
    with app.app_context():
        make_organization("Fundação Oswaldo Cruz", "BR", type="university")
        make_organization("Pan American Health Organization", "US", type="international")
        make_organization("Ministerio de Salud", "PE")
        db.session.commit()
    auth.login("member")
    settings = client.get("/settings").get_data(as_text=True)
    assert 'list="organization-choices"' in settings
    choices = re.search(r'<datalist id="organization-choices">(.*?)</datalist>', settings, re.S).group(1)
    assert '<option value="Fundação Oswaldo Cruz">' in choices
    assert '<option value="Pan American Health Organization">' in choices  # international: every country
    assert "Ministerio de Salud" not in choices  # Peru's, not the member's country
    assert 'Your profile links to <a href="/organizations/ministry-of-health-br">Ministry of Health</a>.' in settings

    saved = form_post(client, "/settings/profile", {"display_name": "Member", "country": "BR", "sector": "academia",
                                                    "organization": "Fundação Oswaldo Cruz", "locale": "",
                                                    "timezone": ""})
    assert saved.status_code == 302
    profile = client.get("/u/member").get_data(as_text=True)
    assert '<a href="/organizations/fundacao-oswaldo-cruz-br">Fundação Oswaldo Cruz</a>' in profile
    assert _record(app, "Ministry of Health").member_count == 0
    assert _record(app, "Fundação Oswaldo Cruz").member_count == 1


def test_the_directory_filters_by_organization(app, client, member, other_member):
    with app.app_context():
        make_user("ana", display_name="Ana", organization="Fiocruz")
        make_user("luis", display_name="Luis", organization="FIOCRUZ")
        make_user("kate", display_name="Kate", organization="Fiocruz", country="CA")
        merged = make_organization("Fiocruz Brasília", "BR")
        moderator = make_user("mod", role="moderator", organization="")
        orgs.do_merge_organizations(moderator, merged, orgs.find_organization("Fiocruz", "BR"))
        db.session.commit()
    html = client.get("/people?organization=fiocruz-br").get_data(as_text=True)
    assert re.findall(r'class="person-name"><a href="/u/(\w+)"', html) == ["ana", "luis"]
    assert '<option value="fiocruz-br" selected>Fiocruz (Brazil)</option>' in html
    assert '<option value="fiocruz-ca">Fiocruz (Canada)</option>' in html
    assert '<a href="/organizations/fiocruz-br">FIOCRUZ</a>' in html  # each member's own words, linked
    # An old address filters by the record it became; an unknown one finds nobody.
    assert re.findall(r'class="person-name"><a href="/u/(\w+)"', client.get(
        "/people?organization=fiocruz-brasilia-br").get_data(as_text=True)) == ["ana", "luis"]
    assert "Nobody matches these filters." in client.get("/people?organization=nowhere").get_data(as_text=True)
    api = client.get("/api/v1/people?organization=fiocruz-br").get_json()
    assert [u["username"] for u in api["items"]] == ["ana", "luis"]
    assert api["items"][0]["organization_record"]["slug"] == "fiocruz-br"


def test_a_record_page_lists_members_as_the_directory_would(app, client, auth, member, other_member):
    with app.app_context():
        make_user("ana", display_name="Ana Public", organization="Fiocruz")
        private = make_user("priv", display_name="Private Person", organization="Fiocruz")
        do_update_profile(private, profile_members_only=True)
        gone = make_user("gone", display_name="Gone Person", organization="Fiocruz")
        do_deactivate_user(make_user("boss", role="admin"), gone, reason="Spam")
        db.session.commit()
    html = client.get("/organizations/fiocruz-br").get_data(as_text=True)
    assert "Ana Public" in html and "Private Person" not in html and "Gone Person" not in html
    assert "1 member on Horizonte" in html
    auth.login("other")
    html = client.get("/organizations/fiocruz-br").get_data(as_text=True)
    assert "Ana Public" in html and "Private Person" in html and "Gone Person" not in html


def test_a_record_page_lists_the_experiences_that_name_it(app, client):
    with app.app_context():
        moderator = make_user("mod", role="moderator")
        community = make_community("vaccines")
        make_experience(moderator, moderator, community, title="Cold chain in the Amazon", countries=("BR",),
                        partner_organizations=["FIOCRUZ"])
        make_experience(moderator, moderator, community, title="Cold chain in Bolivia", countries=("BO",),
                        partner_organizations=["Fiocruz"])
        make_organization("Fiocruz", "BR")
        db.session.commit()
    html = client.get("/organizations/fiocruz-br").get_data(as_text=True)
    assert "Cold chain in the Amazon" in html and "Cold chain in Bolivia" not in html
    assert "1 published experience names it as a partner" in html


# ---------- the list ----------


def test_the_list_filters_by_country_type_and_name_in_the_url(app, client):
    with app.app_context():
        make_organization("Ministerio de Salud", "PE", type="ministry")
        make_organization("Ministério da Saúde", "BR", type="ministry")
        make_organization("Minas Gerais State Health Secretariat", "BR", type="ministry")
        make_organization("Universidad Nacional Mayor de San Marcos", "PE", type="university")
        make_organization("100% Salud", "PE", type="civil_society")
        db.session.commit()

    def names(query: str) -> list[str]:
        html = client.get(f"/organizations?{query}").get_data(as_text=True)
        return re.findall(r'class="organization-name"><a href="/organizations/[\w-]+">([^<]+)</a>', html)

    assert names("country=PE") == ["100% Salud", "Ministerio de Salud", "Universidad Nacional Mayor de San Marcos"]
    assert names("country=pe&type=ministry") == ["Ministerio de Salud"]
    assert names("q=MINIST") == ["Ministério da Saúde", "Ministerio de Salud"]
    assert names("q=minis&country=BR") == ["Ministério da Saúde"]
    assert names("q=mina") == ["Minas Gerais State Health Secretariat"]
    assert names("q=100%25") == ["100% Salud"]  # % and _ are letters here, not wildcards
    assert names("q=_") == [] and names("q=%25") == []
    es = client.get("/organizations?country=BR", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Brasil" in es and "Ministerio u organismo público" in es
    bad = client.get("/organizations?type=company")
    assert bad.status_code == 422 and "Choose a type of organization from the list." in bad.get_data(as_text=True)


def test_the_list_is_paginated(app, client):
    with app.app_context():
        for n in range(orgs.PER_PAGE + 2):
            make_organization(f"Health Centre {n:02d}", "CL")
        db.session.commit()
    second = client.get("/organizations?country=CL&page=2").get_data(as_text=True)
    assert "Health Centre 30" in second and "Health Centre 00" not in second
    assert 'href="/organizations?country=CL&amp;page=1"' in second
    assert client.get("/organizations?page=99").status_code == 200
    assert client.get("/organizations?page=x").status_code == 404


# ---------- constant queries ----------


@pytest.mark.parametrize("size", [2, 25])
def test_pages_cost_the_same_whatever_their_size(app, client, auth, member, count_queries, size):
    with app.app_context():
        moderator = make_user("mod", role="moderator", organization="")
        community = make_community("vaccines")
        for n in range(size):
            user = make_user(f"person{n}", organization="Fiocruz", country="BR")
            do_update_profile(user, expertise=[f"Topic {n}"], languages=["pt"])
            make_organization(f"Health Centre {n:02d}", "BR")
        for n in range(min(size, 3)):
            make_experience(moderator, moderator, community, title=f"Experience number {n}", countries=("BR",),
                            partner_organizations=["Fiocruz"])
        db.session.commit()
    auth.login("member")
    budgets = {
        # user, session; count, page
        "/organizations?country=BR&q=health": 4,
        # user, session; record; members: count, page, expertise, languages; experiences: count, page;
        # projects, their countries
        "/organizations/fiocruz-br": 11,
        # user, session; the directory's: count, page, expertise, languages, communities, organizations
        "/people?organization=fiocruz-br": 9,
        "/api/v1/organizations?country=BR": 4,
        "/api/v1/organizations/fiocruz-br": 11,
    }
    for path, budget in budgets.items():
        with count_queries() as counter:
            assert client.get(path).status_code == 200, path
        assert counter.count <= budget, (path, counter.count, counter.statements)
