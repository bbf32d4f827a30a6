"""Forms that help, through HTTP as a browser without JavaScript sends them: the experience form's
sections and country picker (rows of a country and a role, kept on error, the summary's link on the
row in error), the member pickers (a name or a username; an unknown or ambiguous one named in an
error), the suggestions behind them (/people/suggest: its JSON, the directory's privacy), and the
settings in tabs with the email preferences as one table; and, in Chromium, what
static/js/pickers.js adds (a row, suggestions)."""

import json
import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Experience, User, utcnow
from tests.browser import log_in
from tests.conftest import Auth, form_post
from tests.factories import make_community, make_experience, make_user


@pytest.fixture
def world(app):
    with app.app_context():
        boss = make_user("boss", role="moderator", country="US")
        ana = make_user("ana", country="BR", display_name="Ana Souza")
        make_user("pedro", country="PE", display_name="Pedro Quispe")
        make_user("hidden", country="PE", display_name="Pedro Private").profile_members_only = True
        make_user("gone", country="CL", display_name="Pedro Gone").deactivated_at = utcnow()
        make_user("twin1", country="AR", display_name="Maria Lopez")
        make_user("twin2", country="UY", display_name="Maria Lopez")
        community = make_community("immunization", name="Immunization")
        experience = make_experience(boss, ana, community, title="Cold chain on rivers", status="draft")
        db.session.commit()
        return {"experience_id": experience.id}


def _fields(experience_id: int) -> dict:
    return {"title": "Cold chain on rivers", "summary": "Solar fridges.", "modality": "south_south",
            "language": "en", "license": "CC-BY-4.0", "start_year": "2021", "end_year": "2023",
            "country": ["PE", "", "BR", ""], "country_role": ["receiving", "partner", "offering", "partner"],
            "themes": ["immunization"], "contributors": ["Pedro Quispe", ""], "contacts": ["@ana", ""]}


def _country_rows(html: str) -> list[tuple[str, str]]:
    codes = [re.search(r'<option value="([^"]*)" selected>', s) for s in
             re.findall(r'<select [^>]*name="country">(.*?)</select>', html, re.S)]
    roles = [re.search(r'<option value="([^"]*)" selected>', s).group(1) for s in
             re.findall(r'<select [^>]*name="country_role">(.*?)</select>', html, re.S)]
    return [(code.group(1) if code else "", role) for code, role in zip(codes, roles, strict=True)]


def test_the_experience_form_in_sections_and_its_country_picker(app, client, world):
    Auth(client).login("boss")
    edit = f"/experiences/{world['experience_id']}/edit"
    page = client.get(edit).get_data(as_text=True)
    # The contents at the top link to every section, each a fieldset with a heading.
    links = re.findall(r'<li><a href="#(section-[a-z]+)">', page)
    assert links == ["section-record", "section-countries", "section-period", "section-story", "section-people",
                     "section-publication"]
    assert all(f'<fieldset class="form-section" id="{id}"' in page for id in links)
    # Rows of selects: the Americas first, by name, then the world; no code to type.
    assert _country_rows(page) == [("BR", "partner"), ("PE", "partner")] + [("", "partner")] * 4
    americas = re.search(r'<optgroup label="The Americas">(.*?)</optgroup>', page, re.S).group(1)
    assert '<option value="BO">Bolivia</option>' in americas and 'value="ES"' not in americas
    assert '<option value="ES">Spain</option>' in page
    roles = re.findall(r'<option value="(\w+)"', page.split('name="country_role">')[1])[:3]
    assert roles == ["offering", "receiving", "partner"]

    saved = form_post(client, edit, _fields(world["experience_id"]))
    assert saved.status_code == 302
    with app.app_context():
        experience = db.session.get(Experience, world["experience_id"])
        assert experience.countries == [{"code": "PE", "role": "receiving"}, {"code": "BR", "role": "offering"}]
        assert [u.username for u in experience.people_with_role("contributor")] == ["pedro"]  # by display name
        assert [u.username for u in experience.people_with_role("contact")] == ["ana"]
    page = client.get(edit).get_data(as_text=True)
    assert _country_rows(page)[:3] == [("PE", "receiving"), ("BR", "offering"), ("", "partner")]
    assert re.findall(r'name="contributors" value="([^"]*)"', page) == ["pedro", "", ""]

    # A country the service refuses: the error at the top links to its row, every value is kept.
    fields = {**_fields(world["experience_id"]), "title": "Cold chain on the rivers",
              "country": ["PE", "BR", "PE"], "country_role": ["receiving", "offering", "partner"]}
    refused = form_post(client, edit, fields)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    summary = html.split('class="alert alert-error error-summary"')[1].split("</div>")[0]
    assert '<a href="#countries">Countries involved: PE is listed twice.</a>' in summary
    assert re.search(r'<select id="countries" aria-invalid="true" aria-describedby="countries-error" name="country">'
                     r'\s*<option value="">—</option>(?:(?!</select>).)*<option value="PE" selected>', html, re.S)
    assert 'id="countries-1" name="country"' in html  # the first PE keeps its own id
    assert _country_rows(html)[:3] == [("PE", "receiving"), ("BR", "offering"), ("PE", "partner")]
    assert 'value="Cold chain on the rivers"' in html


