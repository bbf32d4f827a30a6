"""Every "who may do what" of Horizonte.

`can_*` answer with a bool (templates use them to show or hide actions); `require_*` raise the
error a view or the API turns into 401/403. Views, the API, the CLI and Socket.IO handlers all ask
here, so one rule has one place.

Roles: admin; moderator (everywhere); community moderator (assigned per community by an admin,
powers limited to it); member; new member (the first 24 hours, or fewer than 3 visible posts),
who gets tighter limits.
"""

from datetime import timedelta
from typing import Any

from flask import current_app, g, has_app_context
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, exists, or_, select, true

from forum import dates
from forum.errors import Forbidden, Unauthorized
from forum.models import (
    Community,
    CommunityModerator,
    Experience,
    ExperienceEvidence,
    ExperiencePerson,
    ExperienceTheme,
    Post,
    Thread,
    User,
    utcnow,
)

NEW_MEMBER_AGE = timedelta(hours=24)
NEW_MEMBER_POSTS = 3


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_moderator(user: Any) -> bool:
    """A moderator everywhere (or an admin). A suspension suspends these powers too."""
    return is_signed_in(user) and user.role in ("moderator", "admin") and not user.is_suspended


def is_admin(user: Any) -> bool:
    return is_signed_in(user) and user.role == "admin" and not user.is_suspended


def moderated_community_ids(user: Any) -> frozenset[int]:
    """The communities a community moderator looks after (loaded once per request)."""
    if not is_signed_in(user) or not isinstance(user, User):
        return frozenset()
    cache_key = f"_moderated_communities_{user.id}"
    if has_app_context() and cache_key in g:
        return g.get(cache_key)
    from forum.extensions import db

    ids = frozenset(db.session.scalars(
        select(CommunityModerator.community_id).where(CommunityModerator.user_id == user.id)))
    if has_app_context():
        setattr(g, cache_key, ids)
    return ids


def preload_moderated_communities(users: list[User], *, session: Any = None) -> None:
    """Load `moderated_community_ids` for many users in one query (the live-socket checks), on
    `session` when given (the mail sender's own, which must not wait for a second connection)."""
    if not users or not has_app_context():
        return
    from forum.extensions import db

    found: dict[int, set[int]] = {user.id: set() for user in users}
    for user_id, community_id in (session or db.session).execute(
            select(CommunityModerator.user_id, CommunityModerator.community_id)
            .where(CommunityModerator.user_id.in_(list(found)))):
        found[user_id].add(community_id)
    for user_id, ids in found.items():
        setattr(g, f"_moderated_communities_{user_id}", frozenset(ids))


def can_moderate(user: Any, community_id: int | None) -> bool:
    """Moderate the content of this community."""
    if is_moderator(user):
        return True
    if is_suspended(user):
        return False
    return community_id is not None and community_id in moderated_community_ids(user)


def can_moderate_anything(user: Any) -> bool:
    return is_moderator(user) or (not is_suspended(user) and bool(moderated_community_ids(user)))


def is_new_member(user: Any) -> bool:
    """New members post under tighter limits until their account is a day old with 3 posts."""
    if not is_signed_in(user) or is_moderator(user) or user.trust_level >= 1:
        return False
    return user.created_at > utcnow() - NEW_MEMBER_AGE or user.post_count < NEW_MEMBER_POSTS


def is_suspended(user: Any) -> bool:
    return is_signed_in(user) and user.is_suspended


def can_manage_communities(user: Any) -> bool:
    """Create, edit, order, archive and unarchive communities."""
    return is_admin(user)


def can_invite(user: Any) -> bool:
    """Invite people by email, with a role and communities; resend and revoke invitations."""
    return is_admin(user)


def can_change_site_settings(user: Any) -> bool:
    return is_admin(user)


def can_assign_community_moderators(user: Any) -> bool:
    return is_admin(user)


def can_read_thread(user: Any, thread: Thread) -> bool:
    return not thread.is_deleted or can_moderate(user, thread.community_id)


def can_subscribe(user: Any, thread: Thread) -> bool:
    """Watch or mute a thread: any signed-in, active reader."""
    return is_signed_in(user) and not user.is_deactivated and can_read_thread(user, thread)


