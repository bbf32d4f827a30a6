"""Logs, one line per event, each naming the request it belongs to (`X-Request-Id`).

The application's records (the `forum` loggers) go to standard error as JSON objects
(python-json-logger) when `LOG_FORMAT=json`, the default in production, or as text lines in
development; both carry `request_id` when they happen in a request. gunicorn's access log, one
JSON object per request with its id, its time and status, comes from `GunicornLogger`
(gunicorn.conf.py names it), so a member's "Reference" on an error page finds both lines.
"""

import json
import logging
from datetime import UTC, datetime

from flask import Flask, has_request_context
from gunicorn.glogging import Logger
from pythonjsonlogger.json import JsonFormatter

from forum.request_ids import HEADER, request_id

LOGGER = "forum"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record: the request's, or None outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id() if has_request_context() else None
        return True


def formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter(JSON_FIELDS, rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                             json_ensure_ascii=False)
    return logging.Formatter(TEXT_FORMAT)


def init_logging(app: Flask) -> None:
    """One handler on the `forum` logger for the process (an app built again changes its format)."""
    log_format = app.config["LOG_FORMAT"]
    if log_format not in ("json", "text"):
        raise ValueError(f"LOG_FORMAT must be json or text, not {log_format!r}")
    logger = logging.getLogger(LOGGER)
    handler = next((h for h in logger.handlers if getattr(h, "horizonte", False)), None)
    if handler is None:
        handler = logging.StreamHandler()
        handler.horizonte = True  # type: ignore[attr-defined]
        handler.addFilter(RequestIdFilter())
        logger.addHandler(handler)
    handler.setFormatter(formatter(log_format))
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)


class GunicornLogger(Logger):
    """gunicorn's access log as one JSON object a request (its own format string cannot escape a
    User-Agent's quotes); its error log is unchanged."""

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        headers = {name.lower(): value for name, value in resp.headers}
        line = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "request_id": headers.get(HEADER.lower()),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "user_agent": environ.get("HTTP_USER_AGENT"),
        }
        try:
            self.access_log.info(json.dumps(line, ensure_ascii=False))
        except Exception:  # as gunicorn's own: a log line never fails the request
            self.exception("access log")
