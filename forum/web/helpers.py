"""Small pieces the views share."""

from urllib.parse import urlsplit

from flask import abort, request


def page_arg(name: str = "page") -> int:
    """The ?page= number: 1 when absent, 404 when not a positive integer of sane size."""
    raw = request.args.get(name, "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 1_000_000:
        abort(404)
    return int(raw)


def safe_next(target: str | None, default: str = "/") -> str:
    """A path on this site, or the default: `next=` must never send a user elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
