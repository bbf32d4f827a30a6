"""The project pages as axe-core sees them in Chromium (WCAG 2.2 AA), as a focal point who gets
every form: the list, proposing, a project with milestones and a budget, editing, the history."""

import json

import pytest

from forum.extensions import db
from forum.models import User
from forum.services import projects
from tests.browser import SQLITE_ONLY, log_in
from tests.factories import make_community, make_user
from tests.live import live_server
from tests.test_accessibility import _axe, axe_context

pytestmark = [pytest.mark.browser, pytest.mark.live, SQLITE_ONLY]


def test_project_pages_have_no_serious_accessibility_violations(chromium, app, member, database_url, tmp_path):
    with app.test_request_context(method="POST"):
        make_community("vaccines", name="Vaccines")
        make_community("logistics", name="Logistics")
        ana = db.session.scalar(db.select(User).where(User.username == "member"))
        pedro = make_user("pedro", country="PE")
        project = projects.do_create_project(
            ana, title="Cold chain for the Amazon", summary="Solar fridges and **training**.",
            countries=[("BR", "offering"), ("PE", "receiving")], themes=["vaccines", "logistics"],
            focal_point_ids=[pedro.id], planned_start="2026-01-01", planned_end="2026-12-31")
        projects.do_add_milestone(ana, project, title="Fridges shipped", due_date="2020-01-10",
                                  responsible_country="BR")
        projects.do_add_budget_line(ana, project, country="BR", amount="1500", currency="USD")
        projects.do_change_project_status(ana, project, "agreed", "Signed")
        db.session.commit()
        project_id = project.id
    found = {}
    with live_server(database_url, tmp_path) as server:
        context = axe_context(chromium, base_url=server.url)
        page = context.new_page()
        try:
            log_in(page, server.url, "member")
            for path in ("/projects", "/projects/new", f"/projects/{project_id}", f"/projects/{project_id}/edit",
                         f"/projects/{project_id}/history"):
                response = page.goto(path)
                assert response.status == 200, path
                violations = _axe(page)
                if violations:
                    found[path] = violations
        finally:
            context.close()
    assert not found, json.dumps(found, indent=1)
