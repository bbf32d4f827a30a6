"""Development only: /dev/mail lists every mail the site wrote, so a new install can follow a
confirmation or reset link without a mail server. 404 in production and for other machines
(`permissions.can_read_development_mail`)."""

from flask import Blueprint, Response, current_app, render_template, request

from forum import mail, permissions
from forum.errors import NotFound
from forum.extensions import db
from forum.models import QueuedMail
from forum.services import mail_delivery
from forum.web.helpers import page_arg

bp = Blueprint("dev", __name__, url_prefix="/dev")

# How long /dev/mail waits for this process's mail still being written.
PENDING_MAIL_WAIT_SECONDS = 5.0
# A mail's HTML is shown as a document of its own that may run nothing and load nothing; its
# styles are inline, as mail clients need them.
MAIL_HTML_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@bp.before_request
def _only_here() -> None:
    if not permissions.can_read_development_mail(current_app.config, request.remote_addr):
        raise NotFound()


@bp.get("/mail")
def mail_index():
    page = page_arg()
    # A mail is written by the background sender just after the request that caused it: wait a
    # moment for this process's pending mail, so a newcomer who opens the page right after
    # registering finds the confirmation.
    mail.sender.flush(PENDING_MAIL_WAIT_SECONDS)
    mails, pages = mail_delivery.recent_mail(page)
    if page > pages:
        raise NotFound()
    return render_template("dev/mail.html", mails=mails, page=page, pages=pages,
                           mail_server=current_app.config.get("MAIL_SERVER"))


def _mail(mail_id: int) -> QueuedMail:
    mail = db.session.get(QueuedMail, mail_id)
    if mail is None:
        raise NotFound()
    return mail


@bp.get("/mail/<int:mail_id>")
def mail_show(mail_id: int):
    mail = _mail(mail_id)
    return render_template("dev/mail_show.html", mail=mail, links=mail_delivery.links_in(mail.text))


@bp.get("/mail/<int:mail_id>/html")
def mail_html(mail_id: int):
    mail = _mail(mail_id)
    return Response(mail.html or "", mimetype="text/html",
                    headers={"Content-Security-Policy": MAIL_HTML_POLICY, "Cache-Control": "no-store"})
