"""Outgoing mail: SMTP when MAIL_SERVER is set, the log otherwise (development).

Services queue mail with `queue_mail`; it leaves only after the transaction commits.
"""

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app
from sqlalchemy.orm import Session

from forum import outbox

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None
    # Extra headers (Content-Language, List-Unsubscribe, ...), in order.
    headers: tuple[tuple[str, str], ...] = ()


def queue_mail(session: Session, mail: Mail) -> None:
    outbox.queue(session, "mail", mail)


def build_message(mail: Mail) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain="horizonte.local")
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    for name, value in mail.headers:  # after set_content, which drops Content-* headers
        message[name] = value
    return message


def send(mail: Mail) -> None:
    config = current_app.config
    message = build_message(mail)
    if not config.get("MAIL_SERVER"):
        log.info("mail (no MAIL_SERVER set, not sent):\n%s", message.as_string())
        return
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


outbox.register_sender("mail", send)


def absolute_url(endpoint: str, **values) -> str:
    """A full URL for a mail: from the request when there is one, else SERVER_BASE_URL."""
    from flask import has_request_context, url_for

    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = current_app.config["SERVER_BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True, **values)
