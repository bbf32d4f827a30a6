"""The in-app notifications: one row per thing they are about, opened (and so read) or marked read.

Read on open: an unread row is a small form whose button, styled as a link, POSTs to
/notifications/<id>/open, which marks its whole group read and redirects to where the new ones
begin. A state change stays a POST with its CSRF token (no GET that writes, which a prefetch or a
crawler would trigger), it works without JavaScript, and the thread page, the busiest read of the
site, stays a read: marking there would make every view of a member with unread notifications
a writing transaction (on SQLite, BEGIN IMMEDIATE behind every other writer). Read rows are plain
links.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.notification_lines import describe, describe_group
from forum.services import notifications as service
from forum.web.forms import EmptyForm
from forum.web.helpers import page_arg, safe_next

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("")
@login_required
def index():
    unread_only = request.args.get("unread") == "1"
    page = page_arg()
    groups, pages, total = service.groups_page(current_user, page, unread_only=unread_only)
    if page > pages:
        abort(404)
    return render_template("notifications/index.html", groups=[(g, describe_group(g)) for g in groups], page=page,
                           pages=pages, total=total, unread_only=unread_only, form=EmptyForm())


def _back() -> str:
    return safe_next(request.form.get("next"), url_for("notifications.index"))


@bp.post("/<int:notification_id>/open")
@login_required
def open_notification(notification_id: int):
    """Follow a row: its group is read, and the reader is where it leads."""
    lead = service.do_open(current_user, notification_id)
    return redirect(describe(lead).url or url_for("notifications.index"))


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    """The row's small secondary action: its group is read, the reader stays on the list."""
    service.do_mark_group_read(current_user, notification_id)
    return redirect(_back())


@bp.post("/read-all")
@login_required
def mark_all_read():
    service.do_mark_all_read(current_user)
    flash(_("All your notifications are marked as read."), "success")
    return redirect(_back())
