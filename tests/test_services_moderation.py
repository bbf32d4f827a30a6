"""Moderation services: the rules behind the pages and the API."""

from datetime import timedelta

import pytest

from forum.errors import Conflict, Forbidden, RateLimited, ValidationError
from forum.extensions import db
from forum.models import (
    AuditEntry,
    AuditLogIsAppendOnly,
    Community,
    Flag,
    LoginSession,
    Notification,
    Post,
    Thread,
    User,
    utcnow,
)
from forum.services import flags, moderation, sanctions, sessions
from forum.services.accounts import authenticate, do_create_token, user_for_api_token
from tests.conftest import starting_objects
from tests.factories import make_community, make_post, make_thread, make_user, refetch


@pytest.fixture
def world(app, ctx):
    return starting_objects(app, "services-moderation-world", _build_world)


def _build_world() -> dict:
    author = make_user("ana")
    mod = make_user("mod", role="moderator")
    community = make_community("vaccines")
    other_community = make_community("emergencies")
    thread = make_thread(author, community, title="Cold chain in the Amazon", body="Opening")
    replies = [make_post(make_user(f"replier{i}"), thread, f"Reply {i}") for i in range(4)]
    db.session.commit()
    return {"author": author, "mod": mod, "community": community, "other": other_community,
            "thread": thread, "replies": replies}


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action)))


def test_three_distinct_flags_hide_a_post_until_review(world, app):
    post = world["replies"][0]
    flaggers = [make_user(f"flagger{i}") for i in range(3)]
    flags.do_flag_post(flaggers[0], post, reason="spam")
    flags.do_flag_post(flaggers[1], post, reason="misinformation")
    db.session.commit()
    assert not refetch(Post, post.id).is_hidden
    with pytest.raises(Conflict):
        flags.do_flag_post(flaggers[0], post, reason="spam")  # once per member
    db.session.rollback()
    flags.do_flag_post(flaggers[2], post, reason="other", note="Looks like an advert")
    db.session.commit()
    post = refetch(Post, post.id)
    assert post.is_hidden and post.hidden_by_id is None
    # No stored reason: pages say, in each reader's language, that members flagged it.
    assert [e.reason for e in _audit("post.auto_hide")] == [""] and post.hidden_reason is None

    moderation.do_dismiss_flags(world["mod"], post, reason="It is a real report")
    db.session.commit()
    post = refetch(Post, post.id)
    assert not post.is_hidden
    assert {f.status for f in db.session.scalars(db.select(Flag))} == {"dismissed"}
    outcomes = db.session.scalars(db.select(Notification).where(Notification.kind == "flag_outcome")).all()
    assert sorted(n.user_id for n in outcomes) == sorted(f.id for f in flaggers)
    assert refetch(User, flaggers[0].id).unread_notification_count == 1


def test_flags_need_a_reason_and_not_your_own_post(world):
    post = world["replies"][0]
    with pytest.raises(ValidationError):
        flags.do_flag_post(world["author"], post, reason="because")
    with pytest.raises(ValidationError):
        flags.do_flag_post(world["author"], post, reason="other", note="")
    with pytest.raises(Conflict):
        flags.do_flag_post(post.author, post, reason="spam")


def test_review_queue_groups_flags_by_post_with_constant_queries(world, count_queries):
    for post in world["replies"][:3]:
        for i in range(2):
            flags.do_flag_post(make_user(f"f{post.id}x{i}"), post, reason="off_topic")
    db.session.commit()
    assert world["mod"].role == "moderator"  # loaded before counting
    with count_queries() as counter:
        items, total = flags.review_queue(world["mod"])
    assert total == 3 and [len(item.flags) for item in items] == [2, 2, 2]
    assert items[0].reasons == {"off_topic": 2}
    # count, page of post ids, posts, flags, authors' upheld flags, suspensions: whatever the size
    assert counter.count == 6, counter.statements


