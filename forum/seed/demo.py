"""The demo dataset a newcomer sees on first run (`flask --app wsgi seed demo`).

The content is the repository's demo/ folder (forum/seed/demo_data.py reads it). Everything is
created through the services, so counters, revisions and rendered HTML are the real thing; only
the timestamps are then spread over the past weeks so the site looks lived in.
"""

from datetime import date, timedelta

from sqlalchemy import and_, delete, func, select, update

from forum.extensions import db
from forum.models import Community, Notification, Post, QueuedMail, Thread, User, utcnow
from forum.seed.demo_assessment import load_demo_assessment, name_demo_focal_points
from forum.seed.demo_data import DemoData, load_demo_data
from forum.seed.demo_experiences import load_demo_experiences
from forum.services import counters
from forum.services.accounts import do_register, do_update_profile
from forum.services.communities import do_create_community, do_join
from forum.services.cooperation import check_cooperation, do_mark_matched, do_set_cooperation, load_details
from forum.services.cooperation_interest import do_express_interest
from forum.services.posts import do_create_post
from forum.services.threads import do_create_thread

# Listed in README.md. Demo only: never load the demo data into a production database.
DEMO_PASSWORDS = {
    "admin": "horizonte-admin-demo",
    "moderator": "horizonte-moderator-demo",
}
DEMO_MEMBER_PASSWORD = "horizonte-member-demo"


def demo_password(username: str) -> str:
    return DEMO_PASSWORDS.get(username, DEMO_MEMBER_PASSWORD)


def load_demo() -> bool:
    """Load the demo data unless it is already there. Returns whether anything was created."""
    data = load_demo_data()
    if db.session.scalar(select(Community.id).where(Community.slug == data.communities[0].slug)):
        return False
    last_mail = db.session.scalar(select(func.max(QueuedMail.id))) or 0
    last_notification = db.session.scalar(select(func.max(Notification.id))) or 0
    communities = {}
    for position, spec in enumerate(data.communities):
        communities[spec.slug] = do_create_community(
            None, slug=spec.slug, name=spec.name, description=spec.description, position=position,
            translations=spec.translations,
        )
    users = {}
    for person in data.people:
        users[person.username] = do_register(
            email=person.email, username=person.username, password=demo_password(person.username),
            country=person.country, sector=person.sector, organization=person.organization,
            display_name=person.display_name, locale=person.locale, role=person.role,
            trust_level=1, is_verified=True, send_confirmation=False,
        )
        do_update_profile(users[person.username], bio=person.bio, position=person.position,
                          expertise=list(person.expertise), languages=list(person.languages),
                          timezone=person.timezone)

    now = utcnow()
    total = len(data.threads)
    threads = []
    for index, spec in enumerate(data.threads):
        community = communities[spec.community]
        opening, *replies = spec.posts
        thread = do_create_thread(users[spec.author], community, title=spec.title, body=opening.body,
                                  kind=spec.kind, language=spec.language)
        threads.append(thread)
        if spec.cooperation is not None:
            _set_cooperation(users[spec.author], thread, spec.cooperation)
        for reply in replies:
            do_create_post(users[reply.author], thread, body=reply.body)
        if spec.kind == "announcement":
            thread.is_pinned = True
        _spread_in_time(thread, start=now - timedelta(days=2 * (total - index) + 1))
        for username in {spec.author, *(p.author for p in replies)}:
            do_join(users[username], community)
        db.session.flush()
    _refresh_community_activity()
    name_demo_focal_points(users["admin"])  # before review: the countries' focal points are asked
    load_demo_experiences(users["moderator"], users["admin"], threads, data.experiences)
    load_demo_assessment()
    _link_cooperation(data, users, threads)
    # The demo's history is written as if it had happened long ago: its notifications stay on the
    # site, but nobody is mailed about them, now or in a digest.
    db.session.execute(delete(QueuedMail).where(QueuedMail.id > last_mail))
    db.session.execute(update(Notification).where(Notification.id > last_notification)
                       .values(digest_pending=False).execution_options(synchronize_session=False))
    _quiet_notifications(last_notification)
    return True


UNREAD_KEPT = 4  # what each demo account finds unread on its first visit: its newest few


def _quiet_notifications(last_notification: int) -> None:
    """Date the demo's notifications like the posts they are about, and leave each account only
    its newest UNREAD_KEPT unread (it had read the rest long ago): a first visit shows a handful,
    not the 35 to 103 a member collected while the demo's history was written."""
    new = Notification.id > last_notification
    posted = select(Post.created_at).where(Post.id == Notification.post_id).scalar_subquery()
    db.session.execute(update(Notification).where(new, Notification.post_id.is_not(None)).values(created_at=posted)
                       .execution_options(synchronize_session=False))
    rank = (select(Notification.id, func.row_number().over(
        partition_by=Notification.user_id, order_by=(Notification.created_at.desc(), Notification.id.desc()))
        .label("rank")).where(new).subquery())
    older = select(rank.c.id).where(rank.c.rank > UNREAD_KEPT)
    db.session.execute(update(Notification).where(new, Notification.id.in_(older)).values(read_at=utcnow())
                       .execution_options(synchronize_session=False))
    # The counters the notifications moved are pending until commit (forum.services.counters):
    # written now, then set from the rows themselves.
    counters.apply(db.session)
    unread = (select(func.count()).select_from(Notification)
              .where(and_(Notification.user_id == User.id, Notification.read_at.is_(None))).scalar_subquery())
    db.session.execute(update(User).values(unread_notification_count=unread)
                       .execution_options(synchronize_session=False))


