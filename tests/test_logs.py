"""Log lines name their request (forum/logs.py): the application's as JSON in production, and
gunicorn's access log as one JSON object a request (tests/test_realtime.py reads a live one)."""

import io
import json
import logging

import pytest

from forum import create_app
from forum.logs import LOGGER
from tests.conftest import make_test_config


@pytest.fixture
def app_config(database_url):
    return make_test_config(database_url, LOG_FORMAT="json")


@pytest.fixture
def log_stream():
    """What the `forum` logger's handler writes, for the test's duration."""
    handler = next(h for h in logging.getLogger(LOGGER).handlers if getattr(h, "horizonte", False))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_line_written_during_a_request_is_json_with_the_request_id(app, log_stream):
    with app.test_request_context("/", headers={"X-Request-Id": "trace-4f2a9b7c"}):
        logging.getLogger("forum.mail").warning("the database is busy, again in %s s", 2)
    with app.app_context():
        logging.getLogger("forum.background").info("outside a request")
    first, second = (json.loads(line) for line in log_stream.getvalue().splitlines())
    assert first == {**first, "level": "WARNING", "logger": "forum.mail", "request_id": "trace-4f2a9b7c",
                     "message": "the database is busy, again in 2 s"}
    assert "time" in first and second["request_id"] is None and second["message"] == "outside a request"


def test_a_wrong_log_format_stops_the_start_up(database_url):
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        create_app(make_test_config(database_url, LOG_FORMAT="xml"))