def test_review_queue_pages_neither_overlap_nor_skip_when_flags_share_a_time(world):
    for post in world["replies"]:
        flags.do_flag_post(make_user(f"tied{post.id}"), post, reason="off_topic")
    db.session.execute(db.update(Flag).values(created_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    seen = [item.post.id for offset in range(4)
            for item in flags.review_queue(world["mod"], limit=1, offset=offset)[0]]
    assert seen == sorted(post.id for post in world["replies"])


def test_hide_upholds_flags_and_records_the_reason(world, captured_events):
    post = world["replies"][1]
    flagger = make_user("flagger")
    flags.do_flag_post(flagger, post, reason="abusive")
    db.session.commit()
    captured_events.clear()
    moderation.do_hide_post(world["mod"], post, reason="Harassment")
    db.session.commit()
    assert refetch(Flag, 1).status == "upheld"
    (entry,) = _audit("post.hide")
    assert (entry.actor_id, entry.target_id, entry.reason) == (world["mod"].id, post.id, "Harassment")
    names = [(p.name, p.room) for kind, p in captured_events if kind == "event"]
    assert ("post.hidden", f"thread:{post.thread_id}") in names
    assert ("post.updated", f"thread:{post.thread_id}:moderators") in names
    assert ("notification", f"user:{flagger.id}") in names


def test_community_moderators_act_only_in_their_community(world):
    admin = make_user("boss", role="admin")
    local = make_user("local")
    sanctions.do_add_community_moderator(admin, local, world["community"])
    db.session.commit()
    moderation.do_set_locked(local, world["thread"], True)
    elsewhere = make_thread(world["author"], world["other"], title="Hurricane season plans", body="Plans")
    db.session.commit()
    with pytest.raises(Forbidden):
        moderation.do_set_locked(local, elsewhere, True)
    with pytest.raises(Forbidden):
        moderation.do_move_thread(local, world["thread"], world["other"])
    with pytest.raises(Forbidden):
        sanctions.do_suspend_user(local, world["author"], until=(utcnow() + timedelta(days=1)).isoformat(),
                                  reason="no")


def test_move_keeps_counters_right(world):
    thread, source, target = world["thread"], world["community"], world["other"]
    moderation.do_move_thread(world["mod"], thread, target, reason="Belongs there")
    db.session.commit()
    source, target = refetch(Community, source.id), refetch(Community, target.id)
    assert (source.thread_count, source.post_count) == (0, 0)
    assert (target.thread_count, target.post_count) == (1, 5)
    assert _audit("thread.move")[0].details == {"from": source.id, "to": target.id}


def test_split_moves_posts_renumbered_to_a_new_thread(world):
    thread = world["thread"]
    chosen = [world["replies"][1].id, world["replies"][3].id]
    new = moderation.do_split_thread(world["mod"], thread, post_ids=chosen, title="Solar fridges side topic")
    db.session.commit()
    moved = db.session.scalars(db.select(Post).where(Post.thread_id == new.id).order_by(Post.number)).all()
    assert [(p.id, p.number) for p in moved] == [(chosen[0], 1), (chosen[1], 2)]
    new, old = refetch(Thread, new.id), refetch(Thread, thread.id)
    assert (new.post_count, new.last_post_number, new.author_id) == (2, 2, moved[0].author_id)
    assert (old.post_count, old.last_post_number) == (3, 5)  # numbers are never reused
    assert refetch(Community, world["community"].id).thread_count == 2
    with pytest.raises(ValidationError):
        moderation.do_split_thread(world["mod"], old, post_ids=[chosen[0]], title="Not in this thread")
    with pytest.raises(ValidationError):
        first = db.session.scalar(db.select(Post.id).where(Post.thread_id == old.id, Post.number == 1))
        moderation.do_split_thread(world["mod"], old, post_ids=[first], title="Opening post cannot move")


def test_close_posts_a_message_and_locks(world):
    moderation.do_close_thread(world["mod"], world["thread"], message="Answered; see the guide.")
    db.session.commit()
    thread = refetch(Thread, world["thread"].id)
    assert thread.is_locked and thread.post_count == 6
    last = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.number == 6))
    assert last.author_id == world["mod"].id and "Answered" in last.html
    with pytest.raises(Forbidden):
        make_post(world["author"], thread, "Can I still reply?")


def test_delete_and_undelete_keep_counters(world):
    post = world["replies"][2]
    moderation.do_moderator_delete_post(world["mod"], post, reason="Spam")
    db.session.commit()
    assert refetch(Thread, world["thread"].id).post_count == 4
    moderation.do_undelete_post(world["mod"], refetch(Post, post.id), reason="Mistake")
    db.session.commit()
    assert refetch(Thread, world["thread"].id).post_count == 5
    assert refetch(Community, world["community"].id).post_count == 5
    assert [e.action for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))] == [
        "post.delete", "post.undelete"]


def test_moderator_edits_are_audited_with_before_and_after(world):
    from forum.services.posts import do_edit_post

    post = world["replies"][0]
    do_edit_post(world["mod"], post, body="Reply 0 (link removed by a moderator)")
    db.session.commit()
    (entry,) = _audit("post.edit")
    assert entry.details == {"before": "Reply 0", "after": "Reply 0 (link removed by a moderator)"}


