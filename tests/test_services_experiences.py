"""Experience services: promotion, validated edits with revisions, editors, workflow, library."""

import pytest
from werkzeug.datastructures import MultiDict

from forum.errors import Conflict, Forbidden, ValidationError
from forum.extensions import db
from forum.models import (
    AuditEntry,
    CommunityModerator,
    Experience,
    Notification,
    Post,
    Thread,
    User,
)
from forum.services import experience_library as library
from forum.services import experience_revisions as revisions
from forum.services import experiences as service
from tests.conftest import starting_objects
from tests.factories import make_community, make_post, make_thread, make_user, refetch

COMPLETE = {
    "summary": "Mobile cold boxes kept vaccines potent on river routes.",
    "modality": "south_south",
    "countries": [{"code": "BR", "role": "offering"}, {"code": "PE", "role": "receiving"}],
    "start_year": 2021, "start_month": 3, "end_year": 2023, "end_month": 6,
    "sdg_targets": ["3.b", "3.3"],
    "context": "River communities **far** from cold rooms.",
}


@pytest.fixture
def world(app, ctx):
    return starting_objects(app, "services-experiences", _build_world)


def _build_world() -> dict:
    author = make_user("ana", country="BR")
    peruvian = make_user("pedro", country="PE")
    colombian = make_user("camila", country="CO")
    mod = make_user("mod", role="moderator", country="US")
    member = make_user("mia", country="CL")
    community = make_community("immunization", name="Immunization")
    other = make_community("emergencies", name="Emergencies")
    thread = make_thread(author, community, title="Cold chain in the Amazon",
                         body="We keep vaccines cold with **solar** fridges on boats.")
    replies = [make_post(peruvian, thread, "In Loreto we use cold boxes."),
               make_post(colombian, thread, "Same in Leticia."),
               make_post(peruvian, thread, "And we train boat crews.")]
    other_thread = make_thread(member, other, title="Hurricane season")
    db.session.commit()
    return {"author": author, "pe": peruvian, "co": colombian, "mod": mod, "member": member,
            "community": community, "other": other, "thread": thread, "replies": replies,
            "other_thread": other_thread}


def _promote(world, evidence=None) -> Experience:
    experience = service.do_promote_thread(world["mod"], world["thread"],
                                           evidence_post_ids=evidence or [world["replies"][0].id])
    db.session.commit()
    return experience


def _state(experience_id: int) -> tuple:
    experience = refetch(Experience, experience_id)
    return service.snapshot(experience), experience.revision_count, experience.status


def test_promotion_prefills_a_draft_from_the_thread(world):
    experience = _promote(world, [world["replies"][2].id, world["replies"][0].id])
    experience = refetch(Experience, experience.id)
    assert experience.status == "draft" and experience.thread_id == world["thread"].id
    assert experience.title == "Cold chain in the Amazon"
    assert experience.summary == "We keep vaccines cold with solar fridges on boats."
    assert [t.community.slug for t in experience.themes] == ["immunization"]
    assert experience.countries == [{"code": "BR", "role": "partner"}, {"code": "PE", "role": "partner"},
                                    {"code": "CO", "role": "partner"}]
    assert [u.username for u in experience.people_with_role("contributor")] == ["ana", "pedro", "camila"]
    assert [u.username for u in experience.people_with_role("editor")] == ["mod"]
    assert [(e.post_id, e.author.username) for e in experience.evidence] == [
        (world["replies"][0].id, "pedro"), (world["replies"][2].id, "pedro")]
    assert experience.revision_count == 1
    assert service.experience_for_thread(world["thread"].id).id == experience.id


def test_a_thread_is_promoted_once(world):
    _promote(world)
    with pytest.raises(Conflict) as error:
        service.do_promote_thread(world["mod"], refetch(Thread, world["thread"].id), evidence_post_ids=[])
    assert error.value.code == "already_promoted"
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Experience)) == 1