def test_an_unknown_or_ambiguous_member_is_named_in_the_error(app, client, world):
    Auth(client).login("boss")
    edit = f"/experiences/{world['experience_id']}/edit"
    for typed, message in [("Nobody Known", "There is no member called nobody known."),
                           ("Maria Lopez", "Several members are called Maria Lopez: choose one from the list or "
                                           "type their username.")]:
        refused = form_post(client, edit, {**_fields(world["experience_id"]), "contacts": ["ana", typed]})
        html = refused.get_data(as_text=True)
        assert refused.status_code == 422, typed
        assert f'<a href="#contacts">Contacts: {message}</a>' in html
        # The link goes to the row that holds the name; what was typed stays in the rows.
        assert re.search(rf'<input type="text" id="contacts" aria-invalid="true" aria-describedby="contacts-error" '
                         rf'name="contacts" value="{typed}"', html)
        assert re.search(r'id="contacts-0" name="contacts" value="ana"', html)
    with app.app_context():
        assert [u.username for u in db.session.get(Experience, world["experience_id"]).people_with_role("contact")] \
            == []


def test_member_suggestions_keep_the_directory_private(app, client, world):
    assert client.get("/people/suggest?q=pedro").status_code in (302, 401)  # members only
    Auth(client).login("ana")
    found = client.get("/people/suggest?q=Pedro")
    assert found.status_code == 200 and found.headers["Cache-Control"] == "private, no-store"
    # A signed-in member sees profiles reserved to members; nobody sees deactivated accounts.
    assert found.get_json() == {"members": [
        {"username": "hidden", "display_name": "Pedro Private", "country": "Peru"},
        {"username": "pedro", "display_name": "Pedro Quispe", "country": "Peru"}]}
    assert [m["username"] for m in client.get("/people/suggest?q=ANA").get_json()["members"]] == ["ana"]
    assert client.get("/people/suggest?q=p").get_json() == {"members": []}  # two characters at least
    assert client.get("/people/suggest?q=%25").get_json() == {"members": []}  # a wildcard is a character
    assert client.get("/people/suggest?q=pe%00dro").status_code == 422  # refused at the door, as everywhere
    with app.app_context():
        # The picker's other half: typed names become usernames, as the directory shows them.
        from forum.services.profiles import resolve_member_names

        viewer = db.session.scalar(select(User).where(User.username == "ana"))
        assert resolve_member_names(viewer, ["@Pedro", "Pedro Private", "Pedro Gone"], "contacts") \
            == ["pedro", "hidden", "Pedro Gone"]  # the last one: refused by the service, named