def _set_cooperation(author: User, thread: Thread, fields: dict) -> None:
    values = {key: value for key, value in fields.items() if key != "open_for_days"}
    if "open_for_days" in fields:
        values["open_until"] = (date.today() + timedelta(days=fields["open_for_days"])).isoformat()
    do_set_cooperation(author, thread, check_cooperation(values, default_theme=thread.community))


def _link_cooperation(data: DemoData, users: dict[str, User], threads: list[Thread]) -> None:
    """The matches the requests' owners made, and the interests waiting for an answer."""
    def named(start: str) -> Thread:
        return next(t for t in threads if t.title.startswith(start))

    db.session.flush()
    for thread in threads:  # `Thread.cooperation` was read before the details were written
        db.session.expire(thread, ["cooperation"])
    for match in data.matches:
        request, offer = named(match.request), named(match.offer)
        do_mark_matched(db.session.get(User, request.author_id), request, offer.id)
    for interest in data.interests:
        thread = named(interest.thread)
        do_express_interest(users[interest.member], load_details(thread.id), message=interest.message)
    for spec in data.projects:
        _project(spec.fields, users, named)


def _project(fields: dict, users: dict[str, User], named) -> None:
    """A project as its focal points would have run it: agreed, started, milestones met, progress
    posted; a completed one documented as an experience and published by the moderator."""
    from forum.services import experiences, projects
    from forum.services.posts import do_create_post

    def day(offset: int) -> str:
        return (date.today() + timedelta(days=offset)).isoformat()

    creator = users[fields["creator"]]
    project = projects.do_create_project(
        creator, title=fields["title"], summary=fields["summary"], objectives=fields["objectives"],
        countries=[tuple(pair) for pair in fields["countries"]], modality=fields["modality"],
        themes=fields["themes"], support_types=fields["support_types"],
        focal_point_ids=[users[name].id for name in fields["focal_points"]],
        organization_ids=[u.organization_id for u in (creator, *(users[n] for n in fields["focal_points"]))
                          if u.organization_id is not None],
        planned_start=day(fields["planned_start"]), planned_end=day(fields["planned_end"]),
        offer_thread_id=named(fields["offer"]).id, request_thread_id=named(fields["request"]).id)
    for milestone in fields["milestones"]:
        projects.do_add_milestone(creator, project, title=milestone["title"], due_date=day(milestone["due"]),
                                  responsible_country=milestone["country"],
                                  done_date=day(milestone["done"]) if "done" in milestone else None)
    for line in fields["budget"]:
        projects.do_add_budget_line(creator, project, country=line["country"], amount=line.get("amount"),
                                    currency=line.get("currency"), in_kind=line.get("in_kind", False),
                                    description=line.get("description", ""))
    for status, note in fields["statuses"]:
        projects.do_change_project_status(creator, project, status, note)
    projects.do_update_project(creator, project, actual_start=day(fields["planned_start"]),
                               **({"actual_end": day(fields["planned_end"])} if project.status == "completed" else {}))
    thread = projects.do_start_project_discussion(creator, project)
    do_create_post(users[fields["focal_points"][0]], thread, body=fields["progress"])
    if fields.get("document"):
        experience = projects.do_document_project(creator, project)
        moderator = db.session.scalar(select(User).where(User.username == "moderator"))
        experiences.do_transition(moderator, experience, to="in_review")
        experiences.do_transition(moderator, experience, to="published")


def _spread_in_time(thread: Thread, start) -> None:
    """Date the thread's posts a few hours apart from `start` (demo data only)."""
    posts = db.session.scalars(select(Post).where(Post.thread_id == thread.id).order_by(Post.number))
    when = start
    for post in posts:
        post.created_at = when
        last = when
        when += timedelta(hours=3 + (post.number * 7) % 20)
    thread.created_at = start
    thread.last_activity_at = last


def _refresh_community_activity() -> None:
    # The posting services move each community's activity at commit (forum.services.counters), to
    # "now": written first, so the dates of the demo's history below are the ones that stay.
    db.session.flush()
    counters.apply(db.session)
    for community in db.session.scalars(select(Community)):
        latest = db.session.scalar(
            select(Thread).where(Thread.community_id == community.id)
            .order_by(Thread.last_activity_at.desc()).limit(1)
        )
        if latest is not None:
            community.last_activity_at = latest.last_activity_at
            community.last_thread_id = latest.id
    db.session.execute(update(User).values(last_seen_at=utcnow()))
