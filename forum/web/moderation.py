"""Moderation pages: flagging, the review queue, thread and post actions, users, community
moderators and the audit log.

Thin views over forum.services: every rule (who may, what is valid) lives in the services and
forum.permissions. A refused or invalid action shows its form again with the error and what was
typed; a permission error is a 401/403 page.
"""

from collections.abc import Callable

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from forum import permissions
from forum.audit_labels import detail_lines
from forum.errors import Forbidden, ForumError, NotFound, Unauthorized, ValidationError
from forum.extensions import db
from forum.i18n import country_choices
from forum.models import AuditEntry, Community, CommunityModerator, Flag, Post, Suspension, Thread, User
from forum.ratelimits import flag_limit
from forum.services import audit, sanctions, user_admin
from forum.services import moderation as service
from forum.services import validation as v
from forum.services.communities import access_community, access_community_by_id
from forum.services.flags import do_flag_post, review_queue
from forum.services.posts import access_post
from forum.services.profiles import resolve_member_names
from forum.services.threads import access_thread, communities_overview, page_count
from forum.web.forms import (
    FLAG_REASON_LABELS,
    ROLE_LABELS,
    AuditFilterForm,
    CloseThreadForm,
    CommunityModeratorForm,
    EmptyForm,
    FlagForm,
    MoveThreadForm,
    ReasonForm,
    RenameThreadForm,
    RoleForm,
    SlowModeForm,
    SplitThreadForm,
    SuspendForm,
    WarnForm,
    show_error,
)
from forum.web.helpers import page_arg, safe_next

bp = Blueprint("moderation", __name__)

QUEUE_PER_PAGE = 25
LOG_PER_PAGE = 50
# Errors that are about who is asking, not about what was typed: shown as an error page.
ACCESS_ERRORS = (Unauthorized, Forbidden, NotFound)


@bp.app_template_global()
def moderation_move_targets(thread: Thread) -> list[Community]:
    """Communities the current user may move this thread to (only called for its moderators)."""
    return [c for c in communities_overview()
            if c.id != thread.community_id and not c.is_archived and permissions.can_moderate(current_user, c.id)]


@bp.app_context_processor
def _moderation_labels() -> dict:
    return {"flag_reason_labels": FLAG_REASON_LABELS, "role_labels": ROLE_LABELS}


def _login_redirect() -> Response | None:
    """Pages (GET) send anonymous visitors to the login form, and back here after it."""
    if current_user.is_authenticated:
        return None
    target = request.full_path[:-1] if request.full_path.endswith("?") else request.full_path
    return redirect(url_for("auth.login", next=target))


def _show_error(form, error: ForumError) -> None:
    if isinstance(error, ValidationError):
        show_error(form, error)
    else:
        form.form_errors.append(error.message)


def _action(form, run: Callable[[], object], *, success: str, destination: str | Callable[[object], str],
            error_page: dict):
    """Run one moderator action: redirect with a flash, or show its form again (with the error's
    status, so that the boundary rolls the action back; forum.transactions).

    The redirect goes to the form's `next` (a path on this site) when it has one, else to
    `destination` (or what it makes of the action's result).
    """
    try:
        result = run()
    except ACCESS_ERRORS:
        raise
    except ForumError as error:
        _show_error(form, error)
        return render_template("moderation/action.html", form=form, action_url=request.path,
                               **error_page), error.status
    target = destination(result) if callable(destination) else destination
    flash(success, "success")
    next_field = getattr(form, "next", None)
    return redirect(safe_next(next_field.data if next_field is not None else None, target))


# ---------- flagging ----------

@bp.route("/p/<int:post_id>/flag", methods=["GET", "POST"])
@login_required
@flag_limit
def flag_post(post_id: int):
    post = access_post(current_user, post_id)
    form = FlagForm()
    if request.method == "GET":
        permissions.require_write(current_user)
        if post.author_id == current_user.id:
            raise Forbidden(_("You cannot flag your own post."), code="own_post")
        permissions.require(permissions.can_flag(current_user, post))
        return render_template("moderation/flag.html", form=form, post=post)
    try:
        do_flag_post(current_user, post, reason=form.reason.data, note=form.note.data)
    except ForumError as error:
        _show_error(form, error)
        return render_template("moderation/flag.html", form=form, post=post), error.status
    flash(_("Thank you: moderators will review it"), "success")
    return redirect(url_for("main.post_permalink", post_id=post.id))