def thread_reader_clause(thread: Thread) -> Any:
    """A WHERE clause on User for the active accounts that may read `thread` (`can_read_thread`
    in SQL, so a post can pick its notification recipients in one query however many there are)."""
    active = User.deactivated_at.is_(None)
    if not thread.is_deleted:
        return active
    not_suspended = User.suspended_until.is_(None) | (User.suspended_until <= utcnow())
    moderates_here = User.id.in_(select(CommunityModerator.user_id)
                                 .where(CommunityModerator.community_id == thread.community_id))
    return active & not_suspended & (User.role.in_(("moderator", "admin")) | moderates_here)


def can_see_hidden(user: Any, community_id: int | None) -> bool:
    return can_moderate(user, community_id)


# ---------- reading a post's text: one rule for every page, answer, feed, export and event ----------


def can_read_post_text(user: Any, post: Post) -> bool:
    """Whether `user` may read what `post` says: its HTML, its source, an excerpt, a quote of it, its
    earlier versions. Pages, the API, search, exports, mail and socket events all ask here, so a page
    added later cannot forget a case (hidden posts were public at /p/<id>/revisions).

    The moderators of its community read every post of the threads they may read, hidden and deleted
    ones included, to review them. Everyone else reads a post that is neither deleted nor hidden, in a
    thread that is not deleted; the author also reads their own hidden post (what was hidden, to fix
    it, as in Discourse) but not a deleted one.
    """
    thread = post.thread
    return post_text_readable(user, community_id=thread.community_id, thread_deleted=thread.is_deleted,
                              deleted=post.is_deleted, hidden=post.is_hidden, author_id=post.author_id)


def post_text_readable(user: Any, *, community_id: int | None, thread_deleted: bool, deleted: bool,
                       hidden: bool, author_id: int | None) -> bool:
    """`can_read_post_text` on a post's columns, for rows that are not Post objects (search results)."""
    if not (thread_deleted or deleted or hidden):
        return True  # what nearly every post is: readable by all, no need to ask who moderates
    if can_see_hidden(user, community_id):
        return True
    if thread_deleted or deleted:
        return False
    return is_signed_in(user) and author_id is not None and user.id == author_id


def can_quote_post(user: Any, post: Post) -> bool:
    """Quote a post in a reply: one the user reads, and never a hidden one (a quote would publish it
    again, even a moderator's), in a thread they may reply to."""
    return (not post.is_deleted and not post.is_hidden and can_read_post_text(user, post)
            and can_reply(user, post.thread))


def can_read_evidence(user: Any, evidence: ExperienceEvidence) -> bool:
    """A post quoted in an experience is still that post's words: hidden or deleted since, it leaves
    the record for whoever may no longer read the post. (The copy keeps a published record from
    drifting with later edits, not from moderation.) A quote whose post no longer exists stands alone."""
    return evidence.post is None or can_read_post_text(user, evidence.post)


def can_write(user: Any) -> bool:
    """Signed in, email confirmed, not suspended: the baseline for any contribution."""
    return is_signed_in(user) and user.is_verified and not user.is_suspended and not user.is_deactivated


def is_archived(community: Community) -> bool:
    """An archived community is read-only: its threads stay readable and their links keep working,
    but nobody (moderators included) starts a thread, replies, edits a post of their own or reacts
    there. The one rule, asked by the web, the API and the live socket through the checks below."""
    return community.archived_at is not None


def require_open_community(community: Community) -> None:
    """Raise the clear 403 of an archived community."""
    if is_archived(community):
        raise Forbidden(_("This community is archived: it is read-only."), code="community_archived")


def can_create_thread(user: Any, community: Community) -> bool:
    return can_write(user) and not is_archived(community)


def can_post_kind(user: Any, kind: str, community_id: int | None = None) -> bool:
    """Announcements speak for the forum, so only moderators start them."""
    return kind != "announcement" or can_moderate(user, community_id)


def can_reply(user: Any, thread: Thread) -> bool:
    if not can_write(user) or thread.is_deleted or is_archived(thread.community):
        return False
    return not thread.is_locked or can_moderate(user, thread.community_id)


