"""The transaction boundary (forum.transactions): what a request, a CLI command or an API call
leaves in the database, read back from a fresh session.

Real HTTP through the test client on the suite's database file. Where no real view has the shape
under test (a write followed by a refusal, a GET that writes without being marked), a probe view
on this module's own app composes real services: nothing of ours is replaced.
"""

import re
from pathlib import Path

import click
import pytest
from flask import Flask, url_for
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

import forum
from forum.errors import ValidationError
from forum.extensions import csrf, db
from forum.models import (
    Community,
    CommunityFollow,
    ConversationParticipant,
    Post,
    Thread,
    User,
    UserBlock,
    utcnow,
)
from forum.services.messages import do_start_conversation
from forum.services.posts import do_create_post
from forum.services.subscriptions import do_follow_community
from forum.transactions import unit_of_work, writes
from forum.web.helpers import redirect_with_error
from tests.conftest import form_post, make_test_config
from tests.factories import make_community, make_thread, make_user
from tests.test_api_support import bearer, issue_token, sent_events, uid


@pytest.fixture
def app_config(database_url: str) -> dict:
    # An app of this module's own (the probes below are added to it), answering an exception
    # that escapes with its 500 page as in production instead of raising it into the test.
    return make_test_config(database_url, PROPAGATE_EXCEPTIONS=False, TRANSACTION_PROBES=True)


# ---------- probes: real services, in the shapes real views have ----------


def _write_a_post(thread_id: int) -> Thread:
    thread = db.session.get(Thread, thread_id)
    do_create_post(thread.author, thread, body="Written before the refusal.")
    return thread


def _install_probes(app: Flask) -> None:
    if "probe_raise_after_write" in app.view_functions:
        return  # the app is kept for the whole test process (tests/conftest.py)

    @csrf.exempt
    def raise_after_write(thread_id: int):
        thread = _write_a_post(thread_id)
        do_create_post(thread.author, thread, body="")  # refused: ValidationError, handled by forum.errors
        return "not reached"

    @csrf.exempt
    def form_after_write(thread_id: int):
        thread = _write_a_post(thread_id)
        try:
            do_create_post(thread.author, thread, body="")
        except ValidationError as error:  # the shape of a view that shows its form again
            return f"form again: {error.message}", error.status
        return "not reached"

    @csrf.exempt
    def flash_after_write(thread_id: int):
        _write_a_post(thread_id)
        return redirect_with_error(url_for("threads.show", thread_id=thread_id), "Refused after a write.")

    def follow(user_id: int, community_id: int):
        do_follow_community(db.session.get(User, user_id), db.session.get(Community, community_id))
        return "followed"

    @writes
    def follow_marked(user_id: int, community_id: int):
        return follow(user_id, community_id)

    @csrf.exempt
    def commit_fails(user_id: int):
        # SQLite checks a deferred foreign key at COMMIT: the request writes, then its commit fails.
        db.session.execute(text("PRAGMA defer_foreign_keys = ON"))
        db.session.add(UserBlock(blocker_id=user_id, blocked_id=10**9, created_at=utcnow()))
        db.session.flush()
        return {"ok": True}

    @csrf.exempt
    def commit_busy(user_id: int):
        do_follow_community(db.session.get(User, user_id), db.session.scalar(select(Community)))

        def locked(session):
            raise OperationalError("COMMIT", {}, Exception("database is locked"))

        event.listen(db.session(), "before_commit", locked, once=True)  # this request's session only
        return {"ok": True}

    app.add_url_rule("/probe/<int:thread_id>/raise", "probe_raise_after_write", raise_after_write,
                     methods=["POST"])
    app.add_url_rule("/probe/<int:thread_id>/form", "probe_form_after_write", form_after_write, methods=["POST"])
    app.add_url_rule("/probe/<int:thread_id>/flash", "probe_flash_after_write", flash_after_write,
                     methods=["POST"])
    app.add_url_rule("/probe/follow/<int:user_id>/<int:community_id>", "probe_follow", follow)
    app.add_url_rule("/probe/follow-marked/<int:user_id>/<int:community_id>", "probe_follow_marked",
                     follow_marked)
    for prefix in ("/probe", "/api/v1/probe"):
        name = prefix.strip("/").replace("/", "_")
        app.add_url_rule(f"{prefix}/commit-fails/<int:user_id>", f"{name}_commit_fails", commit_fails,
                         methods=["POST"])
        app.add_url_rule(f"{prefix}/commit-busy/<int:user_id>", f"{name}_commit_busy", commit_busy,
                         methods=["POST"])

    @app.cli.command("probe-fail-after-write")
    @unit_of_work()
    def fail_after_write() -> None:
        make_user("written")
        raise click.ClickException("refused after a write")


