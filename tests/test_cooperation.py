"""Cooperation offers and requests: fields, matching (ranking, exclusions, threshold, notifications),
marking a match, the board and its API, the new-thread form."""

import itertools
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from forum.extensions import db
from forum.models import CooperationDetails, CooperationMatch, Notification, Thread, User
from forum.services import cooperation as coop
from forum.services.accounts import do_create_token
from tests.conftest import form_post, starting_rows
from tests.factories import make_community, make_user
from tests.test_api_support import API, assert_error, bearer


def token_for(app, user_id: int) -> dict[str, str]:
    with app.app_context():
        _token, raw = do_create_token(db.session.get(User, user_id), "t")
        db.session.commit()
    return bearer(raw)

_n = itertools.count(1)


def coop_thread(author, community, kind, *, country, themes, support, modality="south_south",
                languages=("es",), open_until=None, title=None):
    thread, _details = coop.do_create_cooperation_thread(
        author, community, title=title or f"A {kind} number {next(_n)}", body=f"Details {next(_n)}", kind=kind,
        cooperation={"country": country, "themes": list(themes), "support_types": list(support),
                     "modality": modality, "languages": list(languages), "open_until": open_until})
    return thread


@pytest.fixture
def world(app):
    """Communities a, b, c and one owner per country (built once per process)."""
    starting_rows(app, "cooperation-world", lambda: _build_world(app))


def _build_world(app) -> None:
    with app.app_context():
        for slug in ("a", "b", "c"):
            make_community(f"theme-{slug}", name=f"Theme {slug.upper()}")
        for country in ("BR", "PE", "AR", "CO", "MX", "CL", "UY"):
            make_user(f"owner-{country.lower()}", country=country)
        db.session.commit()


def _user(country: str) -> User:
    return db.session.scalar(select(User).where(User.username == f"owner-{country.lower()}"))


def _community(slug: str):
    from forum.models import Community

    return db.session.scalar(select(Community).where(Community.slug == f"theme-{slug}"))


def _notifications(kind: str, user: User | None = None) -> list[Notification]:
    query = select(Notification).where(Notification.kind == kind)
    if user is not None:
        query = query.where(Notification.user_id == user.id)
    return list(db.session.scalars(query.order_by(Notification.id)))


FULL = {"themes": ("theme-a", "theme-b"), "support": ("training", "technical_assistance")}


def test_matching_ranks_by_weighted_jaccard_and_excludes_ineligible(app, world):
    with app.test_request_context(method="POST"):
        a = _community("a")
        request = coop_thread(_user("BR"), a, "request", country="BR", **FULL)
        best = coop_thread(_user("PE"), a, "offer", country="PE", **FULL)  # 1.0
        half = coop_thread(_user("AR"), a, "offer", country="AR", themes=["theme-a"], support=["training"],
                           modality="bilateral")  # .4*.5 + .3*.5 + 0 + .15 = .5
        coop_thread(_user("BR"), a, "offer", country="BR", **FULL)  # same country: never
        expired = coop_thread(_user("CO"), a, "offer", country="CO", **FULL)
        closed = coop_thread(_user("MX"), a, "offer", country="MX", **FULL)
        coop_thread(_user("CL"), a, "offer", country="CL", themes=["theme-c"], support=["funding"])  # no overlap
        coop_thread(_user("PE"), a, "request", country="PE", **FULL)  # same kind: never
        newer_tie = coop_thread(_user("UY"), a, "offer", country="UY", themes=["theme-a"], support=["training"],
                                modality="bilateral")  # same .5 as `half`, newer
        db.session.execute(update(CooperationDetails).where(CooperationDetails.thread_id == expired.id)
                           .values(open_until=date.today() - timedelta(days=1)))
        db.session.execute(update(CooperationDetails).where(CooperationDetails.thread_id == closed.id)
                           .values(status="closed"))
        db.session.commit()
        db.session.expire_all()

        details = coop.load_details(request.id)
        ranked = coop.suggestions(details)
        assert [(d.thread_id, round(s, 4)) for d, s in ranked] == [(best.id, 1.0), (newer_tie.id, 0.5),
                                                                    (half.id, 0.5)]
        # The reverse direction: the best offer sees the request.
        assert [d.thread_id for d, _s in coop.suggestions(coop.load_details(best.id))] == [request.id]
        # A deleted thread is not suggested either.
        db.session.execute(update(Thread).where(Thread.id == best.id).values(deleted_at=func.now()))
        db.session.commit()
        db.session.expire_all()
        assert best.id not in [d.thread_id for d, _s in coop.suggestions(coop.load_details(request.id))]


