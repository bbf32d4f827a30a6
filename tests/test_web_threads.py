"""Community and thread pages through the HTML forms, as a browser without JavaScript uses them."""

import re
from types import SimpleNamespace

import pytest

from forum.extensions import db
from forum.models import Community, Membership, Post, PostRevision, Thread
from tests.conftest import form_post
from tests.factories import make_community, make_post, make_thread, make_user


@pytest.fixture
def community(app):
    with app.app_context():
        community = make_community("maternal-health", name="Maternal health")
        db.session.commit()
        return community.slug


def _thread(app, username: str = "other", replies: int = 0, **kwargs) -> SimpleNamespace:
    with app.app_context():
        from forum.services.accounts import find_user_by_login

        author = find_user_by_login(username)
        community = db.session.scalar(db.select(Community))
        thread = make_thread(author, community, **kwargs)
        for n in range(replies):
            make_post(author, thread, f"reply {n}")
        db.session.commit()
        return SimpleNamespace(id=thread.id, slug=thread.slug, title=thread.title)


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_start_a_thread(app, client, auth, member, community):
    auth.login("member")
    response = form_post(client, f"/c/{community}/new", {
        "title": "Maternal waiting homes in the Andes", "kind": "question",
        "body": "Has anyone **evaluated** them?\n\n- cost\n- use",
    })
    assert response.status_code == 302
    page = client.get(response.headers["Location"], follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Maternal waiting homes in the Andes" in html
    assert "<strong>evaluated</strong>" in html and "<li>cost</li>" in html
    with app.app_context():
        thread = db.session.scalar(db.select(Thread))
        assert (thread.kind, thread.post_count, thread.author.username) == ("question", 1, "member")


@pytest.mark.parametrize(("title", "body", "message"), [
    ("Tiny", "A body that is fine", "at least 5"),
    ("A fine title", "", "Write something"),
    ("A fine title", "x" * 50_001, "at most 50000"),
])
def test_rejected_thread_keeps_what_was_typed(app, client, auth, member, community, title, body, message):
    auth.login("member")
    response = form_post(client, f"/c/{community}/new", {"title": title, "body": body, "kind": "discussion"},
                         page=f"/c/{community}/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html.replace(",", "")
    if body:
        assert body[:200] in html
    assert title in html
    assert _count(app, Thread) == 0 and _count(app, Post) == 0


def test_reply_quote_edit_revisions_delete(app, client, auth, member, other_member, community):
    thread = _thread(app, "other", body="Original *opening* post")
    auth.login("member")
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    opening_id = int(re.search(r'href="/p/(\d+)"', page).group(1))

    quote_form = client.get(f"/t/{thread.id}/reply?quote={opening_id}").get_data(as_text=True)
    assert "&gt; **@other** [wrote](/p/" in quote_form and "&gt; Original *opening* post" in quote_form

    response = form_post(client, f"/t/{thread.id}/reply", {"body": "> Original\n\nMy **reply**"},
                         page=f"/t/{thread.id}/reply")
    assert response.status_code == 302
    thread_page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "My <strong>reply</strong>" in thread_page and 'id="post-2"' in thread_page
    with app.app_context():
        reply = db.session.scalar(db.select(Post).where(Post.number == 2))
        reply_id = reply.id

    response = form_post(client, f"/p/{reply_id}/edit", {"body": "My edited reply"}, page=f"/p/{reply_id}/edit")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Post, reply_id).source == "My edited reply"
        revision = db.session.scalar(db.select(PostRevision))
        assert revision.source == "> Original\n\nMy **reply**"
    revisions = client.get(f"/p/{reply_id}/revisions").get_data(as_text=True)
    assert "My **reply**" in revisions  # shown as source text, escaped
    assert "<strong>reply</strong>" not in revisions

    response = form_post(client, f"/p/{reply_id}/delete", {}, page=f"/p/{reply_id}/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Post, reply_id).is_deleted
        assert db.session.get(Thread, thread.id).post_count == 1
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert "My edited reply" not in page and 'id="post-2"' in page


def test_cannot_edit_or_delete_others_posts(app, client, auth, member, other_member, community):
    _thread(app, "other")
    with app.app_context():
        post_id = db.session.scalar(db.select(Post.id))
    auth.login("member")
    assert client.get(f"/p/{post_id}/edit").status_code == 403
    token = auth.csrf_token("/")
    assert client.post(f"/p/{post_id}/edit", data={"body": "hijack", "csrf_token": token}).status_code == 403
    assert client.post(f"/p/{post_id}/delete", data={"csrf_token": token}).status_code == 403
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert post.source != "hijack" and not post.is_deleted


def test_locked_thread_refuses_replies_with_a_message(app, client, auth, member, other_member, community):
    thread = _thread(app, "other")
    with app.app_context():
        db.session.get(Thread, thread.id).is_locked = True
        db.session.commit()
    auth.login("member")
    page = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert "locked" in page and f'action="/t/{thread.id}/reply"' not in page
    response = form_post(client, f"/t/{thread.id}/reply", {"body": "Let me in"}, page="/")
    assert response.status_code == 403
    assert "locked" in response.get_data(as_text=True)
    assert "Let me in" in response.get_data(as_text=True)  # the text is not lost
    assert _count(app, Post) == 1


def test_anonymous_reads_but_must_log_in_to_write(app, client, other_member, community):
    thread = _thread(app, "other")
    assert client.get(f"/t/{thread.id}/{thread.slug}").status_code == 200
    assert client.get(f"/t/{thread.id}/reply").status_code in (302, 401)
    assert client.get(f"/c/{community}/new").status_code in (302, 401)


def test_thread_pagination_and_permalinks(app, client, other_member, community):
    thread = _thread(app, "other", replies=24)
    first = client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True)
    assert 'id="post-1"' in first and 'id="post-20"' in first and 'id="post-21"' not in first
    second = client.get(f"/t/{thread.id}/{thread.slug}?page=2").get_data(as_text=True)
    assert 'id="post-21"' in second and 'id="post-25"' in second
    assert client.get(f"/t/{thread.id}/{thread.slug}?page=3").status_code == 404
    assert client.get(f"/t/{thread.id}/{thread.slug}?page=abc").status_code == 404
    with app.app_context():
        post_id = db.session.scalar(db.select(Post.id).where(Post.number == 22))
    response = client.get(f"/p/{post_id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/t/{thread.id}/{thread.slug}?page=2#post-22")
    # A wrong slug redirects to the right one.
    assert client.get(f"/t/{thread.id}/wrong-slug").status_code == 301
    assert client.get("/t/999999/x").status_code == 404
    assert client.get("/p/999999").status_code == 404


def test_community_lists_pinned_first_then_by_activity(app, client, other_member, community):
    older = _thread(app, "other", title="An older thread here")
    pinned = _thread(app, "other", title="The pinned thread here")
    newer = _thread(app, "other", title="A newer thread here")
    with app.app_context():
        db.session.get(Thread, pinned.id).is_pinned = True
        db.session.commit()
    html = client.get(f"/c/{community}").get_data(as_text=True)
    positions = [html.index(t.title) for t in (pinned, newer, older)]
    assert positions == sorted(positions)


def test_community_pages_25_threads_per_page(app, client, other_member, community):
    for i in range(27):
        _thread(app, "other", title=f"Thread number {i:02d}")
    first = client.get(f"/c/{community}").get_data(as_text=True)
    assert "Thread number 26" in first and "Thread number 01" not in first
    second = client.get(f"/c/{community}?page=2").get_data(as_text=True)
    assert "Thread number 01" in second and "Thread number 00" in second
    assert client.get(f"/c/{community}?page=3").status_code == 404


def test_join_and_leave(app, client, auth, member, community):
    auth.login("member")
    assert form_post(client, f"/c/{community}/join", {}, page=f"/c/{community}").status_code == 302
    assert form_post(client, f"/c/{community}/join", {}, page=f"/c/{community}").status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Community)).member_count == 1
    assert _count(app, Membership) == 1
    assert form_post(client, f"/c/{community}/leave", {}, page=f"/c/{community}").status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Community)).member_count == 0