# ---------- the review queue ----------

@bp.get("/moderation")
def queue():
    if (login := _login_redirect()) is not None:
        return login
    permissions.require(permissions.can_moderate_anything(current_user))
    page = page_arg()
    items, total = review_queue(current_user, limit=QUEUE_PER_PAGE, offset=(page - 1) * QUEUE_PER_PAGE)
    pages = page_count(total, QUEUE_PER_PAGE)
    if page > pages:  # the page emptied as posts were reviewed (actions come back to their page)
        return redirect(url_for("moderation.queue", **({"page": pages} if pages > 1 else {})))
    communities = communities_overview() if permissions.can_assign_community_moderators(current_user) else []
    return render_template("moderation/queue.html", items=items, total=total, page=page, pages=pages,
                           communities=communities, action_form=EmptyForm())


# ---------- post actions (from the queue and the thread page) ----------

def _post_action(post_id: int, form, run: Callable[[Post], object], *, heading: str, submit: str,
                 success: str, default_next: str | None = None):
    post = access_post(current_user, post_id)
    return _action(form, lambda: run(post), success=success,
                   destination=default_next or url_for("moderation.queue"),
                   error_page={"heading": heading, "submit": submit, "post": post,
                               "cancel_url": url_for("main.post_permalink", post_id=post.id)})


@bp.post("/moderation/posts/<int:post_id>/hide")
@login_required
def hide_post(post_id: int):
    form = ReasonForm()
    return _post_action(post_id, form, lambda post: service.do_hide_post(current_user, post, reason=form.reason.data),
                        heading=_("Hide this post"), submit=_("Hide"), success=_("The post is hidden."),
                        default_next=url_for("main.post_permalink", post_id=post_id))


@bp.post("/moderation/posts/<int:post_id>/restore")
@login_required
def restore_post(post_id: int):
    form = ReasonForm()
    return _post_action(post_id, form,
                        lambda post: service.do_restore_post(current_user, post, reason=form.reason.data),
                        heading=_("Restore this post"), submit=_("Restore"),
                        success=_("The post is visible again."),
                        default_next=url_for("main.post_permalink", post_id=post_id))


@bp.post("/moderation/posts/<int:post_id>/dismiss")
@login_required
def dismiss_flags(post_id: int):
    form = ReasonForm()
    return _post_action(post_id, form,
                        lambda post: service.do_dismiss_flags(current_user, post, reason=form.reason.data),
                        heading=_("Dismiss the flags"), submit=_("Dismiss flags"),
                        success=_("The flags are dismissed."))


@bp.post("/moderation/posts/<int:post_id>/delete")
@login_required
def delete_post(post_id: int):
    form = ReasonForm()
    return _post_action(post_id, form,
                        lambda post: service.do_moderator_delete_post(current_user, post, reason=form.reason.data),
                        heading=_("Delete this post"), submit=_("Delete"), success=_("The post was deleted."))


@bp.post("/moderation/posts/<int:post_id>/undelete")
@login_required
def undelete_post(post_id: int):
    form = ReasonForm()
    return _post_action(post_id, form,
                        lambda post: service.do_undelete_post(current_user, post, reason=form.reason.data),
                        heading=_("Undelete this post"), submit=_("Undelete"),
                        success=_("The post is back."),
                        default_next=url_for("main.post_permalink", post_id=post_id))


@bp.post("/moderation/posts/<int:post_id>/warn")
@login_required
def warn_author(post_id: int):
    form = WarnForm()
    return _post_action(post_id, form,
                        lambda post: service.do_warn_user(current_user, post.author, message=form.message.data,
                                                          post=post),
                        heading=_("Warn the author"), submit=_("Send the warning"),
                        success=_("The warning was sent."))


