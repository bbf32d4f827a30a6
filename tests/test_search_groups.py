"""Search by thread (a thread once, its best posts under it, pages of threads), the answered
filter, and a member's search of their own direct messages (never anyone else's)."""

import pytest
from sqlalchemy import update

from forum.extensions import db
from forum.models import Thread, User
from forum.search.service import answered_filter
from forum.services.messages import do_send_message, do_start_conversation
from tests.factories import make_community, make_post, make_thread
from tests.test_api_support import API, bearer, issue_token, uid


@pytest.fixture
def forum(app, member, other_member, moderator):
    """Two threads about dengue (one with five matching replies), and two conversations: the
    member's with `other`, and one between `other` and the moderator."""
    with app.app_context():
        other = db.session.get(User, uid(other_member))
        mine = db.session.get(User, uid(member))
        community = make_community("vaccines")
        busy = make_thread(other, community, title="Dengue in the Amazon", body="Dengue cases rise in Manaus.")
        for n in range(5):
            make_post(mine, busy, f"Dengue report number {n} from the river clinics.")
        quiet = make_thread(other, community, title="Cold chain", body="One dengue case was imported.")
        conversation = do_start_conversation(mine, to="other", subject="Fridge budget",
                                             body="The solar fridges cost less than diesel ones.")
        do_send_message(other, conversation, body="Agreed: solar fridges, and a spare battery.")
        do_start_conversation(other, to="moderator", subject="Secret",
                              body="Private note about solar fridges for the moderator.")
        db.session.commit()
        return {"busy": busy.id, "quiet": quiet.id, "conversation": conversation.id}


def test_the_api_groups_posts_by_thread_and_pages_by_thread(client, forum):
    grouped = client.get(f"{API}/search", query_string={"q": "dengue", "group": "thread"}).get_json()
    assert grouped["total"] == 2 and grouped["pages"] == 1 and "items" not in grouped
    by_thread = {g["thread"]["id"]: g for g in grouped["groups"]}
    busy = by_thread[forum["busy"]]
    assert busy["item"]["type"] == "thread" and len(busy["posts"]) == 3 and busy["more_posts"] == 3
    assert {p["type"] for p in busy["posts"]} == {"post"} and busy["thread"]["url"].startswith(f"/t/{forum['busy']}/")
    flat = client.get(f"{API}/search", query_string={"q": "dengue"}).get_json()
    assert flat["total"] == 8 and "groups" not in flat  # a title and 7 posts, one by one
    assert client.get(f"{API}/search", query_string={"q": "dengue", "group": "x"}).status_code == 422


def test_the_page_groups_by_default_and_shows_each_post_on_request(client, forum):
    html = client.get("/search?q=dengue").get_data(as_text=True)
    assert "2 results" in html and html.count('class="search-group-posts"') == 2
    assert "3 more matching posts" in html
    assert "8 results" in client.get("/search?q=dengue&group=post").get_data(as_text=True)


def test_a_member_searches_their_own_messages_and_nobody_elses(app, client, auth, member, other_member,
                                                                  moderator, forum):
    found = client.get(f"{API}/search", query_string={"q": "fridges", "type": "message"},
                       headers=bearer(issue_token(app, member))).get_json()
    assert found["total"] == 2 and {i["conversation_id"] for i in found["items"]} == {forum["conversation"]}
    assert all("Private note" not in i["snippet"] for i in found["items"])
    assert "<mark>fridges</mark>" in found["items"][0]["snippet"]
    # The moderator finds their own conversation only, not the member's.
    theirs = client.get(f"{API}/search", query_string={"q": "fridges", "type": "message"},
                        headers=bearer(issue_token(app, moderator))).get_json()
    assert [i["title"] for i in theirs["items"]] == ["Secret"]
    assert client.get(f"{API}/search", query_string={"q": "fridges", "type": "message"}).status_code == 401
    # The site search never shows messages.
    assert client.get(f"{API}/search", query_string={"q": "fridges"}).get_json()["total"] == 0
    auth.login("member")
    html = client.get("/search?q=solar+-battery&type=message").get_data(as_text=True)
    assert "1 result" in html and f'href="/messages/{forum["conversation"]}#message-' in html
    assert "Private note" not in html and "spare battery" not in html


def test_answered_keeps_only_the_threads_with_an_answer(app, client, forum):
    with app.app_context():
        db.session.execute(update(Thread).where(Thread.id == forum["busy"]).values(
            answered_post_id=db.select(db.func.max(db.text("posts.id"))).select_from(db.text("posts"))
            .where(db.text(f"posts.thread_id = {forum['busy']}")).scalar_subquery()))
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(Thread).where(answered_filter())) == 1
    grouped = client.get(f"{API}/search", query_string={"q": "dengue", "group": "thread", "answered": "1"}).get_json()
    assert [g["thread"]["id"] for g in grouped["groups"]] == [forum["busy"]]
    flat = client.get(f"{API}/search", query_string={"q": "dengue", "answered": "1"}).get_json()
    assert flat["total"] == 7
