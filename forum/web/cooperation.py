"""The cooperation board, editing an offer/request's fields, and marking a match."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import permissions
from forum.cooperation_reference import STATUS_LABELS, SUPPORT_LABELS
from forum.errors import ForumError, NotFound, ValidationError
from forum.experience_reference import MODALITIES
from forum.extensions import db
from forum.i18n import country_choices, language_choices
from forum.models import Thread
from forum.services import board_alerts
from forum.services import cooperation as coop
from forum.services import cooperation_interest as interests
from forum.services.threads import access_thread
from forum.web.cooperation_forms import CooperationForm, InterestForm, MatchForm
from forum.web.forms import show_error
from forum.web.helpers import page_arg, redirect_with_error

bp = Blueprint("cooperation", __name__)


@bp.get("/cooperation")
def board():
    page = page_arg()
    error = None
    try:
        filters = coop.parse_board_filters(request.args)
    except ValidationError as exc:
        filters, error = {}, exc
    result = coop.board(filters, page, current_app.config.get("COOPERATION_PER_PAGE", 20))
    from forum.services.profiles import directory_communities

    return render_template(
        "cooperation/board.html", result=result, filters=filters, error=error, counts=coop.board_counts(filters),
        alert_form=MatchForm(),
        countries=country_choices(), languages=language_choices(), communities=directory_communities(),
        support_labels=SUPPORT_LABELS, modalities=MODALITIES, status_labels=STATUS_LABELS,
    ), 422 if error else 200


@bp.get("/cooperation/publish")
def publish():
    """"Publish an offer" / "Publish a request": an offer or request is a thread of a community
    (its theme), so the member picks one and goes to its new-thread form with the kind chosen."""
    kind = request.args.get("kind", "")
    if kind not in coop.COOPERATION_KINDS:
        kind = "offer"
    slug = request.args.get("theme", "")
    # "We want to replicate this" on an experience: the request will cite it (checked on the form).
    replicates = request.args.get("replicates", "")[:12] or None
    from forum.services.profiles import directory_communities

    communities = directory_communities()
    if any(c.slug == slug for c in communities):
        return redirect(url_for("threads.create", slug=slug, kind=kind, replicates=replicates))
    return render_template("cooperation/publish.html", kind=kind, communities=communities, replicates=replicates)


@bp.route("/t/<int:thread_id>/cooperation", methods=["GET", "POST"])
@login_required
def edit(thread_id: int):
    thread = access_thread(current_user, thread_id)
    details = thread.cooperation
    if thread.kind not in coop.COOPERATION_KINDS:
        raise NotFound()
    permissions.require(permissions.can_edit_cooperation(current_user, thread))
    if request.method == "GET":
        form = CooperationForm(formdata=None)
        if details is not None:
            form.country.data = details.country
            form.themes.data = [c.slug for c in details.themes]
            form.support_types.data = details.support_types
            form.modality.data = details.modality
            form.languages.data = details.languages
            form.open_until.data = details.open_until.isoformat() if details.open_until else ""
            form.status.data = details.status
            form.replicates_experience_id.data = details.replicates_experience_id or ""
        return render_template("cooperation/edit.html", form=form, thread=thread)
    form = CooperationForm()
    try:
        fields = coop.check_cooperation(form.cooperation_data(), default_theme=thread.community)
        coop.do_set_cooperation(current_user, thread, fields)
    except ForumError as error:
        if isinstance(error, ValidationError):
            show_error(form, error)
        else:
            form.form_errors.append(error.message)
        return render_template("cooperation/edit.html", form=form, thread=thread), error.status
    flash(_("The cooperation details were saved."), "success")
    return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug))


@bp.post("/t/<int:thread_id>/matches")
@login_required
def mark_matched(thread_id: int):
    thread = access_thread(current_user, thread_id)
    form = MatchForm()  # CSRF is checked for every POST by CSRFProtect
    match = coop.do_mark_matched(current_user, thread, form.thread_id.data)
    if match.status == "accepted":
        flash(_("Marked as matched. The other owner was notified."), "success")
    else:
        flash(_("Match proposed. The request's owner was notified and will accept or decline it."), "success")
    return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug))


@bp.post("/matches/<int:match_id>/<any(accept, decline):decision>")
@login_required
def decide_match(match_id: int, decision: str):
    MatchForm()  # CSRF is checked for every POST by CSRFProtect
    match = coop.do_decide_match(current_user, match_id, accept=decision == "accept")
    flash(_("Match accepted. The offer's owner was notified.") if match.status == "accepted"
          else _("Match declined. The offer's owner was notified."), "success")
    thread = db.session.get(Thread, match.request_id)
    return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug))


@bp.route("/t/<int:thread_id>/interest", methods=["GET", "POST"])
@login_required
def express_interest(thread_id: int):
    """"Express interest" in an open offer/request: a short message and one's organization."""
    thread = access_thread(current_user, thread_id)
    details = coop.load_details(thread.id) if thread.kind in coop.COOPERATION_KINDS else None
    if details is None:
        raise NotFound()
    if request.method == "GET":
        form = InterestForm(formdata=None)
        form.organization.data = current_user.organization
        return render_template("cooperation/interest.html", form=form, thread=thread, details=details)
    form = InterestForm()
    try:
        interests.do_express_interest(current_user, details, message=form.message.data,
                                      organization=form.organization.data)
    except ForumError as error:
        if isinstance(error, ValidationError):
            show_error(form, error)
        else:
            form.form_errors.append(error.message)
        return render_template("cooperation/interest.html", form=form, thread=thread, details=details), error.status
    flash(_("Your interest was sent. The owner was notified, and a conversation with them is open in your "
            "messages."), "success")
    return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug, _anchor="interest"))


