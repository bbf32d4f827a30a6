"""A post's history as word diffs: one diff function, escaped output, editors for moderators only."""

import pytest

from forum.diffs import Segment, words
from forum.extensions import db
from forum.models import Post, User
from forum.services.posts import do_edit_post
from tests.factories import make_community, make_thread
from tests.test_api_support import API, bearer, issue_token, uid


def test_words_marks_only_the_changed_words():
    assert words("Keep the vaccines cold, always.", "Keep all vaccines cold; always.") == [
        Segment("equal", "Keep "), Segment("delete", "the"), Segment("insert", "all"),
        Segment("equal", " vaccines cold"), Segment("delete", ","), Segment("insert", ";"),
        Segment("equal", " always."),
    ]
    assert words("", "new") == [Segment("insert", "new")]
    assert words("same", "same") == [Segment("equal", "same")]


@pytest.fixture
def edited(app, member, moderator):
    """A thread by `member` whose opening post was edited twice, the second time with markup."""
    with app.app_context():
        author = db.session.get(User, uid(member))
        thread = make_thread(author, make_community("vaccines"), body="Fridges on boats work well.")
        post = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id))
        do_edit_post(author, post, body="Solar fridges on boats work well.")
        do_edit_post(db.session.get(User, uid(moderator)), post,
                     body="Solar fridges on boats work <script>alert(1)</script> well.")
        db.session.commit()
        return post.id


def test_the_history_page_shows_escaped_word_diffs_and_editors_to_moderators_only(client, auth, edited):
    page = client.get(f"/p/{edited}/revisions").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert ('<ins><span class="visually-hidden">[added: </span>&lt;script&gt;alert(1)&lt;/script&gt; '
            '<span class="visually-hidden">]</span></ins>') in page
    assert '<ins><span class="visually-hidden">[added: </span>Solar ' in page
    assert "Changes in version 3" in page and "Changes in version 2" in page and "Version 1" in page
    assert "Edited by" not in page and "Edited " in page
    auth.login("moderator")
    page = client.get(f"/p/{edited}/revisions").get_data(as_text=True)
    assert "Edited by Moderator" in page and "Edited by Member" in page


def test_the_api_gives_each_edit_with_its_diff_and_the_editor_to_moderators(app, client, member, moderator,
                                                                            edited):
    answer = client.get(f"{API}/posts/{edited}/revisions").get_json()
    newest, first = answer["revisions"]
    assert newest["number"] == 3 and {"kind": "insert", "text": "<script>alert(1)</script> "} in newest["diff"]
    assert first["diff"][:2] == [{"kind": "delete", "text": "Fridges"}, {"kind": "insert", "text": "Solar fridges"}]
    assert first["replaced_source"] == "Fridges on boats work well." and "editor" not in first
    as_moderator = client.get(f"{API}/posts/{edited}/revisions", headers=bearer(issue_token(app, moderator)))
    assert as_moderator.get_json()["revisions"][0]["editor"]["username"] == "moderator"
    assert client.get(f"{API}/posts/{10**8}/revisions").status_code == 404
