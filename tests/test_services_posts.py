"""Posting, numbering, counters, editing and deleting through the services."""

import pytest

from forum.errors import Conflict, Forbidden, ValidationError
from forum.extensions import db
from forum.models import Community, Post, PostRevision, Thread, User
from tests.factories import make_community, make_post, make_thread, make_user, refetch


@pytest.fixture
def world(ctx):
    author = make_user("ana")
    replier = make_user("bruno")
    community = make_community("vaccines")
    thread = make_thread(author, community, body="How do you keep vaccines cold on river routes?")
    db.session.commit()
    return author, replier, community, thread


def test_thread_starts_with_post_one_and_counts_everywhere(world):
    author, replier, community, thread = world
    make_post(replier, thread)
    make_post(author, thread)
    db.session.commit()
    thread = refetch(Thread, thread.id)
    assert [p.number for p in db.session.scalars(db.select(Post).where(Post.thread_id == thread.id)
                                                  .order_by(Post.number))] == [1, 2, 3]
    assert thread.post_count == 3 and thread.last_post_number == 3 and thread.reply_count == 2
    assert thread.last_post_author_id == author.id
    community = refetch(Community, community.id)
    assert (community.thread_count, community.post_count, community.last_thread_id) == (1, 3, thread.id)
    assert refetch(User, author.id).post_count == 2


def test_post_html_is_rendered_and_sanitized_at_write_time(world):
    _author, replier, _community, thread = world
    post = make_post(replier, thread, "**bold** <script>alert(1)</script> [x](javascript:alert(1))")
    db.session.commit()
    assert "<strong>bold</strong>" in post.html
    assert "<script" not in post.html and "href=\"javascript:" not in post.html
    assert "&lt;script&gt;" in post.html  # shown as text, never run


def test_edit_keeps_a_revision_and_rerenders(world):
    author, _replier, _community, thread = world
    post = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id))
    from forum.services.posts import do_edit_post

    do_edit_post(author, post, body="Edited *text*")
    db.session.commit()
    post = refetch(Post, post.id)
    assert post.edited_at is not None and post.revision_count == 1 and "<em>text</em>" in post.html
    revision = db.session.scalar(db.select(PostRevision).where(PostRevision.post_id == post.id))
    assert revision.source == "How do you keep vaccines cold on river routes?"
    assert revision.editor_id == author.id


def test_others_cannot_edit_or_delete(world):
    _author, replier, _community, thread = world
    from forum.services.posts import do_delete_post, do_edit_post

    post = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id))
    with pytest.raises(Forbidden):
        do_edit_post(replier, post, body="mine now")
    with pytest.raises(Forbidden):
        do_delete_post(replier, post)


def test_delete_is_soft_and_updates_counters(world):
    _author, replier, community, thread = world
    from forum.services.posts import do_delete_post

    reply = make_post(replier, thread)
    db.session.commit()
    do_delete_post(replier, reply)
    db.session.commit()
    reply = refetch(Post, reply.id)
    assert reply.is_deleted and reply.source  # kept, not erased
    assert refetch(Thread, thread.id).post_count == 1
    assert refetch(Community, community.id).post_count == 1


def test_opening_post_with_replies_cannot_be_deleted_by_its_author(world):
    author, replier, _community, thread = world
    from forum.services.posts import do_delete_post

    make_post(replier, thread)
    db.session.commit()
    opening = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.number == 1))
    with pytest.raises(Conflict):
        do_delete_post(author, opening)


def test_deleting_a_lone_opening_post_deletes_the_thread(world):
    author, _replier, community, thread = world
    from forum.services.posts import do_delete_post

    opening = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.number == 1))
    do_delete_post(author, opening)
    db.session.commit()
    assert refetch(Thread, thread.id).is_deleted
    assert refetch(Community, community.id).thread_count == 0


def test_locked_thread_refuses_replies(world):
    _author, replier, _community, thread = world
    thread.is_locked = True
    db.session.commit()
    with pytest.raises(Forbidden) as info:
        make_post(replier, thread)
    assert info.value.code == "thread_locked"


def test_unverified_users_cannot_post(world):
    _author, _replier, community, thread = world
    newcomer = make_user("newcomer", is_verified=False)
    with pytest.raises(Forbidden):
        make_post(newcomer, thread)
    with pytest.raises(Forbidden):
        make_thread(newcomer, community)


def test_members_cannot_post_announcements(world):
    _author, replier, community, _thread = world
    with pytest.raises(Forbidden):
        make_thread(replier, community, kind="announcement")


@pytest.mark.parametrize(("title", "body", "field"), [
    ("", "body", "title"),
    ("abcd", "body", "title"),
    ("x" * 201, "body", "title"),
    ("A good title", "", "body"),
    ("A good title", "   \n ", "body"),
    ("A good title", "x" * 50_001, "body"),
    ("A good title", "bad \x00 byte", "body"),
    ("A good title", 42, "body"),
])
def test_invalid_threads_change_nothing(world, title, body, field):
    author, _replier, community, _thread = world
    before = db.session.scalar(db.select(db.func.count()).select_from(Thread))
    with pytest.raises(ValidationError) as info:
        make_thread(author, community, title=title, body=body)
    assert info.value.field == field
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Thread)) == before