def test_only_moderators_of_the_community_promote(world):
    with pytest.raises(Forbidden):
        service.do_promote_thread(world["member"], world["thread"])
    db.session.rollback()
    with pytest.raises(Forbidden):  # the thread's author is not a moderator
        service.do_promote_thread(world["author"], refetch(Thread, world["thread"].id))
    db.session.rollback()
    community_mod = make_user("cmod")
    db.session.add(CommunityModerator(user_id=community_mod.id, community_id=world["community"].id))
    db.session.commit()
    with pytest.raises(Forbidden):  # not a moderator of that community
        service.do_promote_thread(community_mod, refetch(Thread, world["other_thread"].id))
    db.session.rollback()
    experience = service.do_promote_thread(community_mod, refetch(Thread, world["thread"].id))
    db.session.commit()
    assert experience.created_by_id == community_mod.id


@pytest.mark.parametrize("evidence", [["1"], [True], "12", [10**12]])
def test_evidence_must_be_post_ids(world, evidence):
    with pytest.raises(ValidationError) as error:
        service.do_promote_thread(world["mod"], world["thread"], evidence_post_ids=evidence)
    assert error.value.field == "evidence_post_ids"


def test_evidence_from_another_thread_is_refused_and_nothing_is_created(world):
    foreign = make_post(world["member"], world["other_thread"], "Elsewhere")
    db.session.commit()
    with pytest.raises(ValidationError) as error:
        service.do_promote_thread(world["mod"], world["thread"], evidence_post_ids=[foreign.id])
    assert error.value.field == "evidence_post_ids"
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Experience)) == 0


@pytest.mark.parametrize(("data", "field", "code"), [
    ({"countries": [{"code": "XX", "role": "partner"}]}, "countries", "unknown_country"),
    ({"countries": [{"code": "BRA", "role": "partner"}]}, "countries", "unknown_country"),
    ({"countries": [{"code": "BR", "role": "donor"}]}, "countries", "unknown_role"),
    ({"countries": [{"code": "BR"}, {"code": "br"}]}, "countries", "duplicate"),
    ({"countries": "BR"}, "countries", "wrong_type"),
    ({"sdg_targets": ["3.e"]}, "sdg_targets", "unknown_sdg_target"),
    ({"sdg_targets": ["4.1"]}, "sdg_targets", "unknown_sdg_target"),
    ({"start_year": 2022, "end_year": 2021}, "end_year", "end_before_start"),
    ({"start_year": 2022, "start_month": 5, "end_year": 2022, "end_month": 4}, "end_year", "end_before_start"),
    ({"start_year": 2022, "end_year": 2023, "is_ongoing": True}, "end_year", "ongoing_with_end"),
    ({"start_month": 13, "start_year": 2020}, "start_month", "out_of_range"),
    ({"start_year": 1800}, "start_year", "out_of_range"),
    ({"modality": "charity"}, "modality", "unknown_modality"),
    ({"themes": ["no-such-community"]}, "themes", "unknown_theme"),
    ({"contributors": ["nobody-here"]}, "contributors", "unknown_user"),
    ({"language": "de"}, "language", "unknown_language"),
    ({"license": "proprietary"}, "license", "unknown_license"),
    ({"summary": "x" * 601}, "summary", "too_long"),
    ({"title": "abc"}, "title", "too_short"),
    ({"status": "published"}, "status", "unknown_field"),
    # A valid field with an invalid one: the valid one is not kept either.
    ({"title": "A perfectly fine new title", "sdg_targets": ["3.z"]}, "sdg_targets", "unknown_sdg_target"),
])
def test_invalid_edits_are_refused_and_change_nothing(world, data, field, code):
    experience = _promote(world)
    before = _state(experience.id)
    with pytest.raises(ValidationError) as error:
        service.do_update_experience(world["mod"], refetch(Experience, experience.id), data)
    assert (error.value.field, error.value.code) == (field, code)
    assert error.value.message
    db.session.rollback()
    assert _state(experience.id) == before


