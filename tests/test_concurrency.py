"""Post numbers and counters stay right when many people reply at once."""

from concurrent.futures import ThreadPoolExecutor

from forum.extensions import db
from forum.models import Community, Notification, Post, Thread, User
from forum.services.accounts import do_create_token
from tests.factories import make_community, make_thread, make_user

WRITERS = 6
POSTS_EACH = 8


def test_concurrent_replies_get_unique_consecutive_numbers(app):
    with app.app_context():
        community = make_community("vaccines")
        users = [make_user(f"writer{i}") for i in range(WRITERS)]
        thread = make_thread(users[0], community)
        tokens = [do_create_token(u, "load")[1] for u in users]
        db.session.commit()
        thread_id, community_id, user_ids = thread.id, community.id, [u.id for u in users]

    def write(token: str) -> list[int]:
        client = app.test_client()
        statuses = []
        for n in range(POSTS_EACH):
            response = client.post(f"/api/v1/threads/{thread_id}/posts", json={"body": f"reply {n}"},
                                   headers={"Authorization": f"Bearer {token}"})
            statuses.append(response.status_code)
        return statuses

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        results = list(pool.map(write, tokens))
    assert all(status == 201 for statuses in results for status in statuses), results

    total = 1 + WRITERS * POSTS_EACH
    with app.app_context():
        numbers = list(db.session.scalars(db.select(Post.number).where(Post.thread_id == thread_id)
                                          .order_by(Post.number)))
        assert numbers == list(range(1, total + 1))
        thread = db.session.get(Thread, thread_id)
        assert (thread.post_count, thread.last_post_number) == (total, total)
        assert db.session.get(Community, community_id).post_count == total
        counts = [db.session.get(User, uid).post_count for uid in user_ids]
        assert counts == [POSTS_EACH + 1] + [POSTS_EACH] * (WRITERS - 1)


CROSS_ROUNDS = 12


def test_members_replying_in_each_other_s_threads_never_deadlock(app):
    """Each writer replies in the thread of the next writer, each thread in its own community: a
    reply moves its author's counter and notifies the thread's author, so two such replies once
    locked the same two member rows in opposite orders, and PostgreSQL aborted one ("deadlock
    detected"). Shared rows are now taken at commit in one order (forum.services.counters)."""
    with app.app_context():
        users = [make_user(f"writer{i}") for i in range(WRITERS)]
        threads = [make_thread(users[i], make_community(f"theme-{i}")) for i in range(WRITERS)]
        tokens = [do_create_token(u, "load")[1] for u in users]
        db.session.commit()
        thread_ids, user_ids = [t.id for t in threads], [u.id for u in users]
        community_ids = [t.community_id for t in threads]

    def write(i: int) -> list[int]:
        client = app.test_client()
        headers = {"Authorization": f"Bearer {tokens[i]}"}
        return [client.post(f"/api/v1/threads/{thread_ids[(i + 1 + n) % WRITERS]}/posts", headers=headers,
                            json={"body": f"cross reply {n} from writer {i}"}).status_code
                for n in range(CROSS_ROUNDS)]

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        results = list(pool.map(write, range(WRITERS)))
    assert all(status == 201 for statuses in results for status in statuses), results
    with app.app_context():
        assert [db.session.get(User, uid).post_count for uid in user_ids] == [CROSS_ROUNDS + 1] * WRITERS
        assert sum(db.session.get(Community, cid).post_count for cid in community_ids) == WRITERS * (
            CROSS_ROUNDS + 1)
        unread = sum(db.session.get(User, uid).unread_notification_count for uid in user_ids)
        assert unread == db.session.scalar(db.select(db.func.count()).select_from(Notification))
