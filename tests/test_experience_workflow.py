"""The editorial workflow of experiences (issue #19): the editorial queue, two-person publishing,
corrections of a published record with a public changelog, contributors told of a publication once,
notifications that name the experience. Rules at the permission level, one HTTP test per action."""

import re

import pytest
from sqlalchemy import func, select

from forum import permissions
from forum.errors import Forbidden, ValidationError
from forum.extensions import db
from forum.models import (
    CommunityModerator,
    Experience,
    ExperienceFacet,
    ExperienceTransition,
    Notification,
    QueuedMail,
    User,
)
from forum.notification_lines import describe
from forum.services import experiences as service
from forum.services.accounts import do_create_token
from tests.conftest import Auth, form_post, make_test_config, starting_rows
from tests.factories import make_community, make_post, make_thread, make_user, refetch
from tests.test_search_index import found

API = "/api/v1"
COMPLETE = {
    "summary": "Mobile cold boxes kept vaccines potent on river routes.", "modality": "south_south",
    "countries": [{"code": "BR", "role": "offering"}, {"code": "PE", "role": "receiving"}],
    "start_year": 2021, "end_year": 2023, "context": "River communities far from cold rooms.",
}


@pytest.fixture
def app_config(database_url):
    """Two-person publishing, the default (the suite's other modules publish with 0)."""
    return make_test_config(database_url, EXPERIENCE_PUBLISH_REVIEWERS=1)


def _record(promoter: User, community, title: str, path: tuple[tuple[User, str, str], ...] = (),
            editors: tuple[User, ...] = (), replier: User | None = None) -> int:
    """A record documented by `promoter` from a thread titled differently, taken along `path`."""
    thread = make_thread(promoter, community, title=f"Thread: {title}", body=f"How we did {title}")
    if replier is not None:
        make_post(replier, thread, f"We took part in {title}.")
    experience = service.do_promote_thread(promoter, thread)
    service.do_update_experience(promoter, experience, {**COMPLETE, "title": title})
    for editor in editors:
        service.do_add_editor(promoter, experience, editor.username)
    for actor, to, comment in path:
        service.do_transition(actor, experience, to=to, comment=comment)
    db.session.commit()
    return experience.id


def _build(app) -> dict:
    with app.app_context():
        users = {name: make_user(name, role=role, country=country) for name, role, country in (
            ("editor_mod", "moderator", "CO"), ("reviewer", "moderator", "PA"), ("cmod", "member", "PE"),
            ("cmod_other", "member", "BO"), ("ana", "member", "BR"), ("mia", "member", "CL"))}
        here, there = make_community("immunization"), make_community("emergencies")
        db.session.add_all([CommunityModerator(user_id=users["cmod"].id, community_id=here.id),
                            CommunityModerator(user_id=users["cmod_other"].id, community_id=there.id)])
        promoter, reviewer = users["editor_mod"], users["reviewer"]
        review = ((promoter, "in_review", ""),)
        ids = {
            "review": _record(promoter, here, "Cold chain on rivers", review),
            "fresh": _record(promoter, here, "Midwives of the Andes"),
            "sent_back": _record(promoter, here, "School vaccination",
                                 (*review, (reviewer, "draft", "Add the coverage source."))),
            "published": _record(promoter, here, "Solar fridges", (*review, (reviewer, "published", "")),
                                 replier=users["ana"]),
            "ana_draft": _record(promoter, here, "Ana's draft", editors=(users["ana"],)),
        }
        return {"ids": ids, "users": {name: u.id for name, u in users.items()}}


@pytest.fixture
def world(app):
    return starting_rows(app, "experience-workflow", lambda: _build(app))


def _user(world, name: str) -> User:
    return db.session.get(User, world["users"][name])


# ---------- the rules ----------


