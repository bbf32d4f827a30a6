"""Organizations as records: one per country and folded name; members linked to them with counts
kept right; moderators edit and merge (audited); the experiences that name one."""

from datetime import timedelta

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from forum import permissions
from forum.errors import Conflict, Forbidden, Unauthorized, ValidationError
from forum.extensions import db
from forum.models import AuditEntry, Organization, User, utcnow
from forum.services import experiences
from forum.services import organizations as orgs
from forum.services.accounts import do_confirm_email, do_update_profile
from forum.services.sanctions import do_deactivate_user, do_reactivate_user
from forum.tokens import sign
from tests.factories import make_community, make_experience, make_organization, make_user, refetch


def _count(model=Organization) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _members(organization: Organization) -> int:
    """The stored counter, read after commit (counters move at commit)."""
    db.session.commit()
    return refetch(Organization, organization.id).member_count


def _linked(organization: Organization) -> set[str]:
    return set(db.session.scalars(select(User.username).where(User.organization_id == organization.id)))


# ---------- records ----------


def test_two_spellings_of_one_name_in_one_country_are_one_record(ctx):
    first = make_organization("Ministério da Saúde", "BR")
    assert make_organization("  MINISTERIO  da saude ", "BR").id == first.id
    other_country = make_organization("Ministério da Saúde", "PT")
    assert other_country.id != first.id and other_country.slug != first.slug


def test_creating_an_existing_record_gives_it_back_and_says_so(ctx):
    member = make_user("ana")
    created, is_new = orgs.do_create_organization(member, name="Fundação Oswaldo Cruz", country="BR",
                                                  type="university", acronym="Fiocruz", website="https://fiocruz.br")
    again, again_new = orgs.do_create_organization(member, name="FUNDACAO OSWALDO CRUZ", country="br")
    assert (is_new, again_new, again.id) == (True, False, created.id)
    assert (created.slug, created.type, created.acronym) == ("fundacao-oswaldo-cruz-br", "university", "Fiocruz")
    entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "organization.create",
                                                               AuditEntry.target_id == created.id)))
    assert [(e.actor_id, e.details["name"]) for e in entries] == [(member.id, "Fundação Oswaldo Cruz")]


@pytest.mark.parametrize(("fields", "field"), [
    ({"type": "company"}, "type"),
    ({"country": "XX"}, "country"),
    ({"country": ""}, "country"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 161}, "name"),
    ({"acronym": "x" * 31}, "acronym"),
    ({"website": "javascript:alert(1)"}, "website"),
    ({"website": "ftp://fiocruz.br"}, "website"),
    ({"website": "fiocruz.br"}, "website"),
    ({"website": "https://localhost"}, "website"),
    ({"website": "https://someone@evil.example"}, "website"),
    ({"website": "https://fiocruz.br:port/"}, "website"),
    ({"website": "https://[::1"}, "website"),
    ({"website": 12}, "website"),
])
def test_bad_input_names_the_field_and_changes_nothing(ctx, fields, field):
    make_organization("Fiocruz", "BR")  # a bad field is refused even when the record exists
    before = _count()
    with pytest.raises(ValidationError) as error:
        orgs.do_create_organization(None, **{"name": "Fiocruz", "country": "BR", **fields})
    assert error.value.field == field
    assert _count() == before


def test_websites_keep_http_and_https_addresses(ctx):
    assert orgs.check_website(" https://www.paho.org/es ") == "https://www.paho.org/es"
    assert orgs.check_website("http://saúde.gov.br/path?q=1") == "http://saúde.gov.br/path?q=1"
    assert orgs.check_website("") == ""


# ---------- permissions ----------


@pytest.fixture
def personas(ctx):
    people = {
        "member": make_user("member"),
        "unverified": make_user("unverified", is_verified=False),
        "suspended": make_user("suspended"),
        "suspended_moderator": make_user("suspended_moderator", role="moderator"),
        "moderator": make_user("moderator", role="moderator"),
        "admin": make_user("admin", role="admin"),
    }
    for name in ("suspended", "suspended_moderator"):
        people[name].suspended_until = utcnow() + timedelta(days=3)
    people["anonymous"] = AnonymousUserMixin()
    return people


@pytest.mark.parametrize(("persona", "create", "edit", "merge"), [
    ("anonymous", False, False, False),
    ("unverified", False, False, False),
    ("member", True, False, False),
    ("suspended", False, False, False),
    ("suspended_moderator", False, False, False),
    ("moderator", True, True, True),
    ("admin", True, True, True),
])
def test_who_may_create_edit_and_merge(personas, persona, create, edit, merge):
    user = personas[persona]
    record = make_organization("Fiocruz", "BR")
    assert permissions.can_create_organization(user) is create
    assert permissions.can_edit_organization(user, record) is edit
    assert permissions.can_merge_organizations(user) is merge
    other = make_organization("Fundação Oswaldo Cruz", "BR")
    for allowed, action in ((create, lambda: orgs.do_create_organization(user, name="Butantan", country="BR")),
                            (edit, lambda: orgs.do_update_organization(user, record, acronym="FIOCRUZ")),
                            (merge, lambda: orgs.do_merge_organizations(user, record, other))):
        if allowed:
            action()
        else:
            with pytest.raises(Unauthorized if persona == "anonymous" else Forbidden):
                action()