def test_edits_keep_revisions_and_render_markdown(world):
    experience = _promote(world)
    changed = service.do_update_experience(world["mod"], experience, {
        **COMPLETE, "themes": ["immunization", "emergencies"], "contacts": ["ana"],
        "partner_organizations": ["Fiocruz", "  DIRESA   Loreto ", "Fiocruz"],
        "countries": [{"code": "br", "role": "offering"}, {"code": "PE", "role": "receiving"}]})
    db.session.commit()
    assert changed
    experience = refetch(Experience, experience.id)
    assert experience.revision_count == 2
    assert experience.countries[0] == {"code": "BR", "role": "offering"}
    assert experience.partner_organizations == ["Fiocruz", "DIRESA Loreto"]
    assert experience.sdg_targets == ["3.3", "3.b"]
    assert experience.sections_html["context"] == "<p>River communities <strong>far</strong> from cold rooms.</p>\n"
    assert [u.username for u in experience.people_with_role("contact")] == ["ana"]
    # The same values again: no new revision.
    assert not service.do_update_experience(world["mod"], experience, {"modality": "south_south"})
    db.session.commit()
    assert refetch(Experience, experience.id).revision_count == 2
    numbers = [r.number for r in revisions.revisions(experience)]
    assert numbers == [2, 1]
    first = revisions.revision(experience, 1).snapshot
    assert first["modality"] is None and first["themes"] == ["immunization"]


def test_non_editors_cannot_edit_and_invited_editors_can(world):
    experience = _promote(world)
    for outsider in (world["member"], world["author"]):
        with pytest.raises(Forbidden):
            service.do_update_experience(outsider, refetch(Experience, experience.id), {"summary": "Mine now"})
        db.session.rollback()
    with pytest.raises(Forbidden):
        service.do_add_editor(world["member"], refetch(Experience, experience.id), "mia")
    db.session.rollback()
    service.do_add_editor(world["mod"], refetch(Experience, experience.id), "ana")
    db.session.commit()
    note = db.session.scalar(db.select(Notification).where(Notification.kind == "experience_editor"))
    assert note.user_id == world["author"].id and note.thread_id == world["thread"].id
    service.do_update_experience(world["author"], refetch(Experience, experience.id), {"summary": "By the author"})
    db.session.commit()
    assert refetch(Experience, experience.id).summary == "By the author"
    with pytest.raises(ValidationError) as error:
        service.do_add_editor(world["author"], refetch(Experience, experience.id), "ana")
    assert error.value.code == "already_editor"
    db.session.rollback()
    with pytest.raises(ValidationError) as error:
        service.do_add_editor(world["author"], refetch(Experience, experience.id), "ghost")
    assert error.value.code == "unknown_user"
    db.session.rollback()
    service.do_remove_editor(world["author"], refetch(Experience, experience.id), world["mod"].id)
    db.session.commit()
    with pytest.raises(ValidationError) as error:
        service.do_remove_editor(world["author"], refetch(Experience, experience.id), world["author"].id)
    assert error.value.code == "last_editor"


def test_the_workflow_with_its_rules_and_notifications(world):
    experience = _promote(world)
    service.do_add_editor(world["mod"], experience, "ana")
    db.session.commit()
    ana = world["author"]

    def step(user, to, comment=""):
        service.do_transition(user, refetch(Experience, experience.id), to=to, comment=comment)
        db.session.commit()

    with pytest.raises(ValidationError) as error:  # incomplete: no modality yet
        step(ana, "in_review")
    assert error.value.field == "summary" or error.value.code == "incomplete"
    db.session.rollback()
    service.do_update_experience(ana, refetch(Experience, experience.id), {**COMPLETE})
    db.session.commit()
    for bad in ("published", "archived", "deleted", ""):
        with pytest.raises(ValidationError) as error:
            step(world["mod"], bad)
        assert error.value.code == "transition_not_allowed"
        db.session.rollback()
    with pytest.raises(Forbidden):
        step(world["member"], "in_review")
    db.session.rollback()
    step(ana, "in_review")
    with pytest.raises(Forbidden):  # in review: no more edits
        service.do_update_experience(ana, refetch(Experience, experience.id), {"summary": "Late change"})
    db.session.rollback()
    with pytest.raises(Forbidden):  # editors do not publish
        step(ana, "published")
    db.session.rollback()
    with pytest.raises(ValidationError) as error:  # changes requested need the reviewer's comment
        step(world["mod"], "draft")
    assert error.value.field == "comment"
    db.session.rollback()
    step(world["mod"], "draft", "Please add the indicators.")
    step(ana, "in_review")
    step(world["mod"], "published")
    published = refetch(Experience, experience.id)
    assert published.status == "published" and published.published_at is not None
    step(world["mod"], "archived")
    assert [(t.from_status, t.to_status, t.comment) for t in service.transitions(published)] == [
        ("draft", "in_review", ""), ("in_review", "draft", "Please add the indicators."),
        ("draft", "in_review", ""), ("in_review", "published", ""), ("published", "archived", "")]
    notes = list(db.session.scalars(db.select(Notification).where(Notification.kind == "experience_status")
                                    .order_by(Notification.id)))
    # Ana hears of every moderator step (not of her own); the moderator hears of Ana's two.
    assert [n.user_id for n in notes if n.user_id == ana.id].__len__() == 3
    assert [n.user_id for n in notes if n.user_id == world["mod"].id].__len__() == 2
    assert any("Please add the indicators." in n.message for n in notes)
    # + being made an editor; the replies in the thread and the publication notify her too.
    others = db.session.scalar(db.select(db.func.count()).select_from(Notification).where(
        Notification.user_id == ana.id, Notification.kind.in_(("reply", "watched_post", "experience_published"))))
    assert refetch(User, ana.id).unread_notification_count == 4 + others
    # The moderators' decisions are in the audit log, under the thread's community; Ana's are not.
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.target_type == "experience")
                                 .order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor_id, e.reason) for e in entries] == [
        ("experience.draft", world["mod"].id, "Please add the indicators."),
        ("experience.published", world["mod"].id, ""), ("experience.archived", world["mod"].id, "")]
    assert {e.community_id for e in entries} == {published.thread.community_id}


