"""Mail leaves from the background sender: a request never takes a second pooled connection, and
what it does for an account mail does not depend on whether the address has an account.

Issue #16: after a reply, the request sent its notification mail on a second connection (the
pool deadlocked under 16 clients), and a password reset was rendered and sent in the request only
for registered addresses (its timing told them apart).
"""

import re
import threading
from collections import Counter

import pytest
from sqlalchemy import event, select

from forum import mail, outbox
from forum.extensions import db
from forum.models import QueuedMail, User
from forum.services.accounts import AccountMail
from tests.conftest import PASSWORD, form_post, make_test_config
from tests.factories import make_community, make_thread
from tests.smtp import smtp_server  # noqa: F401  (fixture)
from tests.test_api_support import API, bearer, issue_token


@pytest.fixture
def app_config(database_url, smtp_server):  # noqa: F811
    return make_test_config(database_url, MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port)


class HeldConnections:
    """The most pooled connections each thread held at once."""

    def __init__(self) -> None:
        self.now: Counter[int] = Counter()
        self.most: Counter[int] = Counter()
        self._lock = threading.Lock()

    def checkout(self, *_args) -> None:
        with self._lock:
            thread = threading.get_ident()
            self.now[thread] += 1
            self.most[thread] = max(self.most[thread], self.now[thread])

    def checkin(self, *_args) -> None:
        with self._lock:
            self.now[threading.get_ident()] -= 1


@pytest.fixture
def held(app):
    counter = HeldConnections()
    with app.app_context():
        pool = db.engine.pool
    event.listen(pool, "checkout", counter.checkout)
    event.listen(pool, "checkin", counter.checkin)
    yield counter
    event.remove(pool, "checkout", counter.checkout)
    event.remove(pool, "checkin", counter.checkin)


def test_no_request_holds_two_connections_and_mail_leaves_from_the_sender(app, client, member, other_member,
                                                                          held, smtp_server):  # noqa: F811
    with app.app_context():
        thread = make_thread(db.session.get(User, other_member.id), make_community(), title="Cold chain")
        db.session.commit()
        thread_id = thread.id
    token = issue_token(app, member)
    # A reply (its author is mailed), a registration, a reset: every kind of mail after a commit.
    reply = client.post(f"{API}/threads/{thread_id}/posts", json={"body": "A reply"}, headers=bearer(token))
    assert reply.status_code == 201
    registered = form_post(client, "/register", {"email": "nova@example.org", "username": "nova",
                                                 "display_name": "Nova", "password": PASSWORD,
                                                 "country": "PE", "sector": "academia", "organization": ""})
    assert registered.status_code == 200
    assert form_post(app.test_client(), "/password/forgot", {"email": "member@example.org"}).status_code == 200
    subjects = sorted(m["Subject"] for m in smtp_server.wait_for(3))
    assert subjects == ["Confirm your email address", "Reset your password",
                        "[Horizonte] Member replied in “Cold chain”."]
    me = threading.get_ident()  # the test client runs each request on this thread
    assert held.most[me] == 1, "a request held a second pooled connection"
    assert set(held.most) - {me}, "the mail was not sent from another thread"


def reset_request(app, count_queries, email: str) -> tuple[list[str], list]:
    """The statements a reset request runs and what it hands over after its commit: on this
    thread only, as QueryCounter counts, for the mail sender may already be at work on its own
    thread (queueing the known address's mail) while the request returns."""
    client = app.test_client()
    form_post(client, "/password/forgot", {"email": "warm-up@example.org"})  # the form's own queries
    assert mail.sender.flush()
    request_thread, handed = threading.get_ident(), []

    def observer(kind: str, job: object) -> None:
        if threading.get_ident() == request_thread:
            handed.append((kind, type(job).__name__, getattr(job, "kind", None)))

    outbox.observers.append(observer)
    try:
        with count_queries() as queries:
            response = form_post(client, "/password/forgot", {"email": email})
    finally:
        outbox.observers.remove(observer)
    assert response.status_code == 200
    return queries.statements, handed


def test_a_reset_request_does_the_same_for_known_and_unknown_addresses(app, member, count_queries,
                                                                        smtp_server):  # noqa: F811
    known = reset_request(app, count_queries, "member@example.org")
    unknown = reset_request(app, count_queries, "nobody@example.org")
    assert known == unknown  # the same SQL (none touches users) and the same job
    assert known[1] == [("account_mail", "AccountMail", "reset_password")]
    # The sender looked the addresses up: only the account's owner gets a mail.
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "member@example.org" and message["Subject"] == "Reset your password"
    assert len(smtp_server.settled()) == 1
    with app.app_context():
        assert [row.to for row in db.session.scalars(select(QueuedMail))] == ["member@example.org"]


def test_registration_queues_one_mail_job_whether_or_not_the_address_is_taken(app, member, count_queries,
                                                                               captured_events,
                                                                               smtp_server):  # noqa: F811
    def register(email: str, username: str) -> tuple[list[str], list[AccountMail]]:
        client = app.test_client()
        client.get("/register")
        captured_events.clear()
        with count_queries() as queries:
            response = form_post(client, "/register", {"email": email, "username": username, "display_name": "N",
                                                       "password": PASSWORD, "country": "PE",
                                                       "sector": "academia", "organization": ""})
        assert response.status_code == 200
        return queries.statements, [job for kind, job in captured_events if kind == "account_mail"]

    new_statements, [new_job] = register("nova@example.org", "nova")
    taken_statements, [taken_job] = register("member@example.org", "nova_two")
    assert (new_job.kind, taken_job.kind) == ("confirm_email", "already_registered")
    # Nothing is rendered or written for the mail in either request: the sender does it.
    assert not [s for s in new_statements + taken_statements if "mail_queue" in s]
    assert sorted(m["To"] for m in smtp_server.wait_for(2)) == ["member@example.org", "nova@example.org"]


def test_links_in_mail_ignore_a_forged_host_header(app, member, smtp_server):  # noqa: F811
    """A reset requested through a forged Host must not mail a link to that host."""
    client = app.test_client()
    forged = "http://attacker.example"
    page = client.get("/password/forgot", base_url=forged).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/password/forgot", data={"email": "member@example.org", "csrf_token": token},
                           base_url=forged)
    assert response.status_code == 200
    [message] = smtp_server.wait_for(1)
    text = message.get_body(("plain",)).get_content()
    assert "attacker.example" not in message.as_string()
    assert app.config["SERVER_BASE_URL"].rstrip("/") + "/password/reset/" in text
