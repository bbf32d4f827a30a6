"""The PDF compendium: chosen with the library's filters and ticks, rendered by WeasyPrint and read
back with pypdf (the table of contents, the titles, the page count); the background path for larger
selections (threshold lowered); bad input answered with a clear error. WeasyPrint takes about a
second a render here: two renders in this module, of two records each."""

import io
import re

import pytest
from pypdf import PdfReader

from forum.extensions import db
from forum.models import CompendiumJob, Experience
from forum.services import experience_compendium, experiences
from tests.conftest import form_post, settle_background, starting_rows
from tests.factories import make_community, make_experience, make_user

API = "/api/v1"


def _build(app) -> dict:
    with app.app_context():
        mod = make_user("boss", role="moderator", country="US", display_name="Boss")
        author = make_user("ines", country="PE", display_name="Inés Quispe")
        immunization = make_community("immunization", name="Immunization")
        maternal = make_community("maternal-health", name="Maternal health")
        andes = make_experience(mod, author, immunization, title="Cadena de frío en los Andes", countries=("PE", "BO"),
                                language="es", themes=["immunization"], results="- 98 % de **potencia**",
                                contributors=["ines"])
        amazon = make_experience(mod, author, immunization, title="Cold chain on the Amazon rivers",
                                 countries=("BR", "CO"), themes=["immunization"], context="Boats travel for days.")
        homes = make_experience(mod, author, maternal, title="Maternal waiting homes", countries=("GT",),
                                themes=["maternal-health"])
        draft = make_experience(mod, author, immunization, title="Secret draft", status="draft",
                                themes=["immunization"])
        db.session.commit()
        return {"andes": andes.id, "amazon": amazon.id, "homes": homes.id, "draft": draft.id}


@pytest.fixture
def records(app, tmp_path):
    app.config["COMPENDIUM_DIR"] = str(tmp_path / "compendiums")
    return starting_rows(app, "compendium", lambda: _build(app))


def _pdf_text(data: bytes) -> tuple[PdfReader, list[str]]:
    """The PDF and each page's text, lines as extracted (a long title may wrap)."""
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_compendium_of_a_few_records_is_made_at_once(client, records):
    page = client.get("/experiences/compendium?theme=immunization")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # The library's filtered records, all ticked; the draft and the other theme are not offered.
    assert f'value="{records["andes"]}" checked' in html and f'value="{records["amazon"]}" checked' in html
    assert f'value="{records["homes"]}"' not in html and "Secret draft" not in html
    assert re.search(r"<option[^>]*selected[^>]*value=\"en\"|<option[^>]*value=\"en\"[^>]*selected", html)

    response = form_post(client, "/experiences/compendium", {
        "theme": "immunization", "experience_ids": [str(records["andes"]), str(records["amazon"])],
        "language": "es", "title": "Buenas prácticas de inmunización"}, page="/experiences/compendium")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    reader, pages = _pdf_text(response.get_data())
    # cover, contents, map, then each record on pages of its own
    assert len(reader.pages) >= 5
    assert "Buenas prácticas de inmunización" in flat(pages[0]) and "2 experiencias documentadas" in pages[0]
    contents = pages[1]
    assert "Contenido" in contents  # in the chosen language
    for title in ("Cadena de frío en los Andes", "Cold chain on the Amazon rivers"):
        assert title in contents
        line = next(line for line in contents.splitlines() if title in line)
        number = int(re.findall(r"(\d+)\s*$", line)[0])  # the page the contents give ...
        assert title in flat(pages[number - 1])  # ... is the record's first page
    assert "Bolivia" in pages[2] and "Perú" in pages[2]  # the map's table, country names in Spanish
    andes = next(flat(text) for text in pages[3:] if "Cadena de frío en los Andes" in flat(text))
    assert "Cómo citar" in andes and "/e/" in andes and "Inés Quispe" in andes and "98 % de potencia" in andes
    assert reader.outline  # bookmarks for the records


