"""Rendered fragments of public pages, kept a few seconds in each process.

The home page and the country pages show the same lists and figures to every reader of a
language and time zone: the newest offers and requests, recent experiences, the map, the
platform's numbers. Building them costs a dozen queries and most of the page's template work,
so each process keeps the HTML it rendered for `FRAGMENT_CACHE_SECONDS` (30 by default; 0 turns
the cache off, as the test configuration does) — the way Discourse serves its anonymous pages.
What depends on the reader beyond that (their matches, projects and communities; the CSRF token;
the header) is rendered on every request, outside the fragments.

The cache lives in this process only: nothing to reach over the network, nothing that can fail
(Redis is never needed for a page), and a few megabytes at most (LRU, `MAX_FRAGMENTS` fragments
and whole anonymous pages of forum.web.page_cache, each tens of kilobytes).
A write shows on these pages within the cache's lifetime; the writer sees their own offers,
matches and projects at once, in the parts that are not cached.
"""

from collections.abc import Callable, Hashable
from threading import Lock
from typing import TypeVar

from cachetools import TTLCache
from flask import Flask, current_app, has_app_context, request
from flask_babel import get_timezone

from forum import outbox
from forum.i18n import current_language

T = TypeVar("T")
MAX_FRAGMENTS = 256
EXTENSION = "horizonte_fragments"


class FragmentCache:
    def __init__(self, seconds: float, timer: Callable[[], float] | None = None) -> None:
        self.seconds = seconds
        self._lock = Lock()
        self._entries: TTLCache | None = None
        if seconds > 0:
            self._entries = TTLCache(maxsize=MAX_FRAGMENTS, ttl=seconds, **({"timer": timer} if timer else {}))

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        if self._entries is None:
            return build()
        with self._lock:
            found = self._entries.get(key)
        if found is not None:
            return found
        # Built outside the lock: two requests may build the same fragment at once, which costs
        # one extra build instead of making every other page wait for this one.
        value = build()
        with self._lock:
            self._entries[key] = value
        return value

    def clear(self) -> None:
        if self._entries is not None:
            with self._lock:
                self._entries.clear()


def init_fragments(app: Flask) -> None:
    app.extensions[EXTENSION] = FragmentCache(float(app.config["FRAGMENT_CACHE_SECONDS"]))


def _clear_after_commit(_payload: object) -> None:
    """A write that changes what the fragments show (a community created, archived, moved: the
    services queue "fragments.clear") is on this process's pages at once."""
    if has_app_context() and EXTENSION in current_app.extensions:
        current_app.extensions[EXTENSION].clear()


outbox.register_sender("fragments.clear", _clear_after_commit)


def enabled() -> bool:
    """Whether fragments are kept at all (FRAGMENT_CACHE_SECONDS > 0)."""
    return current_app.extensions[EXTENSION].seconds > 0


def cached(name: str, *key: Hashable, build: Callable[[], T]) -> T:
    """What `build()` returns for this fragment, in this reader's language and time zone.

    `key` holds whatever else the fragment depends on (a country's code, whether the reader is
    signed in): the caller knows, and must name every such thing."""
    full_key = (name, current_language(), str(get_timezone()), request.script_root, *key)
    return current_app.extensions[EXTENSION].get_or_build(full_key, build)