def _published(world, thread, data) -> Experience:
    experience = service.do_promote_thread(world["mod"], thread)
    service.do_update_experience(world["mod"], experience, {**COMPLETE, **data})
    service.do_transition(world["mod"], experience, to="in_review")
    service.do_transition(world["mod"], experience, to="published")
    db.session.commit()
    return experience


@pytest.fixture
def library_world(app, world):
    return starting_objects(app, "services-experiences-library", lambda: _build_library(world))


def _build_library(world: dict) -> dict:
    def thread(title):
        return make_thread(world["author"], world["community"], title=title)

    records = {
        "amazon": _published(world, world["thread"], {
            "title": "Cold chain in the Amazon", "summary": "Atenção primária nos rios",
            "countries": [{"code": "BR", "role": "offering"}, {"code": "PE", "role": "receiving"}],
            "start_year": 2020, "end_year": 2022, "language": "pt"}),
        "andes": _published(world, thread("Midwives of the Andes"), {
            "summary": "Parteras y salud materna", "modality": "triangular", "sdg_targets": ["3.1"],
            "countries": [{"code": "PE", "role": "offering"}, {"code": "BO", "role": "receiving"},
                          {"code": "ES", "role": "partner"}],
            "start_year": 2022, "end_year": None, "end_month": None, "is_ongoing": True, "language": "es",
            "themes": ["immunization", "emergencies"]}),
        "caribbean": _published(world, thread("Hurricane-ready hospitals"), {
            "countries": [{"code": "CU", "role": "offering"}, {"code": "HT", "role": "receiving"}],
            "modality": "bilateral", "start_year": 2019, "end_year": 2019, "end_month": 12,
            "themes": ["emergencies"]}),
    }
    draft = service.do_promote_thread(world["mod"], thread("Still a draft"))
    service.do_update_experience(world["mod"], draft, {**COMPLETE})
    db.session.commit()
    return records


def _search(**args) -> library.LibraryPage:
    return library.search(library.parse_query(MultiDict(args)), page=1, per_page=20)


def test_library_filters_and_counts_match_the_records(library_world):
    everything = _search()
    assert everything.total == 3  # the draft is not in the library
    assert dict(everything.facets["country"]) == {"BR": 1, "PE": 2, "BO": 1, "ES": 1, "CU": 1, "HT": 1}
    assert dict(everything.facets["theme"]) == {"immunization": 2, "emergencies": 2}
    assert dict(everything.facets["modality"]) == {"south_south": 1, "triangular": 1, "bilateral": 1}

    for args in [{"country": "PE"}, {"country": "PE", "theme": "emergencies"}, {"theme": "emergencies"},
                 {"country": ["PE", "BO"]}, {"sdg": "3.1", "lang": "es"}, {"year": "2021"},
                 {"modality": "bilateral", "year": "2019"}, {"country": "PE", "q": "atencao"}]:
        page = _search(**args)
        records = [refetch(Experience, e.id) for e in page.items]
        assert page.total == len(records)
        # Every count is the number of listed records that have the value.
        for facet, values in page.facets.items():
            for value, count in values:
                expected = sum(1 for r in records if (facet, value) in service._facet_rows(r))
                assert count == expected, (args, facet, value)
    pe_emergencies = _search(country="PE", theme="emergencies")
    assert [e.title for e in pe_emergencies.items] == ["Midwives of the Andes"]
    assert dict(pe_emergencies.facets["country"]) == {"PE": 1, "BO": 1, "ES": 1}
    assert {e.title for e in _search(year="2021").items} == {"Cold chain in the Amazon"}
    assert _search(year="2025").total == 1  # ongoing since 2022