@bp.post("/interests/<int:interest_id>/<any(accept, decline, withdraw):decision>")
@login_required
def decide_interest(interest_id: int, decision: str):
    MatchForm()  # CSRF is checked for every POST by CSRFProtect
    interest = interests.load_interest(interest_id)
    thread = interest.thread
    if decision == "withdraw":
        interests.do_withdraw_interest(current_user, interest)
        flash(_("You withdrew your interest."), "success")
    else:
        interests.do_decide_interest(current_user, interest, accept=decision == "accept")
        if interest.project_id is not None:
            flash(_("Interest accepted: a cooperation project between both countries is proposed. Complete it "
                    "together, then agree on it."), "success")
            return redirect(url_for("projects.show", project_id=interest.project_id))
        flash(_("Interest declined. The member was notified."), "success")
    return redirect(url_for("threads.show", thread_id=thread.id, slug=thread.slug, _anchor="interest"))


@bp.route("/cooperation/alerts", methods=["GET", "POST"])
@login_required
def alerts():
    """The searches a member saved; POST saves the board's current filters."""
    if request.method == "POST":
        MatchForm()  # CSRF is checked for every POST by CSRFProtect
        try:
            filters = coop.parse_board_filters(request.form)
            board_alerts.do_save_alert(current_user, filters)
        except ForumError as error:
            return redirect_with_error(url_for("cooperation.alerts"), error.message)
        flash(_("Search saved: you will be notified of new offers and requests that fit it."), "success")
        return redirect(url_for("cooperation.board", **filters))
    saved = board_alerts.alerts_of(current_user)
    return render_template("cooperation/alerts.html", alerts=[(a, board_alerts.filters_of(a)) for a in saved],
                           form=MatchForm())


@bp.post("/cooperation/alerts/<int:alert_id>/delete")
@login_required
def delete_alert(alert_id: int):
    MatchForm()  # CSRF is checked for every POST by CSRFProtect
    board_alerts.do_delete_alert(current_user, board_alerts.load_alert(current_user, alert_id))
    flash(_("The saved search was deleted."), "success")
    return redirect(url_for("cooperation.alerts"))