@bp.post("/moderation/posts/<int:post_id>/suspend")
@login_required
def suspend_author(post_id: int):
    form = SuspendForm()
    return _post_action(post_id, form,
                        lambda post: sanctions.do_suspend_user(current_user, post.author, until=form.until.data,
                                                               reason=form.reason.data),
                        heading=_("Suspend the author"), submit=_("Suspend"),
                        success=_("The author is suspended."))


# ---------- thread actions ----------

def _thread_action(thread: Thread, form, run: Callable[[Thread], object], *, heading: str, submit: str,
                   success: str, extra_hidden: list | None = None):
    thread_url = url_for("threads.show", thread_id=thread.id, slug=thread.slug)

    def destination(result: object) -> str:
        # A split lands on the new thread; every other action back on this one (renamed maybe).
        shown = result if isinstance(result, Thread) else thread
        return url_for("threads.show", thread_id=shown.id, slug=shown.slug)

    return _action(form, lambda: run(thread), success=success, destination=destination,
                   error_page={"heading": heading, "submit": submit, "thread": thread,
                               "cancel_url": thread_url, "extra_hidden": extra_hidden or []})


def _toggle(thread_id: int, name: str):
    """Lock, unlock, pin, unpin: one reason field, one service call."""
    thread = access_thread(current_user, thread_id)
    form = ReasonForm()
    actions = {
        "lock": (lambda t: service.do_set_locked(current_user, t, True, reason=form.reason.data),
                 _("Lock this thread"), _("Lock"), _("The thread is locked.")),
        "unlock": (lambda t: service.do_set_locked(current_user, t, False, reason=form.reason.data),
                   _("Unlock this thread"), _("Unlock"), _("The thread is unlocked.")),
        "pin": (lambda t: service.do_set_pinned(current_user, t, True, reason=form.reason.data),
                _("Pin this thread"), _("Pin"), _("The thread is pinned.")),
        "unpin": (lambda t: service.do_set_pinned(current_user, t, False, reason=form.reason.data),
                  _("Unpin this thread"), _("Unpin"), _("The thread is unpinned.")),
    }
    run, heading, submit, success = actions[name]
    return _thread_action(thread, form, run, heading=heading, submit=submit, success=success)


@bp.post("/moderation/threads/<int:thread_id>/lock")
@login_required
def lock_thread(thread_id: int):
    return _toggle(thread_id, "lock")


@bp.post("/moderation/threads/<int:thread_id>/unlock")
@login_required
def unlock_thread(thread_id: int):
    return _toggle(thread_id, "unlock")


@bp.post("/moderation/threads/<int:thread_id>/pin")
@login_required
def pin_thread(thread_id: int):
    return _toggle(thread_id, "pin")


@bp.post("/moderation/threads/<int:thread_id>/unpin")
@login_required
def unpin_thread(thread_id: int):
    return _toggle(thread_id, "unpin")


@bp.post("/moderation/threads/<int:thread_id>/rename")
@login_required
def rename_thread(thread_id: int):
    form = RenameThreadForm()
    return _thread_action(
        access_thread(current_user, thread_id), form,
        lambda thread: service.do_rename_thread(current_user, thread, title=form.title.data,
                                                reason=form.reason.data),
        heading=_("Rename this thread"), submit=_("Rename"), success=_("The thread is renamed."))


@bp.post("/moderation/threads/<int:thread_id>/move")
@login_required
def move_thread(thread_id: int):
    thread = access_thread(current_user, thread_id)
    permissions.require(permissions.can_moderate_thread(current_user, thread))
    form = MoveThreadForm(communities=moderation_move_targets(thread))

    def run(thread: Thread):
        try:
            target = access_community_by_id(v.check_int(form.community.data, "community", minimum=1,
                                                        maximum=v.MAX_ID))
        except (ValidationError, NotFound):
            target = None
        if target is None:
            raise ValidationError("community", _("Choose a community."))
        return service.do_move_thread(current_user, thread, target, reason=form.reason.data)

    return _thread_action(thread, form, run, heading=_("Move this thread"), submit=_("Move"),
                          success=_("The thread is moved."))


