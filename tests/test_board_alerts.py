"""Saved board filters: a member saves "requests on theme A from Peru" and hears of each new offer
or request that fits it — once, whatever number of their alerts fit; never of their own."""

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import BoardAlert, Notification, User
from tests.conftest import form_post
from tests.factories import make_user
from tests.test_api_support import API, assert_error
from tests.test_cooperation import _community, _user, coop_thread, token_for, world  # noqa: F401

pytestmark = pytest.mark.usefixtures("world")


def _alerts_for(username: str) -> int:
    user_id = db.session.scalar(select(User.id).where(User.username == username))
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.kind == "board_alert")) or 0


def test_a_saved_search_alerts_of_new_offers_and_requests_that_fit(app, client, auth):
    with app.app_context():
        make_user("watcher", country="BO")
        db.session.commit()
    auth.login("watcher")
    board = client.get("/cooperation?kind=request&country=PE&theme=theme-a").get_data(as_text=True)
    assert "Alert me of new ones like these" in board
    saved = form_post(client, "/cooperation/alerts", {"kind": "request", "country": "PE", "theme": "theme-a"},
                      page="/cooperation?kind=request&country=PE")
    assert saved.status_code == 302
    listing = client.get("/cooperation/alerts").get_data(as_text=True)
    assert "Requests · Peru · Theme: Theme A" in listing
    with app.test_request_context(method="POST"):
        a, b = _community("a"), _community("b")
        coop_thread(_user("PE"), a, "request", country="PE", themes=["theme-a", "theme-b"], support=["training"])
        coop_thread(_user("PE"), b, "request", country="PE", themes=["theme-b"], support=["training"])  # theme
        coop_thread(_user("PE"), a, "offer", country="PE", themes=["theme-a"], support=["training"])  # kind
        coop_thread(_user("AR"), a, "request", country="AR", themes=["theme-a"], support=["training"])  # country
        db.session.commit()
        assert _alerts_for("watcher") == 1


def test_one_notification_however_many_alerts_fit_and_never_one_s_own(app, client):
    with app.app_context():
        watcher = make_user("watcher", country="PE")
        db.session.add_all([BoardAlert(user_id=watcher.id, kind="offer"),
                            BoardAlert(user_id=watcher.id, support="training"),
                            BoardAlert(user_id=watcher.id, language="es")])
        owner = _user("BR")
        db.session.add(BoardAlert(user_id=owner.id, kind="offer"))
        db.session.commit()
    with app.test_request_context(method="POST"):
        coop_thread(_user("BR"), _community("a"), "offer", country="BR", themes=["theme-a"], support=["training"])
        db.session.commit()
        assert _alerts_for("watcher") == 1 and _alerts_for("owner-br") == 0


def test_the_api_saves_lists_and_deletes_and_refuses_bad_filters(app, client):
    with app.app_context():
        watcher_id = make_user("watcher", country="BO").id
        other_id = make_user("other-one", country="BO").id
        db.session.commit()
    mine, theirs = token_for(app, watcher_id), token_for(app, other_id)
    made = client.post(f"{API}/cooperation/alerts", json={"filters": {"kind": "request", "theme": "theme-b"}},
                       headers=mine)
    assert made.status_code == 201 and made.get_json()["alert"]["filters"] == {"kind": "request", "theme": "theme-b"}
    alert_id = made.get_json()["alert"]["id"]
    assert_error(client.post(f"{API}/cooperation/alerts", json={"filters": {"kind": "request", "theme": "theme-b"}},
                             headers=mine), 409, "already_saved")
    assert_error(client.post(f"{API}/cooperation/alerts", json={"filters": {}}, headers=mine), 422, "required")
    for bad in ({"country": "XX"}, {"theme": "nowhere"}):
        assert_error(client.post(f"{API}/cooperation/alerts", json={"filters": bad}, headers=mine), 422, "invalid")
    assert_error(client.post(f"{API}/cooperation/alerts", json={"filters": {"colour": "red"}}, headers=mine),
                 422, "unknown_field")
    assert [a["id"] for a in client.get(f"{API}/cooperation/alerts", headers=mine).get_json()["items"]] == [alert_id]
    assert client.get(f"{API}/cooperation/alerts", headers=theirs).get_json()["items"] == []
    assert client.delete(f"{API}/cooperation/alerts/{alert_id}", headers=theirs).status_code == 404
    assert client.get(f"{API}/cooperation/alerts").status_code == 401
    assert client.delete(f"{API}/cooperation/alerts/{alert_id}", headers=mine).status_code == 204
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BoardAlert)) == 0


def test_saving_from_the_board_without_filters_is_refused_and_changes_nothing(app, client, auth, member):
    auth.login("member")
    answer = form_post(client, "/cooperation/alerts", {}, page="/cooperation")
    assert answer.status_code == 303
    assert "Choose at least one filter" in client.get(answer.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BoardAlert)) == 0