def _post_community(post: Post) -> int:
    return post.thread.community_id


def can_edit_post(user: Any, post: Post) -> bool:
    """Its author or its moderators; the form shows the source, so only someone who reads it."""
    if not can_write(user) or post.is_deleted or not can_read_post_text(user, post):
        return False
    if can_moderate(user, _post_community(post)):
        return True  # an archived community's moderators still redact what must go
    return post.author_id == user.id and not is_archived(post.thread.community)


def can_delete_post(user: Any, post: Post) -> bool:
    """Authors delete their posts, except an opening post that has replies (edit it instead)."""
    if not can_edit_post(user, post):
        return False
    return can_moderate(user, _post_community(post)) or post.number != 1 or post.thread.post_count <= 1


def can_undelete_post(user: Any, post: Post) -> bool:
    return post.is_deleted and can_moderate(user, _post_community(post))


def can_view_revisions(user: Any, post: Post) -> bool:
    """Earlier versions are the post's text too: whoever reads the post, and nobody else (a hidden
    post's versions: its community's moderators and its author)."""
    return can_read_post_text(user, post)


def can_see_post_editors(user: Any, post: Post) -> bool:
    """Who made each edit of a post: its community's moderators; other readers see the times only."""
    return can_moderate(user, _post_community(post))


def can_hide_post(user: Any, post: Post) -> bool:
    return not post.is_deleted and can_moderate(user, _post_community(post))


def can_flag(user: Any, post: Post) -> bool:
    """Verified, unsuspended members flag others' visible posts."""
    return can_write(user) and post.author_id != user.id and not post.is_deleted and not post.is_hidden


def can_mark_answer(user: Any, thread: Thread) -> bool:
    """A question's author, or its moderators, mark (and unmark) one reply as its answer."""
    from forum.models import ANSWERABLE_KINDS

    if not can_write(user) or thread.is_deleted or thread.kind not in ANSWERABLE_KINDS:
        return False
    return thread.author_id == user.id or can_moderate(user, thread.community_id)


def can_be_answer(post: Post) -> bool:
    """A visible reply of the question (not the question itself)."""
    return post.number != 1 and not post.is_deleted and not post.is_hidden


def can_react(user: Any, post: Post) -> bool:
    """Verified, unsuspended members react to others' visible posts (never their own)."""
    return (can_write(user) and post.author_id != user.id and not post.is_deleted and not post.is_hidden
            and not post.thread.is_deleted and not is_archived(post.thread.community))


def can_see_reactions(user: Any, post: Post) -> bool:
    """Who reacted to a post: whoever may read the post's text."""
    return not post.is_deleted and can_read_post_text(user, post)


def can_moderate_thread(user: Any, thread: Thread) -> bool:
    return can_moderate(user, thread.community_id)


def can_set_thread_language(user: Any, thread: Thread) -> bool:
    """The thread's author corrects the guessed language of what they wrote; moderators too."""
    if not can_write(user) or thread.is_deleted:
        return False
    return thread.author_id == user.id or can_moderate_thread(user, thread)


def can_sanction_users(user: Any) -> bool:
    """Suspensions reach the whole site, so only site-wide moderators give them."""
    return is_moderator(user)


def can_warn(user: Any, community_id: int | None = None) -> bool:
    """Warnings about a post come from its community's moderators; other warnings from site moderators."""
    return can_moderate(user, community_id) if community_id is not None else is_moderator(user)


def can_deactivate(user: Any, target: User) -> bool:
    return is_admin(user) and target.id != user.id and target.role != "admin"


def can_view_audit_log(user: Any) -> bool:
    return can_moderate_anything(user)


def can_export_audit_log(user: Any) -> bool:
    return is_admin(user)


def can_join(user: Any) -> bool:
    return is_signed_in(user)


# ---------- documented experiences ----------
# Moderators of an experience: site moderators and the moderators of any of its themes.
# Editors edit drafts; only moderators publish, archive or send a record back to draft.


def can_promote_thread(user: Any, thread: Thread) -> bool:
    """Moderators and the community's moderators document a thread as an experience."""
    return can_write(user) and not thread.is_deleted and can_moderate(user, thread.community_id)


