"""Moderator actions from the thread page (hide and restore a post)."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.extensions import db
from forum.services.moderation import do_hide_post, do_restore_post
from forum.services.posts import access_post

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@bp.post("/posts/<int:post_id>/hide")
@login_required
def hide_post(post_id: int):
    post = access_post(current_user, post_id)
    do_hide_post(current_user, post, reason=request.form.get("reason"))
    db.session.commit()
    flash(_("The post is hidden."), "success")
    return redirect(url_for("main.post_permalink", post_id=post.id))


@bp.post("/posts/<int:post_id>/restore")
@login_required
def restore_post(post_id: int):
    post = access_post(current_user, post_id)
    do_restore_post(current_user, post)
    db.session.commit()
    flash(_("The post is visible again."), "success")
    return redirect(url_for("main.post_permalink", post_id=post.id))
