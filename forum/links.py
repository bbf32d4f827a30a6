"""Where each page is: the one module outside the faces that turns an endpoint into a URL.

Services, search and mail return data; when they need a link (a notification's line, a mail, an
export, a search result), they ask here. Inside a request, `path` is Flask's `url_for`. Outside
one (the mail sender, the CLI, jobs) there is no request to read, so links are built from the URL
map under SERVER_BASE_URL, the site's configured address. Absolute links (mail, exports) always use
SERVER_BASE_URL, never the request's Host header, which a client chooses.
"""

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from werkzeug.routing import MapAdapter


def site_url() -> str:
    """The site's address without a trailing slash: SERVER_BASE_URL."""
    return current_app.config["SERVER_BASE_URL"].rstrip("/")


def _adapter() -> MapAdapter:
    base = urlsplit(site_url())
    return current_app.url_map.bind(base.netloc or "localhost", script_name=base.path or "/",
                                    url_scheme=base.scheme or "http")


def path(endpoint: str, **values: Any) -> str:
    """The page's path ("/t/12/dengue"), as a link within the site."""
    if has_request_context():
        return url_for(endpoint, **values)
    return _adapter().build(endpoint, values)


def absolute(endpoint: str, **values: Any) -> str:
    """The page's full URL on SERVER_BASE_URL, for mail and exports."""
    return _adapter().build(endpoint, values, force_external=True)


def absolute_path(page_path: str | None, default: str = "/") -> str:
    """A path made by `path` as a full URL on SERVER_BASE_URL."""
    return site_url() + (page_path if page_path and page_path.startswith("/") else default)


def object_path(kind: str, object_id: int, *, slug: str | None = None, username: str | None = None,
                lang: str | None = None) -> str | None:
    """The page of a post, thread, person or experience (a search result, say); None for others.
    `lang`: an experience read in that language (a translation found by the search)."""
    if kind == "post":
        return path("main.post_permalink", post_id=object_id)
    if kind == "thread":
        return path("threads.show", thread_id=object_id, slug=slug or "thread")
    if kind == "person" and username:
        return path("people.profile", username=username)
    if kind == "experience":
        return path("experiences.show", experience_id=object_id, **({"lang": lang} if lang else {}))
    return None


def result_path(item: dict[str, Any]) -> str | None:
    """The page a search result (forum.search.service's item) links to."""
    if item["type"] == "message":
        return path("messages.show", conversation_id=item["conversation_id"]) + f"#message-{item['id']}"
    return object_path(item["type"], item["id"], slug=item.get("slug"), username=item.get("username"),
                       lang=item.get("lang"))