@pytest.fixture
def app(app: Flask) -> Flask:
    """conftest's app, with the probes (added before its first request, as Flask requires)."""
    _install_probes(app)
    return app


@pytest.fixture
def thread_id(app, member) -> int:
    with app.app_context():
        thread = make_thread(db.session.get(User, uid(member)), make_community("vaccines"))
        db.session.commit()
        return thread.id


def fresh(app: Flask, statement):
    """One value read by a new session on its own connection: what is committed, nothing else."""
    with app.app_context(), Session(db.engine) as session:
        return session.scalar(statement)


def post_count(app: Flask, thread_id: int) -> int:
    return fresh(app, select(func.count()).select_from(Post).where(Post.thread_id == thread_id))


# ---------- requests ----------


def test_a_successful_post_is_committed_with_what_the_commit_triggers(app, client, auth, member, thread_id,
                                                                     captured_events):
    auth.login("member")
    response = form_post(client, f"/t/{thread_id}/reply", {"body": "Solar fridges worked for us."})
    assert response.status_code == 302
    assert post_count(app, thread_id) == 2
    # Counters move at before_commit, events leave at after_commit: the boundary's commit runs both.
    assert fresh(app, select(Thread.post_count).where(Thread.id == thread_id)) == 2
    assert fresh(app, select(Community.post_count).where(Community.slug == "vaccines")) == 2
    assert fresh(app, select(User.post_count).where(User.id == uid(member))) == 2
    assert "post.created" in [e.name for e in sent_events(captured_events)]


@pytest.mark.parametrize("shape, status", [("raise", 422), ("form", 422)])
def test_a_refusal_after_a_partial_write_leaves_nothing(app, client, thread_id, captured_events,
                                                        shape, status):
    response = client.post(f"/probe/{thread_id}/{shape}")
    assert response.status_code == status
    assert post_count(app, thread_id) == 1  # the opening post only
    assert fresh(app, select(Thread.post_count).where(Thread.id == thread_id)) == 1
    assert captured_events == []  # a rolled-back write never announces itself


def test_a_refusal_shown_by_a_flash_and_redirect_rolls_back(app, client, thread_id, captured_events):
    response = client.post(f"/probe/{thread_id}/flash")
    assert response.status_code == 303 and response.location.endswith(f"/t/{thread_id}")
    assert post_count(app, thread_id) == 1
    assert captured_events == []
    page = client.get(response.location, follow_redirects=True).get_data(as_text=True)
    assert "Refused after a write." in page


def test_a_view_that_redirects_with_an_error_writes_nothing(app, client, auth, member, thread_id):
    """The real views of that shape: a refused change of a thread's language."""
    auth.login("member")
    before = fresh(app, select(Thread.language).where(Thread.id == thread_id))
    slug = fresh(app, select(Thread.slug).where(Thread.id == thread_id))
    response = form_post(client, f"/t/{thread_id}/language", {"language": "tlh"}, page=f"/t/{thread_id}/{slug}")
    assert response.status_code == 303
    assert fresh(app, select(Thread.language).where(Thread.id == thread_id)) == before
    page = client.get(response.location, follow_redirects=True)
    assert page.status_code == 200 and 'class="flash' in page.get_data(as_text=True)


def test_a_get_commits_only_when_its_view_is_marked_writes(app, client, member):
    with app.app_context():
        community_id = make_community("vaccines").id
        db.session.commit()
    follows = select(func.count()).select_from(CommunityFollow)
    assert client.get(f"/probe/follow/{uid(member)}/{community_id}").status_code == 200
    assert fresh(app, follows) == 0  # an unmarked GET is rolled back: its write is lost
    assert client.get(f"/probe/follow-marked/{uid(member)}/{community_id}").status_code == 200
    assert fresh(app, follows) == 1


