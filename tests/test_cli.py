"""The command-line tools an operator uses."""

from pathlib import Path

import pytest

from forum.extensions import db
from forum.models import ApiToken, Community, Post, Thread, User


def test_users_create_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(args=["users", "create", "carla", "Carla@Example.org", "--role", "moderator",
                                 "--country", "CL"], input="a long enough passphrase\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(db.select(User))
        assert (user.username, user.email, user.role, user.country, user.is_verified) == (
            "carla", "carla@example.org", "moderator", "CL", True)
    login = app.test_client()
    from tests.conftest import Auth

    assert Auth(login).login("carla", "a long enough passphrase").status_code == 302


def test_users_create_refuses_bad_input_and_writes_nothing(app, runner):
    result = runner.invoke(args=["users", "create", "x", "not-an-email"], input="short\n")
    assert result.exit_code != 0 and "username" in result.output
    result = runner.invoke(args=["users", "create", "carla", "c@example.org"], input="password123\n")
    assert result.exit_code != 0 and "common" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_users_token_prints_a_working_token(app, runner, member):
    result = runner.invoke(args=["users", "token", "member"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip()
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json["user"]["username"] == "member"
    with app.app_context():
        token = db.session.scalar(db.select(ApiToken))
        assert token.token_hash != raw and raw not in token.token_hash  # only the hash is stored
    assert runner.invoke(args=["users", "token", "nobody"]).exit_code != 0


# The demo is what `make run` loads, into its SQLite database (never into a production one): it
# runs there only (20 s more on PostgreSQL, for a seed whose statements the other tests run on both).
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_seed_demo_is_idempotent_and_plausible(app, runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        counts = {model.__name__: db.session.scalar(db.select(db.func.count()).select_from(model))
                  for model in (Community, User, Thread, Post)}
        # 67 threads from demo/, and the two projects' progress discussions
        assert counts["Community"] == 8 and counts["User"] == 20 and counts["Thread"] == 69
        assert 380 <= counts["Post"] <= 430
        assert {u.role for u in db.session.scalars(db.select(User))} == {"member", "moderator", "admin"}
        assert len({u.country for u in db.session.scalars(db.select(User))}) >= 10
        for community in db.session.scalars(db.select(Community)):
            threads = db.session.scalars(db.select(Thread).where(Thread.community_id == community.id)).all()
            assert community.thread_count == len(threads)
            assert community.post_count == sum(t.post_count for t in threads)
            # The dates of the demo's history, not the moment the seed ran.
            newest = max(threads, key=lambda t: t.last_activity_at)
            assert (community.last_activity_at, community.last_thread_id) == (newest.last_activity_at, newest.id)
        # Published experiences drawn from the threads, across countries and modalities.
        from forum.models import Experience
        from forum.services.experience_library import published_country_counts

        published = db.session.scalars(db.select(Experience).where(Experience.status == "published")).all()
        assert len(published) >= 6
        assert len({e.modality for e in published}) >= 5
        assert all(e.thread_id and e.evidence and e.people_with_role("contributor") for e in published)
        assert len(published_country_counts()) >= 10
    # One seed for what the README promises of the demo (a seed costs seconds; the suite seeds once).
    _demo_cooperation_fills_the_board(app)
    _demo_accounts_from_the_readme_log_in(app)
    _demo_people_populate_the_directory(app)
    _demo_editorial_workflow(app)
    _demo_assessment_shows_a_good_practice(app)
    _demo_accounts_start_with_a_handful_unread(app)
    again = runner.invoke(args=["seed", "demo"])
    assert again.exit_code == 0 and "already" in again.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Thread)) == 69
    skipped = runner.invoke(args=["seed", "demo", "--if-empty"])
    assert skipped.exit_code == 0 and "not loaded" in skipped.output


def _demo_accounts_start_with_a_handful_unread(app) -> None:
    """Each account's newest few notifications are unread (the rest were read long ago), dated like
    the posts they are about, and the header's counter says so (two queries)."""
    from forum.models import Notification
    from forum.seed.demo import UNREAD_KEPT

    with app.app_context():
        rows = db.session.execute(
            db.select(Notification.user_id, Notification.read_at, Notification.created_at, Post.created_at)
            .outerjoin(Post, Post.id == Notification.post_id)
            .order_by(Notification.user_id, Notification.created_at.desc(), Notification.id.desc())).all()
        counters = dict(db.session.execute(db.select(User.id, User.unread_notification_count)).all())
    by_user: dict[int, list] = {}
    for row in rows:
        by_user.setdefault(row[0], []).append(row)
    for user_id, counter in counters.items():
        mine = by_user.get(user_id, [])
        read = [r[1] is not None for r in mine]
        assert read == [False] * min(len(mine), UNREAD_KEPT) + [True] * (len(mine) - UNREAD_KEPT), user_id
        assert counter == read.count(False) <= UNREAD_KEPT
    assert sum(len(mine) > UNREAD_KEPT for mine in by_user.values()) >= 10  # most have read ones below
    assert all(r[2] == r[3] for r in rows if r[3] is not None)


def _demo_cooperation_fills_the_board(app) -> None:
    """Every offer and request has its fields: the board shows them all, from many countries,
    some matched, some with interest waiting; the Bolivian request has a Brazilian offer to find."""
    from forum.models import CooperationDetails, CooperationInterest

    with app.app_context():
        offers_and_requests = db.session.scalar(db.select(db.func.count()).select_from(Thread).where(
            Thread.kind.in_(("offer", "request"))))
        details = db.session.scalars(db.select(CooperationDetails)).all()
        assert len(details) == offers_and_requests >= 14
        assert len({d.country for d in details}) >= 9
        assert {d.status for d in details} == {"open", "matched"}
        assert all(d.themes and d.support_types and d.languages and d.open_until for d in details)
        assert db.session.scalar(db.select(db.func.count()).select_from(CooperationInterest)) >= 1
        bolivia = next(d for d in details if d.country == "BO")
        # One project in progress, one completed and documented as a published experience.
        from forum.models import Experience, Project

        projects = {p.status: p for p in db.session.scalars(db.select(Project))}
        assert set(projects) == {"in_progress", "completed"}
        for project in projects.values():
            assert project.milestones and project.budget_lines and project.discussion_thread_id
            assert len(project.focal_point_ids) == 2 and project.offer_thread_id and project.request_thread_id
        documented = db.session.get(Experience, projects["completed"].experience_id)
        assert documented.status == "published"
        assert {c["code"] for c in documented.countries} == {"BR", "JM"}
    body = app.test_client().get(f"/api/v1/threads/{bolivia.thread_id}/matches").get_json()
    assert "BR" in {suggestion["country"] for suggestion in body["suggestions"]}


def _demo_assessment_shows_a_good_practice(app) -> None:
    """demo/assessment.toml: a published good practice validated by every country, and the record in
    review screened, scored by one assessor, with a change asked for by Bolivia."""
    from forum.models import Experience
    from forum.services.experience_assessment import validation_summary

    with app.app_context():
        records = {e.status: e for e in db.session.scalars(db.select(Experience).where(
            Experience.assessment_status != "none"))}
        assert records["published"].assessment_status == "good_practice"
        assert records["in_review"].assessment_status == "screened"
        summaries = validation_summary(records.values())
        assert summaries[records["published"].id].is_complete
        assert summaries[records["in_review"].id].changes_requested == ["BO"]
    client = app.test_client()
    assert "Casas de espera" in client.get("/experiences?assessment=good_practice&validated=all").get_data(
        as_text=True)


def _demo_accounts_from_the_readme_log_in(app) -> None:
    from forum.seed.demo import DEMO_MEMBER_PASSWORD, DEMO_PASSWORDS
    from tests.conftest import Auth

    for username, password in DEMO_PASSWORDS.items():
        client = app.test_client()
        assert Auth(client).login(username, password).status_code == 302
    with app.app_context():
        member = db.session.scalar(db.select(User).where(User.role == "member"))
        name = member.username
    assert Auth(app.test_client()).login(name, DEMO_MEMBER_PASSWORD).status_code == 302
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for password in (*DEMO_PASSWORDS.values(), DEMO_MEMBER_PASSWORD):
        assert password in readme


def _demo_editorial_workflow(app) -> None:
    """The demo moderator's queue holds the record in review and a draft with changes requested;
    every publication was reviewed by someone who edits none of the record (two-person publishing);
    one published record shows a correction in its changelog."""
    from forum.models import Experience
    from forum.services import experience_queue, experiences

    with app.app_context():
        moderator = db.session.scalar(db.select(User).where(User.username == "moderator"))
        review = experience_queue.queue_page(moderator, "review", 1, 20)
        changes = experience_queue.queue_page(moderator, "changes", 1, 20)
        assert [row.experience.title[:19] for row in review.rows] == ["Teledermatología en"]
        assert [row.experience.title[:19] for row in changes.rows] == ["Vacunación contra V"]
        published = db.session.scalars(db.select(Experience).where(Experience.status == "published")).all()
        assert all(e.reviewed_by_id and e.reviewed_by_id not in e.editor_ids for e in published)
        corrected = [e for e in published if experiences.changelog(e)]
        assert [e.title[:15] for e in corrected] == ["Casas de espera"] and corrected[0].end_month == 6


def _demo_people_populate_the_directory(app) -> None:
    client = app.test_client()
    with app.app_context():
        users = db.session.scalars(db.select(User)).all()
        assert all(u.position and u.expertise and u.languages and u.timezone and u.bio_html for u in users)
    body = client.get("/api/v1/people?expertise=cold-chain&language=pt").get_json()
    assert [i["username"] for i in body["items"]] == ["ana_souza"]
    assert client.get("/api/v1/people?language=qu").get_json()["total"] == 2
    html = client.get("/u/mquispe").get_data(as_text=True)
    assert "Obstetrician" in html and 'href="/people?expertise=maternal-health"' in html


def test_seed_bench_keeps_counters_right(app, runner):
    result = runner.invoke(args=["seed", "bench", "--posts", "500", "--threads", "10"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Post)) == 500
        total = db.session.scalar(db.select(db.func.sum(Community.post_count)))
        assert total == 500
        for thread in db.session.scalars(db.select(Thread)):
            numbers = db.session.scalars(db.select(Post.number).where(Post.thread_id == thread.id)
                                         .order_by(Post.number)).all()
            assert numbers == list(range(1, thread.post_count + 1)) and thread.last_post_number == len(numbers)
