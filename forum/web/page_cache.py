"""Whole pages kept for anonymous readers, the way Discourse serves its anonymous traffic.

A visitor who is not signed in sees what every other visitor of the same language sees: the
thread page of a thread's revision (forum.models.threads: it moves with every change of the
thread or of its posts), a community's list. So the HTML one rendered is served to the next from
this process's fragment cache (forum.web.fragments: `FRAGMENT_CACHE_SECONDS`, off in the tests
that do not turn it on), and the page costs its lookups instead of its template.

What differs between two visitors is left out or put back:
* the CSRF token of the forms (the language switcher): kept as a placeholder, replaced by this
  visitor's token on the way out;
* a flashed message, a signed-in reader: never cached (`applies`);
* the query string, the cookies a page reads (`PAGE_COOKIES`) and the site's settings (its name,
  the announcement): part of the key.
What a revision does not cover (an author's new name, the matches suggested for an offer, "3
minutes ago") is at most the cache's lifetime old, as on the home page.
"""

from collections.abc import Callable, Hashable

from flask import request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from forum.services import site_settings
from forum.web import fragments
from forum.web.admin import ANNOUNCEMENT_COOKIE

CSRF_PLACEHOLDER = "\x00csrf-token\x00"
# The cookies a page reads besides the language's (which the key has already): the announcement a
# visitor hid (forum.web.admin).
PAGE_COOKIES = (ANNOUNCEMENT_COOKIE,)


def applies() -> bool:
    """Whether this request may be answered with (and fill) the anonymous cache."""
    return (request.method == "GET" and not current_user.is_authenticated
            and not session.get("_flashes") and fragments.enabled())


class _Uncacheable(Exception):
    def __init__(self, response: object) -> None:
        self.response = response


def anonymous_page(name: str, *key: Hashable, build: Callable[[], str | tuple]) -> str | tuple:
    """The page `build()` renders, from the cache when another visitor had it rendered.

    `key` names what the page shows (a thread's id, revision and page); the reader's language,
    time zone and the query string are added here. What `build` answers other than a page (an
    error page with its status) is passed on, not kept."""
    token = generate_csrf()

    def render() -> str:
        page = build()
        if not isinstance(page, str):
            raise _Uncacheable(page)
        return page.replace(token, CSRF_PLACEHOLDER)

    args = tuple(sorted(request.args.items(multi=True)))
    cookies = tuple(request.cookies.get(cookie) for cookie in PAGE_COOKIES)
    try:
        page = fragments.cached(f"page:{name}", *key, args, cookies, site_settings.current(), build=render)
    except _Uncacheable as answer:
        return answer.response
    return page.replace(CSRF_PLACEHOLDER, token)