def test_reading_a_conversation_marks_it_read(app, client, auth, member, other_member):
    """The real GET marked @writes: a conversation's page records that its reader saw it."""
    with app.app_context():
        conversation = do_start_conversation(db.session.get(User, uid(other_member)), to="member", subject="Hi",
                                             body="Are the fridges in?")
        db.session.commit()
        conversation_id = conversation.id
    read_at = select(ConversationParticipant.last_read_at).where(
        ConversationParticipant.conversation_id == conversation_id, ConversationParticipant.user_id == uid(member))
    assert fresh(app, read_at) is None
    auth.login("member")
    assert client.get(f"/messages/{conversation_id}").status_code == 200
    assert fresh(app, read_at) is not None


@pytest.mark.parametrize("prefix", ["/probe", "/api/v1/probe"])
def test_a_commit_that_fails_is_an_error_page_not_a_success(app, client, member, prefix):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the probe makes the commit fail with SQLite's deferred foreign keys")
    response = client.post(f"{prefix}/commit-fails/{uid(member)}")
    assert response.status_code == 500
    if prefix.startswith("/api/"):
        assert response.get_json()["error"]["code"] == "server_error"
    else:
        assert "text/html" in response.content_type
    assert fresh(app, select(func.count()).select_from(UserBlock)) == 0


@pytest.mark.parametrize("prefix", ["/probe", "/api/v1/probe"])
def test_a_commit_on_a_locked_database_is_a_503(app, client, member, prefix):
    with app.app_context():
        make_community("vaccines")
        db.session.commit()
    response = client.post(f"{prefix}/commit-busy/{uid(member)}")
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    if prefix.startswith("/api/"):
        assert response.get_json()["error"]["code"] == "busy"
    # The other after_request hooks still see the error response (the boundary's runs first).
    assert "Content-Security-Policy" in response.headers
    assert fresh(app, select(func.count()).select_from(CommunityFollow)) == 0


# ---------- the API ----------


def test_an_api_write_answers_from_its_objects_and_is_committed(app, client, member, thread_id, captured_events):
    response = client.post(f"/api/v1/threads/{thread_id}/posts", json={"body": "**Cold** chain notes"},
                           headers=bearer(issue_token(app, member)))
    assert response.status_code == 201
    body = response.get_json()["post"]
    assert body["number"] == 2 and body["thread_id"] == thread_id and "<strong>Cold</strong>" in body["html"]
    assert fresh(app, select(Post.html).where(Post.id == body["id"])) == body["html"]
    assert fresh(app, select(Thread.post_count).where(Thread.id == thread_id)) == 2
    assert "post.created" in [e.name for e in sent_events(captured_events)]


def test_an_api_refusal_writes_nothing(app, client, member, thread_id):
    response = client.post(f"/api/v1/threads/{thread_id}/posts", json={"body": ""},
                           headers=bearer(issue_token(app, member)))
    assert response.status_code == 422
    assert post_count(app, thread_id) == 1


# ---------- the command line ----------


def test_a_cli_command_that_fails_writes_nothing(app):
    result = app.test_cli_runner().invoke(args=["probe-fail-after-write"])
    assert result.exit_code == 1 and "refused after a write" in result.output
    assert fresh(app, select(func.count()).select_from(User)) == 0


def test_a_cli_command_that_succeeds_is_committed(app, member):
    result = app.test_cli_runner().invoke(args=["users", "token", "member"])
    assert result.exit_code == 0, result.output
    response = app.test_client().get("/api/v1/me", headers=bearer(result.output.strip()))
    assert response.status_code == 200


# ---------- the rule stays ----------


def test_views_leave_commit_and_rollback_to_the_boundary():
    """No view commits or rolls back; a line that must says why with a `# transaction:` comment."""
    root = Path(forum.__file__).parent
    found = [f"{path.relative_to(root.parent)}:{number}: {line.strip()}"
             for path in sorted([*root.glob("web/**/*.py"), *root.glob("api/**/*.py")])
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\.(commit|rollback)\(", line) and "# transaction:" not in line]
    assert found == []