def test_who_may_publish_correct_and_see_the_queue(app, world):
    """Every rule of the workflow for every persona, at the permission level."""
    with app.app_context():
        review = refetch(Experience, world["ids"]["review"])
        published = refetch(Experience, world["ids"]["published"])
        people = {name: _user(world, name) for name in world["users"]} | {"anonymous": None}
        expected = {
            # persona: (publishes the record in review, corrects the published one, sees the queue)
            "editor_mod": (False, True, True),  # its editor: someone else reviews it
            "reviewer": (True, True, True),
            "cmod": (True, True, True),  # a moderator of its theme
            "cmod_other": (False, False, True),  # moderates elsewhere: an empty queue
            "ana": (False, False, True),  # a contributor, no editor of these; edits a draft
            "mia": (False, False, False),
            "anonymous": (False, False, False),
        }
        actual = {name: (permissions.can_publish_experience(people[name], review),
                         permissions.can_correct_experience(people[name], published),
                         permissions.can_view_editorial_queue(people[name])) for name in expected}
        assert actual == expected
        assert permissions.can_transition_experience(people["reviewer"], review, "published")
        assert not permissions.can_transition_experience(people["editor_mod"], review, "published")
        app.config["EXPERIENCE_PUBLISH_REVIEWERS"] = 0  # small sites: any moderator, editors included
        assert permissions.can_publish_experience(people["editor_mod"], review)
        assert not permissions.can_publish_experience(people["ana"], review)


def test_self_approval_is_refused_and_changes_nothing(app, client, world):
    review_id = world["ids"]["review"]
    with app.app_context():
        with pytest.raises(Forbidden) as error:
            service.do_transition(_user(world, "editor_mod"), refetch(Experience, review_id), to="published")
        assert error.value.code == "reviewer_is_editor"
        db.session.rollback()
    auth = Auth(client)
    auth.login("editor_mod")
    page = client.get(f"/experiences/{review_id}").get_data(as_text=True)
    assert "Approve and publish" not in page and "a moderator who is not one of its editors" in page
    response = form_post(client, f"/experiences/{review_id}/transition/published", {},
                         page=f"/experiences/{review_id}", follow_redirects=True)
    assert "a moderator who is not one of its editors reviews and publishes it" in response.get_data(as_text=True)
    token = _api_token(app, world, "editor_mod")
    refused = client.post(f"{API}/experiences/{review_id}/transition", headers=token, json={"to": "published"})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "reviewer_is_editor"
    with app.app_context():
        experience = refetch(Experience, review_id)
        assert (experience.status, experience.reviewed_by_id, experience.published_at) == ("in_review", None, None)
        assert db.session.scalar(select(func.count()).select_from(ExperienceTransition)
                                 .where(ExperienceTransition.experience_id == review_id)) == 1


def test_a_moderator_who_is_no_editor_approves_and_publishes(app, client, world):
    review_id = world["ids"]["review"]
    auth = Auth(client)
    auth.login("reviewer")
    page = client.get(f"/experiences/{review_id}").get_data(as_text=True)
    assert "Approve and publish" in page
    response = form_post(client, f"/experiences/{review_id}/transition/published", {},
                         page=f"/experiences/{review_id}")
    assert response.status_code == 302
    page = client.get(f"/experiences/{review_id}").get_data(as_text=True)
    assert "Reviewed by" in page and ">Reviewer</a>" in page
    document = client.get(f"{API}/experiences/{review_id}").get_json()
    assert document["experience"]["status"] == "published"
    assert document["reviewed_by"]["username"] == "reviewer" and document["reviewed_at"]
    with app.app_context():
        assert refetch(Experience, review_id).reviewed_by_id == world["users"]["reviewer"]


# ---------- contributors hear of a publication once; notifications name the experience ----------