def test_score_formula_on_a_crafted_pair(app, world):
    with app.test_request_context(method="POST"):
        a = _community("a")
        one = coop_thread(_user("BR"), a, "request", country="BR", themes=["theme-a", "theme-b"],
                          support=["training", "funding", "study_visit"], languages=["es", "pt"])
        two = coop_thread(_user("PE"), a, "offer", country="PE", themes=["theme-b", "theme-c"],
                          support=["training"], modality="regional", languages=["es"])
        expected = 0.4 * (1 / 3) + 0.3 * (1 / 3) + 0.15 * 0 + 0.15 * (1 / 2)
        assert coop.score(coop.load_details(one.id), coop.load_details(two.id)) == pytest.approx(expected)


def test_owners_are_notified_once_per_new_match_above_the_threshold(app, world):
    with app.test_request_context(method="POST"):
        a = _community("a")
        request = coop_thread(_user("BR"), a, "request", country="BR", **FULL)
        db.session.commit()
        assert _notifications("match") == []
        # Below NOTIFY_MIN (.4*.5 + .3*.5 = .35) but suggested: nobody is told.
        weak = coop_thread(_user("AR"), a, "offer", country="AR", themes=["theme-a"], support=["training"],
                           modality="bilateral", languages=["pt"])
        db.session.commit()
        assert _notifications("match") == []
        assert weak.id in [d.thread_id for d, _s in coop.suggestions(coop.load_details(request.id))]
        strong = coop_thread(_user("PE"), a, "offer", country="PE", **FULL)
        db.session.commit()
        told = [(n.user_id, n.thread_id) for n in _notifications("match")]
        assert sorted(told) == sorted([(_user("BR").id, strong.id), (_user("PE").id, request.id)])
        # Saving the offer again matches the same pair: no second notification.
        details = coop.load_details(strong.id)
        coop.do_set_cooperation(_user("PE"), details.thread, coop.check_cooperation(
            {"languages": ["es", "en"]}, current=details))
        db.session.commit()
        assert len(_notifications("match")) == 2


def _setup_pair(app) -> tuple[int, int, int]:
    with app.test_request_context(method="POST"):
        a = _community("a")
        request = coop_thread(_user("BR"), a, "request", country="BR", **FULL)
        offer = coop_thread(_user("PE"), a, "offer", country="PE", **FULL)
        other = coop_thread(_user("AR"), a, "offer", country="AR", **FULL)
        db.session.commit()
        return request.id, offer.id, other.id


def test_mark_as_matched_by_form_links_both_and_notifies(app, client, auth, world):
    request_id, offer_id, _other = _setup_pair(app)
    auth.login("owner-br")
    page = client.get(f"/t/{request_id}", follow_redirects=True).get_data(as_text=True)
    assert "Suggested matches" in page and f'name="thread_id" value="{offer_id}"' in page
    response = form_post(client, f"/t/{request_id}/matches", {"thread_id": str(offer_id)}, page="/")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(CooperationDetails, request_id).status == "matched"
        assert db.session.get(CooperationDetails, offer_id).status == "matched"
        match = db.session.scalar(select(CooperationMatch))
        assert (match.request_id, match.offer_id) == (request_id, offer_id)
        matched = _notifications("matched")
        assert [(n.user_id, n.thread_id) for n in matched] == [(_user("PE").id, request_id)]
    page = client.get(f"/t/{request_id}", follow_redirects=True).get_data(as_text=True)
    assert "Matched with" in page
    # Matched ones are no longer suggested (neither side is open).
    assert "Suggested matches" not in page and 'class="suggestion"' not in page
    # The other owner's notification page has a line for it.
    auth.logout()
    auth.login("owner-pe")
    assert "marked" in client.get("/notifications").get_data(as_text=True)