def test_admin_creates_and_edits_communities_members_cannot(app, client, auth, admin, member):
    auth.login("member")
    assert client.get("/c/new").status_code == 403
    auth.logout()
    auth.login("admin")
    response = form_post(client, "/c/new", {"slug": "vaccines", "name": "Vaccines", "description": "Immunization",
                                            "position": "2"})
    assert response.status_code == 302
    duplicate = form_post(client, "/c/new", {"slug": "vaccines", "name": "Again", "position": "0"})
    assert duplicate.status_code == 422 and "already used" in duplicate.get_data(as_text=True)
    reserved = form_post(client, "/c/new", {"slug": "new", "name": "New", "position": "0"})
    assert reserved.status_code == 422
    response = form_post(client, "/c/vaccines/edit", {"name": "Immunization", "description": "All vaccines",
                                                      "position": "1"})
    assert response.status_code == 302
    with app.app_context():
        community = db.session.scalar(db.select(Community))
        assert (community.name, community.position) == ("Immunization", 1)


def test_forms_refuse_missing_csrf(app, client, auth, member, community):
    auth.login("member")
    response = client.post(f"/c/{community}/new", data={"title": "No token here", "body": "x"})
    assert response.status_code == 400
    assert _count(app, Thread) == 0


def test_other_users_cannot_see_deleted_threads(app, client, auth, member, other_member, moderator, community):
    thread = _thread(app, "other")
    with app.app_context():
        from forum.services.posts import do_delete_post

        post = db.session.scalar(db.select(Post))
        do_delete_post(db.session.get(type(post.author), post.author_id), post)
        db.session.commit()
    auth.login("member")
    assert client.get(f"/t/{thread.id}/{thread.slug}").status_code == 404
    auth.logout()
    auth.login("moderator")
    assert client.get(f"/t/{thread.id}/{thread.slug}").status_code == 200