def test_contributors_are_told_of_a_publication_once(app, world):
    published_id = world["ids"]["published"]
    with app.app_context():
        reviewer, ana = _user(world, "reviewer"), _user(world, "ana")

        def told() -> list[Notification]:
            return list(db.session.scalars(select(Notification).where(
                Notification.kind == "experience_published", Notification.user_id == ana.id)))

        assert len(told()) == 1
        for to, comment in (("archived", ""), ("published", ""), ("draft", "Fix the period."), ("in_review", ""),
                            ("published", "")):
            actor = _user(world, "editor_mod") if to == "in_review" else reviewer
            service.do_transition(actor, refetch(Experience, published_id), to=to, comment=comment)
            db.session.commit()
        (note,) = told()
        line = describe(note)
        assert "“Solar fridges”" in line.text and "Thread:" not in line.text
        assert line.url == f"/experiences/{published_id}"
        # Her mail about the publication (she also had one when she was made an editor of a draft).
        subjects = list(db.session.scalars(select(QueuedMail.subject).where(QueuedMail.user_id == ana.id)))
        published = [subject for subject in subjects if "Solar fridges" in subject]
        assert len(published) == 1 and "Thread:" not in published[0], subjects
        status = db.session.scalar(select(Notification).where(
            Notification.kind == "experience_status", Notification.user_id == world["users"]["editor_mod"],
            Notification.experience_id == published_id).limit(1))
        assert "“Solar fridges”" in describe(status).text and describe(status).url == f"/experiences/{published_id}"


# ---------- corrections without unpublishing ----------


def test_a_correction_needs_a_change_note_and_keeps_the_record_published(app, world):
    published_id = world["ids"]["published"]
    with app.app_context():
        editor = _user(world, "editor_mod")
        before = refetch(Experience, published_id)
        state = (before.title, before.revision_count, before.updated_at)
        for note, code in ((None, "required"), ("   ", "required"), ("x" * 201, "too_long"), ("\x00", None)):
            with pytest.raises(ValidationError) as error:
                service.do_update_experience(editor, refetch(Experience, published_id),
                                             {"title": "Solar fridges in Quillabamba"}, change_note=note)
            assert error.value.field == "change_note" and (code is None or error.value.code == code)
            db.session.rollback()
        with pytest.raises(Forbidden):  # a contributor is not an editor
            service.do_update_experience(_user(world, "ana"), refetch(Experience, published_id),
                                         {"title": "Mine"}, change_note="mine")
        db.session.rollback()
        after = refetch(Experience, published_id)
        assert (after.title, after.revision_count, after.updated_at) == state
        assert service.changelog(after) == []

        service.do_update_experience(editor, after, {
            "title": "Solar fridges in Quillabamba",
            "countries": [*COMPLETE["countries"], {"code": "CO", "role": "partner"}]},
            change_note="Added Colombia, a partner from the start.")
        db.session.commit()
        corrected = refetch(Experience, published_id)
        assert corrected.status == "published" and corrected.revision_count == state[1] + 1
        assert [r.change_note for r in service.changelog(corrected)] == ["Added Colombia, a partner from the start."]
        assert db.session.scalar(select(ExperienceFacet).where(
            ExperienceFacet.experience_id == published_id, ExperienceFacet.facet == "country",
            ExperienceFacet.value == "CO")) is not None
        assert ("experience", published_id) in found("Quillabamba")


def test_correcting_through_the_form_shows_the_changelog(app, client, world):
    published_id = world["ids"]["published"]
    auth = Auth(client)
    auth.login("reviewer")
    edit = f"/experiences/{published_id}/edit"
    page = client.get(f"/experiences/{published_id}").get_data(as_text=True)
    assert "Correct the record" in page
    form = client.get(edit).get_data(as_text=True)
    assert 'name="change_note"' in form
    fields = {"title": "Solar fridges on the Ucayali", "summary": COMPLETE["summary"], "modality": "south_south",
              "country": ["BR", "PE"], "country_role": ["offering", "receiving"], "themes": ["immunization"],
              "start_year": "2021", "end_year": "2023", "language": "en", "license": "CC-BY-4.0",
              "context": COMPLETE["context"]}
    missing = form_post(client, edit, fields)
    assert missing.status_code == 422
    text = missing.get_data(as_text=True)
    assert "Say briefly what you corrected" in text and 'value="Solar fridges on the Ucayali"' in text
    saved = form_post(client, edit, {**fields, "change_note": "Corrected the river."})
    assert saved.status_code == 302
    page = client.get(f"/experiences/{published_id}").get_data(as_text=True)
    assert re.search(r"Updated <time[^>]*>[^<]+</time>: Corrected the river\.", page)
    document = client.get(f"{API}/experiences/{published_id}").get_json()
    assert document["experience"]["title"] == "Solar fridges on the Ucayali"
    assert [(c["note"], c["revision"]) for c in document["changelog"]] == [("Corrected the river.", 3)]