def can_moderate_experience(user: Any, experience: Experience) -> bool:
    if is_moderator(user):
        return True
    if not is_signed_in(user) or is_suspended(user):
        return False
    return any(t.community_id in moderated_community_ids(user) for t in experience.themes)


def is_experience_editor(user: Any, experience: Experience) -> bool:
    return is_signed_in(user) and user.id in experience.editor_ids


def can_view_experience(user: Any, experience: Experience) -> bool:
    """Published and archived records are public; drafts and reviews only to editors and moderators,
    and a record in review also to the focal points of its countries (who are asked to validate it)."""
    if experience.status in ("published", "archived"):
        return True
    if is_experience_editor(user, experience) or can_moderate_experience(user, experience):
        return True
    return experience.status == "in_review" and _speaks_for_one_of(user, experience)


def can_edit_experience(user: Any, experience: Experience) -> bool:
    """Drafts only: a record in review or published goes back to draft to change."""
    return (can_write(user) and experience.status == "draft"
            and (is_experience_editor(user, experience) or can_moderate_experience(user, experience)))


def can_manage_experience_editors(user: Any, experience: Experience) -> bool:
    return (can_write(user) and experience.status != "archived"
            and (is_experience_editor(user, experience) or can_moderate_experience(user, experience)))


def can_transition_experience(user: Any, experience: Experience, to: str) -> bool:
    """Editors send their draft for review; every other step of the workflow is a moderator's,
    and publishing is `can_publish_experience`'s."""
    if not can_write(user):
        return False
    if to == "published":
        return can_publish_experience(user, experience)
    if experience.status == "draft" and to == "in_review" and is_experience_editor(user, experience):
        return True
    return can_moderate_experience(user, experience)


# ---------- translations of documented experiences ----------
# A translation is edited by its translators, the record's editors and its moderators (its
# "translation editors"), while it is a draft; it is reviewed like the record: its editors send it
# for review, the record's moderators publish it or request changes.


def is_translation_editor(user: Any, experience: Experience, translation: Any) -> bool:
    if not is_signed_in(user):
        return False
    return (user.id in translation.translator_ids or is_experience_editor(user, experience)
            or can_moderate_experience(user, experience))


def can_create_translation(user: Any, experience: Experience) -> bool:
    """An editor of the record, a moderator, or any verified member who volunteers (a published
    record is what a volunteer can read; drafts are only for their editors and moderators)."""
    return can_write(user) and experience.status != "archived" and can_view_experience(user, experience)


def can_view_translation(user: Any, experience: Experience, translation: Any) -> bool:
    """A published translation is read wherever its record is; a draft or one in review only by its
    translation editors."""
    if not can_view_experience(user, experience):
        return False
    return translation.status == "published" or is_translation_editor(user, experience, translation)


def can_edit_translation(user: Any, experience: Experience, translation: Any) -> bool:
    """Drafts only, as records: one in review or published goes back to draft to change."""
    return (can_write(user) and translation.status == "draft" and experience.status != "archived"
            and is_translation_editor(user, experience, translation))


def can_mark_translation_updated(user: Any, experience: Experience, translation: Any) -> bool:
    """Its translation editors say it follows the source again (whatever its status: a change of the
    source that needs no change of the translation does not send it back to review)."""
    return can_write(user) and is_translation_editor(user, experience, translation)


def can_transition_translation(user: Any, experience: Experience, translation: Any, to: str) -> bool:
    """Its editors send a draft for review; every other step is for the record's moderators."""
    if not can_write(user):
        return False
    if translation.status == "draft" and to == "in_review" and is_translation_editor(user, experience, translation):
        return True
    return can_moderate_experience(user, experience)


def publish_reviewers() -> int:
    """EXPERIENCE_PUBLISH_REVIEWERS: 1 (two-person publishing, the default) or 0."""
    return int(current_app.config.get("EXPERIENCE_PUBLISH_REVIEWERS", 1)) if has_app_context() else 1