def test_project_focal_points_by_name(app, client, world):
    Auth(client).login("ana")
    page = client.get("/projects/new").get_data(as_text=True)
    assert 'data-member-picker="/people/suggest"' in page and "js/pickers." in page
    response = form_post(client, "/projects/new", {
        "title": "Cold chain for the Amazon", "summary": "Solar fridges.", "objectives": "Train crews.",
        "modality": "south_south", "themes": ["immunization"], "support_types": ["training"],
        "country": ["BR", "PE", ""], "country_role": ["offering", "receiving", "partner"],
        "focal_points": ["Pedro Quispe", ""], "planned_start": "2026-01-01", "planned_end": "2026-12-31"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'href="/u/pedro">Pedro Quispe</a>' in page


def test_settings_in_tabs_and_email_preferences_in_one_table(app, client, world):
    Auth(client).login("ana")
    tabs = {"/settings": "Profile", "/settings/avatar": "Avatar", "/settings/account": "Account",
            "/settings/notifications": "Email notifications", "/settings/data": "Your data"}
    for path, label in tabs.items():
        page = client.get(path).get_data(as_text=True)
        nav = page.split('<nav class="settings-tabs"')[1].split("</nav>")[0]
        assert re.findall(r'<a href="([^"]+)"', nav) == list(tabs)
        assert re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)<', nav) == [(path, label)], path
    assert 'action="/settings/profile"' in client.get("/settings").get_data(as_text=True)
    assert 'action="/settings/password"' in client.get("/settings/account").get_data(as_text=True)

    page = client.get("/settings/notifications").get_data(as_text=True)
    table = page.split('<table class="preferences-table"')[1].split("</table>")[0]
    assert re.findall(r'<th scope="col">([^<]+)</th>', table) == ["Notification", "Immediately", "Daily digest",
                                                                  "Never"]
    rows = re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S)
    assert len(rows) >= 15 and rows[0][0] == "Mentions of you"
    # Each radio button is labelled by its row and its column.
    assert ('<label><input type="radio" name="mode-mention" value="daily"><span class="visually-hidden">'
            'Mentions of you: Daily digest</span>') in rows[0][1]
    assert page.split('class="form preferences-form"')[1].split("</form>")[0].count('type="submit"') == 1

    response = form_post(client, "/settings/email", {"mode-mention": "never", "mode-reply": "daily"},
                         page="/settings/notifications")
    assert response.status_code == 302 and response.headers["Location"] == "/settings/notifications"
    page = client.get("/settings/notifications").get_data(as_text=True)
    assert 'name="mode-mention" value="never" checked' in page and 'name="mode-reply" value="daily" checked' in page
    assert "Your email settings are saved." in page

    # A refused password change comes back on its own tab, with the summary.
    refused = form_post(client, "/settings/password", {"current_password": "wrong", "new_password": "x" * 12},
                        page="/settings/account")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "There is a problem" in html
    assert '<a href="/settings/account" aria-current="page">' in html


@pytest.mark.browser
@pytest.mark.live
def test_the_script_adds_rows_and_suggests_members(chromium, browser_site):
    base, site = browser_site
    context = chromium.new_context(base_url=base, locale="en-US")
    try:
        page = context.new_page()
        log_in(page, base, "moderator")
        page.goto(site.experience.rsplit("/", 1)[0] + "/edit")
        rows = page.locator(".country-picker .picker-row")
        count = rows.count()
        page.get_by_role("button", name="Add a country").click()
        assert rows.count() == count + 1
        added = rows.nth(count)
        assert added.locator("select[name=country]").input_value() == ""
        assert added.locator("select[name=country_role]").input_value() == "partner"
        assert page.evaluate("document.activeElement.name") == "country"  # the new row has the focus
        assert page.get_by_label(f"Country {count + 1}", exact=True).count() == 1  # its own label and id
        page.locator("#contacts").fill("oth")
        page.wait_for_selector("#member-suggestions option[value=other]", state="attached", timeout=5000)
        assert page.get_attribute("#contacts", "list") == "member-suggestions"
    finally:
        context.close()


def test_a_file_attached_on_the_experience_form_is_listed_on_the_record_and_in_its_exports(app, client, world):
    import io

    from tests.test_uploads import PDF

    Auth(client).login("boss")
    edit = f"/experiences/{world['experience_id']}/edit"
    refused = form_post(client, edit, {**_fields(world["experience_id"]), "references": "Ministry report, 2023.",
                                       "file": (io.BytesIO(b"<svg onload=alert(1)>"), "map.svg")},
                        content_type="multipart/form-data")
    assert refused.status_code == 415
    assert "Ministry report, 2023." in refused.get_data(as_text=True)  # what was typed comes back
    saved = form_post(client, edit, {**_fields(world["experience_id"]), "references": "Ministry report, 2023.",
                                     "file": (io.BytesIO(PDF), "cold-chain protocol.pdf")},
                      content_type="multipart/form-data")
    assert saved.status_code == 302, saved.get_data(as_text=True)[:300]
    record = client.get(f"/experiences/{world['experience_id']}").get_data(as_text=True)
    files = re.search(r'<section class="experience-section" aria-labelledby="files-h">(.*?)</section>', record, re.S)
    assert files and "cold-chain protocol.pdf" in files.group(1)
    url = re.search(r'href="(/uploads/\d+/[^"]+)"', files.group(1)).group(1)
    assert client.get(url).headers["Content-Disposition"].startswith("attachment;")
    exported = json.loads(client.get(f"/experiences/{world['experience_id']}.json").data)
    assert [(f["name"], f["size"]) for f in exported["files"]] == [("cold-chain protocol.pdf", len(PDF))]
    # A draft's files are its editors' and moderators': a visitor fetches nothing.
    assert app.test_client().get(url).status_code == 404
