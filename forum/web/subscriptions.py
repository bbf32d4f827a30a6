"""Watching and muting threads, following communities, email settings, one-click unsubscribe."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.errors import BadRequest, NotFound
from forum.extensions import csrf
from forum.services import mail_delivery, subscriptions
from forum.services.communities import access_community
from forum.services.threads import access_thread
from forum.web.forms import EmptyForm

bp = Blueprint("notify", __name__)


@bp.post("/t/<int:thread_id>/subscription")
@login_required
def thread_subscription(thread_id: int):
    thread = access_thread(current_user, thread_id)
    level = request.form.get("level", "")
    if level == "none":
        subscriptions.do_clear_thread_subscription(current_user, thread)
        message = _("You no longer watch or mute this thread.")
    else:
        subscriptions.do_set_thread_subscription(current_user, thread, level=level)
        message = _("You watch this thread.") if level == "watch" else _("You muted this thread.")
    flash(message, "success")
    return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug))


@bp.post("/c/<slug>/follow")
@login_required
def community_follow(slug: str):
    community = access_community(slug)
    if request.form.get("follow") == "0":
        subscriptions.do_unfollow_community(current_user, community)
        message = _("You no longer follow this community.")
    else:
        subscriptions.do_follow_community(current_user, community)
        message = _("You follow this community: you will hear of its new threads.")
    flash(message, "success")
    return redirect(url_for("communities.show", slug=community.slug))


@bp.post("/settings/email")
@login_required
def email_settings():
    wanted = {kind: request.form[f"mode-{kind}"] for kind in mail_delivery.email_preferences(current_user)
              if f"mode-{kind}" in request.form}
    mail_delivery.do_set_email_preferences(current_user, wanted)
    flash(_("Your email settings are saved."), "success")
    return redirect(url_for("account.notifications"))


@bp.get("/unsubscribe/<token>")
def unsubscribe_confirm(token: str):
    found = mail_delivery.unsubscribe_kind(token)
    if found is None:
        raise NotFound(_("This unsubscribe link is not valid."))
    return render_template("notifications/unsubscribe.html", token=token, label=mail_delivery.kind_label(found[1]),
                           done=False, form=EmptyForm())


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # RFC 8058: mail clients POST without our cookie; the signed token is the authority
def unsubscribe(token: str):
    if request.form and request.form.get("List-Unsubscribe", "One-Click") != "One-Click":
        raise BadRequest(_("Unexpected unsubscribe request."))
    found = mail_delivery.do_unsubscribe(token)
    if found is None:
        raise NotFound(_("This unsubscribe link is not valid."))
    return render_template("notifications/unsubscribe.html", token=token, label=mail_delivery.kind_label(found[1]),
                           done=True, form=EmptyForm())
