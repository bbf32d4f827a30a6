"""Prometheus metrics of this server process, at `/metrics` (the maintained `prometheus-client`).

- `horizonte_request_duration_seconds{endpoint, method, status}`: every request's time, from its
  first hook to its response (a histogram; the endpoint is the view's name, never the raw path,
  so the label set stays small);
- `horizonte_search_duration_seconds{type}`: the site search, by what it looks for;
- `horizonte_socket_connections`: live Socket.IO connections of this process;
- `horizonte_event_queue_depth`, `horizonte_mail_queue_depth`: what the commits handed to the
  event and mail senders and they have not finished yet;
- `horizonte_mail_waiting`: mail rows waiting in the database (retries after a failed send).

Each server process counts its own: scrape each one (gunicorn runs one process per port in
deploy/). Who may read them: an address of `METRICS_ALLOWED_ADDRESSES` (networks, comma-separated),
or whoever sends `Authorization: Bearer <METRICS_TOKEN>`; in development, this machine too. Anyone
else gets a 404, as for a page that does not exist: behind a proxy every visitor comes from the
proxy's address, so production never trusts an address it was not given.
"""

import hmac
import ipaddress
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response, current_app, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from werkzeug.exceptions import NotFound

from forum.permissions import LOOPBACK_ADDRESSES

disable_created_metrics()  # no "_created" series beside each counter: Prometheus does not need them
# The process's own registry: the metrics of the code, not the client library's process defaults
# registered twice when tests build several apps.
REGISTRY = CollectorRegistry()
REQUEST_SECONDS = Histogram(
    "horizonte_request_duration_seconds", "Time to answer a request, by endpoint, method and status.",
    ["endpoint", "method", "status"], registry=REGISTRY,
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
SEARCH_SECONDS = Histogram(
    "horizonte_search_duration_seconds", "Time of a site search, by what it looks for.", ["type"],
    registry=REGISTRY, buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5))
SOCKET_CONNECTIONS = Gauge("horizonte_socket_connections", "Live Socket.IO connections of this process.",
                           registry=REGISTRY)
EVENT_QUEUE = Gauge("horizonte_event_queue_depth", "Live events handed to the event sender, not yet sent.",
                    registry=REGISTRY)
MAIL_QUEUE = Gauge("horizonte_mail_queue_depth", "Mail jobs handed to the mail sender, not yet done.",
                   registry=REGISTRY)
MAIL_WAITING = Gauge("horizonte_mail_waiting", "Mail rows waiting in the database for a retry.", registry=REGISTRY)

_STARTED = "horizonte.metrics_started"


@contextmanager
def timed_search(kind: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        SEARCH_SECONDS.labels(kind).observe(time.perf_counter() - started)


def may_read_metrics(remote_addr: str | None, authorization: str) -> bool:
    """The one rule for /metrics (see the module's docstring)."""
    config = current_app.config
    token = config.get("METRICS_TOKEN") or ""
    if token and authorization.startswith("Bearer ") and hmac.compare_digest(
            authorization.removeprefix("Bearer ").encode(), token.encode()):
        return True
    if remote_addr is None:
        return False
    if config.get("FORUM_ENV") != "production" and remote_addr in LOOPBACK_ADDRESSES:
        return True
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    return any(address in network for network in allowed_networks(config.get("METRICS_ALLOWED_ADDRESSES", "")))


def allowed_networks(setting: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """METRICS_ALLOWED_ADDRESSES as networks ("10.0.0.0/8, 192.0.2.7"); a wrong entry stops the start-up."""
    return [ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip()]


def _current_gauges() -> None:
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from forum import mail
    from forum.extensions import db
    from forum.models import QueuedMail
    from forum.realtime import connections, events

    SOCKET_CONNECTIONS.set(connections.count())
    EVENT_QUEUE.set(events.sender.pending)
    MAIL_QUEUE.set(mail.sender.pending)
    try:
        MAIL_WAITING.set(db.session.scalar(select(func.count()).select_from(QueuedMail).where(
            QueuedMail.sent_at.is_(None), QueuedMail.failed_at.is_(None))) or 0)
    except SQLAlchemyError:  # the metrics answer when the database does not (that is when they matter)
        db.session.rollback()
        MAIL_WAITING.set(float("nan"))


def init_metrics(app: Flask) -> None:
    allowed_networks(app.config.get("METRICS_ALLOWED_ADDRESSES", ""))  # refuse a wrong setting now

    @app.before_request
    def _start() -> None:
        request.environ[_STARTED] = time.perf_counter()

    @app.after_request
    def _observe(response: Response) -> Response:
        started = request.environ.get(_STARTED)
        if started is not None:
            REQUEST_SECONDS.labels(request.endpoint or "none", request.method,
                                   str(response.status_code)).observe(time.perf_counter() - started)
        return response

    @app.get("/metrics")
    def metrics() -> Response:
        if not may_read_metrics(request.remote_addr, request.headers.get("Authorization", "")):
            raise NotFound()
        _current_gauges()
        return Response(generate_latest(REGISTRY), mimetype=CONTENT_TYPE_LATEST,
                        headers={"Cache-Control": "no-store"})
