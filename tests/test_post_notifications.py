"""Who hears about a new post, once, as what; subscriptions through the pages and the API; mentions."""

from sqlalchemy import select

from forum import content
from forum.extensions import db
from forum.models import Notification, User, utcnow
from forum.services.messages import do_block, do_unblock
from forum.services.moderation import do_warn_user
from forum.services.post_notifications import resolve_usernames
from forum.services.subscriptions import do_follow_community, do_set_thread_subscription
from tests.conftest import form_post
from tests.factories import make_community, make_post, make_thread, make_user, refetch
from tests.test_api_support import API, bearer, issue_token, uid
from tests.test_services_experiences import world  # noqa: F401  (fixture)


def _kinds(post) -> dict[str, str]:
    """{username: kind} of the notifications a post caused."""
    rows = db.session.execute(select(User.username, Notification.kind).join(User, User.id == Notification.user_id)
                              .where(Notification.post_id == post.id)).all()
    names = [name for name, _kind in rows]
    assert len(names) == len(set(names)), f"someone got two notifications: {rows}"
    return dict(rows)


def _quote_line(post) -> str:
    return content.quote(post.source, post.author.username, f"/p/{post.id}")


def test_each_kind_once_with_precedence_and_never_the_actor(ctx):
    ana, bea, cai, dan, eva = (make_user(n) for n in ("ana", "bea", "cai", "dan", "eva"))
    thread = make_thread(ana, make_community())
    bea_post = make_post(bea, thread, "Bea's first reply")  # bea now watches
    make_post(cai, thread, "Cai replies too")  # cai watches
    do_set_thread_subscription(dan, thread, level="watch")
    # eva is mentioned and also watches: mention wins; bea is quoted and mentioned: mention wins.
    do_set_thread_subscription(eva, thread, level="watch")
    post = make_post(dan, thread, _quote_line(bea_post) + "Agreed, @eva and @bea. And @dan (me) and @nobody.")
    assert _kinds(post) == {"eva": "mention", "bea": "mention", "ana": "reply", "cai": "watched_post"}
    quoting = make_post(eva, thread, _quote_line(bea_post) + "Quoting only.")
    assert _kinds(quoting) == {"bea": "quote", "ana": "reply", "cai": "watched_post", "dan": "watched_post"}
    db.session.commit()  # shared counters move at commit (forum.services.counters)
    assert refetch(User, bea.id).unread_notification_count == 3  # + watched_post for cai's reply


def test_a_mention_inside_a_quote_is_not_a_mention(ctx):
    ana, bea, _cai = (make_user(n) for n in ("ana", "bea", "cai"))
    thread = make_thread(ana, make_community())
    quoted = make_post(bea, thread, "Ask @cai about it")
    post = make_post(ana, thread, _quote_line(quoted) + "Thanks")
    assert _kinds(post) == {"bea": "quote"}


def test_muted_thread_silences_watched_post_and_reply_but_not_a_mention(ctx):
    ana, bea, cai = (make_user(n) for n in ("ana", "bea", "cai"))
    thread = make_thread(ana, make_community())
    make_post(bea, thread, "Bea watches by posting")
    do_set_thread_subscription(bea, thread, level="mute")
    do_set_thread_subscription(ana, thread, level="mute")
    assert _kinds(make_post(cai, thread, "Anyone?")) == {}
    assert _kinds(make_post(cai, thread, "Hey @bea")) == {"bea": "mention"}


def test_a_member_who_blocked_the_author_hears_nothing_from_them_but_moderation_still_reaches(ctx):
    ana, bea, cai = (make_user(n) for n in ("ana", "bea", "cai"))
    mod = make_user("moddy", role="moderator")
    thread = make_thread(ana, make_community())
    make_post(bea, thread, "Bea watches by posting")
    do_block(bea, cai)
    do_block(ana, mod)
    post = make_post(cai, thread, "Hey @bea, and @ana")
    assert _kinds(post) == {"ana": "mention"}  # bea blocked cai: no mention, no watched_post
    do_unblock(bea, cai)
    assert _kinds(make_post(cai, thread, "Again @bea")) == {"bea": "mention", "ana": "reply"}
    # Blocking a moderator does not silence moderation: the warning arrives.
    do_warn_user(mod, ana, message="Mind the tone", post=post)
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == ana.id,
                                                             Notification.actor_id == mod.id)) is not None


def test_followers_hear_of_new_threads_only(ctx):
    ana, bea, cai = (make_user(n) for n in ("ana", "bea", "cai"))
    community = make_community()
    do_follow_community(bea, community)
    do_follow_community(ana, community)
    thread = make_thread(ana, community, body="Opening post mentioning @cai")
    first = db.session.scalar(select(Notification).where(Notification.thread_id == thread.id,
                                                          Notification.user_id == bea.id))
    assert first.kind == "new_thread"
    assert {n.kind for n in db.session.scalars(select(Notification).where(Notification.thread_id == thread.id))} \
        == {"new_thread", "mention"}
    # A reply is no new thread: followers who do not watch hear nothing.
    assert _kinds(make_post(cai, thread, "Reply")) == {"ana": "reply"}


