"""What a reply writes (issue #23): the thread's row once, its revision moved once."""

from forum.extensions import db
from forum.models import Thread, User
from tests.conftest import form_post
from tests.factories import make_community, make_thread


def test_a_reply_writes_its_threads_row_once_and_moves_its_revision(app, client, auth, member, count_queries):
    with app.test_request_context(method="POST"):
        thread = make_thread(db.session.get(User, member.id), make_community(), title="Cold chain in the Andes")
        db.session.commit()
        thread_id, before = thread.id, thread.revision
    auth.login("member")
    with count_queries() as queries:
        response = form_post(client, f"/t/{thread_id}/reply", {"body": "We kept the vaccines cold."},
                             page=f"/t/{thread_id}/reply")
    assert response.status_code == 302
    assert len([s for s in queries.statements if s.lstrip().upper().startswith("UPDATE THREADS")]) == 1
    with app.app_context():
        assert db.session.get(Thread, thread_id).revision == before + 1


def test_a_rolled_back_savepoint_does_not_keep_the_revision_from_moving(app, member):
    with app.test_request_context(method="POST"):
        thread = make_thread(db.session.get(User, member.id), make_community(), title="Cold chain in the Andes")
        db.session.commit()
        before = thread.revision
        savepoint = db.session.begin_nested()
        thread.title = "A title given up"
        db.session.flush()
        savepoint.rollback()
        thread.is_pinned = True
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Thread, thread.id).revision == before + 1
