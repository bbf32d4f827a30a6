"""The in-app notifications list: read, mark one or all as read."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.notification_lines import describe
from forum.services import notifications as service
from forum.web.forms import EmptyForm
from forum.web.helpers import page_arg, safe_next

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("")
@login_required
def index():
    unread_only = request.args.get("unread") == "1"
    page = page_arg()
    items, pages, total = service.notifications_page(current_user, page, unread_only=unread_only)
    if page > pages:
        abort(404)
    return render_template("notifications/index.html", items=[(n, describe(n)) for n in items], page=page,
                           pages=pages, total=total, unread_only=unread_only, form=EmptyForm())


def _back() -> str:
    return safe_next(request.form.get("next"), url_for("notifications.index"))


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    service.do_mark_read(current_user, [notification_id])
    return redirect(_back())


@bp.post("/read-all")
@login_required
def mark_all_read():
    service.do_mark_all_read(current_user)
    flash(_("All your notifications are marked as read."), "success")
    return redirect(_back())