def can_publish_experience(user: Any, experience: Experience) -> bool:
    """Move a record to published (from review, or back from the archive). Two-person publishing
    (EXPERIENCE_PUBLISH_REVIEWERS=1): only a moderator of the record who is not one of its editors,
    whose publishing is the approval the record shows ("Reviewed by"); with 0, any of its moderators."""
    if not can_write(user) or not can_moderate_experience(user, experience):
        return False
    return publish_reviewers() == 0 or not is_experience_editor(user, experience)


def can_correct_experience(user: Any, experience: Experience) -> bool:
    """Edit a published record without unpublishing it: its editors and moderators, each edit with
    a change note that the public changelog shows."""
    return (can_write(user) and experience.status == "published"
            and (is_experience_editor(user, experience) or can_moderate_experience(user, experience)))


def experience_workflow_clause(user: Any) -> ColumnElement[bool]:
    """SQL for "the records `user` edits or moderates": what the editorial queue may list (the
    statuses it lists are the queue's business). The same rule as `can_view_experience` for
    records that are not public."""
    if is_moderator(user):
        return true()
    if not is_signed_in(user):
        return Experience.id.is_(None)
    edits = Experience.id.in_(select(ExperiencePerson.experience_id).where(
        ExperiencePerson.user_id == user.id, ExperiencePerson.role == "editor"))
    communities = sorted(moderated_community_ids(user)) if not is_suspended(user) else []
    if not communities:
        return edits
    return or_(edits, Experience.id.in_(select(ExperienceTheme.experience_id).where(
        ExperienceTheme.community_id.in_(communities))))


def can_view_editorial_queue(user: Any) -> bool:
    """The editorial queue: whoever moderates something, or edits at least one record."""
    if not is_signed_in(user):
        return False
    if can_moderate_anything(user):
        return True
    from forum.extensions import db

    return bool(db.session.scalar(select(exists().where(
        ExperiencePerson.user_id == user.id, ExperiencePerson.role == "editor"))))


# ---------- good-practice assessment and validation by the countries ----------
# Screening and assessment are a review: moderators of the experience, never its editors (nobody
# assesses their own record). Validation speaks for a country: only its focal points, named by an
# admin, and only for a country the record involves.

ASSESSED_STATUSES = ("in_review", "published")


def focal_point_countries(user: Any) -> frozenset[str]:
    """The countries a member speaks for (loaded once per request)."""
    if not is_signed_in(user) or not isinstance(user, User):
        return frozenset()
    cache_key = f"_focal_point_countries_{user.id}"
    if has_app_context() and cache_key in g:
        return g.get(cache_key)
    from forum.extensions import db
    from forum.models import CountryFocalPoint

    codes = frozenset(db.session.scalars(
        select(CountryFocalPoint.country).where(CountryFocalPoint.user_id == user.id)))
    if has_app_context():
        setattr(g, cache_key, codes)
    return codes


def forget_focal_point_countries(user_id: int) -> None:
    """After a change of a member's countries (forum.services.experience_assessment)."""
    if has_app_context():
        g.pop(f"_focal_point_countries_{user_id}", None)


def _speaks_for_one_of(user: Any, experience: Experience) -> bool:
    if not is_signed_in(user) or is_suspended(user):
        return False
    codes = focal_point_countries(user)
    return bool(codes) and any(c["code"] in codes for c in experience.countries)


def _reviews_independently(user: Any, experience: Experience) -> bool:
    return (can_write(user) and experience.status in ASSESSED_STATUSES
            and can_moderate_experience(user, experience) and not is_experience_editor(user, experience))


def can_screen_experience(user: Any, experience: Experience) -> bool:
    """Record the basic screening (the checklist) of a record in review or published."""
    return _reviews_independently(user, experience)


def can_assess_experience(user: Any, experience: Experience) -> bool:
    """Score the core attributes (the technical assessment; the service also wants a passed screening)."""
    return _reviews_independently(user, experience)


def can_validate_country(user: Any, experience: Experience, country: str) -> bool:
    """Validate (or ask to change) what a record in review or published says about `country`: a
    focal point of that country, when the record involves it."""
    return (can_write(user) and experience.status in ASSESSED_STATUSES
            and any(c["code"] == country for c in experience.countries)
            and country in focal_point_countries(user))


