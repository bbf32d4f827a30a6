"""Administration in the browser (issue #22): invitations by email with a role and communities,
communities ordered and archived, and the site settings that are safe to change at run time."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from forum.extensions import db
from forum.models import AuditEntry, Community, CommunityModerator, Invitation, Membership, QueuedMail, User
from forum.models.base import utcnow
from forum.services import invitations, site_settings
from tests.conftest import Auth, form_post, settle_background
from tests.factories import make_community, make_thread
from tests.test_api_support import bearer, issue_token

PASSWORD = "river routes and solar fridges"


@pytest.fixture
def communities(app):
    with app.app_context():
        ids = {slug: make_community(slug, name=name).id
               for slug, name in (("vacunas", "Vaccines"), ("salud-digital", "Digital health"), ("agua", "Water"))}
        db.session.commit()
        return ids


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _invitation_link(app, email: str) -> str:
    """The link of the newest mail to `email` (the queue /dev/mail shows)."""
    settle_background()
    with app.app_context():
        mail = db.session.scalars(select(QueuedMail).where(QueuedMail.to == email)
                                  .order_by(QueuedMail.id.desc())).first()
        assert mail is not None, f"no mail to {email}"
        return re.search(r"\S+/invitation/\S+", mail.text).group(0)


def _path(link: str) -> str:
    return "/invitation/" + link.rsplit("/invitation/", 1)[1]


def _register(client, link: str, **extra):
    return form_post(client, _path(link), {"username": "nina", "password": PASSWORD, "country": "PE",
                                           "sector": "government", "display_name": "Nina Rojas", **extra})


def test_an_invitation_by_email_registers_a_moderator_of_its_communities_once(app, client, admin, communities):
    auth = Auth(client)
    auth.login("admin")
    # Invitation only: nobody registers on their own, the invitation still works.
    assert form_post(client, "/moderation/settings", {"site_name": "Horizonte", "tagline": "", "announcement": "",
                                                       "registration_mode": "invitation"}).status_code == 302
    sent = form_post(client, "/moderation/invitations", {
        "email": "Nina@Example.org", "role": "community_moderator", "language": "es",
        "communities": [str(communities["vacunas"]), str(communities["agua"])], "message": "Te esperamos."})
    assert sent.status_code == 302
    page = client.get("/moderation/invitations").get_data(as_text=True)
    assert "nina@example.org" in page and "Waiting" in page and "Vaccines, Water" in page
    auth.logout()

    assert client.get("/register").status_code == 403
    link = _invitation_link(app, "nina@example.org")
    with app.app_context():
        mail = db.session.scalar(select(QueuedMail).where(QueuedMail.to == "nina@example.org"))
        assert "le invita a Horizonte" in mail.subject and "Te esperamos." in mail.text and mail.user_id is None
    form = client.get(_path(link))
    assert form.status_code == 200 and 'value="nina@example.org" readonly' in form.get_data(as_text=True)

    refused = _register(client, link, password="short")
    assert refused.status_code == 422 and 'value="nina"' in refused.get_data(as_text=True)  # input kept
    assert _register(client, link).status_code == 302
    assert client.get("/settings").status_code == 200  # signed in
    with app.app_context():
        nina = db.session.scalar(select(User).where(User.email == "nina@example.org"))
        assert nina.is_verified and nina.role == "member" and nina.locale is not None
        joined = set(db.session.scalars(select(Membership.community_id).where(Membership.user_id == nina.id)))
        moderates = set(db.session.scalars(select(CommunityModerator.community_id)
                                           .where(CommunityModerator.user_id == nina.id)))
        assert joined == moderates == {communities["vacunas"], communities["agua"]}
        invitation = db.session.scalar(select(Invitation))
        assert invitation.status == "accepted" and invitation.accepted_by_id == nina.id

    Auth(client).logout()
    again = client.get(_path(link))
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    assert _actions(app)[-2:] == ["invitation.create", "invitation.accept"]


def test_expired_revoked_and_replaced_links_answer_a_clear_page(app, client, admin, member):
    auth = Auth(client)
    auth.login("admin")
    for email in ("late@example.org", "gone@example.org"):
        assert form_post(client, "/moderation/invitations", {"email": email, "role": "member",
                                                              "language": "en"}).status_code == 302
    twice = form_post(client, "/moderation/invitations", {"email": "late@example.org", "role": "member"})
    assert twice.status_code == 422 and "already has an invitation waiting" in twice.get_data(as_text=True)
    late, gone = _invitation_link(app, "late@example.org"), _invitation_link(app, "gone@example.org")
    with app.app_context():
        ids = {i.email: i.id for i in db.session.scalars(select(Invitation))}
        db.session.execute(update(Invitation).where(Invitation.id == ids["late@example.org"])
                           .values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    assert form_post(client, f"/moderation/invitations/{ids['gone@example.org']}/revoke", {},
                     page="/moderation/invitations").status_code == 302
    assert "Expired" in client.get("/moderation/invitations?status=expired").get_data(as_text=True)
    assert client.get("/moderation/invitations?status=lost").status_code == 422
    auth.logout()

    expired = client.get(_path(late))
    assert expired.status_code == 410 and "has expired" in expired.get_data(as_text=True)
    revoked = client.get(_path(gone))
    assert revoked.status_code == 410 and "withdrawn" in revoked.get_data(as_text=True)
    assert client.get("/invitation/not-a-link").status_code == 404

    # Sent again: a new link works, the older one is refused.
    auth.login("admin")
    assert form_post(client, f"/moderation/invitations/{ids['late@example.org']}/resend", {},
                     page="/moderation/invitations").status_code == 302
    auth.logout()
    fresh = _invitation_link(app, "late@example.org")
    assert fresh != late and client.get(_path(late)).status_code == 410
    assert client.get(_path(fresh)).status_code == 200
    assert {"invitation.revoke", "invitation.resend"} <= set(_actions(app))


def test_a_member_accepts_while_signed_in_and_an_invitation_only_raises_the_role(app, client, admin, member,
                                                                                  communities):
    with app.app_context():
        invitations.do_invite(db.session.get(User, admin.id), email=member.email, role="moderator",
                              communities=[communities["agua"]])
        db.session.commit()
    link = _invitation_link(app, member.email)
    anonymous = client.get(_path(link)).get_data(as_text=True)
    assert "There is already an account with this email address" in anonymous
    Auth(client).login("member")
    assert "Accept the invitation" in client.get(_path(link)).get_data(as_text=True)
    assert form_post(client, _path(link), {}).status_code == 302
    with app.app_context():
        assert db.session.get(User, member.id).role == "moderator"
        assert db.session.get(Membership, (member.id, communities["agua"])) is not None
        # A moderator invited as a member stays a moderator.
        invitation = invitations.do_invite(db.session.get(User, admin.id), email=member.email, role="member")
        invitations._accept(invitation, db.session.get(User, member.id))
        assert db.session.get(User, member.id).role == "moderator"
        db.session.rollback()


@pytest.mark.parametrize(("persona", "status"), [(None, 302), ("member", 403), ("moderator", 403), ("admin", 200)])
def test_only_administrators_see_the_administration_pages(app, client, member, moderator, admin, persona, status):
    if persona:
        Auth(client).login(persona)
    for path in ("/moderation/invitations", "/moderation/communities", "/moderation/settings"):
        assert client.get(path).status_code == status, path


def test_an_archived_community_stays_readable_and_takes_nothing_new(app, client, admin, member, communities):
    with app.app_context():
        thread = make_thread(db.session.get(User, member.id), db.session.get(Community, communities["vacunas"]))
        db.session.commit()
        thread_id, thread_path = thread.id, f"/t/{thread.id}/{thread.slug}"
    token = issue_token(app, member)
    auth = Auth(client)
    auth.login("admin")
    assert form_post(client, "/moderation/communities/vacunas/archive", {},
                     page="/moderation/communities").status_code == 302
    listing = client.get("/moderation/communities").get_data(as_text=True)
    assert "Unarchive" in listing
    home = client.get("/").get_data(as_text=True)
    archived_part = home.split("Archived communities", 1)
    assert len(archived_part) == 2 and "Vaccines" in archived_part[1] and "Vaccines" not in \
        archived_part[0].split("All communities", 1)[1]
    auth.logout()

    auth.login("member")
    page = client.get(thread_path)
    assert page.status_code == 200 and "This community is archived" in page.get_data(as_text=True)
    assert 'class="form reply-form"' not in page.get_data(as_text=True)
    assert client.get("/c/vacunas").status_code == 200
    for path, data in ((f"/t/{thread_id}/reply", {"body": "Still here?"}),
                       ("/c/vacunas/new", {"title": "A new idea for the cold chain", "body": "Let us talk."})):
        refused = form_post(client, path, data, page=thread_path)
        assert refused.status_code == 403 and "This community is archived: it is read-only." in \
            refused.get_data(as_text=True)
    api = client.post(f"/api/v1/threads/{thread_id}/posts", json={"body": "Through the API"}, headers=bearer(token))
    assert api.status_code == 403 and api.get_json()["error"]["code"] == "community_archived"
    auth.logout()

    auth.login("admin")
    assert form_post(client, "/moderation/communities/vacunas/unarchive", {},
                     page="/moderation/communities").status_code == 302
    assert {"community.archive", "community.unarchive"} <= set(_actions(app))


def test_administrators_order_communities_with_buttons(app, client, admin, communities):
    Auth(client).login("admin")

    def order() -> list[str]:
        html = client.get("/moderation/communities").get_data(as_text=True)
        return re.findall(r'<th scope="row"><a href="/c/([\w-]+)">', html)

    before = order()
    assert sorted(before) == ["agua", "salud-digital", "vacunas"]
    assert form_post(client, f"/moderation/communities/{before[2]}/move", {"direction": "up"},
                     page="/moderation/communities").status_code == 302
    assert order() == [before[0], before[2], before[1]]
    # The first cannot go higher; a made-up direction is refused; neither is a 500.
    for direction in ("up", "sideways"):
        response = form_post(client, f"/moderation/communities/{before[0]}/move", {"direction": direction},
                             page="/moderation/communities", follow_redirects=True)
        assert response.status_code == 200
    assert order() == [before[0], before[2], before[1]]
    home = client.get("/").get_data(as_text=True).split("All communities", 1)[1]
    names = {"agua": "Water", "salud-digital": "Digital health", "vacunas": "Vaccines"}
    positions = [home.index(names[slug]) for slug in order()]
    assert positions == sorted(positions)


def test_site_settings_show_at_once_and_every_change_is_audited(app, client, admin, member):
    auth = Auth(client)
    auth.login("admin")
    refused = form_post(client, "/moderation/settings", {"site_name": "", "tagline": "Cooperación en salud",
                                                          "announcement": "", "registration_mode": "open"})
    assert refused.status_code == 422 and 'value="Cooperación en salud"' in refused.get_data(as_text=True)
    saved = form_post(client, "/moderation/settings", {
        "site_name": "Red Salud", "tagline": "Cooperación en salud",
        "announcement": "Maintenance **Sunday**. <script>alert(1)</script>", "registration_mode": "closed"})
    assert saved.status_code == 302
    auth.logout()

    page = client.get("/people").get_data(as_text=True)
    assert "<title>" in page and "· Red Salud</title>" in page and "Cooperación en salud" in page
    assert "Maintenance <strong>Sunday</strong>" in page and "<script>alert" not in page
    assert 'href="/register"' not in page
    closed = client.get("/register")
    assert closed.status_code == 403 and "Registration is closed for now." in closed.get_data(as_text=True)
    hidden = form_post(client, "/announcement/hide", {"next": "/people"}, page="/people")
    assert hidden.status_code == 302
    assert "Maintenance" not in client.get("/people").get_data(as_text=True)

    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "site.settings")).all()
        assert sorted(e.details["setting"] for e in entries) == ["announcement", "registration_mode", "site_name",
                                                                 "tagline"]
        site_settings.forget_current()
        assert site_settings.current().registration_mode == "closed"
    auth.login("admin")
    log = client.get("/moderation/log").get_data(as_text=True)
    assert "Site setting changed" in log and "Setting: Registration." in log


def test_the_invitation_list_takes_the_same_queries_with_two_or_twelve(app, client, admin, communities,
                                                                        count_queries):
    def invite(n: int) -> None:
        with app.app_context():
            inviter = db.session.get(User, admin.id)
            for i in range(n):
                invitations.do_invite(inviter, email=f"p{i}-{n}@example.org", role="member",
                                      communities=[communities["agua"], communities["vacunas"]])
            db.session.commit()

    Auth(client).login("admin")
    invite(2)
    client.get("/moderation/invitations")
    with count_queries() as few:
        client.get("/moderation/invitations")
    invite(10)
    with count_queries() as many:
        html = client.get("/moderation/invitations").get_data(as_text=True)
    assert html.count("Revoke<span") == 12
    assert many.count == few.count, (few.statements, many.statements)
