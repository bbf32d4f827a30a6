"""Explained matches: each suggestion says what the pair shares and what the request asks that
the offer lacks, in the reader's language, with the score as a localized percentage — on the
thread page, in the API (`reasons`) and in the match notification."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Notification
from forum.services import cooperation as coop
from tests.test_api_support import API
from tests.test_cooperation import _community, _user, coop_thread, token_for, world  # noqa: F401

pytestmark = pytest.mark.usefixtures("world")


def _pair(app):
    """A Bolivian-style request (two themes, training + funding, Spanish and Portuguese) and an
    offer sharing one theme, training, the modality and Spanish."""
    with app.test_request_context(method="POST"):
        a, b = _community("a"), _community("b")
        request = coop_thread(_user("PE"), a, "request", country="PE", themes=["theme-a", "theme-b"],
                              support=["training", "funding"], languages=("es", "pt"), title="Cold chain help")
        offer = coop_thread(_user("BR"), a, "offer", country="BR", themes=["theme-a"], support=["training"],
                            languages=("es",), title="Cold chain training")
        db.session.commit()
        assert b is not None
        return request.id, offer.id


def test_the_explanation_names_what_is_shared_and_what_is_lacking(app):
    request_id, offer_id = _pair(app)
    with app.test_request_context():
        why = coop.explain(coop.load_details(request_id), coop.load_details(offer_id))
        # 0.40 * 1/2 + 0.30 * 1/2 + 0.15 * 1 + 0.15 * 1/2 = 0.575, the module's formula
        assert round(why.score, 4) == 0.575
        assert why.as_json()["shared"] == {"themes": ["theme-a"], "support_types": ["training"],
                                           "modality": "south_south", "languages": ["es"]}
        assert why.as_json()["missing"] == {"themes": ["theme-b"], "support_types": ["funding"], "languages": ["pt"]}
        # The same reasons whichever side asks.
        assert coop.explain(coop.load_details(offer_id), coop.load_details(request_id)) == why


def test_the_thread_page_explains_each_suggestion_in_the_reader_s_language(app, client):
    request_id, _offer_id = _pair(app)
    page = client.get(f"/t/{request_id}", headers={"Accept-Language": "fr"}, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert re.search(r"58\s%", html)  # a French percentage (a narrow space before %), not "0.58"
    assert "0.57" not in html and "0,57" not in html
    assert "Theme A" in html and "Theme B" in html  # shared, and lacking
    spanish = client.get(f"/t/{request_id}", headers={"Accept-Language": "es"}, follow_redirects=True)
    text = spanish.get_data(as_text=True)
    assert "Capacitación" in text and "Financiamiento" in text


def test_the_api_gives_the_reasons_as_codes_and_as_text(app, client):
    request_id, offer_id = _pair(app)
    answer = client.get(f"{API}/threads/{request_id}/matches", headers={"Accept-Language": "en"})
    assert answer.status_code == 200
    (suggestion,) = answer.get_json()["suggestions"]
    assert suggestion["thread"]["id"] == offer_id and suggestion["score"] == 0.575
    reasons = suggestion["reasons"]
    assert reasons["missing"]["support_types"] == ["funding"] and reasons["shared"]["modality"] == "south_south"
    assert reasons["score_text"] == "58%"
    assert any("Funding" in line for line in reasons["text"])


def test_the_match_notification_carries_the_reasons(app, client):
    with app.test_request_context(method="POST"):
        a = _community("a")
        coop_thread(_user("PE"), a, "request", country="PE", themes=["theme-a"], support=["training", "funding"])
        coop_thread(_user("BR"), a, "offer", country="BR", themes=["theme-a"], support=["training"])
        db.session.commit()
        owner = _user("PE")
        (notification,) = db.session.scalars(select(Notification).where(
            Notification.kind == "match", Notification.user_id == owner.id))
        owner_id = owner.id
    answer = client.get(f"{API}/notifications", headers={**token_for(app, owner_id), "Accept-Language": "es"})
    (item,) = [n for n in answer.get_json()["items"] if n["id"] == notification.id]
    assert item["message"] == "" and item["reasons"]["missing"]["support_types"] == ["funding"]
    assert "%" in item["detail"] and "Capacitación" in item["detail"]
