"""Issue #21's Done-when as one journey through the pages, without JavaScript:

a member writes half a reply on the laptop (the draft the page's script saves), closes it, finishes
it on the phone (another session: the form comes back filled), attaches the PDF of a protocol; the
question's author marks it as the answer; others mark it helpful and bookmark it; and the thread is
found once in search under "answered".
"""

import io
import re

from sqlalchemy import select

from forum.extensions import db
from forum.models import Bookmark, Post, Thread, User
from tests.conftest import Auth, form_post
from tests.factories import make_community, make_thread, refetch
from tests.test_api_support import uid
from tests.test_uploads import PDF

HALF = "In Loreto we keep the cold boxes at 2-8 °C with"
REST = " conditioned ice packs, and log the temperature twice a day. Our protocol is attached."


def test_half_a_reply_on_the_laptop_finished_on_the_phone_answers_the_question(app, member, other_member, moderator):
    with app.app_context():
        asker = db.session.scalar(select(User).where(User.username == "moderator"))
        community = make_community("immunization", name="Immunization")
        thread = make_thread(asker, community, title="How do you keep vaccines cold on river boats?", kind="question")
        db.session.commit()
        thread_id, path = thread.id, f"/t/{thread.id}/{thread.slug}"

    laptop, phone, asker_client, third = (app.test_client() for _ in range(4))
    Auth(laptop).login("other")
    # The laptop's script saves what is typed (the same request the page's drafts.js makes).
    saved = laptop.put(f"/api/v1/drafts/reply:{thread_id}", json={"body": HALF},
                       headers={"X-CSRFToken": Auth(laptop).csrf_token(path)})
    assert saved.status_code == 200

    # The phone: another session of the same member; the reply form comes back with the half reply.
    Auth(phone).login("other")
    page = phone.get(path).get_data(as_text=True)
    assert HALF in page and "/drafts" in page
    assert "/drafts" in phone.get("/drafts").get_data(as_text=True)
    reply = form_post(phone, f"/t/{thread_id}/reply",
                      {"body": HALF + REST, "file": (io.BytesIO(PDF), "cold-chain-protocol.pdf")},
                      page=path, content_type="multipart/form-data")
    assert reply.status_code in (302, 303), reply.get_data(as_text=True)[:500]
    with app.app_context():
        answer = db.session.scalar(select(Post).where(Post.thread_id == thread_id, Post.number == 2))
        answer_id = answer.id
        file_url = re.search(r'href="(/uploads/\d+/[^"]+)"', answer.html).group(1)
    # Sent: the draft is gone everywhere, and the protocol is a download for every reader.
    assert HALF not in laptop.get("/drafts").get_data(as_text=True)
    served = third.get(file_url)
    assert served.status_code == 200 and served.data == PDF
    assert served.headers["Content-Disposition"].startswith("attachment;")

    # The question's author marks it as the answer.
    Auth(asker_client).login("moderator")
    assert form_post(asker_client, f"/t/{thread_id}/answer", {"post_id": answer_id}, page=path).status_code == 302
    with app.app_context():
        assert refetch(Thread, thread_id).answered_post_id == answer_id

    # Another member finds it helpful and bookmarks it.
    Auth(third).login("member")
    assert form_post(third, f"/p/{answer_id}/reactions", {"kind": "helpful"}, page=path).status_code == 302
    assert form_post(third, "/bookmarks", {"post_id": answer_id, "next": path}, page=path).status_code == 303
    with app.app_context():
        assert refetch(Post, answer_id).helpful_count == 1
        assert db.session.scalar(select(Bookmark.post_id).where(Bookmark.user_id == uid(member))) == answer_id
    page = third.get(path).get_data(as_text=True)
    assert 'class="answer-excerpt"' in page and "badge-answer" in page
    assert "cold-chain-protocol.pdf" in page
    assert "How do you keep vaccines cold" in third.get("/bookmarks").get_data(as_text=True)

    # Search, under "answered": the thread once, with the answer under it.
    results = third.get("/search", query_string={"q": "cold boxes ice packs", "answered": "1"}).get_data(as_text=True)
    assert results.count(f'href="{path}"') == 1, results
    assert "badge-answered" in results
