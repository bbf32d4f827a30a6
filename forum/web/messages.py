"""Direct messages: the list, a conversation, starting one, replying, reporting; blocking members."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from forum.errors import ForumError, ValidationError
from forum.ratelimits import message_limit
from forum.services import messages as dm
from forum.services.profiles import access_profile
from forum.transactions import writes
from forum.web.drafts import prefill
from forum.web.forms import EmptyForm, attachment_field, show_error
from forum.web.helpers import page_arg, safe_next
from forum.web.uploads import attach_file, restore_typed

bp = Blueprint("messages", __name__)

MARKDOWN_HELP = _l("Markdown: **bold**, _italic_, lists, links.")


class NewConversationForm(FlaskForm):
    to = StringField(_lp("recipients of a message", "To"),
                     description=_l("Usernames, separated by commas (at most 10)."))
    subject = StringField(_l("Subject"), description=_l("Optional, at most 200 characters."))
    body = TextAreaField(_l("Message"), description=MARKDOWN_HELP)
    file = attachment_field()


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), description=MARKDOWN_HELP)
    file = attachment_field()


class ReportForm(FlaskForm):
    reason = StringField(_l("Why should moderators read this conversation?"),
                         description=_l("At most 500 characters. Moderators can then read the whole conversation."))


def _error(form: FlaskForm, error: ForumError) -> None:
    """The error on its form; the view answers with `error.status`, so its writes are rolled back."""
    if isinstance(error, ValidationError):
        show_error(form, error)
    else:
        form.form_errors.append(error.message)


@bp.get("/messages")
@login_required
def index():
    page = page_arg()
    items, pages, total = dm.conversations_page(current_user, page)
    return render_template("messages/index.html", items=items, page=page, pages=pages, total=total)


@bp.get("/messages/reported")
@login_required
def reported():
    return render_template("messages/reported.html", conversations=dm.reported_conversations(current_user))


@bp.route("/messages/new", methods=["GET", "POST"])
@login_required
@message_limit
def new():
    form = NewConversationForm()
    if request.method == "GET":
        form.to.data = request.args.get("to", "")[:300]
        prefill(form, "message:new")
        return render_template("messages/new.html", form=form)
    typed = form.body.data
    try:
        attach_file(form)
        conversation = dm.do_start_conversation(current_user, to=form.to.data, subject=form.subject.data,
                                                body=form.body.data)
    except ForumError as error:
        _error(form, error)
        restore_typed(form, typed)
        return render_template("messages/new.html", form=form), error.status
    return redirect(url_for("messages.show", conversation_id=conversation.id))


def _render(conversation, form: MessageForm, status: int = 200):
    is_participant = current_user.id in {p.user_id for p in conversation.participants}
    if is_participant and request.method == "GET":
        dm.do_mark_conversation_read(current_user, conversation)
    return render_template("messages/show.html", conversation=conversation,
                           messages=dm.conversation_messages(conversation), form=form,
                           report_form=ReportForm(formdata=None), is_participant=is_participant), status


@bp.get("/messages/<int:conversation_id>")
@writes
@login_required
def show(conversation_id: int):
    conversation = dm.access_conversation(current_user, conversation_id)
    form = MessageForm(formdata=None)
    prefill(form, f"message:{conversation.id}")
    return _render(conversation, form)


@bp.post("/messages/<int:conversation_id>")
@login_required
@message_limit
def reply(conversation_id: int):
    conversation = dm.access_conversation(current_user, conversation_id)
    form = MessageForm()
    typed = form.body.data
    try:
        attach_file(form)
        message = dm.do_send_message(current_user, conversation, body=form.body.data)
    except ForumError as error:
        _error(form, error)
        restore_typed(form, typed)
        return _render(conversation, form, error.status)
    return redirect(url_for("messages.show", conversation_id=conversation_id) + f"#message-{message.id}")


@bp.post("/messages/<int:conversation_id>/report")
@login_required
def report(conversation_id: int):
    conversation = dm.access_conversation(current_user, conversation_id)
    form = ReportForm()
    try:
        dm.do_report_conversation(current_user, conversation, reason=form.reason.data)
    except ValidationError as error:
        _error(form, error)
        return render_template("messages/show.html", conversation=conversation,
                               messages=dm.conversation_messages(conversation), form=MessageForm(formdata=None),
                               report_form=form, is_participant=True), error.status
    flash(_("Thank you. Moderators can now read this conversation."), "success")
    return redirect(url_for("messages.show", conversation_id=conversation_id))


@bp.post("/u/<username>/block")
@login_required
def block(username: str):
    target = access_profile(current_user, username)
    EmptyForm()  # CSRF is checked by CSRFProtect
    dm.do_block(current_user, target)
    flash(_("You blocked %(name)s: they can no longer send you messages.", name=target.display_name), "success")
    return redirect(safe_next(request.form.get("next"), url_for("people.profile", username=target.username)))


@bp.post("/u/<username>/unblock")
@login_required
def unblock(username: str):
    target = access_profile(current_user, username)
    dm.do_unblock(current_user, target)
    flash(_("You unblocked %(name)s.", name=target.display_name), "success")
    return redirect(safe_next(request.form.get("next"), url_for("people.profile", username=target.username)))


