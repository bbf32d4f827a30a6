"""Helpers of the browser tests (the `chromium` fixture is conftest's): logging in through the
form, and a small site to point the browser at.

Browser tests check what the HTML, CSS and scripts do in a real engine; they do not depend on
the database, so they run on SQLite alone (`SQLITE_ONLY`) and leave the backends to the rest of
the suite. Those that only read this site share one server of it (conftest's `browser_site`).
"""

from dataclasses import dataclass

import pytest

from forum.extensions import db
from forum.models import Post, User
from tests.conftest import PASSWORD
from tests.factories import make_community, make_experience, make_post, make_thread

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def log_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    """Through the login form, as a person does (works with and without JavaScript)."""
    page.goto("/login")
    page.fill("#login", username)
    page.fill("#password", password)
    page.click("form.form button[type=submit]")
    page.wait_for_url(base + "/")


@dataclass(frozen=True)
class Site:
    """Paths of a small site with something on every page."""

    community: str
    thread: str
    thread_id: int
    reply_id: int
    experience: str
    profile: str


def build_site(app, *, replies: int = 3) -> Site:
    """A community with a discussion (a reply flagged, a notification for `member`), a published
    experience, and the personas `member`, `other` and `moderator` (the caller's fixtures)."""
    from forum.services.flags import do_flag_post

    with app.test_request_context(method="POST"):
        member = db.session.scalar(db.select(User).where(User.username == "member"))
        other = db.session.scalar(db.select(User).where(User.username == "other"))
        moderator = db.session.scalar(db.select(User).where(User.username == "moderator"))
        community = make_community("vaccines", name="Vaccines and immunization",
                                   description="Cold chain, schedules, campaigns and hesitancy.")
        thread = make_thread(member, community, title="Cold chain on river routes", kind="question",
                             body="How do you keep vaccines cold on **long river routes**?\n\n- boats\n- solar")
        posts: list[Post] = []
        for n in range(replies):
            author = other if n % 2 == 0 else member
            posts.append(make_post(author, thread, f"Reply {n + 1}: solar fridges worked for us in [Loreto]"
                                                   f"(https://example.org/loreto/{n})."))
        do_flag_post(member, posts[0], reason="off_topic")
        # A question with its answer and reactions: the excerpt, the badge and the buttons are on
        # the pages the accessibility and layout tests read.
        from forum.services.answers import do_mark_answer
        from forum.services.reactions import do_react

        do_react(member, posts[0], "helpful")
        do_react(moderator, posts[0], "same_here")
        do_mark_answer(member, thread, posts[0])
        experience = make_experience(moderator, other, community, title="Solar cold chain on the Amazon")
        # A half-written message, for the Drafts page (a new conversation: no page of the walks has its form).
        from forum.services.drafts import do_save_draft

        do_save_draft(member, "message:new", {"subject": "Cold boxes for river routes",
                                              "body": "Which cold boxes kept vaccines cold the longest?"})
        db.session.commit()
        return Site(community=f"/c/{community.slug}", thread=f"/t/{thread.id}/{thread.slug}",
                    thread_id=thread.id, reply_id=posts[0].id,
                    experience=f"/experiences/{experience.id}/{experience.slug}", profile="/u/other")
