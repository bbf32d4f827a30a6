"""Country pages list the country's public cooperation projects by its role in them; the home
page counts public projects and shows a member the projects they are a focal point of."""

import re

import pytest

from forum.extensions import db
from forum.services import projects
from tests.test_api_support import API
from tests.test_projects import create, user, world  # noqa: F401

pytestmark = pytest.mark.usefixtures("world")


def test_country_pages_and_the_home_page_show_projects(app, client, auth):
    with app.test_request_context(method="POST"):
        agreed = create(title="Cold chain agreed")
        projects.do_change_project_status(user("ana"), agreed, "agreed", "Signed")
        create(title="Still negotiated")
        db.session.commit()
    brazil = client.get("/countries/BR").get_data(as_text=True)
    section = brazil[brazil.index('id="projects-h"'):brazil.index("</section>", brazil.index('id="projects-h"'))]
    assert "Cold chain agreed" in section and "Still negotiated" not in section
    assert "<h3>Offering</h3>" in section
    peru = client.get(f"{API}/countries/PE").get_json()
    assert [(p["title"], p["role"]) for p in peru["projects"]] == [("Cold chain agreed", "receiving")]
    home = client.get("/").get_data(as_text=True)
    numbers = home[home.index('id="numbers-h"'):home.index("</section>", home.index('id="numbers-h"'))]
    assert re.findall(r"<dd>(\d+)</dd>", numbers)[3] == "1"  # the public project, not the proposed one
    auth.login("pedro")  # a focal point of both
    mine = client.get("/").get_data(as_text=True)
    listed = mine[mine.index('id="your-projects-h"'):mine.index("</section>", mine.index('id="your-projects-h"'))]
    assert "Cold chain agreed" in listed and "Still negotiated" in listed