def test_a_merged_record_is_edited_no_more(personas):
    moderator = personas["moderator"]
    source, target = make_organization("Fiocruz", "BR"), make_organization("Fundação Oswaldo Cruz", "BR")
    orgs.do_merge_organizations(moderator, source, target)
    with pytest.raises(Conflict):
        orgs.do_update_organization(moderator, source, acronym="FIOCRUZ")
    with pytest.raises(Conflict):
        orgs.do_merge_organizations(moderator, source, target)


# ---------- editing ----------


def test_editing_is_audited_and_keeps_the_address_and_the_members(ctx):
    moderator = make_user("moderator", role="moderator")
    ana = make_user("ana", organization="Minsa", country="PE")
    record = ana.organization_record
    orgs.do_update_organization(moderator, record, name="Ministerio de Salud", acronym="MINSA", type="ministry",
                                website="https://www.gob.pe/minsa")
    db.session.commit()
    record = refetch(Organization, record.id)
    assert (record.name, record.name_key, record.slug) == ("Ministerio de Salud", "ministerio de salud", "minsa-pe")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "organization.edit"))
    assert entry.actor_id == moderator.id and entry.target_id == record.id
    assert entry.details["name"] == ["Minsa", "Ministerio de Salud"] and entry.details["type"] == ["other", "ministry"]
    # Ana saves her profile with the text she wrote: she stays linked, no "Minsa" record appears.
    ana = refetch(User, ana.id)
    do_update_profile(ana, organization="Minsa", position="Nurse")
    db.session.commit()
    assert refetch(User, ana.id).organization_id == record.id and orgs.find_organization("Minsa", "PE") is None
    # Nothing changed, nothing logged.
    orgs.do_update_organization(moderator, refetch(Organization, record.id), acronym="MINSA")
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "organization.edit")) == 1


def test_a_rename_onto_another_record_of_the_country_is_refused(ctx):
    moderator = make_user("moderator", role="moderator")
    make_organization("Fiocruz", "BR")
    other = make_organization("Fundação Oswaldo Cruz", "BR")
    with pytest.raises(ValidationError) as error:
        orgs.do_update_organization(moderator, other, name="FIOCRUZ")
    assert error.value.field == "name"
    with pytest.raises(ValidationError) as error:
        orgs.do_update_organization(moderator, other, website="javascript:alert(1)")
    assert error.value.field == "website"
    db.session.rollback()


# ---------- members ----------


def test_registering_and_editing_a_profile_link_the_record_and_count_members(ctx):
    ana = make_user("ana", organization="Instituto Butantan", country="BR")
    luis = make_user("luis", organization="INSTITUTO  BUTANTÁN", country="BR")
    butanta = ana.organization_record
    assert butanta is not None and luis.organization_id == butanta.id
    assert _members(butanta) == 2
    # A record made for a profile is part of that profile edit: not in the moderators' log.
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "organization.create")) == 0
    # Luis moves to another organization (created for him), then writes none.
    luis = refetch(User, luis.id)
    do_update_profile(luis, organization="Fiocruz")
    fiocruz = refetch(User, luis.id).organization_record
    assert fiocruz.name == "Fiocruz" and fiocruz.country == "BR"
    assert (_members(butanta), _members(fiocruz)) == (1, 1)
    do_update_profile(refetch(User, luis.id), organization="")
    assert refetch(User, luis.id).organization_id is None
    assert _members(fiocruz) == 0
    # Ana moves to Peru: the same words name another record there.
    do_update_profile(refetch(User, ana.id), country="PE")
    ana = refetch(User, ana.id)
    assert ana.organization_record.country == "PE" and ana.organization_record.name == "Instituto Butantan"
    assert _members(butanta) == 0


def test_a_deactivated_account_is_no_member_until_it_is_reactivated(ctx):
    admin = make_user("admin", role="admin")
    ana = make_user("ana", organization="Fiocruz")
    make_user("luis", organization="Fiocruz")
    record = ana.organization_record
    assert _members(record) == 2
    do_deactivate_user(admin, refetch(User, ana.id), reason="Spam")
    assert _members(record) == 1
    do_reactivate_user(admin, refetch(User, ana.id))
    assert _members(record) == 2


def test_an_unconfirmed_account_links_only_to_existing_records_until_confirmed(ctx):
    existing = make_organization("Fiocruz", "BR")
    ana = make_user("ana", organization="fiocruz", is_verified=False)
    bot = make_user("bot", organization="Cheap pills online", is_verified=False)
    assert ana.organization_id == existing.id
    assert bot.organization_id is None and orgs.find_organization("Cheap pills online", "BR") is None
    db.session.commit()
    confirmed = do_confirm_email(sign("confirm-email", {"uid": bot.id, "email": bot.email}))
    assert confirmed.organization_record.name == "Cheap pills online"
    assert _members(existing) == 1 and _members(confirmed.organization_record) == 1