@bp.post("/moderation/threads/<int:thread_id>/close")
@login_required
def close_thread(thread_id: int):
    form = CloseThreadForm()
    return _thread_action(
        access_thread(current_user, thread_id), form,
        lambda thread: service.do_close_thread(current_user, thread, message=form.message.data),
        heading=_("Close this thread"), submit=_("Close"), success=_("The thread is closed."))


@bp.post("/moderation/threads/<int:thread_id>/slow-mode")
@login_required
def slow_mode(thread_id: int):
    form = SlowModeForm()
    return _thread_action(
        access_thread(current_user, thread_id), form,
        lambda thread: service.do_set_slow_mode(current_user, thread, seconds=form.seconds.data,
                                                reason=form.reason.data),
        heading=_("Slow mode"), submit=_("Save slow mode"), success=_("Slow mode is saved."))


@bp.post("/moderation/threads/<int:thread_id>/split")
@login_required
def split_thread(thread_id: int):
    form = SplitThreadForm()
    raw_ids = request.form.getlist("post_ids")
    post_ids = [_post_id(raw) for raw in raw_ids]
    return _thread_action(
        access_thread(current_user, thread_id), form,
        lambda thread: service.do_split_thread(current_user, thread, post_ids=post_ids, title=form.title.data,
                                               reason=form.reason.data),
        heading=_("Split this thread"), submit=_("Split"),
        success=_("The chosen posts are now a new thread."),
        extra_hidden=[("post_ids", raw) for raw in raw_ids])


def _post_id(raw: str) -> int | str:
    """A whole number is an id (one out of range names no post: 0); anything else goes to the service
    as it came, which refuses it."""
    try:
        return v.check_int(raw, "post_ids", minimum=1, maximum=v.MAX_ID)
    except ValidationError as error:
        return 0 if error.code == "out_of_range" else raw


# ---------- users ----------

def _find_user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username_key == username.lower())) \
        if len(username) <= 30 else None
    if user is None:
        raise NotFound()
    return user


def _user_page(user: User, status: int = 200, **forms):
    suspensions = list(db.session.scalars(select(Suspension).where(Suspension.user_id == user.id)
                                          .order_by(Suspension.created_at.desc())))
    people_ids = {s.created_by_id for s in suspensions} | {s.lifted_by_id for s in suspensions if s.lifted_by_id}
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(people_ids)))} \
        if people_ids else {}
    upheld = db.session.scalar(select(func.count(Flag.id)).join(Post, Post.id == Flag.post_id)
                               .where(Post.author_id == user.id, Flag.status == "upheld"))
    moderated = list(db.session.scalars(
        select(Community).join(CommunityModerator, CommunityModerator.community_id == Community.id)
        .where(CommunityModerator.user_id == user.id).order_by(Community.name)))
    history = list(db.session.scalars(
        audit.log_query(current_user, target_type="user", target_id=user.id).limit(20)))
    # Prefixed ("suspend-reason", "lift-reason"...): several forms on one page, ids never repeat.
    forms.setdefault("suspend_form", SuspendForm(formdata=None, prefix="suspend"))
    forms.setdefault("lift_form", ReasonForm(formdata=None, prefix="lift"))
    forms.setdefault("warn_form", WarnForm(formdata=None, prefix="warn"))
    forms.setdefault("account_form", ReasonForm(formdata=None, prefix="account"))
    forms.setdefault("role_form", RoleForm(formdata=None, prefix="role", data={"role": user.role}))
    return render_template("moderation/user.html", user=user, suspensions=suspensions, people=people,
                           upheld_flags=upheld, moderated=moderated, history=history, **forms), status


