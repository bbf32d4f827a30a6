"""User Markdown -> sanitized HTML. The only module that knows the renderer and the sanitizer.

markdown-it-py (CommonMark, linear time, raw HTML off) renders; nh3 (ammonia) cleans against an
allow-list. Both are pinned; README.md says why they replaced Python-Markdown and bleach.
Rendering happens once, when a post is written; pages print the stored result.
"""

import html as html_lib
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

MAX_BODY_LENGTH = 50_000

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    .enable(["table", "strikethrough", "linkify"])
)

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "strong", "em", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _is_own_origin(url: str) -> bool:
    """Images only from this site: a path, never another host (no tracking pixels)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/") and not url.startswith("//")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _is_own_origin(value) else None
    if tag == "code" and attribute == "class":
        # Only the language hint of fenced code ("language-python").
        return value if value.startswith("language-") and value[9:].replace("-", "").isalnum() else None
    if attribute == "align":
        return value if value in {"left", "right", "center"} else None
    return value


def render(source: str) -> str:
    """Render Markdown source to HTML that is safe to print as is."""
    html = _markdown.render(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )


def quote(source: str, author: str, link: str) -> str:
    """The Markdown a quote-reply starts with: the quoted text, credited and linked."""
    lines = source.strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    return f"> **@{author}** [wrote]({link}):\n>\n{quoted}\n\n"


def plain_text(html_or_source: str, limit: int = 200) -> str:
    """A short plain-text excerpt (for summaries and titles of links)."""
    text = nh3.clean(html_or_source, tags=set())
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def html_to_text(html: str) -> str:
    """All the words of rendered HTML, entities decoded, whitespace collapsed (the search index)."""
    return " ".join(html_lib.unescape(nh3.clean(html, tags=set())).split())
