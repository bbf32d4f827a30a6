"""Every route of the application, for the tests that walk all of them.

tests/test_route_access.py requests every GET route with the ids of hidden, deleted, draft and
private objects as each persona; tests/test_route_inputs.py sends hostile numbers and control
characters to every parameter of every route. Both take their list from `app.url_map`, so a route
added later is walked the day it appears. A route with a path parameter a walker cannot fill
fails it with a message that says what to add (`UnknownParameter`).

What a view reads from the query string, the form and the JSON body is discovered, not listed:
`recording_reads` records every name a view looks up while it answers, and `html_forms` lists the
fields of the forms a page shows.
"""

import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

# Path parameters that name an object whose text someone may not be allowed to read: the access
# walker fills them with hidden, deleted, draft and private objects.
OBJECT_PARAMETERS = {
    "post_id": "post",
    "thread_id": "thread",
    "experience_id": "experience",
    "username": "user",
    "conversation_id": "conversation",
    "project_id": "project",
    "upload_id": "upload",
}
# Routes neither walker requests, and why (keep it short).
SKIPPED_ENDPOINTS = {
    "static": "files of static/: no object, no parameter of ours",
}


class UnknownParameter(AssertionError):
    """A route takes a path parameter the walker has no value for."""


@dataclass(frozen=True)
class Route:
    rule: str  # "/p/<int:post_id>/revisions"
    endpoint: str
    methods: frozenset[str]
    arguments: tuple[str, ...]  # in the order of the rule
    integer_arguments: frozenset[str]

    @property
    def object_parameter(self) -> str | None:
        """The first parameter naming an object (post, thread, ...), if any."""
        return next((name for name in self.arguments if name in OBJECT_PARAMETERS), None)

    @property
    def object_kind(self) -> str | None:
        name = self.object_parameter
        return OBJECT_PARAMETERS[name] if name else None

    @property
    def is_api(self) -> bool:
        return self.rule.startswith("/api/")

    def url(self, values: Mapping[str, Any]) -> str:
        """The path with each parameter replaced by its value (quoted, and not checked: the
        input walker sends values no converter would build)."""
        missing = [name for name in self.arguments if name not in values]
        if missing:
            raise UnknownParameter(
                f"{self.rule} ({self.endpoint}, {'/'.join(sorted(self.methods))}) takes <{missing[0]}>, which "
                f"the walker cannot fill: teach tests/routes.py and the walker what it names "
                f"(OBJECT_PARAMETERS for an object whose text may be private).")

        def value(match: re.Match) -> str:
            return quote(str(values[match.group(1)]), safe="")

        return re.sub(r"<(?:[^<>:]+:)?([^<>:]+)>", value, self.rule)


def routes(app: Flask, method: str | None = None) -> list[Route]:
    """The application's routes (HEAD and OPTIONS left out), in a stable order."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        methods = frozenset(rule.methods - {"HEAD", "OPTIONS"})
        if method is not None and method not in methods:
            continue
        order = re.findall(r"<(?:[^<>:]+:)?([^<>:]+)>", rule.rule)
        integers = frozenset(name for name, converter in rule._converters.items()
                             if isinstance(converter, IntegerConverter))
        found.append(Route(rule.rule, rule.endpoint, methods, tuple(order), integers))
    return sorted(found, key=lambda r: (r.rule, sorted(r.methods)))


def check_fillable(all_routes: list[Route], fillable: set[str]) -> None:
    """Fail at once, naming every route, when a parameter is unknown to the walker."""
    unknown = sorted({(name, r.rule) for r in all_routes for name in r.arguments if name not in fillable})
    if unknown:
        lines = "\n".join(f"  <{name}> in {rule}" for name, rule in unknown)
        raise UnknownParameter(f"the walker cannot fill these path parameters:\n{lines}\n"
                               "teach tests/routes.py and the walker what they name.")


# ---------- what a view reads: recorded while it answers ----------

_recorded: list[set[str]] = []


def _record(name: object) -> None:
    for names in _recorded:
        if isinstance(name, str):
            names.add(name)


class _RecordingMultiDict(ImmutableMultiDict):
    """The query string and the form as a view sees them, noting each name it looks up."""

    def __getitem__(self, key):
        _record(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):
        _record(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        _record(key)
        return super().getlist(key, type)

    def __contains__(self, key) -> bool:
        _record(key)
        return super().__contains__(key)


class _RecordingDict(dict):
    """A JSON object body, noting each field a view looks up."""

    def __getitem__(self, key):
        _record(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        _record(key)
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        _record(key)
        return super().__contains__(key)


class _RecordingJSON(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        data = super().loads(s, **kwargs)
        return _RecordingDict(data) if isinstance(data, dict) else data


@contextmanager
def recording_reads(app: Flask) -> Iterator[Callable[[], set[str]]]:
    """Within it, `names()` gives the query, form and JSON names read since the last call.

    Only the parsing classes Flask and werkzeug let an application choose are swapped (the request's
    `parameter_storage_class` and the app's JSON provider): the views run unchanged.
    """
    previous_request, previous_json = app.request_class, app.json
    app.request_class = type("RecordingRequest", (previous_request,),
                             {"parameter_storage_class": _RecordingMultiDict})
    app.json = _RecordingJSON(app)
    names: set[str] = set()
    _recorded.append(names)

    def take() -> set[str]:
        taken = set(names)
        names.clear()
        return taken

    try:
        yield take
    finally:
        _recorded.remove(names)
        app.request_class, app.json = previous_request, previous_json


# ---------- the forms a page shows ----------

@dataclass
class HtmlForm:
    method: str
    action: str  # a path
    fields: dict[str, str] = field(default_factory=dict)  # name -> a value the page gave it


class _FormParser(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[HtmlForm] = []
        self.by_id: dict[str, HtmlForm] = {}
        self.current: HtmlForm | None = None
        self.pending: list[tuple[str, str, str]] = []  # (form id, name, value) of fields outside their form

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = urlsplit(a.get("action") or self.page_path).path or self.page_path
            self.current = HtmlForm(a.get("method", "get").lower(), action)
            self.forms.append(self.current)
            if a.get("id"):
                self.by_id[a["id"]] = self.current
        elif tag in ("input", "select", "textarea", "button") and a.get("name"):
            if a.get("form"):
                self.pending.append((a["form"], a["name"], a.get("value", "")))
            elif self.current is not None:
                self.current.fields.setdefault(a["name"], a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None


def html_forms(html: str, page_path: str) -> list[HtmlForm]:
    """The forms of a page with their fields (those attached with form="id" included)."""
    parser = _FormParser(page_path)
    parser.feed(html)
    for form_id, name, value in parser.pending:
        if form_id in parser.by_id:
            parser.by_id[form_id].fields.setdefault(name, value)
    return parser.forms


def response_text(response) -> str:
    """What a response shows, JSON included (decoded, so escaped characters are compared as text),
    and every file of a ZIP (a member's data archive)."""
    if response.mimetype == "application/zip":
        with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    body = response.get_data(as_text=True)
    if response.is_json:
        try:
            return json.dumps(response.get_json(), ensure_ascii=False)
        except ValueError:
            return body
    return body
