"""Experience pages through the browser forms: documenting a thread, editing, the workflow buttons,
revisions and the side-by-side compare, the library's facets, the record page, exports and feeds."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import select

from forum.extensions import db
from forum.models import Experience, Post, Thread, User
from forum.services import experiences as service
from tests.conftest import form_post
from tests.factories import make_community, make_post, make_thread, make_user, refetch

SCHEMA = json.loads((Path(__file__).parent.parent / "static/schemas/experience-1.0.json").read_text())

FORM = {
    "title": "Cold chain on the Amazon rivers",
    "summary": "Solar fridges and cold boxes kept vaccines potent on river routes.",
    "modality": "south_south",
    # The country picker's rows (the last ones left empty, as a browser sends them).
    "country": ["BR", "PE", "co", "", ""], "country_role": ["offering", "receiving", "partner", "partner", "partner"],
    "partner_organizations": "Fiocruz\nDIRESA Loreto",
    "themes": ["immunization"],
    "sdg_targets": ["3.3", "3.b"],
    "start_year": "2021", "start_month": "3", "end_year": "2023", "end_month": "",
    "language": "en", "license": "CC-BY-4.0",
    "context": "Boats travel **days** between health posts.",
    "objectives": "", "activities": "Trained crews.", "results": "- 98% potency at arrival",
    "lessons": "<script>alert(1)</script> Keep it simple.", "sustainability": "", "funding": "",
    "references": "https://example.org/report",
    "contributors": ["ana", "Pedro Example", ""], "contacts": ["@ana", ""],
}


@pytest.fixture
def world(app):
    with app.app_context():
        ana = make_user("ana", country="BR")
        pedro = make_user("pedro", country="PE", display_name="Pedro Example")
        make_user("boss", role="moderator", country="US")
        make_user("mia", country="CL")
        community = make_community("immunization", name="Immunization")
        thread = make_thread(ana, community, title="Cold chain in the Amazon",
                             body="We keep vaccines cold with **solar** fridges on boats.")
        reply = make_post(pedro, thread, "In Loreto we use cold boxes.")
        make_post(ana, thread, "And crews are trained.")
        db.session.commit()
        return {"thread_id": thread.id, "slug": thread.slug, "reply_id": reply.id}


def login(client, username):
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"login": username, "password": "correct horse battery staple",
                                           "csrf_token": token})
    assert response.status_code == 302


def _experience(app) -> Experience:
    with app.app_context():
        experience = db.session.scalars(select(Experience)).one()
        db.session.expunge(experience)
        return experience


def _country_rows(html: str) -> list[tuple[str, str]]:
    """(country, role) of each row of the country picker, as selected on the page."""
    codes = [re.search(r'<option value="([^"]*)" selected>', select) for select in
             re.findall(r'<select [^>]*name="country">(.*?)</select>', html, re.S)]
    roles = [re.search(r'<option value="([^"]*)" selected>', select).group(1) for select in
             re.findall(r'<select [^>]*name="country_role">(.*?)</select>', html, re.S)]
    return [(code.group(1) if code else "", role) for code, role in zip(codes, roles, strict=True)]


def _members(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="text" [^>]*name="{name}" value="([^"]*)"', html)


def _promote_through_the_form(client, world) -> int:
    page = client.get(f"/t/{world['thread_id']}/{world['slug']}").get_data(as_text=True)
    assert "Document as experience" in page
    form = client.get(f"/t/{world['thread_id']}/document").get_data(as_text=True)
    assert f'value="{world["reply_id"]}"' in form and "In Loreto we use cold boxes." in form
    response = form_post(client, f"/t/{world['thread_id']}/document", {"post_ids": [str(world["reply_id"])]})
    assert response.status_code == 302
    match = re.search(r"/experiences/(\d+)/edit$", response.headers["Location"])
    assert match
    return int(match.group(1))


def test_the_whole_workflow_through_the_forms(app, client, world):
    login(client, "boss")
    experience_id = _promote_through_the_form(client, world)

    edit = client.get(f"/experiences/{experience_id}/edit").get_data(as_text=True)
    assert 'value="Cold chain in the Amazon"' in edit  # pre-filled from the thread
    assert _country_rows(edit)[:3] == [("BR", "partner"), ("PE", "partner"), ("", "partner")]
    assert _members(edit, "contributors") == ["ana", "pedro", "", ""]

    # Invalid country: refused next to its field, nothing changed.
    bad = form_post(client, f"/experiences/{experience_id}/edit",
                    {**FORM, "country": ["PE", "XX"], "country_role": ["receiving", "offering"]},
                    page=f"/experiences/{experience_id}/edit")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert 'aria-describedby="countries-description countries-error"' in html
    assert "XX is not an ISO 3166-1 country code." in html
    # The summary's link goes to the row in error; every value typed is kept.
    assert '<a href="#countries">Countries involved: XX is not an ISO 3166-1 country code.</a>' in html
    assert re.search(r'<select id="countries" aria-invalid="true" aria-describedby="countries-error" '
                     r'name="country">\s*<option value="">—</option>\s*<option value="XX" selected>', html)
    assert _country_rows(html)[:2] == [("PE", "receiving"), ("XX", "offering")]
    assert 'value="Cold chain on the Amazon rivers"' in html and _members(html, "contacts")[0] == "@ana"
    with app.app_context():
        assert db.session.get(Experience, experience_id).revision_count == 1
    bad = form_post(client, f"/experiences/{experience_id}/edit", {**FORM, "end_year": "2020"},
                    page=f"/experiences/{experience_id}/edit")
    assert bad.status_code == 422 and "The end of the period is before its start." in bad.get_data(as_text=True)

    saved = form_post(client, f"/experiences/{experience_id}/edit", FORM, page=f"/experiences/{experience_id}/edit")
    assert saved.status_code == 302
    with app.app_context():
        experience = db.session.get(Experience, experience_id)
        assert experience.countries == [{"code": "BR", "role": "offering"}, {"code": "PE", "role": "receiving"},
                                        {"code": "CO", "role": "partner"}]
        assert experience.revision_count == 2 and experience.end_year == 2023 and experience.end_month is None

    page = client.get(f"/experiences/{experience_id}")
    html = page.get_data(as_text=True)
    assert "Not published" in html
    assert "<strong>days</strong>" in html and "<script>alert(1)</script>" not in html
    assert 'href="/u/ana"' in html and 'href="/u/pedro"' in html
    assert "Send for review" in html and "Publish" not in html.split("Editing and review")[1].split("Editors")[0]

    # Boss (a moderator) sends it for review, requests changes, then publishes.
    assert form_post(client, f"/experiences/{experience_id}/transition/in_review", {},
                     page=f"/experiences/{experience_id}").status_code == 302
    html = client.get(f"/experiences/{experience_id}").get_data(as_text=True)
    assert "Request changes" in html and "Publish" in html
    refused = form_post(client, f"/experiences/{experience_id}/transition/draft", {"comment": ""},
                        page=f"/experiences/{experience_id}")
    assert refused.status_code == 303
    assert "Say what should change." in client.get(refused.headers["Location"]).get_data(as_text=True)
    form_post(client, f"/experiences/{experience_id}/transition/draft", {"comment": "Add <b>indicators</b>."},
              page=f"/experiences/{experience_id}")
    html = client.get(f"/experiences/{experience_id}").get_data(as_text=True)
    assert "Add &lt;b&gt;indicators&lt;/b&gt;." in html  # the reviewer's comment, escaped, in the history
    for to in ("in_review", "published"):
        assert form_post(client, f"/experiences/{experience_id}/transition/{to}", {},
                         page=f"/experiences/{experience_id}").status_code == 302
    log = client.get("/moderation/log?target_type=experience").get_data(as_text=True)
    assert log.count(f'href="/experiences/{experience_id}"') == 2  # changes requested, published
    assert "experience.published" in log and "Add &lt;b&gt;indicators&lt;/b&gt;." in log

    # Public now: the thread shows the banner, the library lists it, anyone reads it.
    client.post("/logout", data={"csrf_token": re.search(
        r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)})
    thread_page = client.get(f"/t/{world['thread_id']}/{world['slug']}").get_data(as_text=True)
    assert "This discussion is documented as an experience" in thread_page
    assert f'href="/experiences/{experience_id}/cold-chain-on-the-amazon-rivers"' in thread_page
    assert "Document as experience" not in thread_page
    html = client.get(f"/experiences/{experience_id}").get_data(as_text=True)
    assert "Discussed in" in html and f"/t/{world['thread_id']}/" in html
    # Cited at the site's configured address, not at the Host the request carried.
    base = app.config["SERVER_BASE_URL"]
    assert "How to cite" in html and f"{base}/experiences/{experience_id}" in html
    assert "Boss; Ana; Pedro Example (20" in html  # editors then contributors, and the year
    assert "Creative Commons Attribution 4.0" in html
    assert 'media="print"' in html
    assert "Send for review" not in html
    library = client.get("/experiences").get_data(as_text=True)
    assert "Cold chain on the Amazon rivers" in library


def test_only_moderators_document_threads(app, client, world):
    login(client, "ana")  # the thread's author, a member
    page = client.get(f"/t/{world['thread_id']}/{world['slug']}").get_data(as_text=True)
    assert "Document as experience" not in page
    assert client.get(f"/t/{world['thread_id']}/document").status_code == 403
    response = form_post(client, f"/t/{world['thread_id']}/document", {"post_ids": []},
                         page=f"/t/{world['thread_id']}/{world['slug']}")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Experience)) == 0


def test_a_second_promotion_goes_to_the_existing_experience(app, client, world):
    login(client, "boss")
    experience_id = _promote_through_the_form(client, world)
    again = client.get(f"/t/{world['thread_id']}/document")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/experiences/{experience_id}")
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Experience)) == 1
    thread_page = client.get(f"/t/{world['thread_id']}/{world['slug']}").get_data(as_text=True)
    assert "A draft experience is being documented" in thread_page


def test_editors_are_invited_and_non_editors_cannot_edit(app, client, world):
    login(client, "boss")
    experience_id = _promote_through_the_form(client, world)
    form_post(client, f"/experiences/{experience_id}/editors", {"username": "ana"},
              page=f"/experiences/{experience_id}")
    client.get("/")
    other = app.test_client()
    login(other, "mia")
    assert other.get(f"/experiences/{experience_id}").status_code == 404  # drafts are not public
    assert other.get(f"/experiences/{experience_id}/edit").status_code == 404
    ana = app.test_client()
    login(ana, "ana")
    assert ana.get(f"/experiences/{experience_id}/edit").status_code == 200
    saved = form_post(ana, f"/experiences/{experience_id}/edit", {**FORM, "summary": "By Ana"},
                      page=f"/experiences/{experience_id}/edit")
    assert saved.status_code == 302
    refused = form_post(ana, f"/experiences/{experience_id}/transition/published", {},
                        page=f"/experiences/{experience_id}")
    assert refused.status_code == 303
    with app.app_context():
        assert db.session.get(Experience, experience_id).status == "draft"


def test_revisions_and_a_side_by_side_escaped_diff(app, client, world):
    login(client, "boss")
    experience_id = _promote_through_the_form(client, world)
    edit = f"/experiences/{experience_id}/edit"
    form_post(client, edit, {**FORM, "context": "Line one\nLine two"}, page=edit)
    form_post(client, edit, {**FORM, "context": "Line one\nLine <em>2</em>\nLine three"}, page=edit)
    listing = client.get(f"/experiences/{experience_id}/revisions").get_data(as_text=True)
    assert listing.count("Revision ") >= 3 and 'name="from"' in listing
    page = client.get(f"/experiences/{experience_id}/compare?from=2&to=3")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<del>Line two</del>" in html and "<ins>Line &lt;em&gt;2&lt;/em&gt;</ins>" in html
    assert "<ins>Line three</ins>" in html and "<em>2</em>" not in html
    assert "Context and problem" in html
    assert client.get(f"/experiences/{experience_id}/compare?from=1&to=99").status_code == 404
    assert client.get(f"/experiences/{experience_id}/compare?from=x&to=2").status_code == 404


# ---------- the library ----------


def _published_set(app, count: int) -> None:
    countries = ["BR", "PE", "CO", "CU", "MX"]
    with app.app_context():
        boss = db.session.scalar(select(User).where(User.username == "boss"))
        ana = db.session.scalar(select(User).where(User.username == "ana"))
        other = make_community("emergencies", name="Emergencies")
        for n in range(count):
            thread = make_thread(ana, other if n % 2 else db.session.get(Thread, 1).community,
                                 title=f"Experience number {n}", body=f"Body {n}")
            experience = service.do_promote_thread(boss, thread)
            service.do_update_experience(boss, experience, {
                "summary": f"Summary {n}", "modality": "bilateral" if n % 3 else "regional",
                "countries": [{"code": countries[n % 5], "role": "offering"},
                              {"code": countries[(n + 1) % 5], "role": "receiving"}],
                "start_year": 2015 + n, "end_year": 2016 + n, "sdg_targets": ["3.8"],
                "language": "es" if n % 2 else "en"})
            service.do_transition(boss, experience, to="in_review")
            service.do_transition(boss, experience, to="published")
        db.session.commit()


def test_library_facets_counts_filters_in_the_url_and_sort(app, client, world):
    _published_set(app, 6)
    html = client.get("/experiences").get_data(as_text=True)
    assert "6 experiences" in html
    # Counts per value, with links that add the filter to the URL.
    assert re.search(r'href="/experiences\?country=PE">\s*Peru</a>\s*<span class="facet-count">3</span>', html)
    page = client.get("/experiences?country=PE&modality=bilateral")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # PE is in n=0 (regional), n=1 and n=5 (bilateral).
    assert "2 experiences" in html
    assert "Experience number 1" in html and "Experience number 5" in html and "Experience number 0" not in html
    # The active value links back to the view without it.
    assert 'href="/experiences?modality=bilateral" aria-current="true"' in html
    assert re.search(r'Remove filter: </span>Peru', html)
    assert client.get("/experiences?country=ZZ").status_code == 404
    by_period = client.get("/experiences?sort=period").get_data(as_text=True)
    assert by_period.index("Experience number 5") < by_period.index("Experience number 0")
    searched = client.get("/experiences?q=SUMMARY+3").get_data(as_text=True)
    assert "Experience number 3" in searched and "Experience number 2" not in searched


def test_library_pagination(app, client, world):
    app.config["EXPERIENCES_PER_PAGE"] = 4
    _published_set(app, 6)
    first = client.get("/experiences").get_data(as_text=True)
    second = client.get("/experiences?page=2").get_data(as_text=True)
    assert first.count('class="experience-item"') == 4 and second.count('class="experience-item"') == 2
    assert 'href="/experiences?page=2"' in first
    app.config["EXPERIENCES_PER_PAGE"] = 1
    both = client.get("/experiences?country=BR&country=PE").get_data(as_text=True)  # n=0 and n=5
    assert "2 experiences" in both
    assert 'href="/experiences?country=BR&amp;country=PE&amp;page=2"' in both  # repeated filters kept
    filtered = client.get("/experiences?sdg=3.8&page=1").get_data(as_text=True)
    assert 'href="/experiences?sdg=3.8&amp;page=2"' in filtered


@pytest.mark.parametrize("count", [1, 8])
def test_library_and_record_pages_run_a_constant_number_of_queries(app, client, world, count_queries, count):
    _published_set(app, count)
    with count_queries() as counter:
        response = client.get("/experiences?sdg=3.8&lang=en")
    assert response.status_code == 200
    # communities, total, page of records, their themes, facet counts
    assert counter.count <= 5, counter.statements
    experience_id = _experience_ids(app)[-1]
    with count_queries() as counter:
        assert client.get(f"/experiences/{experience_id}").status_code == 200
    # ... its changelog (the corrections since publication) with the date of the current revision
    # (the version the citation names), in one query; the files its sections use, in one more
    assert counter.count <= 7, counter.statements


def _experience_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Experience.id).order_by(Experience.id)))


# ---------- exports and feeds ----------


def test_exports_json_valid_markdown_and_feeds(app, client, world):
    _published_set(app, 3)
    experience_id = _experience_ids(app)[0]
    response = client.get(f"/experiences/{experience_id}.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    document = response.get_json()
    errors = list(Draft202012Validator(SCHEMA, format_checker=FormatChecker()).iter_errors(document))
    assert not errors, [e.message for e in errors]
    markdown = client.get(f"/experiences/{experience_id}.md")
    text = markdown.get_data(as_text=True)
    assert markdown.mimetype == "text/markdown"
    assert text.startswith("# Experience number 0\n") and "## How to cite" in text
    assert "- **Countries:** Brazil (Offering), Peru (Receiving)" in text

    ns = {"a": "http://www.w3.org/2005/Atom"}

    def atom(path):
        response = client.get(path)
        assert response.mimetype == "application/atom+xml"
        return ET.fromstring(response.get_data())  # noqa: S314  our own feed

    feed = atom("/experiences/feed.atom")
    assert [e.find("a:title", ns).text for e in feed.findall("a:entry", ns)] == [
        "Experience number 2", "Experience number 1", "Experience number 0"]
    theme = atom("/experiences/themes/emergencies/feed.atom")
    assert [e.find("a:title", ns).text for e in theme.findall("a:entry", ns)] == ["Experience number 1"]
    country = atom("/experiences/countries/co/feed.atom")
    assert [e.find("a:title", ns).text for e in country.findall("a:entry", ns)] == [
        "Experience number 2", "Experience number 1"]
    assert client.get("/experiences/countries/XX/feed.atom").status_code == 404
    assert client.get("/experiences/themes/nothing-here/feed.atom").status_code == 404


def test_drafts_are_not_exported_to_strangers(app, client, world):
    login(client, "boss")
    experience_id = _promote_through_the_form(client, world)
    stranger = app.test_client()
    assert stranger.get(f"/experiences/{experience_id}.json").status_code == 404
    assert stranger.get(f"/experiences/{experience_id}.md").status_code == 404
    assert stranger.get(f"/experiences/{experience_id}/revisions").status_code == 404
    with app.app_context():
        assert refetch(Post, world["reply_id"]) is not None


def test_a_deleted_thread_is_no_longer_linked(app, client, world):
    _published_set(app, 1)
    experience_id = _experience_ids(app)[0]
    with app.app_context():
        from forum.services.posts import do_delete_post

        experience = db.session.get(Experience, experience_id)
        opening = db.session.scalar(select(Post).where(Post.thread_id == experience.thread_id, Post.number == 1))
        boss = db.session.scalar(select(User).where(User.username == "boss"))
        do_delete_post(boss, opening, reason="Spam thread")
        db.session.commit()
        thread_path = f"/t/{experience.thread_id}/"
    html = client.get(f"/experiences/{experience_id}").get_data(as_text=True)
    assert thread_path not in html and "Discussed in" not in html
    document = client.get(f"/experiences/{experience_id}.json").get_json()
    assert document["source_thread"] is None
    assert not list(Draft202012Validator(SCHEMA, format_checker=FormatChecker()).iter_errors(document))