def test_a_larger_selection_is_built_in_the_background(app, client, records):
    app.config["COMPENDIUM_SYNC_MAX"] = 1
    response = form_post(client, "/experiences/compendium", {
        "experience_ids": [str(records["homes"]), str(records["amazon"])], "language": "fr", "title": ""},
        page="/experiences/compendium")
    assert response.status_code == 303
    progress_url = response.headers["Location"]
    # The API: always in the background; the job says where the PDF is once it is ready.
    api = client.post(f"{API}/experiences/compendiums", json={"experience_ids": [records["homes"]], "language": "pt"})
    assert api.status_code == 202 and api.get_json()["compendium"]["status"] == "queued"
    settle_background()
    job = client.get(api.headers["Location"]).get_json()["compendium"]
    assert (job["status"], job["total"], job["page_count"]) == ("done", 1, 4)
    assert job["pdf_url"].endswith(f"/experiences/compendium/{job['token']}/compendium.pdf")
    page = client.get(progress_url).get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing
    download = re.search(r'href="(/experiences/compendium/[^"]+/compendium\.pdf)"', page).group(1)
    pdf = client.get(download)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader, pages = _pdf_text(pdf.get_data())
    pdf.close()  # send_file's file (a server closes it after sending)
    with app.app_context():
        job = db.session.scalars(db.select(CompendiumJob).where(CompendiumJob.language == "fr")).one()
        assert (job.status, job.done_count, job.total, job.page_count) == ("done", 2, 2, len(reader.pages))
        assert job.experience_ids == [records["homes"], records["amazon"]]
    assert "Recueil d\u2019expériences documentées" in flat(pages[0]) and "Sommaire" in pages[1]
    assert "Maternal waiting homes" in pages[1] and "Cold chain on the Amazon rivers" in pages[1]

    # While queued or running, the page refreshes itself (no JavaScript needed).
    with app.app_context():
        db.session.execute(db.update(CompendiumJob).values(status="running", stage="preparing", done_count=1))
        db.session.commit()
    running = client.get(progress_url).get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="3">' in running and "1 of 2" in running
    with app.app_context():
        db.session.execute(db.update(CompendiumJob).values(status="done"))
        # A record withdrawn since: the file is no longer served.
        homes = db.session.get(Experience, records["homes"])
        experiences.do_transition(homes.created_by, homes, to="archived")
        db.session.commit()
    assert client.get(download).status_code == 404


def test_bad_choices_are_answered_with_a_clear_error(app, client, records):
    base = {"theme": "immunization", "experience_ids": [str(records["andes"])], "language": "en", "title": ""}
    cases = [
        ({"language": "de"}, "Choose a language for the compendium"),
        ({"experience_ids": []}, "Choose at least one published experience."),
        ({"experience_ids": [str(records["draft"])]}, "Choose at least one published experience."),
        ({"experience_ids": ["²"]}, "whole number"),
    ]
    for change, message in cases:
        response = form_post(client, "/experiences/compendium", {**base, **change}, page="/experiences/compendium")
        html = response.get_data(as_text=True)
        assert response.status_code == 422, change
        assert message in html, change
        assert "Cadena de frío en los Andes" in html  # the filtered list is shown again
    app.config["COMPENDIUM_MAX_RECORDS"] = 1
    too_many = form_post(client, "/experiences/compendium",
                         {**base, "experience_ids": [str(records["andes"]), str(records["amazon"])]},
                         page="/experiences/compendium")
    assert too_many.status_code == 422 and "at most 1 experiences" in too_many.get_data(as_text=True)
    assert client.get("/experiences/compendium/not-a-valid-token").status_code == 404
    # The API's answers: the error's code, nothing queued.
    for query, body, code in (("", {"experience_ids": [records["andes"]], "language": "xx"}, "unknown_language"),
                              ("?theme=nothing-here", {"language": "es"}, "empty_selection"),
                              ("", {"language": "es", "experience_ids": "1"}, "wrong_type")):
        answer = client.post(f"{API}/experiences/compendiums{query}", json=body)
        assert answer.status_code == 422 and answer.get_json()["error"]["code"] == code, answer.get_json()
    assert client.get(f"{API}/experiences/compendiums/not-a-valid-token").status_code == 404
    assert client.get("/experiences/compendium?country=ZZ").status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(CompendiumJob)) == 0
        assert experience_compendium.run_pending() == 0
