"""Bookmarks: the list (/bookmarks), saving one from a post, a thread or an experience, its
reminder date and note, removing it. Plain forms: every action works without JavaScript."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.errors import NotFound, ValidationError
from forum.services import bookmarks as service
from forum.web.forms import EmptyForm
from forum.web.helpers import page_arg, redirect_with_error, safe_next

bp = Blueprint("bookmarks", __name__)


@bp.get("/bookmarks")
@login_required
def index():
    listing = service.user_bookmarks(current_user, page_arg())
    if listing.page > listing.pages:
        raise NotFound()
    return render_template("bookmarks/index.html", bookmarks=listing.items, page=listing.page, pages=listing.pages,
                           form=EmptyForm())


@bp.post("/bookmarks")
@login_required
def add():
    back = safe_next(request.form.get("next"), url_for("bookmarks.index"))
    try:
        target = service.check_target(request.form)
        service.do_save_bookmark(current_user, target, remind_at=request.form.get("remind_at"),
                                 note=request.form.get("note"))
    except ValidationError as error:
        return redirect_with_error(back, error.message)
    flash(_("Bookmarked: it is listed on your bookmarks page."), "success")
    return redirect(back, 303)


@bp.post("/bookmarks/<int:bookmark_id>")
@login_required
def update(bookmark_id: int):
    bookmark = service.access_bookmark(current_user, bookmark_id)
    back = url_for("bookmarks.index")
    try:
        service.do_save_bookmark(current_user, service.target_of(bookmark), remind_at=request.form.get("remind_at"),
                                 note=request.form.get("note", ""))
    except ValidationError as error:
        return redirect_with_error(back, error.message)
    flash(_("Your bookmark is saved."), "success")
    return redirect(back, 303)


@bp.post("/bookmarks/<int:bookmark_id>/delete")
@login_required
def remove(bookmark_id: int):
    service.do_remove_bookmark(current_user, bookmark_id)
    flash(_("The bookmark is removed."), "success")
    return redirect(safe_next(request.form.get("next"), url_for("bookmarks.index")), 303)
