"""Open data and citation: the CSV and JSON Lines files with the library's filters, their Data
Package against the published profile, the short URL, the record page's JSON-LD, and the BibTeX,
RIS and CSL-JSON exports read back by real parsers (accents kept)."""

import csv
import io
import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from jsonschema import Draft7Validator, FormatChecker

from forum.extensions import db
from forum.services import experience_opendata as opendata
from forum.services import experiences
from tests.conftest import starting_rows
from tests.factories import make_community, make_experience, make_user

VENDOR = Path(__file__).parent / "vendor"
TRICKY_TITLE = "Vacunas 50% & {más} #1 al_día </script><script>alert(1)</script>"


def _build(app) -> dict:
    with app.app_context():
        return _rows()


def _rows() -> dict:
    mod = make_user("boss", role="moderator", country="US", display_name="Boss")
    author = make_user("jose", country="PE", display_name="José Ñúñez-Çelik")
    make_user("zoe", country="BR", display_name="Zoë Łukasz Øster")
    immunization = make_community("immunization", name="Immunization")
    maternal = make_community("maternal-health", name="Maternal health")
    tricky = make_experience(mod, author, immunization, title=TRICKY_TITLE, countries=("PE", "BO"),
                             language="es", summary="Cadena de frío; 98 % de potencia.",
                             partner_organizations=["DIRESA Loreto", "Red; Sur"], sdg_targets=["3.3", "3.b"],
                             contributors=["jose", "zoe"], context="- boats\n- **solar** fridges",
                             themes=["immunization", "maternal-health"])
    plain = make_experience(mod, author, maternal, title="Maternal waiting homes", countries=("PE",),
                            themes=["maternal-health"])
    other = make_experience(mod, author, immunization, title="Cold chain in Brazil", countries=("BR",),
                            themes=["immunization"])
    draft = make_experience(mod, author, immunization, title="Secret draft", status="draft", countries=("PE",),
                            themes=["immunization"])
    db.session.commit()
    return {"tricky": tricky.id, "plain": plain.id, "other": other.id, "draft": draft.id}


@pytest.fixture
def records(app):
    return starting_rows(app, "opendata", lambda: _build(app))


def test_csv_and_jsonl_stream_every_matching_published_record(app, client, records, monkeypatch):
    monkeypatch.setattr(opendata, "BATCH_SIZE", 2)  # several batches for three records
    response = client.get("/experiences.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8")
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [column.name for column in opendata.COLUMNS]
    assert sorted(int(r["id"]) for r in rows) == sorted([records["tricky"], records["plain"], records["other"]])
    tricky = next(r for r in rows if int(r["id"]) == records["tricky"])
    assert tricky["title"] == TRICKY_TITLE
    assert tricky["countries"] == "PE:partner;BO:partner"
    assert tricky["themes"] == "immunization;maternal-health"
    assert tricky["sdg_targets"] == "3.3;3.b"
    assert tricky["partner_organizations"] == "DIRESA Loreto;Red, Sur"  # the ";" of a name is a ","
    assert tricky["context"] == "- boats\n- **solar** fridges"
    assert tricky["short_url"].endswith(f"/e/{records['tricky']}") and tricky["ongoing"] == "false"
    assert tricky["start_year"] == "2020" and tricky["start_month"] == "" and tricky["language"] == "es"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", tricky["published_at"])

    # The library's filters, the same parameters (AND within a facet too).
    filtered = list(csv.DictReader(io.StringIO(client.get("/experiences.csv?country=PE").get_data(as_text=True))))
    assert {int(r["id"]) for r in filtered} == {records["tricky"], records["plain"]}
    both = client.get("/experiences.jsonl?country=PE&theme=immunization")
    assert both.mimetype == "application/jsonl"
    lines = [json.loads(line) for line in both.get_data(as_text=True).splitlines()]
    assert [line["id"] for line in lines] == [records["tricky"]]
    assert lines[0]["countries"] == ["PE:partner", "BO:partner"]
    assert lines[0]["partner_organizations"] == ["DIRESA Loreto", "Red; Sur"]
    assert lines[0]["ongoing"] is False and lines[0]["title"] == TRICKY_TITLE
    assert client.get("/experiences.csv?country=ZZ").status_code == 404  # the library's refusal
    assert client.get("/experiences.jsonl?theme=nothing-here").get_data(as_text=True) == ""


def test_the_data_package_validates_against_the_published_profile(client):
    package = client.get("/experiences/datapackage.json").get_json()
    profile = json.loads((VENDOR / "datapackage/datapackage-2.0.json").read_text())
    errors = sorted(Draft7Validator(profile, format_checker=FormatChecker()).iter_errors(package), key=str)
    assert not errors, [e.message for e in errors]
    csv_resource, jsonl_resource = package["resources"]
    assert csv_resource["path"].endswith("/experiences.csv") and jsonl_resource["path"].endswith("/experiences.jsonl")
    names = [column.name for column in opendata.COLUMNS]
    for resource in package["resources"]:
        assert [f["name"] for f in resource["schema"]["fields"]] == names
        assert all(f["description"] for f in resource["schema"]["fields"])
    types = {f["name"]: f["type"] for f in csv_resource["schema"]["fields"]}
    assert types["countries"] == "string" and types["id"] == "integer" and types["published_at"] == "datetime"
    assert {f["name"]: f["type"] for f in jsonl_resource["schema"]["fields"]}["countries"] == "array"


