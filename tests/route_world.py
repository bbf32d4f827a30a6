"""A small forum with something secret in every kind of object, for the route walkers.

Each secret text carries a marker word of its own (and the word "zebulon", so one search finds
them all); `ALLOWED` says, by hand and not by asking forum.permissions, which personas may read
each marker. tests/test_route_access.py fails when a marker reaches anyone else;
tests/test_route_inputs.py only needs the objects' ids.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from forum.extensions import db
from forum.models import Bookmark, Post, Thread, utcnow
from forum.services import experience_translations, experiences, organizations, projects
from forum.services.accounts import do_update_profile
from forum.services.drafts import do_save_draft
from forum.services.flags import do_flag_post
from forum.services.messages import do_report_conversation, do_start_conversation
from forum.services.moderation import do_hide_post
from forum.services.posts import do_delete_post, do_edit_post
from forum.services.sanctions import do_add_community_moderator, do_deactivate_user
from forum.services.uploads import do_upload, markdown_for
from tests.factories import make_community, make_post, make_thread, make_user

PERSONAS = ("anonymous", "unverified", "member", "author", "suspended", "cmod_other", "cmod_here",
            "moderator", "admin")
SEARCH_WORD = "zebulon"

# One marker per secret (letters only: the search index keeps them as words).
VISIBLE = "xqvisible"  # a visible reply: everyone (shows that the walker sees text at all)
PUBLISHED = "xqpublished"  # a published experience: everyone
MOD_HIDDEN = "xqmodhidden"  # a reply hidden by a moderator (its current text)
MOD_HIDDEN_EARLIER = "xqearlierversion"  # ... and the text it had before an edit (a revision)
FLAG_HIDDEN = "xqflaghidden"  # a reply hidden by members' flags, waiting for review
EVIDENCE_HIDDEN = "xqevidencehidden"  # a reply quoted in a published experience, then hidden
OPENING_HIDDEN = "xqopeninghidden"  # the hidden opening post of a visible thread
DELETED = "xqdeleted"  # a reply its author deleted
DELETED_THREAD = "xqgonethread"  # the opening post of a deleted thread
DRAFT = "xqdraft"  # every text field of a draft experience
IN_REVIEW = "xqinreview"  # every text field of an experience in review
CONVERSATION_OTHERS = "xqconversationothers"  # messages between two other members
CONVERSATION_REPORTED = "xqconversationreported"  # the same, reported to moderators
CONVERSATION_AUTHOR = "xqconversationauthor"  # messages to the author
MEMBERS_ONLY = "xqmembersonly"  # the bio of a profile shown to signed-in members only
DEACTIVATED = "xqdeactivated"  # the bio of a deactivated account
PROJECT_PROPOSED = "xqprojectproposed"  # every text of a proposed cooperation project (the author's)
PROJECT_AGREED = "xqprojectagreed"  # the same of an agreed one: everyone
TRANSLATION_DRAFT = "xqtranslationdraft"  # a draft translation (pt) of the published experience
UNSENT = "xqunsentdraft"  # the author's unsent reply in the main thread (forum.services.drafts)

SIGNED_IN = frozenset(PERSONAS) - {"anonymous"}
HERE_MODERATORS = frozenset({"cmod_here", "moderator", "admin"})
SITE_MODERATORS = frozenset({"moderator", "admin"})
# The rule, written out: who may read each secret. The author of a hidden post still reads it
# (to fix it, as in Discourse); a deleted post only its community's moderators.
ALLOWED: dict[str, frozenset[str]] = {
    VISIBLE: frozenset(PERSONAS),
    PUBLISHED: frozenset(PERSONAS),
    MOD_HIDDEN: HERE_MODERATORS | {"author"},
    MOD_HIDDEN_EARLIER: HERE_MODERATORS | {"author"},
    FLAG_HIDDEN: HERE_MODERATORS | {"author"},
    EVIDENCE_HIDDEN: HERE_MODERATORS | {"author"},
    OPENING_HIDDEN: HERE_MODERATORS | {"author"},
    DELETED: HERE_MODERATORS,
    DELETED_THREAD: HERE_MODERATORS,
    DRAFT: HERE_MODERATORS | {"author"},  # the author is one of its editors
    IN_REVIEW: HERE_MODERATORS | {"author"},
    CONVERSATION_OTHERS: frozenset(),
    CONVERSATION_REPORTED: SITE_MODERATORS,
    CONVERSATION_AUTHOR: frozenset({"author"}),
    MEMBERS_ONLY: SIGNED_IN,
    DEACTIVATED: SITE_MODERATORS,
    # Its focal points (the author created it) and site moderators; community moderators have no
    # power over projects.
    PROJECT_PROPOSED: SITE_MODERATORS | {"author"},
    PROJECT_AGREED: frozenset(PERSONAS),
    # Its translator (member) and the record's moderators; the record's editor is the moderator.
    TRANSLATION_DRAFT: HERE_MODERATORS | {"member"},
    # Drafts are their owner's alone: no moderator reads them.
    UNSENT: frozenset({"author"}),
}


def secret(marker: str, what: str = "notes") -> str:
    return f"{SEARCH_WORD.capitalize()} {what} {marker} on the cold chain, {SEARCH_WORD}."


@dataclass
class World:
    users: dict[str, int] = field(default_factory=dict)  # name -> id
    usernames: dict[str, str] = field(default_factory=dict)  # name -> username
    posts: dict[str, int] = field(default_factory=dict)  # marker -> post id
    threads: dict[str, tuple[int, str]] = field(default_factory=dict)  # name -> (id, slug)
    post_threads: dict[int, int] = field(default_factory=dict)  # post id -> thread id
    experiences: dict[str, tuple[int, str]] = field(default_factory=dict)  # marker -> (id, slug)
    conversations: dict[str, int] = field(default_factory=dict)  # marker -> id
    uploads: dict[str, int] = field(default_factory=dict)  # marker -> id of a text file saying it
    projects: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # marker -> (id, milestone, budget line)
    here: str = "vaccines"  # community slugs
    there: str = "logistics"
    organizations: list[str] = field(default_factory=list)  # a record's slug, and one merged into it


def _experience_fields(marker: str) -> dict:
    return {"title": f"Experience {marker} of {SEARCH_WORD}", "summary": secret(marker, "summary"),
            "modality": "bilateral", "language": "en", "countries": [{"code": "BR", "role": "partner"}],
            "start_year": 2020, "end_year": 2022, "partner_organizations": [f"Org {marker}"],
            "context": secret(marker, "context"), "results": secret(marker, "results")}


def _attached(w: World, uploader, marker: str) -> str:
    """A text file saying `marker`, uploaded by `uploader`: the Markdown that attaches it."""
    upload = do_upload(uploader, secret(marker, "file").encode(), f"{marker}.txt")
    w.uploads[marker] = upload.id
    return "\n\n" + markdown_for(upload)


def build_world() -> World:
    """Seed the world (inside an app context) and commit it."""
    w = World()
    names = ("author", "member", "suspended", "cmod_here", "cmod_other", "other", "other2", "flagger1",
             "flagger2", "flagger3", "private", "gone")
    users = {name: make_user(name) for name in names}
    users["unverified"] = make_user("unverified", is_verified=False)
    users["moderator"] = make_user("moderator", role="moderator")
    users["admin"] = make_user("admin", role="admin")
    here = make_community(w.here, name="Vaccines")
    there = make_community(w.there, name="Logistics")
    do_add_community_moderator(users["admin"], users["cmod_here"], here)
    do_add_community_moderator(users["admin"], users["cmod_other"], there)
    author, moderator = users["author"], users["moderator"]

    # A thread with a visible reply, a hidden one (edited first), one hidden by flags, one
    # deleted, and one quoted as evidence in a published experience before it was hidden.
    main = make_thread(author, here, title="Cold chain on river routes", body="How do you keep vaccines cold?")
    w.threads["main"] = (main.id, main.slug)
    visible = make_post(users["member"], main, secret(VISIBLE))
    hidden = make_post(author, main, secret(MOD_HIDDEN_EARLIER))
    do_edit_post(author, hidden, body=secret(MOD_HIDDEN) + _attached(w, author, MOD_HIDDEN))
    flagged = make_post(author, main, secret(FLAG_HIDDEN))
    deleted = make_post(author, main, secret(DELETED) + _attached(w, author, DELETED))
    evidence = make_post(author, main, secret(EVIDENCE_HIDDEN))
    published = experiences.do_promote_thread(moderator, main, evidence_post_ids=[evidence.id])
    experiences.do_update_experience(moderator, published, _experience_fields(PUBLISHED))
    for step in ("in_review", "published"):
        experiences.do_transition(moderator, published, to=step)
    do_hide_post(moderator, hidden, reason="Personal data")
    do_hide_post(moderator, evidence, reason="Personal data")
    for n in (1, 2, 3):
        do_flag_post(users[f"flagger{n}"], flagged, reason="spam")
    do_delete_post(author, deleted)
    w.posts.update({VISIBLE: visible.id, MOD_HIDDEN: hidden.id, FLAG_HIDDEN: flagged.id, DELETED: deleted.id,
                    EVIDENCE_HIDDEN: evidence.id})
    w.experiences[PUBLISHED] = (published.id, published.slug)
    experience_translations.do_create_translation(users["member"], published, {
        "language": "pt", "title": f"Experiência {TRANSLATION_DRAFT}", "summary": secret(TRANSLATION_DRAFT, "resumo"),
        "context": secret(TRANSLATION_DRAFT, "contexto")})

    # A visible thread whose opening post is hidden, and a deleted thread.
    opening = make_thread(author, here, title=f"{SEARCH_WORD.capitalize()} and solar fridges",
                          body=secret(OPENING_HIDDEN))
    make_post(users["member"], opening, "Which brand did you use?")
    do_hide_post(moderator, opening_post(opening), reason="Advertising")
    gone_thread = make_thread(author, here, title="Thermal boxes and ice packs", body=secret(DELETED_THREAD))
    do_delete_post(author, opening_post(gone_thread))
    w.threads["opening_hidden"] = (opening.id, opening.slug)
    w.threads["deleted"] = (gone_thread.id, gone_thread.slug)
    w.posts[OPENING_HIDDEN] = opening_post(opening).id
    w.posts[DELETED_THREAD] = opening_post(gone_thread).id

    # Experiences not yet published, the author among their editors.
    for marker, steps in ((DRAFT, ()), (IN_REVIEW, ("in_review",))):
        thread = make_thread(author, here, title=f"Mobile clinics, chapter {len(w.experiences)}",
                             body=f"Lessons from mobile clinics ({marker[:4]}).")
        record = experiences.do_promote_thread(moderator, thread)
        experiences.do_update_experience(moderator, record, _experience_fields(marker))
        experiences.do_add_editor(moderator, record, author.username)
        for step in steps:
            experiences.do_transition(moderator, record, to=step)
        w.experiences[marker] = (record.id, record.slug)
        w.threads[marker] = (thread.id, thread.slug)

    # Conversations: between two others, the same reported, and one with the author.
    others = do_start_conversation(users["other"], to="other2", subject=f"About {CONVERSATION_OTHERS}",
                                   body=secret(CONVERSATION_OTHERS) + _attached(w, users["other"],
                                                                                CONVERSATION_OTHERS))
    reported = do_start_conversation(users["other"], to="other2", subject=f"About {CONVERSATION_REPORTED}",
                                     body=secret(CONVERSATION_REPORTED))
    do_report_conversation(users["other2"], reported, reason="Insults")
    to_author = do_start_conversation(users["other"], to="author", subject=f"About {CONVERSATION_AUTHOR}",
                                      body=secret(CONVERSATION_AUTHOR))
    w.conversations.update({CONVERSATION_OTHERS: others.id, CONVERSATION_REPORTED: reported.id,
                            CONVERSATION_AUTHOR: to_author.id})

    # Profiles: one for members only, one deactivated; and a suspension in force.
    do_update_profile(users["private"], bio=secret(MEMBERS_ONLY, "bio"), profile_members_only=True)
    do_update_profile(users["gone"], bio=secret(DEACTIVATED, "bio"))
    do_deactivate_user(users["admin"], users["gone"], reason="Spam")
    users["suspended"].suspended_until = utcnow() + timedelta(days=7)
    users["suspended"].suspension_reason = "Spamming"

    # The record every member of the world is linked to (their profiles name it), and one merged into it.
    record = organizations.find_organization("Ministry of Health", "BR")
    merged = organizations.do_find_or_create_organization(None, name="Ministério da Saúde", country="BR")
    organizations.do_merge_organizations(moderator, merged, record)
    w.organizations = [record.slug, merged.slug]
    # Cooperation projects of the author with a colleague from Peru: one proposed, one agreed.
    peru = make_user("peru", country="PE")
    for marker, agreed in ((PROJECT_PROPOSED, False), (PROJECT_AGREED, True)):
        project = projects.do_create_project(
            author, title=f"Project {marker} of {SEARCH_WORD}", summary=secret(marker, "summary"),
            objectives=secret(marker, "objectives"), countries=[("BR", "offering"), ("PE", "receiving")],
            themes=[w.here], focal_point_ids=[peru.id] if agreed else [])
        milestone = projects.do_add_milestone(author, project, title=f"Milestone {marker}", due_date="2026-06-01",
                                              responsible_country="BR")
        line = projects.do_add_budget_line(author, project, country="BR", in_kind=True,
                                           description=f"Experts {marker}")
        if agreed:
            projects.do_change_project_status(author, project, "agreed", f"Signed {marker}")
        w.projects[marker] = (project.id, milestone.id, line.id)

    do_save_draft(author, f"reply:{main.id}", {"body": secret(UNSENT)})
    # Every account bookmarked every post, thread and experience (as if while it could read them):
    # /bookmarks and the API must still show each only to who may read it now.
    db.session.add_all([Bookmark(user_id=user.id, **{column: ident}) for user in users.values()
                        for column, idents in (("post_id", w.posts.values()),
                                               ("thread_id", [t for t, _slug in w.threads.values()]),
                                               ("experience_id", [e for e, _slug in w.experiences.values()]))
                        for ident in idents])
    db.session.flush()
    w.post_threads = {row.id: row.thread_id for row in db.session.execute(select(Post.id, Post.thread_id))}
    w.users = {name: user.id for name, user in users.items()}
    w.usernames = {name: user.username for name, user in users.items()}
    db.session.commit()
    return w


def opening_post(thread: Thread) -> Post:
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 1))