def test_suspension_blocks_writing_until_it_expires(world):
    member = world["author"]
    sanctions.do_suspend_user(world["mod"], member, until=(utcnow() + timedelta(days=2)).date().isoformat(),
                              reason="Repeated misinformation")
    db.session.commit()
    with pytest.raises(Forbidden) as info:
        make_post(member, world["thread"], "Let me post")
    assert info.value.code == "suspended" and "Repeated misinformation" in info.value.message
    with pytest.raises(Forbidden):
        flags.do_flag_post(member, world["replies"][0], reason="spam")
    member = refetch(User, member.id)
    member.suspended_until = utcnow() - timedelta(seconds=1)  # time passes
    db.session.commit()
    make_post(member, world["thread"], "Back again")
    db.session.commit()


@pytest.mark.parametrize("until", ["", "yesterday", "2020-01-01", 42])
def test_suspension_needs_a_future_date(world, until):
    with pytest.raises(ValidationError) as info:
        sanctions.do_suspend_user(world["mod"], world["author"], until=until, reason="x")
    assert info.value.field == "until"


def test_deactivation_ends_logins_and_tokens(world, captured_events):
    admin = make_user("boss", role="admin")
    member = world["author"]
    _token, raw = do_create_token(member, "t")
    login_id = sessions.do_log_in(member).id
    db.session.commit()
    sanctions.do_deactivate_user(admin, member, reason="Spam account")
    db.session.commit()
    member = refetch(User, member.id)
    assert refetch(LoginSession, login_id).ended_at is not None
    assert authenticate("ana", "correct horse battery staple") is None
    assert user_for_api_token(raw) is None
    rechecked = [payload for kind, payload in captured_events if kind == "sockets.recheck"]
    assert rechecked == [member.id]
    # Reactivation brings the account back, not the tokens issued before it was deactivated.
    sanctions.do_reactivate_user(admin, member)
    db.session.commit()
    assert authenticate("ana", "correct horse battery staple") is not None
    assert user_for_api_token(raw) is None
    with pytest.raises(Forbidden):
        sanctions.do_deactivate_user(world["mod"], admin, reason="no")


def test_slow_mode_limits_members_not_moderators(world):
    thread = world["thread"]
    moderation.do_set_slow_mode(world["mod"], thread, seconds=60)
    db.session.commit()
    member = make_user("chatty")
    make_post(member, thread, "First")
    db.session.commit()
    with pytest.raises(RateLimited) as info:
        make_post(member, thread, "Second, too soon")
    assert info.value.code == "slow_mode" and 0 < int(info.value.headers["Retry-After"]) <= 61
    db.session.rollback()
    make_post(world["mod"], thread, "Moderator one")
    make_post(world["mod"], thread, "Moderator two")
    db.session.commit()


def test_new_members_get_fewer_links_and_no_images(world):
    newcomer = make_user("newcomer", trust_level=0)
    thread = world["thread"]
    links = "See https://a.example, https://b.example and https://c.example"
    with pytest.raises(ValidationError) as info:
        make_post(newcomer, thread, links)
    assert info.value.code == "too_many_links"
    with pytest.raises(ValidationError) as info:
        make_post(newcomer, thread, "![chart](/static/favicon.svg)")
    assert info.value.code == "no_images"
    make_post(newcomer, thread, "Two links are fine: https://a.example https://b.example")
    make_post(world["author"], thread, links)  # an established member
    db.session.commit()


def test_the_same_text_twice_within_minutes_is_refused(world):
    member = make_user("echo")
    make_post(member, world["thread"], "Same words")
    db.session.commit()
    with pytest.raises(ValidationError) as info:
        make_post(member, world["thread"], "Same words")
    assert info.value.code == "duplicate"
    db.session.rollback()
    old = db.session.scalar(db.select(Post).where(Post.source == "Same words"))
    old.created_at = utcnow() - timedelta(minutes=6)
    db.session.commit()
    make_post(member, world["thread"], "Same words")
    db.session.commit()


def test_the_audit_log_is_append_only(world):
    moderation.do_set_pinned(world["mod"], world["thread"], True, reason="Important")
    db.session.commit()
    (entry,) = _audit("thread.pin")
    entry.reason = "rewritten history"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id).reason == "Important"


def test_role_loss_ends_sessions(world, captured_events):
    admin = make_user("boss", role="admin")
    mod = world["mod"]
    login_id = sessions.do_log_in(mod).id
    db.session.commit()
    sanctions.do_set_role(admin, mod, role="member")
    db.session.commit()
    assert refetch(LoginSession, login_id).ended_at is not None
    assert mod.id in [p for k, p in captured_events if k == "sockets.recheck"]
    with pytest.raises(Conflict):
        sanctions.do_set_role(admin, admin, role="member")