def test_mark_as_matched_api_rules(app, client, world):
    request_id, offer_id, other_id = _setup_pair(app)
    with app.app_context():
        ids = {c: _user(c).id for c in ("BR", "PE", "AR")}
    br = token_for(app, ids["BR"])
    ar = token_for(app, ids["AR"])
    # Not the owner of this thread: refused.
    assert_error(client.post(f"{API}/threads/{request_id}/matches", headers=ar, json={"thread_id": other_id}),
                 403, "forbidden")
    # Same kind: refused.
    assert_error(client.post(f"{API}/threads/{offer_id}/matches", headers=br, json={"thread_id": other_id}),
                 403, "forbidden")
    listed = client.get(f"{API}/threads/{request_id}/matches").get_json()
    assert [s["thread"]["id"] for s in listed["suggestions"]] == [other_id, offer_id]  # tie: newest first
    ok = client.post(f"{API}/threads/{request_id}/matches", headers=br, json={"thread_id": offer_id})
    assert ok.status_code == 201 and ok.get_json()["match"]["offer_id"] == offer_id
    assert_error(client.post(f"{API}/threads/{request_id}/matches", headers=br, json={"thread_id": offer_id}),
                 409, "already_matched")
    after = client.get(f"{API}/threads/{request_id}/matches").get_json()
    assert after["suggestions"] == [] and [t["id"] for t in after["matched"]] == [offer_id]


def test_an_offer_s_owner_only_proposes_and_the_request_s_owner_decides(app, client, auth, world):
    """Matching needs both sides: marking from the offer proposes; only the request's owner (or a
    moderator) accepts or declines."""
    request_id, offer_id, other_id = _setup_pair(app)
    with app.app_context():
        ids = {c: _user(c).id for c in ("BR", "PE", "AR")}
    pe, ar, br = (token_for(app, ids[c]) for c in ("PE", "AR", "BR"))
    proposed = client.post(f"{API}/threads/{offer_id}/matches", headers=pe, json={"thread_id": request_id})
    assert proposed.status_code == 201 and proposed.get_json()["match"]["status"] == "proposed"
    match_id = proposed.get_json()["match"]["id"]
    with app.app_context():  # nothing is matched yet; the request's owner is asked
        assert {d.status for d in db.session.scalars(select(CooperationDetails))} == {"open"}
        assert [(n.user_id, n.thread_id) for n in _notifications("match_proposed")] == [(ids["BR"], request_id)]
    assert_error(client.post(f"{API}/threads/{offer_id}/matches", headers=pe, json={"thread_id": request_id}),
                 409, "already_proposed")
    listed = client.get(f"{API}/threads/{request_id}/matches").get_json()
    assert [(p["match"]["id"], p["thread"]["id"]) for p in listed["proposed"]] == [(match_id, offer_id)]
    assert listed["matched"] == []
    # Neither the offer's owner nor a stranger can accept it.
    for headers in (pe, ar):
        assert_error(client.post(f"{API}/matches/{match_id}/accept", headers=headers), 403, "not_request_owner")
    assert client.post(f"{API}/matches/{match_id}/accept").status_code == 401
    assert_error(client.post(f"{API}/matches/999999/accept", headers=br), 404, "not_found")

    # The request's owner sees it on the page, and accepts without JavaScript.
    auth.login("owner-br")
    page = client.get(f"/t/{request_id}", follow_redirects=True).get_data(as_text=True)
    assert "Offers proposed for this request" in page and f"/matches/{match_id}/accept" in page
    assert form_post(client, f"/matches/{match_id}/accept", {}, page="/").status_code == 302
    with app.app_context():
        assert db.session.get(CooperationMatch, match_id).status == "accepted"
        assert db.session.get(CooperationMatch, match_id).decided_by_id == ids["BR"]
        assert {db.session.get(CooperationDetails, i).status for i in (request_id, offer_id)} == {"matched"}
        assert [n.user_id for n in _notifications("matched")] == [ids["PE"]]
    assert_error(client.post(f"{API}/matches/{match_id}/decline", headers=br), 409, "already_decided")

    # A declined proposal cannot be proposed again; the request's owner may still link it.
    declined = client.post(f"{API}/threads/{other_id}/matches", headers=ar, json={"thread_id": request_id})
    assert declined.status_code == 201
    other_match = declined.get_json()["match"]["id"]
    answer = client.post(f"{API}/matches/{other_match}/decline", headers=br)
    assert answer.status_code == 200 and answer.get_json()["match"]["status"] == "declined"
    with app.app_context():
        assert [n.user_id for n in _notifications("match_declined")] == [ids["AR"]]
        assert db.session.get(CooperationDetails, other_id).status == "open"
    assert_error(client.post(f"{API}/threads/{other_id}/matches", headers=ar, json={"thread_id": request_id}),
                 409, "declined")
    relinked = client.post(f"{API}/threads/{request_id}/matches", headers=br, json={"thread_id": other_id})
    assert relinked.status_code == 201 and relinked.get_json()["match"] == {
        **relinked.get_json()["match"], "id": other_match, "status": "accepted"}


