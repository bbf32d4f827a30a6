"""A real SMTP server on 127.0.0.1 for tests that follow a mail from the app to the mailbox.

Use it from a test module::

    from tests.smtp import smtp_server  # noqa: F401

    @pytest.fixture
    def app_config(database_url, smtp_server):
        return make_test_config(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)

    def test_something(client, smtp_server):
        ...
        [mail] = smtp_server.wait_for(1)

`wait_for(count)` blocks (on a condition, not a fixed sleep) until at least `count` mails have
arrived and returns all of them; it fails the test after `timeout` seconds. Mail leaves from the
application's background sender, so "no (other) mail was sent" is asserted on `settled()`: what
arrived once that sender has nothing left to do.
"""

import atexit
import email
import email.policy
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Envelope:
    """What the SMTP client said outside the message itself (MAIL FROM, RCPT TO)."""

    mail_from: str
    rcpt_tos: tuple[str, ...]


class SmtpServer:
    """The messages received by one running server, in order of arrival."""

    def __init__(self) -> None:
        self.host = HOST
        self.port = 0
        self.messages: list[EmailMessage] = []
        self.envelopes: list[Envelope] = []
        self._arrived = threading.Condition()

    # aiosmtpd handler hook, called on the server's event-loop thread.
    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(message)
            self.envelopes.append(Envelope(envelope.mail_from, tuple(envelope.rcpt_tos)))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 5) -> list[EmailMessage]:
        """All messages once at least `count` have arrived; fails after `timeout` seconds."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(
                    f"expected {count} mail(s) within {timeout}s, received {len(self.messages)}: "
                    f"{[m['Subject'] for m in self.messages]}"
                )
            return list(self.messages)

    def settled(self, timeout: float = 5) -> list[EmailMessage]:
        """All messages once the mail sender (forum.mail) has handled everything queued so far."""
        from forum.mail import sender

        assert sender.flush(timeout), f"the mail sender was still busy after {timeout}s"
        with self._arrived:
            return list(self.messages)

    def clear(self) -> None:
        with self._arrived:
            self.messages.clear()
            self.envelopes.clear()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _start(server: SmtpServer) -> Controller:
    last_error: Exception | None = None
    for _attempt in range(5):  # another process may take the free port before we bind it
        server.port = _free_port()
        # server_hostname avoids socket.getfqdn(), which can wait on DNS.
        controller = Controller(server, hostname=HOST, port=server.port, server_hostname="localhost",
                                ready_timeout=5)
        try:
            controller.start()
        except Exception as error:
            last_error = error
            continue
        return controller
    raise RuntimeError(f"could not start the test SMTP server: {last_error!r}")


_RUNNING: SmtpServer | None = None


def _process_server() -> SmtpServer:
    """One server per test process, started at its first use and stopped at exit."""
    global _RUNNING
    if _RUNNING is None:
        server = SmtpServer()
        controller = _start(server)
        atexit.register(controller.stop)
        _RUNNING = server
    return _RUNNING


@pytest.fixture
def smtp_server() -> SmtpServer:
    """The process's server, holding no message yet: what the mail sender had queued for an earlier
    test arrives before the slate is cleaned. One server (one port) per process, so the app built
    on its settings is built once, not once per test (0.1-0.3 s each)."""
    from forum.mail import sender

    assert sender.flush(10), "the mail sender was still busy with an earlier test's mail"
    server = _process_server()
    server.clear()
    return server