def test_text_search_ignores_case_and_accents_and_wildcards(library_world):
    assert [e.title for e in _search(q="ATENCAO").items] == ["Cold chain in the Amazon"]
    assert [e.title for e in _search(q="atenção rios").items] == ["Cold chain in the Amazon"]
    assert [e.title for e in _search(q="PARTERAS materna").items] == ["Midwives of the Andes"]
    for nothing in ("%", "_", "-parteras"):  # nothing to look for: refused, as on /search
        with pytest.raises(ValidationError) as error:
            library.parse_query(MultiDict({"q": nothing}))
        assert error.value.field == "q"
    assert _search(q="rios parteras").total == 0


def test_sort_by_period(library_world):
    page = library.search(library.parse_query(MultiDict({"sort": "period"})), page=1, per_page=2)
    assert [e.title for e in page.items] == ["Midwives of the Andes", "Cold chain in the Amazon"]
    assert page.pages == 2 and page.total == 3


@pytest.mark.parametrize(("args", "field"), [
    ({"country": "ZZ"}, "country"), ({"sdg": "3.x"}, "sdg"), ({"modality": "x"}, "modality"),
    ({"year": "later"}, "year"), ({"lang": "xx"}, "lang"), ({"sort": "random"}, "sort"),
    ({"theme": "Not A Slug"}, "theme"),
])
def test_bad_filters_are_refused(ctx, args, field):
    with pytest.raises(ValidationError) as error:
        library.parse_query(MultiDict(args))
    assert error.value.field == field


def test_counts_for_the_map_and_the_network(library_world):
    assert library.published_country_counts() == {"BR": 1, "PE": 2, "BO": 1, "ES": 1, "CU": 1, "HT": 1}
    assert library.published_country_pair_counts() == {
        ("BR", "PE"): 1, ("BO", "PE"): 1, ("ES", "PE"): 1, ("BO", "ES"): 1, ("CU", "HT"): 1}


def test_compare_gives_side_by_side_rows(world):
    experience = _promote(world)
    service.do_update_experience(world["mod"], experience, {
        "context": "Line one\nLine two\nLine three", "sdg_targets": ["3.3"]})
    service.do_update_experience(world["mod"], experience, {
        "context": "Line one\nLine 2 <script>\nLine three\nLine four", "sdg_targets": ["3.3", "3.b"]})
    db.session.commit()
    old, new = revisions.revision(experience, 2).snapshot, revisions.revision(experience, 3).snapshot
    diffs = {d.field: d.rows for d in revisions.compare(old, new)}
    assert set(diffs) == {"context", "sdg_targets"}
    assert [(r.kind, r.old, r.new) for r in diffs["context"]] == [
        ("equal", "Line one", "Line one"), ("replace", "Line two", "Line 2 <script>"),
        ("equal", "Line three", "Line three"), ("insert", "", "Line four")]
    assert [(r.kind, r.new) for r in diffs["sdg_targets"]] == [("equal", "3.3"), ("insert", "3.b")]
    assert revisions.compare(old, old) == []



def test_a_hidden_opening_post_is_not_summarized(world):
    from forum.services import moderation

    opening = db.session.scalar(db.select(Post).where(Post.thread_id == world["thread"].id, Post.number == 1))
    moderation.do_hide_post(world["mod"], opening, reason="Personal data")
    db.session.commit()
    experience = service.do_promote_thread(world["mod"], refetch(Thread, world["thread"].id))
    assert experience.summary == ""
    assert "ana" not in [u.username for u in experience.people_with_role("contributor")]
