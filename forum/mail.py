"""Outgoing mail: SMTP when MAIL_SERVER is set, the terminal and /dev/mail otherwise (development);
the mail sender.

Every mail is a `mail_queue` row (forum.services.mail_delivery) written in a transaction and sent
by the mail sender, one background thread per process, after the commit: never in a request, so a
request neither waits for the SMTP server nor takes a second pooled connection, and a rolled-back
write sends nothing (the outbox drops what it queued).
"""

import logging
import smtplib
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from flask import Flask, current_app
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from forum.background import BackgroundWorker

log = logging.getLogger(__name__)
# Pauses before a job that found the database busy (pool exhausted, SQLite locked) runs again;
# then it is given up, logged (queued rows stay for `flask notify send-pending`).
RETRY_PAUSES = (0.5, 2.0, 5.0)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None
    # Extra headers (Content-Language, List-Unsubscribe, ...), in order.
    headers: tuple[tuple[str, str], ...] = ()


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
    with smtp_connection() as send_one:
        send_one(mail)


@contextmanager
def smtp_connection() -> Iterator[Callable[[Mail], None]]:
    """A `send` for several mails over one SMTP connection, opened with the first one.

    A mail that fails closes the connection (the next one opens another), so one bad exchange
    never leaves the rest on a connection in an unknown state.
    """
    config = current_app.config
    smtp: smtplib.SMTP | None = None

    def send_one(mail: Mail) -> None:
        nonlocal smtp
        if not config.get("MAIL_SERVER"):
            _show_for_development(mail, config)
            return
        try:
            if smtp is None:
                smtp = _connect(config)
            smtp.send_message(build_message(mail))
        except Exception:
            if smtp is not None:
                smtp.close()
            smtp = None
            raise

    try:
        yield send_one
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()


def _show_for_development(mail: Mail, config: Mapping[str, Any]) -> None:
    """No MAIL_SERVER: the mail goes to the terminal the server runs in (and stays listed on
    /dev/mail), so a new install can follow its confirmation link. Nothing configures logging
    under `flask run`, so it is written to standard error, not logged."""
    if config.get("TESTING"):
        return
    rule = "-" * 72
    sys.stderr.write(f"\n{rule}\nMail (no MAIL_SERVER: not sent; also on {config['SERVER_BASE_URL'].rstrip('/')}"
                     f"/dev/mail)\nTo: {mail.to}\nSubject: {mail.subject}\n\n{mail.text}\n{rule}\n")
    sys.stderr.flush()


def _connect(config: Mapping[str, Any]) -> smtplib.SMTP:
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    smtp = smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10)
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    except Exception:
        smtp.close()
        raise
    return smtp


MailJob = Callable[[], object]


def _run(item: tuple[Flask, MailJob]) -> None:
    """Run one job in an application context of its own: its own session and pooled connection,
    and one unit of work, committed when the job returns (the job is its caller, as a view is)."""
    from forum.transactions import unit_of_work

    app, job = item
    for pause in (*RETRY_PAUSES, None):
        try:
            with app.app_context(), unit_of_work():
                job()
            return
        except (PoolTimeoutError, OperationalError) as error:
            if pause is None:
                raise
            log.warning("mail sender: the database is busy, again in %s s: %s", pause, error)
            time.sleep(pause)


sender: BackgroundWorker[tuple[Flask, MailJob]] = BackgroundWorker("mail-sender", _run)


def in_background(job: MailJob) -> None:
    """Run `job` on the mail sender's thread, for the current application, after what is queued.

    Called after a commit (the outbox's senders); a job must be safe to run again when it fails on
    a busy database before committing, which a job of one transaction is.
    """
    sender.submit((current_app._get_current_object(), job))
