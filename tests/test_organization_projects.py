"""An organization's page lists the public cooperation projects it takes part in, and merging
two records moves their projects to the one that stays."""

import pytest

from forum.extensions import db
from forum.models import Organization
from forum.services import organizations, projects
from tests.test_api_support import API
from tests.test_projects import create, organization_id, user, world  # noqa: F401

pytestmark = pytest.mark.usefixtures("world")


def test_the_page_and_the_api_list_public_projects_and_a_merge_moves_them(app, client):
    with app.test_request_context(method="POST"):
        fiocruz = organization_id("Fiocruz")
        twin = organizations.do_find_or_create_organization(None, name="Fundação Oswaldo Cruz", country="BR").id
        agreed = create(title="Cold chain agreed", organization_ids=[fiocruz, twin])
        projects.do_change_project_status(user("ana"), agreed, "agreed", "Signed")
        create(title="Still negotiated", organization_ids=[fiocruz])
        moved = create(title="Through the twin", organization_ids=[twin])
        projects.do_change_project_status(user("ana"), moved, "agreed", "Signed")
        db.session.commit()
        slug, twin_slug = db.session.get(Organization, fiocruz).slug, db.session.get(Organization, twin).slug
    page = client.get(f"/organizations/{slug}").get_data(as_text=True)
    assert "Cold chain agreed" in page and "Still negotiated" not in page and "Through the twin" not in page
    record = client.get(f"{API}/organizations/{slug}").get_json()
    assert [p["title"] for p in record["projects"]] == ["Cold chain agreed"]
    with app.test_request_context(method="POST"):
        organizations.do_merge_organizations(user("mod"), db.session.get(Organization, twin),
                                             db.session.get(Organization, fiocruz))
        db.session.commit()
        titles = [p.title for p in organizations.organization_projects(db.session.get(Organization, fiocruz))]
        assert titles == ["Through the twin", "Cold chain agreed"]  # named once each, newest first
        assert organizations.organization_projects(db.session.get(Organization, twin)) == []
    assert client.get(f"/organizations/{twin_slug}").status_code == 301