@bp.get("/moderation/accounts")
def accounts():
    """Every account, for administrators: searched, filtered and sorted (forum.services.user_admin)."""
    if (login := _login_redirect()) is not None:
        return login
    permissions.require(permissions.is_admin(current_user))
    filters = user_admin.read_filters(request.args)
    result = user_admin.list_users(current_user, filters, page_arg())
    return render_template("moderation/accounts.html", result=result, filters=filters,
                           countries=country_choices(), status_of=user_admin.status_of)


@bp.get("/moderation/users/<username>")
def user(username: str):
    if (login := _login_redirect()) is not None:
        return login
    permissions.require(permissions.can_sanction_users(current_user))
    return _user_page(_find_user(username))


def _user_action(username: str, form_name: str, form, run: Callable[[User], object], *, success: str):
    """A user action: back to the user's page, with its form showing the error on failure."""
    target = _find_user(username)
    try:
        run(target)
    except ACCESS_ERRORS:
        raise
    except ForumError as error:
        _show_error(form, error)
        return _user_page(target, error.status, **{form_name: form})
    flash(success, "success")
    return redirect(url_for("moderation.user", username=target.username))


@bp.post("/moderation/users/<username>/suspend")
@login_required
def suspend_user(username: str):
    form = SuspendForm(prefix="suspend")
    return _user_action(username, "suspend_form", form,
                        lambda target: sanctions.do_suspend_user(current_user, target, until=form.until.data,
                                                                 reason=form.reason.data),
                        success=_("The account is suspended."))


@bp.post("/moderation/users/<username>/lift")
@login_required
def lift_suspension(username: str):
    form = ReasonForm(prefix="lift")
    return _user_action(username, "lift_form", form,
                        lambda target: sanctions.do_lift_suspension(current_user, target, reason=form.reason.data),
                        success=_("The suspension is lifted."))


@bp.post("/moderation/users/<username>/warn")
@login_required
def warn_user(username: str):
    form = WarnForm(prefix="warn")
    return _user_action(username, "warn_form", form,
                        lambda target: service.do_warn_user(current_user, target, message=form.message.data),
                        success=_("The warning was sent."))


@bp.post("/moderation/users/<username>/deactivate")
@login_required
def deactivate_user(username: str):
    form = ReasonForm(prefix="account")
    return _user_action(username, "account_form", form,
                        lambda target: sanctions.do_deactivate_user(current_user, target, reason=form.reason.data),
                        success=_("The account is deactivated."))


@bp.post("/moderation/users/<username>/reactivate")
@login_required
def reactivate_user(username: str):
    form = ReasonForm(prefix="account")
    return _user_action(username, "account_form", form,
                        lambda target: sanctions.do_reactivate_user(current_user, target, reason=form.reason.data),
                        success=_("The account is active again."))


@bp.post("/moderation/users/<username>/role")
@login_required
def set_role(username: str):
    form = RoleForm(prefix="role")
    return _user_action(username, "role_form", form,
                        lambda target: sanctions.do_set_role(current_user, target, role=form.role.data),
                        success=_("The role is saved."))


# ---------- community moderators ----------

def _moderators_page(community: Community, form: CommunityModeratorForm | None = None, status: int = 200):
    return render_template("moderation/community_moderators.html", community=community,
                           moderators=sanctions.community_moderators(community),
                           form=form or CommunityModeratorForm(formdata=None), action_form=EmptyForm()), status


@bp.route("/c/<slug>/moderators", methods=["GET", "POST"])
def community_moderators(slug: str):
    if request.method == "GET" and (login := _login_redirect()) is not None:
        return login
    permissions.require_signed_in(current_user)
    community = access_community(slug)
    permissions.require(permissions.can_assign_community_moderators(current_user))
    if request.method == "GET":
        return _moderators_page(community)
    form = CommunityModeratorForm()
    try:
        username = v.check_text(form.username.data, "username").strip()  # a NUL never reaches the database
        username = next(iter(resolve_member_names(current_user, [username], "username")), "")  # or a name
        target = db.session.scalar(select(User).where(User.username_key == username.lower())) \
            if username and len(username) <= 30 else None
        if target is None:
            raise ValidationError("username", _("There is no account with this username."))
        sanctions.do_add_community_moderator(current_user, target, community)
    except ACCESS_ERRORS:
        raise
    except ForumError as error:
        _show_error(form, error)
        return _moderators_page(community, form, error.status)
    flash(_("%(name)s now moderates %(community)s.", name=target.username, community=community.localized_name()),
          "success")
    return redirect(url_for("moderation.community_moderators", slug=community.slug))


