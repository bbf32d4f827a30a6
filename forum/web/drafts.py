"""The Drafts page, filling forms from drafts, and keeping the text of a failed submit.

The forms that keep drafts (a reply, a new thread, a message, an experience edit) carry
`data-draft-key`; static/js/drafts.js saves them through the API while the member types. Without
JavaScript the text is kept too when the submit fails: every POST to the endpoints of DRAFT_KEYS
registers, before its view runs, a save that runs only if the request's transaction is rolled
back (forum.transactions.keep_after_failure) — a validation error, a rate limit, a locked thread.
A successful submit commits instead, and its service has deleted the draft in that transaction.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, Flask, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import permissions
from forum.errors import ForumError
from forum.services import drafts as service
from forum.transactions import keep_after_failure
from forum.web.forms import EmptyForm

bp = Blueprint("drafts", __name__)

# The endpoint of each form that keeps drafts, and the key of its draft from the URL's arguments.
DRAFT_KEYS: dict[str, Callable[[dict[str, Any]], str]] = {
    "threads.reply": lambda args: f"reply:{args['thread_id']}",
    "threads.create": lambda args: f"thread:{args['slug']}",
    "messages.new": lambda args: "message:new",
    "messages.reply": lambda args: f"message:{args['conversation_id']}",
    "experiences.edit": lambda args: f"experience:{args['experience_id']}",
}


def _keep_text_of_failed_submit() -> None:
    key_of = DRAFT_KEYS.get(request.endpoint or "")
    if request.method != "POST" or key_of is None or not permissions.is_signed_in(current_user):
        return
    user_id, key = current_user.id, key_of(request.view_args or {})
    fields = {name: value for name, value in request.form.items() if name != "csrf_token"}

    def keep() -> None:
        from forum.extensions import db
        from forum.models import User

        user = db.session.get(User, user_id)
        if user is None:
            return
        try:
            place = service.access_place(user, key)
        except ForumError:
            return
        service.save_quietly(user, key, {name: fields[name] for name in place.fields if name in fields})

    keep_after_failure(keep)


def prefill(form: Any, key: str, *, override: bool = False) -> datetime | None:
    """Fill the empty fields of `form` (every text field when `override`: an edit form filled from
    its record) from the member's draft at `key`; the draft's time if it was used.

    The template shows it (templates/_draft_notice.html) through `g.draft_restored_at`.
    """
    draft = service.own_draft(current_user, key)
    if draft is None:
        return None
    used = False
    for name, value in draft.data.items():
        field = getattr(form, name, None)
        if field is not None and (override or not (field.data or "").strip()):
            field.data = value
            used = True
    if not used:
        return None
    g.draft_restored_at = draft.updated_at
    return draft.updated_at


def place_url(place: service.Place) -> str:
    return url_for(place.endpoint, **dict(place.arguments)) + place.anchor


@bp.get("/drafts")
@login_required
def index():
    items = [(item, place_url(item.place) if item.place else None) for item in service.drafts_of(current_user)]
    return render_template("drafts/index.html", items=items, form=EmptyForm())


@bp.post("/drafts/delete")
@login_required
def delete():
    key = request.form.get("key", "")
    service.check_key(key)
    if service.do_delete_draft(current_user, key):
        flash(_("The draft was deleted."), "success")
    return redirect(url_for("drafts.index"), 303)


def init_drafts(app: Flask) -> None:
    app.before_request(_keep_text_of_failed_submit)
    # The form's text fields its draft keeps, for static/js/drafts.js: data-draft-fields="{{ draft_fields(key) }}".
    app.jinja_env.globals["draft_fields"] = lambda key: " ".join(service.fields_for_key(key))
