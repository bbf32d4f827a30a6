"""`url_for` for templates, remembered: a thread page builds about a hundred links, most of them
the same few endpoints with ids, and werkzeug builds each from the rule again (a tenth of the
page's time in the profile of issue #23).

A link depends only on the endpoint, its values and where the site is mounted (the request's
script root), so the first build of each is kept in a per-app dictionary. What may change between
two builds of the same values is never kept: static files (their names carry the file's digest,
forum.web.assets), relative endpoints (".show" depends on the current blueprint), and the
options starting with "_" (`_external` reads the Host header, `_anchor`, `_method`, `_scheme`).
"""

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, has_request_context, request

# Enough for every link of a busy day's pages; beyond it the memo starts again (a few MB at most).
MAX_LINKS = 50_000
EXTENSION = "horizonte_url_memo"


def memoized_url_for(app: Flask) -> Callable[..., str]:
    links: dict[tuple, str] = {}

    def url_for(endpoint: str, **values: Any) -> str:
        if endpoint == "static" or endpoint.startswith(".") or not has_request_context():
            return app.url_for(endpoint, **values)
        try:
            key = (request.script_root, endpoint, *values.items())
            found = links.get(key)
        except TypeError:  # a value that is not hashable (a list of query values)
            return app.url_for(endpoint, **values)
        if found is not None:
            return found
        url = app.url_for(endpoint, **values)
        if not any(name.startswith("_") for name in values):
            if len(links) >= MAX_LINKS:
                links.clear()
            links[key] = url
        return url

    app.extensions[EXTENSION] = url_for
    return url_for


def url_for(endpoint: str, **values: Any) -> str:
    """The memoized `url_for` of the current app, for Python code that renders links in pages."""
    return current_app.extensions[EXTENSION](endpoint, **values)
