"""Answers to questions and reactions to posts: pages without JavaScript, the API, the
notifications, the counters, the audit log and the live events."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import AuditEntry, Notification, Post, PostReaction, Thread, User
from forum.services.answers import do_mark_answer
from forum.services.reactions import do_react
from forum.services.subscriptions import do_set_thread_subscription
from tests.conftest import form_post
from tests.factories import make_community, make_post, make_thread, make_user, refetch
from tests.test_api_support import API, bearer, issue_token, login, sent_events, uid
from tests.test_pages_performance import MEMBER_THREAD_PAGE_QUERIES, THREAD_PAGE_QUERIES


def _question(app, asker: str = "member", answerers: tuple[str, ...] = ("other",), kind: str = "question"):
    """A question by `asker` with one reply by each of `answerers`: (thread id, [reply ids])."""
    with app.app_context():
        community = make_community()
        thread = make_thread(db.session.scalar(select(User).where(User.username == asker)), community,
                             title="Where do you store vaccines on boats?", kind=kind)
        replies = []
        for name in answerers:
            user = db.session.scalar(select(User).where(User.username == name)) or make_user(name)
            body = f"In cool boxes with ice packs, says {name} in a {kind}, changed daily."
            replies.append(make_post(user, thread, body).id)
        db.session.commit()
        return thread.id, replies


def test_author_marks_the_answer_through_the_page(app, client, member, other_member, captured_events):
    thread_id, (reply_id,) = _question(app)
    login(client, "member")
    page = client.get(f"/t/{thread_id}", follow_redirects=True).get_data(as_text=True)
    assert "Mark as the answer" in page
    captured_events.clear()
    response = form_post(client, f"/t/{thread_id}/answer", {"post_id": reply_id}, page="/")
    assert response.status_code == 302
    with app.app_context():
        thread = refetch(Thread, thread_id)
        assert thread.answered_post_id == reply_id
        assert refetch(User, uid(other_member)).accepted_answer_count == 1
        assert db.session.scalar(select(Notification.kind).where(Notification.user_id == uid(other_member),
                                                                 Notification.post_id == reply_id)) == "answer_accepted"
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "thread.answer")) is None  # the author
    names = [(e.name, e.payload.get("number")) for e in sent_events(captured_events)]
    assert ("thread.updated", None) in names
    assert ("post.updated", 1) in names and ("post.updated", 2) in names
    page = client.get(f"/t/{thread_id}", follow_redirects=True).get_data(as_text=True)
    assert 'class="answer-excerpt"' in page and "In cool boxes with ice packs" in page
    assert 'badge-answer' in page and "Unmark as the answer" in page
    # Lists show it, the answerer's profile counts it; the live fragment has the excerpt too.
    with app.app_context():
        slug = refetch(Thread, thread_id).community.slug
    assert "badge-answered" in client.get(f"/c/{slug}").get_data(as_text=True)
    assert "Accepted answers" in client.get("/u/other").get_data(as_text=True)
    assert "answer-excerpt" in client.get(f"/t/{thread_id}/posts?numbers=1,2").get_data(as_text=True)
    assert "badge-answered" in client.get("/search?q=boats").get_data(as_text=True)
    # Unmarked: nothing left, the counter back to zero.
    assert form_post(client, f"/t/{thread_id}/unanswer", {}, page="/").status_code == 302
    with app.app_context():
        assert refetch(Thread, thread_id).answered_post_id is None
        assert refetch(User, uid(other_member)).accepted_answer_count == 0


def test_answer_rules_api_and_moderator_audit(app, client, member, other_member, moderator):
    thread_id, (first, second) = _question(app, answerers=("other", "third"))
    discussion_id, (reply,) = _question(app, kind="discussion")
    member_token, other_token, mod_token = (issue_token(app, p) for p in (member, other_member, moderator))
    # Not the asker: refused; a discussion has no answer; the question itself cannot be its answer.
    assert client.post(f"{API}/threads/{thread_id}/answer", json={"post_id": first},
                       headers=bearer(other_token)).status_code == 403
    assert client.post(f"{API}/threads/{discussion_id}/answer", json={"post_id": reply},
                       headers=bearer(member_token)).status_code == 403
    with app.app_context():
        opening = db.session.scalar(select(Post.id).where(Post.thread_id == thread_id, Post.number == 1))
    for bad in (opening, reply, "2", None, 2**40):
        response = client.post(f"{API}/threads/{thread_id}/answer", json={"post_id": bad},
                               headers=bearer(member_token))
        assert response.status_code == 422, bad
    response = client.post(f"{API}/threads/{thread_id}/answer", json={"post_id": first}, headers=bearer(member_token))
    assert response.status_code == 200 and response.get_json()["thread"]["answered_post_id"] == first
    # A moderator moves it to another reply: the credit moves, and the log says so.
    response = client.post(f"{API}/threads/{thread_id}/answer", json={"post_id": second}, headers=bearer(mod_token))
    assert response.get_json()["thread"]["answered_post_id"] == second
    assert client.get(f"{API}/threads/{thread_id}").get_json()["thread"]["answered_post_id"] == second
    with app.app_context():
        counts = dict(db.session.execute(select(User.username, User.accepted_answer_count)
                                         .where(User.username.in_(["other", "third"]))).all())
        assert counts == {"other": 0, "third": 1}
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "thread.answer"))
        assert entry.details == {"post_id": second, "previous_post_id": first}
    # Deleting the answer opens the question again.
    with app.app_context():
        from forum.services.posts import do_delete_post

        do_delete_post(db.session.get(User, uid(moderator)), db.session.get(Post, second), reason="spam")
        db.session.commit()
        assert refetch(Thread, thread_id).answered_post_id is None
        assert refetch(User, db.session.scalar(select(User.id).where(User.username == "third"))) \
            .accepted_answer_count == 0
    response = client.delete(f"{API}/threads/{thread_id}/answer", headers=bearer(member_token))
    assert response.status_code == 200 and response.get_json()["thread"]["answered_post_id"] is None


def test_reactions_toggle_count_and_notify_once(app, client, member, other_member, captured_events):
    thread_id, (reply_id,) = _question(app, asker="other", answerers=("member",))
    login(client, "other")
    page = client.get(f"/t/{thread_id}", follow_redirects=True).get_data(as_text=True)
    assert 'class="reaction-button" aria-pressed="false"' in page
    captured_events.clear()
    assert form_post(client, f"/p/{reply_id}/reactions", {"kind": "helpful", "on": "1"},
                     page="/").status_code == 302
    assert ("post.updated", 2) in [(e.name, e.payload.get("number")) for e in sent_events(captured_events)]
    # Twice is once (the unique row); the button now says it is pressed; the fragment too.
    form_post(client, f"/p/{reply_id}/reactions", {"kind": "helpful", "on": "1"}, page="/")
    fragment = client.get(f"/t/{thread_id}/posts?numbers=2").get_data(as_text=True)
    assert re.search(r'aria-pressed="true">Helpful <span class="reaction-count">1</span>', fragment)
    # Not on one's own post.
    with app.app_context():
        opening = db.session.scalar(select(Post.id).where(Post.thread_id == thread_id, Post.number == 1))
    token = issue_token(app, other_member)
    assert client.put(f"{API}/posts/{opening}/reactions/helpful", headers=bearer(token)).status_code == 403
    assert client.put(f"{API}/posts/{reply_id}/reactions/love", headers=bearer(token)).status_code == 422
    body = client.put(f"{API}/posts/{reply_id}/reactions/thanks", headers=bearer(token)).get_json()["post"]
    assert body["reactions"] == {"helpful": 1, "thanks": 1, "same_here": 0}
    assert body["my_reactions"] == ["helpful", "thanks"]
    # Three more members find it helpful: still one notification for helpful, naming the newest.
    with app.app_context():
        post = db.session.get(Post, reply_id)
        for name in ("ana", "bea", "cai"):
            do_react(make_user(name), post, "helpful")
        db.session.commit()
        rows = db.session.scalars(select(Notification).where(Notification.user_id == uid(member),
                                                             Notification.kind == "reaction")).all()
        assert sorted(n.message for n in rows) == ["helpful", "thanks"]
    login(client, "member")
    listing = client.get(f"{API}/notifications").get_json()
    texts = [item["text"] for item in listing["items"] if item["kind"] == "reaction"]
    assert any("Cai and 3 others found your post" in text for text in texts), texts
    # Who reacted: the page lists them; guests see it too (the thread is public).
    page = client.get(f"/p/{reply_id}/reactions?kind=helpful").get_data(as_text=True)
    assert all(name in page for name in ("ana", "bea", "cai"))
    # Taken back.
    body = client.delete(f"{API}/posts/{reply_id}/reactions/thanks", headers=bearer(token)).get_json()["post"]
    assert body["reactions"]["thanks"] == 0
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(PostReaction)) == 4


def test_muted_thread_silences_reactions(ctx):
    ana, bea = make_user("ana"), make_user("bea")
    thread = make_thread(ana, make_community(), kind="question")
    reply = make_post(bea, thread, "Our answer is a solar fridge.")
    do_set_thread_subscription(bea, thread, level="mute")
    do_react(ana, reply, "helpful")
    do_mark_answer(ana, thread, reply)
    db.session.commit()
    kinds = set(db.session.scalars(select(Notification.kind).where(Notification.user_id == bea.id)))
    assert kinds == {"answer_accepted"}  # naming them as the answerer is not a reply of the thread
    assert refetch(Post, reply.id).helpful_count == 1


@pytest.mark.parametrize("replies", [1, 19])
def test_thread_page_with_answer_and_reactions_is_constant(app, client, count_queries, replies):
    with app.app_context():
        community = make_community("vaccines")
        people = [make_user(f"author{i}") for i in range(replies + 1)]
        thread = make_thread(people[0], community, kind="question")
        posts = [make_post(people[n + 1], thread, f"Reply {n} with ice packs") for n in range(replies)]
        for post in posts:
            do_react(people[0], post, "helpful")
            do_react(people[0], post, "thanks")
        do_mark_answer(people[0], thread, posts[-1])
        db.session.commit()
        thread_id, slug = thread.id, thread.slug

    with count_queries() as counter:
        response = client.get(f"/t/{thread_id}/{slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "answer-excerpt" in html and html.count('class="reaction"') == 2 * replies
    assert counter.count <= THREAD_PAGE_QUERIES, counter.statements
    # A member who reacted: one more query (their own reactions on the page), whatever the size.
    login(client, "author0")
    with count_queries() as counter:
        response = client.get(f"/t/{thread_id}/{slug}")
    assert response.get_data(as_text=True).count('aria-pressed="true"') == 2 * replies
    login(client, "author1")
    with count_queries() as counter:
        response = client.get(f"/t/{thread_id}/{slug}")
    assert response.status_code == 200
    assert counter.count <= MEMBER_THREAD_PAGE_QUERIES, counter.statements


def test_an_answer_split_away_opens_the_question_again(ctx):
    from forum.services.moderation import do_split_thread

    ana, bea = make_user("ana"), make_user("bea")
    moderator = make_user("mod", role="moderator")
    thread = make_thread(ana, make_community(), kind="question")
    reply = make_post(bea, thread, "Solar fridges, in our experience.")
    do_mark_answer(ana, thread, reply)
    db.session.commit()
    do_split_thread(moderator, thread, post_ids=[reply.id], title="Solar fridges")
    db.session.commit()
    assert refetch(Thread, thread.id).answered_post_id is None
    assert refetch(User, bea.id).accepted_answer_count == 0


def test_a_community_lists_answered_questions_or_those_still_waiting(app, client, member, other_member):
    answered_id, (reply_id,) = _question(app)
    with app.app_context():
        thread = refetch(Thread, answered_id)
        make_thread(thread.author, thread.community, title="Who trains vaccinators in Quechua?",
                    kind="question")
        make_thread(thread.author, thread.community, title="News from the regional meeting")
        do_mark_answer(thread.author, thread, db.session.get(Post, reply_id))
        db.session.commit()
        slug = thread.community.slug
    titles = ("Where do you store vaccines on boats?", "Who trains vaccinators in Quechua?",
              "News from the regional meeting")

    def listed(answered: str) -> tuple[bool, ...]:
        html = client.get(f"/c/{slug}", query_string={"answered": answered}).get_data(as_text=True)
        return tuple(title in html for title in titles)

    assert listed("") == (True, True, True)
    assert listed("yes") == (True, False, False)
    assert listed("no") == (False, True, False)
    assert listed("bogus") == (True, True, True)  # a link's unknown value filters nothing
    spanish = client.get(f"/c/{slug}?answered=yes", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<option value="yes" selected>Preguntas resueltas</option>' in spanish