def can_see_validation_comments(user: Any, experience: Experience) -> bool:
    """The changes the countries asked for are addressed to the editors: they, the record's
    moderators and its countries' focal points read them."""
    return (is_experience_editor(user, experience) or can_moderate_experience(user, experience)
            or _speaks_for_one_of(user, experience))


def can_name_focal_points(user: Any) -> bool:
    """Name or remove the members who speak for a country."""
    return can_write(user) and is_admin(user)


def require_signed_in(user: Any) -> User:
    if not is_signed_in(user):
        raise Unauthorized()
    return user


def require_write(user: Any) -> User:
    require_signed_in(user)
    if user.is_deactivated:
        raise Forbidden(_("This account is deactivated."), code="deactivated")
    if not user.is_verified:
        raise Forbidden(_("Please confirm your email address before posting."), code="email_unverified")
    if user.is_suspended:
        raise Forbidden(suspension_message(user), code="suspended")
    return user


def suspension_message(user: User) -> str:
    return _("Your account is suspended until %(until)s: %(reason)s",
             until=dates.exact(user.suspended_until), reason=user.suspension_reason or "")


def require(allowed: bool, message: str | None = None, code: str | None = None) -> None:
    """Raise 403 unless `allowed` (after the caller has required a signed-in user)."""
    if not allowed:
        raise Forbidden(message, code=code)


# ---------- cooperation and direct messages ----------


def can_edit_cooperation(user: Any, thread: Thread) -> bool:
    """The author of an offer/request and its community's moderators edit its details and match it."""
    if not can_write(user) or thread.is_deleted:
        return False
    return thread.author_id == user.id or can_moderate(user, thread.community_id)


def can_decide_match(user: Any, request_thread: Thread) -> bool:
    """A match binds the request's side, so its owner (or a moderator of its community) accepts
    it; an offer's owner may only propose one."""
    return request_thread.kind == "request" and can_edit_cooperation(user, request_thread)


def can_express_interest(user: Any, details: Any) -> bool:
    """A member who may write, from another country than the offer/request's, may say they are
    interested while it is open (the owner and members of its own country cannot)."""
    if not can_write(user) or details.thread.is_deleted or details.status != "open":
        return False
    return details.thread.author_id != user.id and user.country != details.country


def can_decide_interest(user: Any, thread: Thread) -> bool:
    """The owner of the offer/request (or a moderator of its community) accepts or declines."""
    return can_edit_cooperation(user, thread)


def can_see_interest(user: Any, interest: Any, thread: Thread) -> bool:
    """An expression of interest is between the member who wrote it and the offer/request's side."""
    if not getattr(user, "is_authenticated", False):
        return False
    return interest.user_id == user.id or thread.author_id == user.id or can_moderate(user, thread.community_id)


# ---------- cooperation projects ----------
# A project belongs to its focal points (members who speak for its countries). Site moderators and
# admins may do everything; community moderators have no power over projects (a project is an
# agreement between countries, not the content of a community). Anything that writes needs
# can_write: a suspended focal point reads but changes nothing.

PROJECT_FINAL_STATUSES = frozenset({"completed", "cancelled"})


def is_project_focal_point(user: Any, project: Any) -> bool:
    return is_signed_in(user) and user.id in project.focal_point_ids


def _runs_project(user: Any, project: Any) -> bool:
    return can_write(user) and (is_moderator(user) or is_project_focal_point(user, project))


def can_view_project(user: Any, project: Any) -> bool:
    """Agreed, in-progress, completed and cancelled projects are public. A proposed one is still
    being negotiated: only its focal points, the member who created it and site moderators see it."""
    if project.status != "proposed":
        return True
    if not is_signed_in(user):
        return False
    return is_moderator(user) or user.id == project.created_by_id or is_project_focal_point(user, project)


def can_create_project(user: Any) -> bool:
    """Any member who may contribute (they become the project's first focal point)."""
    return can_write(user)


def can_edit_project(user: Any, project: Any) -> bool:
    """The fields of the project (title, countries, dates, links...), whatever its status."""
    return _runs_project(user, project)