def test_api_create_and_patch_cooperation(app, client, world):
    with app.app_context():
        uid = _user("BR").id
    headers = token_for(app, uid)
    response = client.post(f"{API}/communities/theme-a/threads", headers=headers, json={
        "title": "We offer cold chain training", "body": "Two weeks in Brasília.", "kind": "offer",
        "cooperation": {"country": "br", "support_types": ["training"], "modality": "triangular",
                        "languages": ["pt", "es"], "open_until": (date.today() + timedelta(days=30)).isoformat()}})
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["cooperation"]["country"] == "BR" and body["cooperation"]["themes"] == ["theme-a"]
    thread_id = body["thread"]["id"]
    patched = client.patch(f"{API}/threads/{thread_id}/cooperation", headers=headers,
                           json={"status": "closed", "themes": ["theme-b", "theme-a"]})
    assert patched.status_code == 200
    assert patched.get_json()["cooperation"]["status"] == "closed"
    assert patched.get_json()["cooperation"]["support_types"] == ["training"]
    assert sorted(patched.get_json()["cooperation"]["themes"]) == ["theme-a", "theme-b"]
    bad = client.patch(f"{API}/threads/{thread_id}/cooperation", headers=headers, json={"modality": "sideways"})
    assert_error(bad, 422, "invalid")
    past = client.patch(f"{API}/threads/{thread_id}/cooperation", headers=headers,
                        json={"open_until": "2001-01-01"})
    assert_error(past, 422, "in_the_past")
    other = token_for(app, uid + 1)
    assert_error(client.patch(f"{API}/threads/{thread_id}/cooperation", headers=other, json={"status": "open"}),
                 403, "forbidden")


# ---------- the board ----------


@pytest.fixture
def board(app, world):
    """Two offers and two requests (one closed) on top of `world` (built once per process)."""
    starting_rows(app, "cooperation-board", lambda: _build_board(app))


def _build_board(app) -> None:
    with app.test_request_context(method="POST"):
        a, b = _community("a"), _community("b")
        coop_thread(_user("BR"), a, "request", country="BR", themes=["theme-a"], support=["training"],
                    title="Request one")
        coop_thread(_user("PE"), a, "offer", country="PE", themes=["theme-a", "theme-b"], support=["funding"],
                    languages=["es", "qu"], title="Offer one")
        coop_thread(_user("AR"), b, "offer", country="AR", themes=["theme-b"], support=["training", "study_visit"],
                    modality="regional", languages=["es"], title="Offer two")
        closed = coop_thread(_user("MX"), b, "request", country="MX", themes=["theme-c"], support=["funding"],
                             modality="north_south", languages=["en"], title="Request two")
        db.session.execute(update(CooperationDetails).where(CooperationDetails.thread_id == closed.id)
                           .values(status="closed"))
        db.session.commit()


@pytest.mark.parametrize(("query", "titles"), [
    ("", ["Request two", "Offer two", "Offer one", "Request one"]),
    ("kind=offer", ["Offer two", "Offer one"]),
    ("country=pe", ["Offer one"]),
    ("theme=theme-b", ["Offer two", "Offer one"]),
    ("support=training", ["Offer two", "Request one"]),
    ("support=funding&kind=request", ["Request two"]),
    ("modality=regional", ["Offer two"]),
    ("language=qu", ["Offer one"]),
    ("status=closed", ["Request two"]),
    ("status=open&theme=theme-a&language=es", ["Offer one", "Request one"]),
])
def test_board_filters(client, board, query, titles):
    body = client.get(f"{API}/cooperation?{query}").get_json()
    assert [item["thread"]["title"] for item in body["items"]] == titles
    assert body["total"] == len(titles)
    page = client.get(f"/cooperation?{query}").get_data(as_text=True)
    assert re.findall(r'class="coop-card-title"><a [^>]+>([^<]+)</a>', page) == titles


def test_board_refuses_bad_filters(client, board):
    assert_error(client.get(f"{API}/cooperation?support=everything"), 422, "invalid")
    assert client.get("/cooperation?country=XX").status_code == 422