@bp.post("/c/<slug>/moderators/<username>/remove")
@login_required
def remove_community_moderator(slug: str, username: str):
    community = access_community(slug)
    target = _find_user(username)
    try:
        sanctions.do_remove_community_moderator(current_user, target, community)
    except ACCESS_ERRORS:
        raise
    except ForumError as error:
        form = CommunityModeratorForm(formdata=None)
        form.form_errors.append(error.message)
        return _moderators_page(community, form, error.status)
    flash(_("%(name)s no longer moderates %(community)s.", name=target.username, community=community.localized_name()),
          "success")
    return redirect(url_for("moderation.community_moderators", slug=community.slug))


# ---------- the audit log ----------

def _log_filters(form: AuditFilterForm) -> dict | None:
    """The filters as log_query takes them, or None when one is not valid (shown on the form)."""
    try:
        target_id = v.check_optional_int(form.target_id.data, "target_id", minimum=1, maximum=v.MAX_ID)
    except ValidationError:
        form.target_id.errors = [_("Give a whole number.")]
        return None
    return {
        "action": (form.action.data or "").strip() or None,
        "actor": (form.actor.data or "").strip() or None,
        "target_type": (form.target_type.data or "").strip() or None,
        "target_id": target_id,
    }


@bp.get("/moderation/log")
def log():
    if (login := _login_redirect()) is not None:
        return login
    permissions.require(permissions.can_view_audit_log(current_user))
    page = page_arg()
    form = AuditFilterForm(request.args)
    filters = _log_filters(form)
    if filters is None:
        return render_template("moderation/log.html", form=form, entries=[], page=1, pages=1, total=0,
                               targets={}, filters={}), 422
    query = audit.log_query(current_user, **filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = page_count(total, LOG_PER_PAGE)
    if page > pages:
        return render_template("error.html", status=404, code="not_found",
                               message=_("This page does not exist.")), 404
    entries = list(db.session.scalars(query.limit(LOG_PER_PAGE).offset((page - 1) * LOG_PER_PAGE)))
    targets = _log_targets(entries)
    names = {c.id: c.localized_name() for c in targets["communities"].values()}
    return render_template("moderation/log.html", form=form, entries=entries, page=page, pages=pages, total=total,
                           targets=targets, filters={k: v for k, v in filters.items() if v},
                           detail_lines=lambda e: detail_lines(e.action, e.details, names))


def _log_targets(entries: list[AuditEntry]) -> dict:
    """Users and communities the entries name, loaded in one query each, for links."""
    user_ids = {e.target_id for e in entries if e.target_type == "user"}
    community_ids = {e.community_id for e in entries if e.community_id}
    # A move names the community it left and the one it went to.
    community_ids |= {e.details.get(end) for e in entries if e.action == "thread.move" and isinstance(e.details, dict)
                      for end in ("from", "to") if isinstance(e.details.get(end), int)}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))} if user_ids else {}
    communities = {c.id: c for c in db.session.scalars(select(Community).where(Community.id.in_(community_ids)))} \
        if community_ids else {}
    return {"users": users, "communities": communities}


@bp.get("/moderation/log.csv")
def log_csv():
    if (login := _login_redirect()) is not None:
        return login
    permissions.require(permissions.can_export_audit_log(current_user))
    filters = _log_filters(AuditFilterForm(request.args))
    if filters is None:
        raise ValidationError("target_id", _("Give a whole number."))
    body = audit.to_csv(db.session.scalars(audit.log_query(current_user, **filters)))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="horizonte-audit-log.csv"',
        "Cache-Control": "no-store",
    })
