"""Post numbers and counters stay right when many people reply at once."""

from concurrent.futures import ThreadPoolExecutor

from forum.extensions import db
from forum.models import Community, Post, Thread, User
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