def test_who_cannot_read_hears_nothing(ctx):
    ana, bea, gone = (make_user(n) for n in ("ana", "bea", "gone"))
    moderator = make_user("mod", role="moderator")
    thread = make_thread(ana, make_community())
    for user in (bea, gone, moderator):
        do_set_thread_subscription(user, thread, level="watch")
    gone.deactivated_at = utcnow()
    db.session.flush()
    assert _kinds(make_post(ana, thread, "Hello @gone")) == {"bea": "watched_post", "mod": "watched_post"}
    # A deleted thread is for moderators only: a late post reaches only them.
    thread.deleted_at = utcnow()
    from forum.services.post_notifications import notify_for_new_post
    from forum.services.posts import append_post

    late = append_post(thread, ana, "Late, @bea")
    notify_for_new_post(late)
    assert _kinds(late) == {"mod": "watched_post"}


def test_constant_queries_whatever_the_number_of_watchers(app, count_queries):
    def post_with_watchers(count: int) -> int:
        with app.test_request_context(method="POST"):
            author = make_user()
            thread = make_thread(author, make_community())
            for _ in range(count):
                do_set_thread_subscription(make_user(), thread, level="watch")
            replier = make_user()
            db.session.commit()
            with count_queries() as counter:
                post = make_post(replier, thread, "To everyone watching")
            assert len(_kinds(post)) == count + 1  # the watchers and the thread's author
            db.session.rollback()
            return counter.count

    assert post_with_watchers(2) == post_with_watchers(30)


def test_experience_published_notifies_credited_contributors_once(world):  # noqa: F811
    from forum.models import Experience
    from forum.services import experiences as service
    from tests.test_services_experiences import COMPLETE

    experience = service.do_promote_thread(world["mod"], world["thread"])
    service.do_update_experience(world["mod"], experience, {**COMPLETE})
    service.do_transition(world["mod"], experience, to="in_review")
    db.session.commit()
    contributors = {p.user_id for p in refetch(Experience, experience.id).people if p.role == "contributor"}
    assert contributors >= {world["pe"].id, world["co"].id}
    service.do_transition(world["mod"], refetch(Experience, experience.id), to="published")
    db.session.commit()
    notified = list(db.session.scalars(select(Notification.user_id)
                                       .where(Notification.kind == "experience_published")))
    assert sorted(notified) == sorted(contributors - {world["mod"].id})


def test_subscription_forms_and_api(app, client, auth, member, other_member):
    with app.app_context():
        author = db.session.get(User, uid(other_member))
        community = make_community("vaccines")
        thread = make_thread(author, community)
        db.session.commit()
        thread_id = thread.id
    auth.login("member")
    page = f"/t/{thread_id}/{thread.slug}"
    assert 'value="watch"' in client.get(page).get_data(as_text=True)
    assert client.post(f"/t/{thread_id}/subscription", data={"level": "watch"}).status_code == 400  # no CSRF
    assert form_post(client, f"/t/{thread_id}/subscription", {"level": "mute"}, page=page).status_code == 302
    assert "You muted this thread." in client.get(page).get_data(as_text=True)
    assert form_post(client, "/c/vaccines/follow", {"follow": "1"}, page="/c/vaccines").status_code == 302
    assert "Stop following" in client.get("/c/vaccines").get_data(as_text=True)

    headers = bearer(issue_token(app, member))
    url = f"{API}/threads/{thread_id}/subscription"
    assert client.get(url, headers=headers).get_json() == {"level": "mute"}
    assert client.put(url, json={"level": "watch"}, headers=headers).get_json() == {"level": "watch"}
    assert client.put(url, json={"level": "loud"}, headers=headers).status_code == 422
    assert client.delete(url, headers=headers).get_json() == {"level": None}
    assert client.get(url, headers=headers).get_json() == {"level": None}
    assert client.put(f"{API}/threads/999999/subscription", json={"level": "watch"}, headers=headers).status_code == 404
    assert client.delete(f"{API}/communities/vaccines/follow", headers=headers).get_json() == {"following": False}
    assert client.put(f"{API}/communities/vaccines/follow", headers=headers).get_json() == {"following": True}
    assert client.put(url, json={"level": "watch"}).status_code == 400  # the cookie session needs CSRF


def test_mentions_link_existing_users_outside_code_and_links(ctx):
    make_user("ana")
    render = lambda source: content.render(source, mention_resolver=resolve_usernames)  # noqa: E731
    html = render("Hi @ANA and @ghost, `@ana` and [@ana](https://example.org) and ana@example.org")
    assert html.count('href="/u/ana"') == 1 and 'class="mention"' in html and ">@ana</a>" in html
    assert "@ghost" in html and "/u/ghost" not in html and "<code>@ana</code>" in html
    assert "```" not in render("```\n@ana\n```") and "/u/ana" not in render("```\n@ana\n```")
    # Nobody can forge the class through Markdown: raw HTML is off and nh3 keeps only "mention".
    assert '<a class' not in render('<a class="mention" href="/u/x">x</a>')
    assert "/u/ana" not in content.render("@ana")  # no resolver (bios): no mention links