def can_change_project_status(user: Any, project: Any) -> bool:
    """Move it along proposed -> agreed -> in_progress -> completed, or cancel it; a completed or
    cancelled project stays so."""
    return project.status not in PROJECT_FINAL_STATUSES and _runs_project(user, project)


def can_manage_project_focal_points(user: Any, project: Any) -> bool:
    """Add or remove focal points."""
    return _runs_project(user, project)


def can_manage_project_milestones(user: Any, project: Any) -> bool:
    """Add, change, mark done and delete milestones."""
    return _runs_project(user, project)


def can_manage_project_budget(user: Any, project: Any) -> bool:
    """Add and remove budget lines."""
    return _runs_project(user, project)


def can_start_project_discussion(user: Any, project: Any) -> bool:
    """Open the thread where progress is posted: once the project is public (its title is then
    posted in a community) and while it has none (or only a deleted one)."""
    has_one = project.discussion_thread_id is not None and not project.discussion_thread.is_deleted
    return project.status != "proposed" and not has_one and _runs_project(user, project)


def can_document_project(user: Any, project: Any) -> bool:
    """Turn a completed project into a draft experience, once."""
    return project.status == "completed" and project.experience_id is None and _runs_project(user, project)


def is_blocked(recipient_id: int, actor_id: int) -> bool:
    """Whether `recipient` blocked `actor`: the one place that decides (messages now, mentions later)."""
    from forum.extensions import db
    from forum.models import UserBlock

    if recipient_id == actor_id:
        return False
    return db.session.get(UserBlock, (recipient_id, actor_id)) is not None


def blocked_by_any(recipient_ids: list[int], actor_id: int) -> list[int]:
    """Which of `recipient_ids` blocked `actor` (one query; same rule as is_blocked)."""
    from forum.extensions import db
    from forum.models import UserBlock

    if not recipient_ids:
        return []
    return list(db.session.scalars(select(UserBlock.blocker_id).where(
        UserBlock.blocker_id.in_(recipient_ids), UserBlock.blocked_id == actor_id)))


def can_read_conversation(user: Any, conversation: Any, participant_ids: set[int]) -> bool:
    """Participants only; moderators too, but only once a participant reported the conversation."""
    if not is_signed_in(user):
        return False
    if user.id in participant_ids:
        return True
    return conversation.reported_at is not None and is_moderator(user)


def can_message(user: Any) -> bool:
    return can_write(user)


# ---------- profiles ----------


def can_view_profile(user: Any, target: User) -> bool:
    """Deactivated accounts disappear from profiles and the directory, except for moderators."""
    return not target.is_deactivated or is_moderator(user)


def can_see_profile_details(user: Any, target: User) -> bool:
    """Members who chose it show only their name and avatar to anonymous visitors."""
    return not target.profile_members_only or is_signed_in(user)


def can_see_email(user: Any, target: User) -> bool:
    """An email is private unless its owner chose to show it to signed-in members."""
    if not is_signed_in(user):
        return False
    return user.id == target.id or target.show_email_to_members


def can_see_all_contributions(user: Any) -> bool:
    """Whether a profile's recent activity includes deleted threads and hidden or deleted posts."""
    return is_moderator(user)


# ---------- development ----------

LOOPBACK_ADDRESSES = frozenset({"127.0.0.1", "::1"})


def can_read_development_mail(config: Any, remote_addr: str | None) -> bool:
    """/dev/mail shows every mail the site wrote, reset links included: never in production, and
    in development only to the machine it runs on."""
    return config.get("FORUM_ENV") != "production" and remote_addr in LOOPBACK_ADDRESSES


# ---------- organizations ----------
# Records are shared: any member who may write creates one (the same name in the same country
# gives the existing record back); only moderators change or merge them, since a record speaks
# for every member linked to it. Every change is in the audit log.


def can_create_organization(user: Any) -> bool:
    return can_write(user)


def can_edit_organization(user: Any, organization: Any) -> bool:
    """Site moderators and admins. (A merged record is edited no more: the service answers 409.)"""
    return can_write(user) and is_moderator(user)


def can_merge_organizations(user: Any) -> bool:
    return can_write(user) and is_moderator(user)