def test_the_record_page_carries_escaped_json_ld_and_the_cite_box(app, client, records):
    html = client.get(f"/experiences/{records['tricky']}").get_data(as_text=True)
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    assert "</" not in scripts[0] and "<script>" not in scripts[0]  # escaped: the element cannot end early
    data = json.loads(scripts[0])
    base = app.config["SERVER_BASE_URL"].rstrip("/")
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["name"] == TRICKY_TITLE and data["inLanguage"] == "es" and data["version"] == "2"
    assert [a["name"] for a in data["author"]] == ["Boss", "José Ñúñez-Çelik", "Zoë Łukasz Øster"]
    assert [c["identifier"] for c in data["spatialCoverage"]] == ["PE", "BO"]
    assert [t["name"] for t in data["about"]] == ["Immunization", "Maternal health"]
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["isBasedOn"].startswith(f"{base}/t/") and data["identifier"] == f"{base}/e/{records['tricky']}"
    assert data["datePublished"] and data["dateModified"]
    # The cite box: the formatted citation with its version, and the three downloads.
    assert "(revision 2, " in html and f"{base}/e/{records['tricky']}" in html
    for suffix in ("cite.bib", "cite.ris", "cite.json"):
        assert f'href="/experiences/{records["tricky"]}/{suffix}"' in html


def test_citations_parse_with_real_parsers_and_keep_the_accents(app, client, records):
    base = app.config["SERVER_BASE_URL"].rstrip("/")
    short = f"{base}/e/{records['tricky']}"

    bib = client.get(f"/experiences/{records['tricky']}/cite.bib")
    assert bib.mimetype == "application/x-bibtex" and "attachment" in bib.headers["Content-Disposition"]
    source = bib.get_data(as_text=True)
    assert "{\\'{e}}" in source and "{\\~{N}}" in source and "{\\L}" in source and "{\\O}" in source  # LaTeX accents
    library = bibtexparser.parse_string(source, append_middleware=[
        LatexDecodingMiddleware(), SeparateCoAuthors()])
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "online" and entry.key == f"horizonte-experience-{records['tricky']}"
    authors = [name.strip("{}") for name in entry["author"]]
    assert authors == ["Boss", "José Ñúñez-Çelik", "Zoë Łukasz Øster"]
    assert entry["title"].strip("{}") == TRICKY_TITLE
    assert entry["url"] == short and entry["version"] == "2" and entry["note"].startswith("Revision 2, ")

    ris = client.get(f"/experiences/{records['tricky']}/cite.ris")
    assert ris.mimetype == "application/x-research-info-systems"
    (item,) = rispy.loads(ris.get_data(as_text=True))
    assert item["type_of_reference"] == "ELEC" and item["title"] == TRICKY_TITLE
    assert item["authors"] == ["Boss", "José Ñúñez-Çelik", "Zoë Łukasz Øster"]
    assert item["urls"] == [short] and item["edition"] == "Revision 2"

    csl = client.get(f"/experiences/{records['tricky']}/cite.json")
    assert csl.mimetype == "application/vnd.citationstyles.csl+json"
    items = json.loads(csl.get_data(as_text=True))
    schema = json.loads((VENDOR / "csl-schema/csl-data.json").read_text())
    errors = list(Draft7Validator(schema).iter_errors(items))
    assert not errors, [e.message for e in errors]
    assert items[0]["author"][1] == {"literal": "José Ñúñez-Çelik"} and items[0]["URL"] == short
    assert items[0]["version"] == "2" and items[0]["title"] == TRICKY_TITLE


def test_the_short_url_redirects_to_the_record_and_hides_what_the_reader_may_not_see(app, client, records):
    response = client.get(f"/e/{records['plain']}")
    assert response.status_code == 301
    assert response.headers["Location"] == f"{app.config['SERVER_BASE_URL'].rstrip('/')}/experiences/{records['plain']}"
    for path in (f"/e/{records['draft']}", f"/experiences/{records['draft']}/cite.bib", "/e/999999"):
        assert client.get(path).status_code == 404, path
    with app.app_context():  # archived: still readable (and citable), as the record page is
        mod = db.session.get(experiences.Experience, records["other"])
        experiences.do_transition(mod.created_by, mod, to="archived")
        db.session.commit()
    assert client.get(f"/e/{records['other']}").status_code == 301
    listed = client.get("/experiences.csv").get_data(as_text=True)
    assert "Cold chain in Brazil" not in listed  # the files hold published records only