def test_home_lists_communities_and_latest_threads(app, client, other_member, community):
    thread = _thread(app, "other", title="Dengue surveillance in the Caribbean")
    html = client.get("/").get_data(as_text=True)
    assert "Maternal health" in html and thread.title in html


def test_announcements_only_for_moderators(app, client, auth, member, community):
    auth.login("member")
    form = client.get(f"/c/{community}/new").get_data(as_text=True)
    assert 'value="announcement"' not in form
    response = form_post(client, f"/c/{community}/new", {"title": "Hear ye hear ye", "body": "News",
                                                         "kind": "announcement"})
    assert response.status_code == 403
    assert _count(app, Thread) == 0


def test_make_user_helper_stays_unique(app):
    with app.app_context():
        assert make_user().username != make_user().username


def _articles(html: str) -> dict[int, str]:
    """The thread page's (or a fragment's) posts by number, whitespace between tags collapsed; the
    CSRF tokens, signed anew for each page, set aside."""
    html = re.sub(r'(name="csrf_token" type="hidden" value=")[^"]*"', r'\1"', html)
    html = re.sub(r">\s+<", "><", html)
    return {int(m.group(1)): m.group(0) for m in re.finditer(r'<article id="post-(\d+)".*?</article>', html, re.S)}


def test_live_fragment_is_the_post_as_the_page_shows_it_to_this_reader(app, client, auth, member, other_member,
                                                                      moderator, community):
    """/t/<id>/posts renders the posts a live event named with the page's own partial: the same
    HTML, the reader's links included, and the reply counter; never cached; what the reader may not
    read stays out, as on the page; a thread the reader may not see is a 404."""
    thread = _thread(app, "other", replies=2)
    with app.app_context():
        from forum.services.moderation import do_hide_post
        from forum.services.posts import access_post

        hidden = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.number == 3))
        mod = db.session.scalar(db.select(type(hidden.author)).where(type(hidden.author).username == "moderator"))
        do_hide_post(mod, access_post(mod, hidden.id), reason="Off topic")
        db.session.commit()
    for persona in (None, "member", "moderator"):
        if persona:
            auth.login(persona)
        page = _articles(client.get(f"/t/{thread.id}/{thread.slug}").get_data(as_text=True))
        response = client.get(f"/t/{thread.id}/posts?numbers=3,1,2,99")
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, no-store"
        fragment = response.get_data(as_text=True)
        assert _articles(fragment) == page and sorted(page) == [1, 2, 3]
        assert '<span id="reply-count">2 replies</span>' in fragment
        assert ("reply 1" in fragment) == (persona == "moderator")  # the hidden post's text
        assert ("Flag" in page[2]) == (persona is not None) and ('class="menu post-menu"' in page[2]) == (
            persona == "moderator")
        only_counter = client.get(f"/t/{thread.id}/posts?numbers=").get_data(as_text=True)
        assert "<article" not in only_counter and "2 replies" in only_counter
        if persona:
            auth.logout()
    for query in ("numbers=x", "numbers=1,²", "numbers=" + ",".join(str(n) for n in range(1, 60)), "numbers=-1"):
        assert client.get(f"/t/{thread.id}/posts?{query}").status_code == 422, query
    with app.app_context():
        db.session.get(Thread, thread.id).deleted_at = db.func.now()
        db.session.commit()
    assert client.get(f"/t/{thread.id}/posts").status_code == 404
