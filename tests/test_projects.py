"""Cooperation projects through their services: creating, the rules of countries, roles, dates,
focal points, milestones and budget lines (bad input names the field and changes nothing), the
status machine with its history, audit log and notifications, revisions, facets, posting progress,
documenting a completed project as an experience, and the milestone reminders."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from forum.errors import Forbidden, ValidationError
from forum.extensions import db
from forum.models import (
    AuditEntry,
    Experience,
    Notification,
    Project,
    ProjectFacet,
    ProjectRevision,
    ProjectStatusChange,
    User,
)
from forum.services import project_reads as reads
from forum.services import projects as service
from tests.conftest import starting_rows
from tests.factories import make_community, make_organization, make_thread, make_user


@pytest.fixture
def world(app):
    """Communities, members from Brazil, Peru and Argentina, a moderator, organizations, an offer and
    a request: built once per process, copied in for every other test."""
    starting_rows(app, "projects-world", lambda: _build_world(app))


def _build_world(app) -> None:
    with app.app_context():
        vaccines = make_community("vaccines", name="Vaccines")
        make_community("logistics", name="Logistics")
        br = make_user("ana", country="BR")
        make_user("bia", country="BR")
        pe = make_user("pedro", country="PE")
        make_user("alba", country="AR")
        make_user("mod", role="moderator", country="US")
        make_organization("Fiocruz", "BR", "university")
        make_organization("Ministerio de Salud", "PE", "ministry")
        make_thread(br, vaccines, title="Offer: cold chain training", kind="offer")
        make_thread(pe, vaccines, title="Request: cold chain training", kind="request")
        db.session.commit()


def user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def thread_id(title_start: str) -> int:
    from forum.models import Thread

    return db.session.scalar(select(Thread.id).where(Thread.title.startswith(title_start)))


def organization_id(name: str) -> int:
    from forum.models import Organization

    return db.session.scalar(select(Organization.id).where(Organization.name == name))


BR_PE = [{"code": "BR", "role": "offering"}, {"code": "PE", "role": "receiving"}]


def create(actor: str = "ana", **overrides) -> Project:
    fields = {"title": "Cold chain for the Amazon", "summary": "Solar fridges and **training**.",
              "countries": BR_PE, "themes": ["vaccines"], "support_types": ["training"], "modality": "south_south",
              "objectives": "1. Train 40 technicians", "planned_start": "2026-01-01", "planned_end": "2026-12-31",
              "focal_point_ids": [user("pedro").id]}
    fields.update(overrides)
    return service.do_create_project(user(actor), **fields)


def counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Project, ProjectRevision, ProjectStatusChange, ProjectFacet, Notification)}


def test_a_member_proposes_a_project_and_becomes_its_first_focal_point(app, world, ctx):
    project = create(organization_ids=[organization_id("Fiocruz"), organization_id("Ministerio de Salud")],
                     offer_thread_id=thread_id("Offer:"), request_thread_id=thread_id("Request:"))
    db.session.commit()
    project = reads.access_project(user("ana"), project.id)
    assert project.status == "proposed" and project.slug == "cold-chain-for-the-amazon"
    assert "<strong>training</strong>" in project.summary_html and "<ol>" in project.objectives_html
    assert [(c.country, c.role) for c in project.countries] == [("BR", "offering"), ("PE", "receiving")]
    assert [f.user.username for f in project.focal_points] == ["ana", "pedro"]
    assert [o.organization.name for o in project.organizations] == ["Fiocruz", "Ministerio de Salud"]
    assert [c.slug for c in project.themes] == ["vaccines"] and project.support_types == ["training"]
    assert project.offer_thread.title.startswith("Offer") and project.request_thread.title.startswith("Request")
    assert project.revision_count == 1
    history = reads.status_history(project)
    assert [(h.from_status, h.to_status) for h in history] == [(None, "proposed")]
    facets = set(db.session.execute(select(ProjectFacet.facet, ProjectFacet.value)).all())
    assert facets == {("country", "BR"), ("country", "PE"), ("role", "offering"), ("role", "receiving"),
                      ("status", "proposed"), ("theme", "vaccines"), ("modality", "south_south"), ("year", "2026")}
    # The other focal point hears of it; the creator does not.
    notes = list(db.session.scalars(select(Notification).where(Notification.kind == "project_focal_point")))
    assert [(n.user_id, n.project_id) for n in notes] == [(user("pedro").id, project.id)]


def test_all_partners_need_no_offering_or_receiving_country(app, world, ctx):
    project = create(countries=[("BR", "partner"), ("PE", "partner"), ("AR", "partner")], focal_point_ids=[])
    assert [c.role for c in project.countries] == ["partner"] * 3


BAD_CREATIONS = [
    ({"countries": [{"code": "XX", "role": "offering"}, {"code": "PE", "role": "receiving"}]}, "countries",
     "unknown_country"),
    ({"countries": [{"code": "BR", "role": "donor"}, {"code": "PE", "role": "receiving"}]}, "countries",
     "unknown_role"),
    ({"countries": [{"code": "BR", "role": "offering"}]}, "countries", "too_few"),
    ({"countries": [{"code": "BR", "role": "offering"}, {"code": "PE", "role": "partner"}]}, "countries", "roles"),
    ({"countries": [{"code": "BR", "role": "offering"}, {"code": "BR", "role": "receiving"}]}, "countries",
     "duplicate"),
    ({"countries": [{"code": "PE", "role": "offering"}, {"code": "AR", "role": "receiving"}], "focal_point_ids": []},
     "countries", "creator_country_not_in_project"),
    ({"planned_start": "2026-06-01", "planned_end": "2026-05-31"}, "planned_end", "end_before_start"),
    ({"planned_start": "2026-13-01"}, "planned_start", "invalid_date"),
    ({"focal_point_ids": [None]}, "focal_point_ids", "wrong_type"),
    ({"title": "Hi"}, "title", "too_short"),
    ({"modality": "telepathy"}, "modality", "unknown_modality"),
    ({"themes": ["no-such-community"]}, "themes", "unknown_theme"),
    ({"support_types": ["money"]}, "support_types", "unknown_support_type"),
    ({"organization_ids": [10**6]}, "organization_ids", "not_found"),
    ({"offer_thread_id": "request"}, "offer_thread_id", "wrong_type"),
    ({"summary": "x" * 5001}, "summary", "too_long"),
]


@pytest.mark.parametrize(("fields", "field", "code"), BAD_CREATIONS, ids=[c[2] for c in BAD_CREATIONS])
def test_bad_input_names_the_field_and_creates_nothing(app, world, ctx, fields, field, code):
    before = counts()
    with pytest.raises(ValidationError) as error:
        create(**fields)
    assert (error.value.field, error.value.code) == (field, code)
    db.session.rollback()
    assert counts() == before


def test_a_focal_point_from_a_country_not_in_the_project_is_refused(app, world, ctx):
    with pytest.raises(ValidationError) as error:
        create(focal_point_ids=[user("alba").id])
    assert error.value.field == "focal_point_ids" and error.value.code == "country_not_in_project"
    assert "Argentina" in error.value.message
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0


def test_links_must_be_an_offer_and_a_request(app, world, ctx):
    with pytest.raises(ValidationError) as error:
        create(offer_thread_id=thread_id("Request:"))
    assert error.value.field == "offer_thread_id" and error.value.code == "not_found"
    with pytest.raises(ValidationError) as error:
        create(request_thread_id=thread_id("Offer:"))
    assert error.value.field == "request_thread_id"


def test_edits_keep_a_revision_and_refuse_bad_dates_without_changing_anything(app, world, ctx):
    project = create()
    db.session.commit()
    assert service.do_update_project(user("pedro"), project, note="Dates agreed in the call",
                                     actual_start="2026-02-01", title="Cold chain along the Amazon")
    assert project.revision_count == 2 and project.slug == "cold-chain-along-the-amazon"
    revision = db.session.scalar(select(ProjectRevision).where(ProjectRevision.number == 2))
    assert (revision.action, revision.note, revision.editor_id) == ("edited", "Dates agreed in the call",
                                                                   user("pedro").id)
    assert revision.snapshot["actual_start"] == "2026-02-01"
    db.session.commit()
    assert not service.do_update_project(user("ana"), project, title="Cold chain along the Amazon")  # no change
    before = service.snapshot(project)
    with pytest.raises(ValidationError) as error:
        service.do_update_project(user("ana"), project, title="Something else entirely", actual_end="2026-01-15")
    assert error.value.field == "actual_end" and error.value.code == "end_before_start"
    db.session.rollback()
    db.session.expire_all()
    project = reads.access_project(user("ana"), project.id)
    assert service.snapshot(project) == before and project.revision_count == 2
    with pytest.raises(ValidationError) as error:
        service.do_update_project(user("ana"), project, actual_end="2026-03-01", actual_start=None)
    assert error.value.field == "actual_start"
    with pytest.raises(ValidationError) as error:
        service.do_update_project(user("ana"), project, status="completed")
    assert error.value.field == "status" and error.value.code == "unknown_field"


def test_a_country_with_focal_points_or_milestones_cannot_leave(app, world, ctx):
    project = create()
    with pytest.raises(ValidationError) as error:
        service.do_update_project(user("ana"), project, countries=[("BR", "offering"), ("AR", "receiving")])
    assert error.value.field == "countries" and error.value.code == "country_in_use"
    # Adding a country is fine; then it has no focal point yet.
    service.do_update_project(user("ana"), project, countries=[*BR_PE, {"code": "AR", "role": "partner"}])
    assert project.country_codes == ["BR", "PE", "AR"]


def test_only_focal_points_and_moderators_edit(app, world, ctx):
    project = create()
    with pytest.raises(Forbidden):
        service.do_update_project(user("bia"), project, title="Taken over by someone else")
    assert service.do_update_project(user("mod"), project, title="Corrected by a moderator")


# ---------- the status machine ----------


def test_the_status_machine_with_notes_history_audit_and_notifications(app, world, ctx):
    project = create()
    db.session.commit()
    with pytest.raises(ValidationError) as error:
        service.do_change_project_status(user("ana"), project, "in_progress", "Skipping ahead")
    assert error.value.field == "to" and error.value.code == "transition_not_allowed"
    with pytest.raises(ValidationError) as error:
        service.do_change_project_status(user("ana"), project, "agreed", "  ")
    assert error.value.field == "note" and error.value.code == "required"
    with pytest.raises(ValidationError) as error:
        service.do_change_project_status(user("ana"), project, "finished", "Done")
    assert error.value.field == "to"
    assert project.status == "proposed"

    service.do_change_project_status(user("ana"), project, "agreed", "Signed by both ministries")
    service.do_change_project_status(user("pedro"), project, "in_progress", "First mission in March")
    assert project.actual_start == date.today()
    service.do_change_project_status(user("mod"), project, "completed", "Final report received")
    assert project.actual_end == date.today()
    db.session.commit()
    history = [(h.from_status, h.to_status, h.note) for h in reads.status_history(project)]
    assert history == [(None, "proposed", ""), ("proposed", "agreed", "Signed by both ministries"),
                       ("agreed", "in_progress", "First mission in March"),
                       ("in_progress", "completed", "Final report received")]
    audit = [(e.action, e.target_type, e.target_id, e.reason) for e in
             db.session.scalars(select(AuditEntry).where(AuditEntry.target_type == "project").order_by(AuditEntry.id))]
    assert audit == [("project.agreed", "project", project.id, "Signed by both ministries"),
                     ("project.in_progress", "project", project.id, "First mission in March"),
                     ("project.completed", "project", project.id, "Final report received")]
    # The other focal points hear of each change; the one who made it does not.
    notes = [(n.user_id, n.message) for n in db.session.scalars(
        select(Notification).where(Notification.kind == "project_status").order_by(Notification.id))]
    ana, pedro = user("ana").id, user("pedro").id
    assert notes == [(pedro, "Signed by both ministries"), (ana, "First mission in March"),
                     (ana, "Final report received"), (pedro, "Final report received")]
    assert ("status", "completed") in set(db.session.execute(select(ProjectFacet.facet, ProjectFacet.value)).all())
    # Completed is final: nobody changes it any more.
    with pytest.raises(Forbidden):
        service.do_change_project_status(user("mod"), project, "cancelled", "Oops")


def test_a_project_is_agreed_only_when_each_country_has_a_focal_point(app, world, ctx):
    project = create(focal_point_ids=[])
    with pytest.raises(ValidationError) as error:
        service.do_change_project_status(user("ana"), project, "agreed", "Let us start")
    assert error.value.field == "to" and error.value.code == "missing_focal_point" and "Peru" in error.value.message
    service.do_add_focal_point(user("ana"), project, "pedro")
    service.do_change_project_status(user("ana"), project, "agreed", "Let us start")
    # Once agreed, the last focal point of a country stays.
    with pytest.raises(ValidationError) as error:
        service.do_remove_focal_point(user("ana"), project, user("pedro").id)
    assert error.value.code == "last_focal_point_of_country"
    service.do_change_project_status(user("pedro"), project, "cancelled", "Funding fell through")
    assert project.status == "cancelled"


def test_focal_points_come_from_the_project_countries(app, world, ctx):
    project = create(focal_point_ids=[])
    before = project.revision_count
    with pytest.raises(ValidationError) as error:
        service.do_add_focal_point(user("ana"), project, "alba")
    assert error.value.field == "username" and error.value.code == "country_not_in_project"
    with pytest.raises(ValidationError) as error:
        service.do_add_focal_point(user("ana"), project, "nobody-here")
    assert error.value.field == "username"
    with pytest.raises(ValidationError) as error:
        service.do_add_focal_point(user("ana"), project, "ana")
    assert error.value.code == "already_focal_point"
    assert project.revision_count == before and project.focal_point_ids == {user("ana").id}
    service.do_add_focal_point(user("ana"), project, "bia")
    service.do_remove_focal_point(user("bia"), project, user("ana").id)
    assert project.focal_point_ids == {user("bia").id}
    with pytest.raises(ValidationError) as error:
        service.do_remove_focal_point(user("bia"), project, user("bia").id)
    assert error.value.code == "last_focal_point"


# ---------- milestones and budget ----------


def test_milestones(app, world, ctx):
    project = create()
    before = project.revision_count
    with pytest.raises(ValidationError) as error:
        service.do_add_milestone(user("ana"), project, title="Training in Lima", due_date="2026-05-01",
                                 responsible_country="AR")
    assert error.value.field == "responsible_country" and error.value.code == "country_not_in_project"
    with pytest.raises(ValidationError) as error:
        service.do_add_milestone(user("ana"), project, title="Training in Lima", due_date="",
                                 responsible_country="PE")
    assert error.value.field == "due_date"
    with pytest.raises(ValidationError) as error:
        service.do_add_milestone(user("ana"), project, title="", due_date="2026-05-01", responsible_country="PE")
    assert error.value.field == "title"
    assert project.milestones == [] and project.revision_count == before

    first = service.do_add_milestone(user("ana"), project, title="Training in Lima", due_date="2026-05-01",
                                     responsible_country="PE")
    second = service.do_add_milestone(user("pedro"), project, title="Fridges shipped", due_date="2026-03-01",
                                      responsible_country="BR")
    assert [m.title for m in project.milestones] == ["Training in Lima", "Fridges shipped"]
    first.reminded_at = service.utcnow()
    assert service.do_update_milestone(user("ana"), project, first, due_date="2026-06-01")
    assert first.reminded_at is None  # a new due date, a new reminder
    with pytest.raises(ValidationError) as error:
        service.do_update_milestone(user("ana"), project, first, responsible_country="AR")
    assert error.value.field == "responsible_country" and first.responsible_country == "PE"
    service.do_mark_milestone_done(user("pedro"), project, second)
    assert second.done_date == date.today()
    assert second.is_overdue(date(2030, 1, 1)) is False and first.is_overdue(date(2030, 1, 1))
    service.do_delete_milestone(user("mod"), project, first)
    db.session.commit()
    assert [m.title for m in reads.access_project(user("ana"), project.id).milestones] == ["Fridges shipped"]
    with pytest.raises(Forbidden):
        service.do_add_milestone(user("bia"), project, title="Not mine", due_date="2026-05-01",
                                 responsible_country="BR")


@pytest.mark.parametrize(("fields", "field", "code"), [
    ({"country": "BR", "amount": "1500", "currency": "XYZ"}, "currency", "unknown_currency"),
    ({"country": "BR", "amount": "1500", "currency": "dollars"}, "currency", "unknown_currency"),
    ({"country": "BR", "amount": "1500", "currency": ""}, "currency", "required"),
    ({"country": "BR", "amount": "-5", "currency": "USD"}, "amount", "negative"),
    ({"country": "BR", "amount": "12.345", "currency": "USD"}, "amount", "too_precise"),
    ({"country": "BR", "amount": "lots", "currency": "USD"}, "amount", "wrong_type"),
    ({"country": "BR", "amount": "NaN", "currency": "USD"}, "amount", "wrong_type"),
    ({"country": "BR", "amount": "1e15", "currency": "USD"}, "amount", "out_of_range"),
    ({"country": "AR", "amount": "1500", "currency": "USD"}, "country", "country_not_in_project"),
    ({"country": "ZZ", "amount": "1500", "currency": "USD"}, "country", None),
    ({"country": "BR", "in_kind": True, "description": ""}, "description", "required"),
    ({"country": "BR", "in_kind": True, "amount": "10", "currency": "USD", "description": "Experts"}, "amount",
     "in_kind_with_amount"),
])
def test_bad_budget_lines_name_the_field_and_add_nothing(app, world, ctx, fields, field, code):
    project = create()
    db.session.commit()
    with pytest.raises(ValidationError) as error:
        service.do_add_budget_line(user("ana"), project, **fields)
    assert error.value.field == field
    if code:
        assert error.value.code == code
    db.session.rollback()
    db.session.expire_all()
    assert reads.access_project(user("ana"), project.id).budget_lines == []


def test_budget_lines_in_currencies_and_in_kind(app, world, ctx):
    project = create()
    money = service.do_add_budget_line(user("ana"), project, country="BR", amount="150000.50", currency="brl")
    kind = service.do_add_budget_line(user("pedro"), project, country="PE", in_kind=True,
                                      description="Training rooms and per diem")
    zero = service.do_add_budget_line(user("pedro"), project, country="PE", amount=0, currency="PEN")
    db.session.commit()
    assert (money.amount, money.currency, money.amount_cents) == (Decimal("150000.50"), "BRL", 15000050)
    assert (kind.in_kind, kind.amount, kind.currency) == (True, None, None)
    assert zero.amount == Decimal("0")
    service.do_remove_budget_line(user("ana"), project, kind.id)
    assert [b.id for b in project.budget_lines] == [money.id, zero.id]


# ---------- reading ----------


def test_who_sees_a_proposed_project_and_the_list_follows_the_same_rule(app, world, ctx):
    from flask_login import AnonymousUserMixin

    proposed = create(title="A proposal still being negotiated")
    agreed = create(title="An agreed project")
    service.do_change_project_status(user("ana"), agreed, "agreed", "Signed")
    db.session.commit()
    anonymous = AnonymousUserMixin()
    for viewer, sees in ((anonymous, False), (user("bia"), False), (user("alba"), False), (user("pedro"), True),
                         (user("ana"), True), (user("mod"), True)):
        ids = {p.id for p in reads.search(reads.ProjectQuery(), viewer, 1, 20).items}
        assert (proposed.id in ids) is sees and agreed.id in ids
        counts = dict(reads.search(reads.ProjectQuery(), viewer, 1, 20).facets["status"])
        assert counts.get("proposed", 0) == (1 if sees else 0)


def test_facet_filters_combine(app, world, ctx):
    one = create(title="Brazil and Peru")
    two = create(title="Brazil with Argentina", countries=[("BR", "offering"), ("AR", "receiving")],
                 focal_point_ids=[], themes=["logistics"], planned_start="2024-05-01", planned_end="2026-02-01")
    service.do_add_focal_point(user("ana"), two, "alba")
    for project in (one, two):
        service.do_change_project_status(user("ana"), project, "agreed", "Signed")
    db.session.commit()

    def ids(**filters) -> set[int]:
        query = reads.parse_query(MultiDict([(k, v) for k, values in filters.items() for v in values]))
        return {p.id for p in reads.search(query, None, 1, 20).items}

    assert ids(country=["BR"]) == {one.id, two.id}
    assert ids(country=["BR", "PE"]) == {one.id}
    assert ids(role=["receiving"], theme=["logistics"]) == {two.id}
    assert ids(year=["2025"]) == {two.id} and ids(year=["2026"]) == {one.id, two.id}
    assert ids(status=["agreed"], modality=["south_south"]) == {one.id, two.id}
    with pytest.raises(ValidationError) as error:
        reads.parse_query(multidict(role="donor"))
    assert error.value.field == "role"


def multidict(**values):
    return MultiDict(list(values.items()))


# ---------- progress, knowledge, reminders ----------


def test_posting_progress_opens_a_discussion_in_a_theme_community(app, world, ctx):
    project = create()
    with pytest.raises(Forbidden):  # proposed: still private
        service.do_start_project_discussion(user("ana"), project)
    service.do_change_project_status(user("ana"), project, "agreed", "Signed")
    thread = service.do_start_project_discussion(user("pedro"), project)
    assert thread.community.slug == "vaccines" and thread.title == project.title
    assert project.discussion_thread_id == thread.id
    with pytest.raises(Forbidden):  # once
        service.do_start_project_discussion(user("ana"), project)


def test_a_completed_project_is_documented_as_a_draft_experience(app, world, ctx):
    project = create(organization_ids=[organization_id("Fiocruz")])
    service.do_update_project(user("ana"), project, objectives="Train **40** technicians")
    done = service.do_add_milestone(user("ana"), project, title="Fridges installed", due_date="2026-03-01",
                                    responsible_country="BR")
    service.do_add_milestone(user("ana"), project, title="Never happened", due_date="2026-04-01",
                             responsible_country="PE")
    service.do_mark_milestone_done(user("ana"), project, done, "2026-03-05")
    for step in ("agreed", "in_progress"):
        service.do_change_project_status(user("ana"), project, step, "Next step")
    service.do_update_project(user("ana"), project, actual_start="2026-01-15")
    with pytest.raises(Forbidden):  # not completed yet
        service.do_document_project(user("ana"), project)
    service.do_change_project_status(user("ana"), project, "completed", "All done")
    service.do_update_project(user("ana"), project, actual_end="2026-11-30")
    experience = service.do_document_project(user("ana"), project)
    db.session.commit()

    experience = db.session.get(Experience, experience.id)
    assert experience.status == "draft" and experience.title == project.title
    assert experience.countries == [{"code": "BR", "role": "offering"}, {"code": "PE", "role": "receiving"}]
    assert experience.partner_organizations == ["Fiocruz"] and experience.modality == "south_south"
    assert [t.community.slug for t in experience.themes] == ["vaccines"]
    assert (experience.start_year, experience.start_month, experience.end_year, experience.end_month) == (
        2026, 1, 2026, 11)
    assert "<strong>40</strong>" in experience.sections_html["objectives"]
    assert "Fridges installed (2026-03-05)" in experience.sections["results"]
    assert "Never happened" not in experience.sections["results"]
    assert experience.summary.startswith("Solar fridges")
    assert experience.thread_id == project.discussion_thread_id is not None
    assert project.experience_id == experience.id and experience.project.id == project.id
    assert experience.editor_ids == {user("ana").id, user("pedro").id}
    with pytest.raises(Forbidden):  # once
        service.do_document_project(user("ana"), project)


def test_milestone_reminders_go_once_to_the_focal_points(app, world, runner):
    with app.test_request_context(method="POST"):
        project = create()
        service.do_change_project_status(user("ana"), project, "agreed", "Signed")
        today = date.today()
        for title, due in (("Soon", today + timedelta(days=3)), ("Today", today), ("Later", today + timedelta(days=8)),
                           ("Past", today - timedelta(days=1))):
            service.do_add_milestone(user("ana"), project, title=title, due_date=due, responsible_country="BR")
        done = service.do_add_milestone(user("ana"), project, title="Done", due_date=today + timedelta(days=1),
                                        responsible_country="BR")
        service.do_mark_milestone_done(user("ana"), project, done)
        proposed = create(title="Still proposed")
        service.do_add_milestone(user("ana"), proposed, title="Not yet", due_date=today + timedelta(days=1),
                                 responsible_country="BR")
        db.session.commit()
    result = runner.invoke(args=["notify", "milestones"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("milestones 2,")
    with app.app_context():
        notes = [(n.user_id, n.message) for n in db.session.scalars(
            select(Notification).where(Notification.kind == "project_milestone").order_by(Notification.id))]
        ana, pedro = user("ana").id, user("pedro").id
        assert sorted(notes) == sorted([(ana, f"Today ({today.isoformat()})"), (pedro, f"Today ({today.isoformat()})"),
                                        (ana, f"Soon ({(today + timedelta(days=3)).isoformat()})"),
                                        (pedro, f"Soon ({(today + timedelta(days=3)).isoformat()})")])
    assert runner.invoke(args=["notify", "milestones"]).output.startswith("milestones 0,")  # once
