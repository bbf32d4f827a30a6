"""Scripts and style sheets under content-hashed names, cached by browsers for a year.

`url_for('static', filename='css/site.css')` gives `/static/css/site.<hash>.css`, the hash being
the first 12 hex digits of the file's SHA-256: a changed file gets a new name, so the old one may
be cached forever (`immutable`) and a reader on a slow connection downloads each version once.
Other static files (the favicon, the published JSON schema, whose address is part of the
exports) keep their plain names and the default cache lifetime.

A request for a name whose hash is not the current one (a page cached before a deploy) gets the
current file, marked not to be cached, rather than a broken page.
"""

import hashlib
import re
from functools import cache
from pathlib import Path

from flask import Flask, abort, current_app, send_from_directory
from werkzeug.security import safe_join

HASHED_SUFFIXES = (".css", ".js")
HASH_LENGTH = 12
ONE_YEAR = 365 * 24 * 3600
_HASHED_NAME = re.compile(rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.[a-z]+)$")


@cache
def _digest(path: str, mtime_ns: int, size: int) -> str:
    """The file's hash, cached by path, modification time and size (so edits show at once in development)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:HASH_LENGTH]


def file_digest(static_folder: str, filename: str) -> str | None:
    """The content hash of a static file, or None when it does not exist."""
    path = safe_join(static_folder, filename)
    if path is None:
        return None
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return _digest(path, stat.st_mtime_ns, stat.st_size)


def hashed_name(static_folder: str, filename: str) -> str:
    """`css/site.css` -> `css/site.0123456789ab.css`; other files and missing ones unchanged."""
    if not filename.endswith(HASHED_SUFFIXES):
        return filename
    digest = file_digest(static_folder, filename)
    if digest is None:
        return filename
    stem, dot, suffix = filename.rpartition(".")
    return f"{stem}.{digest}{dot}{suffix}"


def serve_static(filename: str):
    folder = current_app.static_folder
    assert folder is not None
    match = _HASHED_NAME.match(filename)
    if match is None or not filename.endswith(HASHED_SUFFIXES):
        return send_from_directory(folder, filename)
    plain = match["stem"] + match["suffix"]
    current = file_digest(folder, plain)
    if current is None:
        abort(404)
    if current != match["digest"]:
        response = send_from_directory(folder, plain, max_age=0)
        response.headers["Cache-Control"] = "no-cache"
        return response
    response = send_from_directory(folder, plain, max_age=ONE_YEAR)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def init_assets(app: Flask) -> None:
    """Hash the names `url_for('static', ...)` builds, and serve those names."""
    folder = app.static_folder
    assert folder is not None

    @app.url_defaults
    def _hash_static_names(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = hashed_name(folder, values["filename"])

    app.view_functions["static"] = serve_static
