"""Whole pages kept for anonymous readers (forum/web/page_cache.py): a thread page is served again
without its template until the thread's revision moves, which every change of the thread or its
posts does (forum.models.threads); a community page until its row moves. Never for a signed-in
reader, never across languages, and each visitor gets their own CSRF token."""

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Post, Thread, User
from forum.services import answers, moderation, posts, reactions, site_settings
from tests.conftest import Auth, make_test_config
from tests.factories import make_community, make_post, make_thread, make_user


@pytest.fixture
def app_config(database_url):
    return make_test_config(database_url, FRAGMENT_CACHE_SECONDS=30)


@pytest.fixture
def world(app, member, moderator):
    with app.app_context():
        ana = make_user("ana", display_name="Ana Souza")
        community = make_community("vaccines", name="Vaccines")
        thread = make_thread(ana, community, title="Which question is this", kind="question")
        reply = make_post(ana, thread, "The first reply says zanzibar.")
        db.session.commit()
        return {"path": f"/t/{thread.id}/{thread.slug}", "thread": thread.id, "reply": reply.id,
                "community": "/c/vaccines"}


def _change(app, act) -> None:
    """A write as a service makes it, in its own transaction (outside a request)."""
    with app.app_context():
        act()
        db.session.commit()


def _user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def _revision(app, thread_id: int) -> int:
    with app.app_context():
        return db.session.get(Thread, thread_id).revision


def test_a_second_visitor_gets_the_page_without_rendering_it(app, client, world, count_queries):
    with count_queries() as first:
        html = client.get(world["path"]).get_data(as_text=True)
    with count_queries() as second:
        again = app.test_client().get(world["path"]).get_data(as_text=True)
    assert "zanzibar" in html
    assert second.count < first.count
    assert _without_tokens(again) == _without_tokens(html)


@pytest.mark.parametrize("change", ["edit", "hide", "react", "reply", "answer", "lock"])
def test_every_change_of_the_thread_moves_its_revision_and_shows_at_once(app, client, world, change):
    before = _revision(app, world["thread"])
    client.get(world["path"])

    def act():
        reply = db.session.get(Post, world["reply"])
        thread = db.session.get(Thread, world["thread"])
        if change == "edit":
            posts.do_edit_post(_user("ana"), reply, body="The first reply now says kilimanjaro.")
        elif change == "hide":
            moderation.do_hide_post(_user("moderator"), reply, reason="Off topic")
        elif change == "react":
            reactions.do_react(_user("member"), reply, "thanks")
        elif change == "reply":
            posts.do_create_post(_user("member"), thread, body="A new reply says kilimanjaro.")
        elif change == "answer":
            answers.do_mark_answer(_user("ana"), thread, reply)
        else:
            moderation.do_set_locked(_user("moderator"), thread, True)

    _change(app, act)
    html = client.get(world["path"]).get_data(as_text=True)
    assert _revision(app, world["thread"]) > before
    expected = {"edit": "kilimanjaro", "hide": "This post was hidden by a moderator.", "react": "Thanks",
                "reply": "kilimanjaro", "answer": "Answer by", "lock": "locked"}[change]
    assert expected in html
    if change in ("edit", "hide"):
        assert "zanzibar" not in html


def test_signed_in_readers_never_get_nor_fill_the_cache(app, client, world, member):
    anonymous = client.get(world["path"]).get_data(as_text=True)
    reader = app.test_client()
    Auth(reader).login("member")
    signed_in = reader.get(world["path"]).get_data(as_text=True)
    assert "Sign out" in signed_in or "Log out" in signed_in or 'action="/logout"' in signed_in
    assert _without_tokens(signed_in) != _without_tokens(anonymous)
    assert 'action="/logout"' not in client.get(world["path"]).get_data(as_text=True)


def test_each_visitor_gets_and_can_use_their_own_csrf_token(app, world):
    first, second = app.test_client(), app.test_client()
    token_one = _token(first.get(world["path"]).get_data(as_text=True))
    token_two = _token(second.get(world["path"]).get_data(as_text=True))
    assert token_one and token_two and token_one != token_two
    assert "\x00" not in token_two
    assert first.post("/language", data={"locale": "es", "csrf_token": token_one}).status_code in (302, 303)
    assert second.post("/language", data={"locale": "es", "csrf_token": token_one}).status_code == 400


def test_languages_and_query_strings_are_kept_apart(app, world):
    english = app.test_client().get(world["path"]).get_data(as_text=True)
    spanish = app.test_client().get(world["path"], headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'lang="en"' in english and 'lang="es"' in spanish
    # The language switcher sends the reader back to the address they were on, query included:
    # a page asked with a query is kept under it, and never served for the plain address.
    odd = app.test_client().get(world["path"] + "?utm=xqodd").get_data(as_text=True)
    assert "xqodd" in odd
    assert "xqodd" not in app.test_client().get(world["path"]).get_data(as_text=True)


def test_a_community_page_moves_with_its_threads(app, client, world):
    assert "Which question is this" in client.get(world["community"]).get_data(as_text=True)

    def act():
        make_thread(_user("ana"), db.session.scalar(select(Thread)).community, title="A brand new thread")

    _change(app, act)
    assert "A brand new thread" in client.get(world["community"]).get_data(as_text=True)


def _token(html: str) -> str | None:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]*)"', html)
    return match[1] if match else None


def _without_tokens(html: str) -> str:
    """The page minus this visitor's CSRF token, wherever it is (the forms, the meta tag)."""
    token = _token(html)
    return html.replace(token, "") if token else html


def test_the_announcement_shows_until_a_visitor_hides_it_and_changes_at_once(app, world, admin):
    def announce(text: str):
        return lambda: site_settings.do_update(_user("admin"), site_name="Horizonte", tagline="",
                                               announcement=text, registration_mode="open")

    _change(app, announce("Maintenance on **Sunday**."))
    visitor = app.test_client()
    assert "Maintenance on" in visitor.get(world["path"]).get_data(as_text=True)
    html = visitor.get(world["path"]).get_data(as_text=True)
    hidden = visitor.post("/announcement/hide", data={"csrf_token": _token(html), "next": world["path"]})
    assert hidden.status_code == 302
    assert "Maintenance on" not in visitor.get(world["path"]).get_data(as_text=True)
    assert "Maintenance on" in app.test_client().get(world["path"]).get_data(as_text=True)

    _change(app, announce("New dates for the **workshop**."))
    assert "New dates for the" in app.test_client().get(world["path"]).get_data(as_text=True)
