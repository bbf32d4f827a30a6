"""Issue #19's "done when", as people would do it: a record waits in the editorial queue; two
assessors score it; the focal points of both countries validate it; a moderator who is not its
editor publishes it with the "good practice" badge; a volunteer translates it into Portuguese;
its editor corrects the period with a change note, which both countries validate again; a reader
downloads the CSV, cites it in BibTeX
and prints a compendium of every good practice on immunization, in Portuguese."""

import csv
import io

import bibtexparser
import pytest
from pypdf import PdfReader

from forum.extensions import db
from forum.models import User
from forum.services import experience_assessment as assessment
from forum.services import experiences
from forum.services.accounts import do_create_token
from tests.conftest import Auth, form_post, make_test_config
from tests.factories import make_community, make_thread, make_user

API = "/api/v1"
GOOD = {"score": 4, "justification": "Coverage rose and held for three years."}
FAIR = {"score": 3, "justification": "Costs were documented and modest."}
CHECKS = {"results_documented": True, "implemented_one_year": True, "consent_obtained": True,
          "contacts_available": True}
FIELDS = {
    "summary": "Solar fridges kept vaccines potent on the way to the highland health posts.",
    "modality": "south_south", "themes": ["immunization"],
    "countries": [{"code": "PE", "role": "offering"}, {"code": "BR", "role": "receiving"}],
    "start_year": 2019, "end_year": 2023, "partner_organizations": ["DIRESA Cusco"],
    "context": "Highland posts lost a third of their doses to heat.",
    "results": "Coverage rose from 71 % to 88 %.",
}
PT = {"language": "pt", "title": "Geladeiras solares nos Andes",
      "summary": "Geladeiras solares mantiveram as vacinas eficazes a caminho dos postos de saúde.",
      "context": "Os postos perdiam um terço das doses com o calor.",
      "results": "A cobertura subiu de 71 % para 88 %."}


@pytest.fixture
def app_config(database_url):
    return make_test_config(database_url, EXPERIENCE_PUBLISH_REVIEWERS=1)


def _token(app, username: str) -> dict[str, str]:
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.username == username))
        _row, raw = do_create_token(user, "journey")
        db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def test_from_the_queue_to_a_cited_translated_good_practice_in_a_compendium(app, client):
    with app.test_request_context(method="POST"):
        editor = make_user("editor", role="moderator")
        make_user("assessor", role="moderator")
        make_user("second", role="moderator")
        admin = make_user("admin", role="admin")
        author = make_user("author", country="PE")
        make_user("volunteer", country="BR")
        for username, code in (("fp_pe", "PE"), ("fp_br", "BR")):
            make_user(username, country=code)
            assessment.do_add_focal_point(admin, username=username, country=code)
        community = make_community("immunization", name="Immunization")
        thread = make_thread(author, community, title="Solar fridges in the Andes", body="How we kept doses cold.")
        record = experiences.do_promote_thread(editor, thread)
        experiences.do_update_experience(editor, record, {**FIELDS, "title": "Solar fridges in the Andes"})
        experiences.do_transition(editor, record, to="in_review")
        db.session.commit()
        ident = record.id
    base = f"{API}/experiences/{ident}"

    # A moderator finds it in the editorial queue, the countries still to validate.
    auth = Auth(client)
    auth.login("assessor")
    queue = client.get("/experiences/queue").get_data(as_text=True)
    row = queue.split("Solar fridges in the Andes")[1].split("</tr>")[0]
    assert "Pending:" in row and "Peru" in row and "Brazil" in row
    auth.logout()

    # Screening, then two assessors who are not its editors score every attribute.
    assessor, second = _token(app, "assessor"), _token(app, "second")
    assert client.put(f"{base}/assessment/screening", json={"checks": CHECKS}, headers=assessor).status_code == 200
    codes = [a["code"] for a in client.get(base, headers=assessor).get_json()["assessment"]["attributes"]]
    for headers, value in ((assessor, GOOD), (second, FAIR)):
        response = client.put(f"{base}/assessment/scores", json={"scores": dict.fromkeys(codes, value)},
                              headers=headers)
        assert response.status_code == 200, response.get_json()
    # The editor may not publish their own record; Peru's and Brazil's focal points validate it.
    refused = client.post(f"{base}/transition", json={"to": "published"}, headers=_token(app, "editor"))
    assert refused.status_code == 403
    for username, code in (("fp_pe", "PE"), ("fp_br", "BR")):
        answer = client.post(f"{base}/validations/{code}", json={"decision": "validated"},
                             headers=_token(app, username))
        assert answer.status_code == 200, answer.get_json()
    published = client.post(f"{base}/transition", json={"to": "published"}, headers=assessor)
    assert published.status_code == 200, published.get_json()
    document = client.get(base).get_json()
    assert document["assessment"]["is_good_practice"] and document["validations"]["is_complete"]
    assert document["reviewed_by"]["username"] == "assessor"
    page = client.get(f"/experiences/{ident}").get_data(as_text=True)
    assert "badge-good-practice" in page and "Reviewed by" in page

    # A volunteer translates it into Portuguese; a moderator publishes the translation.
    volunteer = _token(app, "volunteer")
    created = client.post(f"{base}/translations", json=PT, headers=volunteer)
    assert created.status_code == 201, created.get_json()
    sent = client.post(f"{base}/translations/pt/transition", json={"to": "in_review"}, headers=volunteer)
    assert sent.status_code == 200, sent.get_json()
    assert client.post(f"{base}/translations/pt/transition", json={"to": "published"},
                       headers=second).status_code == 200
    portuguese = client.get(f"/experiences/{ident}", headers={"Accept-Language": "pt"}).get_data(as_text=True)
    assert "Geladeiras solares nos Andes" in portuguese

    # Its editor corrects the period, with a change note the public changelog shows.
    corrected = client.patch(base, json={"end_year": 2024, "change_note": "Corrected the period"},
                             headers=_token(app, "editor"))
    assert corrected.status_code == 200, corrected.get_json()
    assert "Corrected the period" in client.get(f"/experiences/{ident}").get_data(as_text=True)
    document = client.get(base).get_json()
    assert document["experience"]["period"]["end"]["year"] == 2024
    # The period is a fact each country validated: both are asked again, and validate it again.
    assert sorted(document["validations"]["pending"]) == ["BR", "PE"]
    for username, code in (("fp_pe", "PE"), ("fp_br", "BR")):
        assert client.post(f"{base}/validations/{code}", json={"decision": "validated"},
                           headers=_token(app, username)).status_code == 200

    # A reader: the CSV of good practices on immunization, a BibTeX citation, a compendium in Portuguese.
    table = client.get("/experiences.csv?assessment=good_practice&theme=immunization")
    rows = list(csv.DictReader(io.StringIO(table.get_data(as_text=True))))
    assert [row["title"] for row in rows] == ["Solar fridges in the Andes"]
    bib = bibtexparser.parse_string(client.get(f"/experiences/{ident}/cite.bib").get_data(as_text=True))
    assert bib.entries[0]["title"].strip("{}") == "Solar fridges in the Andes"
    chooser = client.get("/experiences/compendium?assessment=good_practice&theme=immunization").get_data(as_text=True)
    assert f'value="{ident}"' in chooser
    pdf = form_post(client, "/experiences/compendium", {"experience_ids": [str(ident)], "language": "pt",
                                                        "title": "Boas práticas de imunização"},
                    page="/experiences/compendium")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Boas práticas de imunização" in text and "Geladeiras solares nos Andes" in text
    assert "Validada por Peru, Brasil" in text and "Boa prática" in text, text[:3000]