# ---------- the editorial queue ----------


def _titles(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/experiences/\d+/[^"]*"[^>]*>([^<]+)</a>', html)


def test_the_queue_tabs_access_and_header_count(app, client, world):
    auth = Auth(client)
    assert client.get("/experiences/queue").status_code == 401  # as every page behind login_required
    assert client.get(f"{API}/experiences/queue").status_code == 401
    auth.login("editor_mod")
    home = client.get("/").get_data(as_text=True)
    assert re.search(r"Editorial queue <span class=\"count-badge\">1<", home)
    assert _titles(client.get("/experiences/queue").get_data(as_text=True)) == ["Cold chain on rivers"]
    drafts = client.get("/experiences/queue?tab=drafts").get_data(as_text=True)
    assert sorted(_titles(drafts)) == ["Ana&#39;s draft", "Midwives of the Andes", "School vaccination"]
    changes = client.get("/experiences/queue?tab=changes").get_data(as_text=True)
    assert _titles(changes) == ["School vaccination"] and "Changes requested</span>" in changes
    # The countries' column: their validation, asked for when the record went to review.
    assert re.search(r"Pending: <a [^>]*>Brazil</a>, <a [^>]*>Peru</a>", changes)
    assert len(_titles(client.get("/experiences/queue?tab=mine").get_data(as_text=True))) == 4
    assert client.get("/experiences/queue?tab=archived").status_code == 404
    api = client.get(f"{API}/experiences/queue?tab=changes").get_json()
    assert api["counts"] == {"review": 1, "drafts": 3, "changes": 1, "mine": 4}
    (item,) = api["items"]
    assert (item["title"], item["status"], item["changes_requested"]) == ("School vaccination", "draft", True)
    assert [e["username"] for e in item["editors"]] == ["editor_mod"] and item["status_changed_at"]
    assert client.get(f"{API}/experiences/queue?tab=nope").status_code == 422

    auth.logout()
    auth.login("ana")  # edits one draft: her queue opens on it
    assert _titles(client.get("/experiences/queue").get_data(as_text=True)) == ["Ana&#39;s draft"]
    assert _titles(client.get("/experiences/queue?tab=review").get_data(as_text=True)) == []
    auth.logout()
    auth.login("cmod_other")  # moderates another community: nothing of this one
    assert _titles(client.get("/experiences/queue?tab=drafts").get_data(as_text=True)) == []
    auth.logout()
    auth.login("mia")  # edits nothing, moderates nothing
    assert client.get("/experiences/queue").status_code == 403
    assert client.get(f"{API}/experiences/queue", headers=_api_token(app, world, "mia")).status_code == 403


def test_the_queue_runs_a_constant_number_of_queries(app, client, world, count_queries):
    auth = Auth(client)
    auth.login("reviewer")

    def queries() -> int:
        with count_queries() as counter:
            assert client.get("/experiences/queue?tab=drafts").status_code == 200
        return counter.count

    few = queries()
    with app.app_context():
        promoter, community = _user(world, "editor_mod"), refetch(Experience, world["ids"]["fresh"]).themes[0].community
        for n in range(4):
            _record(promoter, community, f"Another draft {n}", editors=(_user(world, "ana"),))
    assert queries() == few


def _api_token(app, world, name: str) -> dict[str, str]:
    with app.app_context():
        _token, raw = do_create_token(_user(world, name), "t")
        db.session.commit()
    return {"Authorization": f"Bearer {raw}"}