def test_board_paginates_with_constant_queries(app, client, world, count_queries):
    def add(n: int) -> None:
        with app.test_request_context(method="POST"):
            for _i in range(n):
                coop_thread(_user("PE"), _community("a"), "offer", country="PE", themes=["theme-a", "theme-b"],
                            support=["training", "funding"], languages=["es", "pt"])
            db.session.commit()

    add(2)
    with count_queries() as few:
        assert client.get("/cooperation?theme=theme-a").status_code == 200
    add(25)
    with count_queries() as many:
        page = client.get("/cooperation?theme=theme-a").get_data(as_text=True)
    assert many.count == few.count
    assert "?theme=theme-a&amp;page=2" in page or "page=2&amp;theme=theme-a" in page
    assert client.get("/cooperation?theme=theme-a&page=2").status_code == 200


def test_thread_page_queries_do_not_grow_with_candidates(app, client, world, count_queries):
    with app.test_request_context(method="POST"):
        request = coop_thread(_user("BR"), _community("a"), "request", country="BR", **FULL)
        coop_thread(_user("PE"), _community("a"), "offer", country="PE", **FULL)
        db.session.commit()
        request_id = request.id
    with count_queries() as few:
        client.get(f"/t/{request_id}", follow_redirects=True)
    with app.test_request_context(method="POST"):
        for country in ("AR", "CO", "MX", "CL", "UY"):
            coop_thread(_user(country), _community("a"), "offer", country=country, **FULL)
        db.session.commit()
    with count_queries() as many:
        page = client.get(f"/t/{request_id}", follow_redirects=True).get_data(as_text=True)
    assert page.count('class="suggestion"') == coop.SUGGESTIONS_SHOWN
    assert many.count == few.count


# ---------- the new-thread form ----------


def test_new_thread_form_keeps_input_on_errors_and_saves_details(app, client, auth, world):
    auth.login("owner-br")
    page = client.get("/c/theme-a/new").get_data(as_text=True)
    assert "<legend>Cooperation offer or request</legend>" in page
    data = {"title": "We request a study visit", "body": "On *cold chain*.", "kind": "request", "country": "BR",
            "themes": ["theme-b"], "modality": "south_south", "languages": ["es", "pt"],
            "open_until": (date.today() + timedelta(days=10)).isoformat()}
    response = form_post(client, "/c/theme-a/new", data, page="/c/theme-a/new")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose at least one type of support." in html
    assert 'value="We request a study visit"' in html and "On *cold chain*." in html
    assert re.search(r'value="theme-b" checked', html) and re.search(r'value="pt" checked', html)
    assert 'aria-describedby="support_types-error"' in html
    response = form_post(client, "/c/theme-a/new", {**data, "support_types": ["study_visit"]}, page="/c/theme-a/new")
    assert response.status_code == 302
    with app.app_context():
        details = db.session.scalar(select(CooperationDetails))
        assert (details.kind, details.country, details.support_types) == ("request", "BR", ["study_visit"])
        assert [c.slug for c in details.themes] == ["theme-b"]
        assert details.languages == ["es", "pt"]


def test_new_discussion_ignores_the_cooperation_fieldset(app, client, auth, world):
    auth.login("owner-br")
    response = form_post(client, "/c/theme-a/new", {"title": "Just a discussion", "body": "Hello",
                                                   "kind": "discussion", "country": "BR"}, page="/c/theme-a/new")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CooperationDetails)) == 0


def test_edit_form_for_author_only(app, client, auth, world):
    request_id, offer_id, _other = _setup_pair(app)
    auth.login("owner-pe")
    assert client.get(f"/t/{request_id}/cooperation").status_code == 403
    page = client.get(f"/t/{offer_id}/cooperation").get_data(as_text=True)
    assert 'value="theme-a" checked' in page
    bad = form_post(client, f"/t/{offer_id}/cooperation", {"country": "PE", "support_types": ["funding"],
                                                           "modality": "", "languages": ["es"], "status": "open"},
                    page=f"/t/{offer_id}/cooperation")
    assert bad.status_code == 422 and "Choose a cooperation modality." in bad.get_data(as_text=True)
    ok = form_post(client, f"/t/{offer_id}/cooperation", {"country": "PE", "support_types": ["funding"],
                                                          "modality": "regional", "languages": ["es"],
                                                          "status": "closed"}, page=f"/t/{offer_id}/cooperation")
    assert ok.status_code == 302
    with app.app_context():
        assert db.session.get(CooperationDetails, offer_id).status == "closed"
