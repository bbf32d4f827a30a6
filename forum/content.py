"""User Markdown -> sanitized HTML. The only module that knows the renderer and the sanitizer.

markdown-it-py (CommonMark, linear time, raw HTML off) renders; nh3 (ammonia) cleans against an
allow-list. Both are pinned; docs/architecture.md says why they replaced Python-Markdown and bleach.
Rendering happens once, when a post is written; pages print the stored result. So markdown-it is
imported with the first text rendered: a process that only serves pages never loads it (1 MB).
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

import nh3

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

MAX_BODY_LENGTH = 50_000


@cache
def _markdown() -> MarkdownIt:
    """The renderer: CommonMark, tables, strikethrough and bare links, raw HTML off, and mentions."""
    from markdown_it import MarkdownIt

    markdown = (MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
                .enable(["table", "strikethrough", "linkify"]))
    markdown.core.ruler.push("mentions", _link_mentions)
    return markdown

# "@username" not glued to a word, an address or a path ("ana@example.org" is no mention).
MENTION_RE = re.compile(r"(?<![\w@/.-])@([A-Za-z0-9_-]{3,30})(?![\w-])")
# A resolver gets the candidate names and answers {lower-cased name: username as registered}
# for those that are existing accounts (one query for the whole post).
MentionResolver = Callable[[set[str]], dict[str, str]]


def _link_mentions(state: StateCore) -> None:
    """Core rule: turn "@name" in text into a link to /u/<name>, for names the resolver knows.

    Only plain text tokens change: code spans and fenced or indented code are other token types,
    and text between link_open and link_close (a link or an autolink) is left alone.
    """
    resolver: MentionResolver | None = state.env.get("mention_resolver") if isinstance(state.env, dict) else None
    if resolver is None:
        return
    inlines = [t for t in state.tokens if t.type == "inline" and t.children and "@" in t.content]
    names = {m.group(1).lower() for t in inlines for child in t.children or () if child.type == "text"
             for m in MENTION_RE.finditer(child.content)}
    known = resolver(names) if names else {}
    found: set[str] = set()
    if known:
        for token in inlines:
            token.children = _split_children(token.children or [], known, found)
    state.env["mentioned"] = sorted(found)


def _split_children(children: list[Token], known: dict[str, str], found: set[str]) -> list[Token]:
    from markdown_it.token import Token

    result: list[Token] = []
    link_depth = 0
    for child in children:
        if child.type == "link_open":
            link_depth += 1
        elif child.type == "link_close":
            link_depth -= 1
        if child.type != "text" or link_depth > 0 or "@" not in child.content:
            result.append(child)
            continue
        position = 0
        for match in MENTION_RE.finditer(child.content):
            username = known.get(match.group(1).lower())
            if username is None:
                continue
            found.add(username)
            if match.start() > position:
                result.append(_text_token(child.content[position:match.start()]))
            link = Token("link_open", "a", 1)
            link.attrs = {"href": f"/u/{url_quote(username)}", "class": "mention"}
            result.extend([link, _text_token("@" + username), Token("link_close", "a", -1)])
            position = match.end()
        if position == 0:
            result.append(child)
        elif position < len(child.content):
            result.append(_text_token(child.content[position:]))
    return result


def _text_token(text: str) -> Token:
    from markdown_it.token import Token

    token = Token("text", "", 0)
    token.content = text
    return token


ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "strong", "em", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


# The only images a text may show: files uploaded here (docs/uploads.md), by their path.
_UPLOAD_IMAGE = re.compile(r"^/uploads/[0-9]{1,12}/[^/?#\\]+$")


def _is_own_upload(url: str) -> bool:
    """Images only from this site's uploads: a path, never another host (no tracking pixels) nor
    another page of ours (an image request to an action URL)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and bool(_UPLOAD_IMAGE.match(url))


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _is_own_upload(value) else None
    if tag == "code" and attribute == "class":
        # Only the language hint of fenced code ("language-python").
        return value if value.startswith("language-") and value[9:].replace("-", "").isalnum() else None
    if tag == "a" and attribute == "class":
        return value if value == "mention" else None  # only the mention links this module makes
    if attribute == "align":
        return value if value in {"left", "right", "center"} else None
    return value


def render(source: str, *, mention_resolver: MentionResolver | None = None) -> str:
    """Render Markdown source to HTML that is safe to print as is.

    With a resolver, "@name" of an existing account becomes a link to its profile (posts pass one;
    bios and other text do not). nh3 still cleans the result last.
    """
    html = _markdown().render(source, {"mention_resolver": mention_resolver} if mention_resolver else None)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )


_MENTION_LINK_RE = re.compile(r'<a\b[^>]*\bhref="/u/([A-Za-z0-9_-]{3,30})"[^>]*\bclass="mention"'
                              r'|<a\b[^>]*\bclass="mention"[^>]*\bhref="/u/([A-Za-z0-9_-]{3,30})"')


def mentioned_usernames(html: str) -> list[str]:
    """The usernames a rendered post links as mentions (only `render` makes such links)."""
    return sorted({a or b for a, b in _MENTION_LINK_RE.findall(html)})


def mention_candidates(names: Iterable[str]) -> set[str]:
    return {n.lower() for n in names}


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