def test_an_international_organization_is_one_record_for_members_of_every_country(ctx):
    paho = make_organization("Pan American Health Organization", "US", type="international")
    ana = make_user("ana", organization="Pan American Health Organization", country="PE")
    assert ana.organization_id == paho.id
    # A national record of the same name in the member's own country comes first.
    local = make_organization("Pan American Health Organization", "BO", type="other")
    luis = make_user("luis", organization="Pan American Health Organization", country="BO")
    assert luis.organization_id == local.id


# ---------- merging ----------


def test_merging_moves_the_members_and_keeps_the_counts_right(ctx):
    moderator = make_user("moderator", role="moderator")
    admin = make_user("admin", role="admin")
    for name in ("ana", "bea", "gone"):
        make_user(name, organization="Fiocruz")
    make_user("luis", organization="Fundação Oswaldo Cruz")
    source = orgs.find_organization("Fiocruz", "BR")
    target = orgs.find_organization("Fundação Oswaldo Cruz", "BR")
    do_deactivate_user(admin, db.session.scalar(select(User).where(User.username == "gone")), reason="Spam")
    older = make_organization("FIOCRUZ/MS", "BR")
    orgs.do_merge_organizations(moderator, older, source)  # an earlier merge into the source
    assert (_members(source), _members(target)) == (2, 1)

    returned = orgs.do_merge_organizations(moderator, refetch(Organization, source.id),
                                           refetch(Organization, target.id), reason="Same foundation")
    assert returned.id == target.id
    db.session.commit()
    source, target, older = (refetch(Organization, o.id) for o in (source, target, older))
    assert _linked(target) == {"ana", "bea", "gone", "luis"} and _linked(source) == set()
    assert (source.member_count, target.member_count) == (0, 3)  # the deactivated account is not counted
    assert source.merged_into_id == target.id and older.merged_into_id == target.id  # chains stay flat
    # The old name still finds the record it became; a new member is linked there.
    assert orgs.find_organization("fiocruz", "BR").id == target.id
    make_user("new", organization="Fiocruz")
    assert _members(target) == 4 and _members(source) == 0
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "organization.merge",
                                                       AuditEntry.target_id == source.id))
    assert entry.actor_id == moderator.id and entry.reason == "Same foundation"
    assert entry.details == {"into": target.id, "into_slug": target.slug, "slug": source.slug, "members_moved": 3}


def test_merging_into_itself_or_into_what_it_became_is_refused(ctx):
    moderator = make_user("moderator", role="moderator")
    record = make_organization("Fiocruz", "BR")
    other = make_organization("FIOCRUZ MS", "BR")
    with pytest.raises(ValidationError) as error:
        orgs.do_merge_organizations(moderator, record, record)
    assert error.value.field == "into"
    orgs.do_merge_organizations(moderator, other, record)
    with pytest.raises(ValidationError) as error:  # `other` became `record`
        orgs.do_merge_organizations(moderator, record, other)
    assert error.value.field == "into"


# ---------- the experiences that name one ----------


def test_an_organization_lists_the_published_experiences_that_name_it_in_its_country(ctx):
    moderator = make_user("moderator", role="moderator")
    author = make_user("author")
    community = make_community("vaccines")
    br = make_experience(moderator, author, community, title="Cold chain in the Amazon", countries=("BR", "PE"),
                         partner_organizations=["FIOCRUZ", "Ministerio de Salud"])
    make_experience(moderator, author, community, title="Cold chain in Bolivia", countries=("BO",),
                    partner_organizations=["Fiocruz"])
    make_experience(moderator, author, community, title="A draft naming it", countries=("BR",),
                    partner_organizations=["Fiocruz"], status="draft")
    international = make_experience(moderator, author, community, title="Measles in the region",
                                    countries=("HT",), partner_organizations=["Pan American Health Organization"])
    fiocruz = make_organization("Fiocruz", "BR")
    fiocruz_pe = make_organization("Fiocruz", "PE")
    assert orgs.organization_experiences(fiocruz) == ([br], 1)
    assert orgs.organization_experiences(fiocruz_pe) == ([br], 1)  # Peru is one of its countries too
    assert orgs.organization_experiences(make_organization("Fiocruz", "AR")) == ([], 0)
    paho = make_organization("Pan American Health Organization", "US", type="international")
    assert orgs.organization_experiences(paho) == ([international], 1)
    # A record merged into another brings the experiences that name it.
    foundation = make_organization("Fundação Oswaldo Cruz", "BR")
    orgs.do_merge_organizations(moderator, fiocruz, foundation)
    assert orgs.organization_experiences(foundation) == ([br], 1)
    # An edit of the partners is what the page shows (the names are rewritten with the record).
    experiences.do_transition(moderator, br, to="draft", comment="New partners")
    experiences.do_update_experience(moderator, br, {"partner_organizations": ["Instituto Butantan"]})
    experiences.do_transition(moderator, br, to="in_review")
    experiences.do_transition(moderator, br, to="published")
    assert orgs.organization_experiences(foundation) == ([], 0)


def test_projects_have_a_place_and_none_yet(ctx):
    assert orgs.organization_projects(make_organization("Fiocruz", "BR")) == []
