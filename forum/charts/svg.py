"""Small helpers shared by the chart renderers: escaping, safe links, numbers, colours.

Every string a caller hands us (names, labels, hrefs) is treated as untrusted: text is escaped
and stripped of characters XML does not allow, a link is dropped unless it is http(s) or relative.
The charts use presentation attributes (fill=, stroke=) and no style attribute or <style>
element, so they pass the site's Content-Security-Policy (style-src 'self').
"""

import re
from urllib.parse import urlsplit

from markupsafe import escape

# Characters XML 1.0 forbids (an inline SVG is also read as XML by some tools and by our tests).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Browsers drop ASCII tab and newlines anywhere in a URL and spaces around it ("java\tscript:").
_URL_IGNORED = re.compile("[\x00-\x20]")

# Sequential scale, light to dark. Each colour has at least 3:1 contrast against NO_DATA (the
# lightest, #3a7bb8, is 3.6:1) and against a white page (4.5:1), as WCAG 1.4.11 asks of
# graphical objects that carry meaning; tests/test_charts.py checks the figures.
SCALE = ("#3a7bb8", "#2a64a8", "#1d4e89", "#123563", "#0a2342")
NO_DATA = "#e5e7eb"
NO_DATA_STROKE = "#9ca3af"
BORDER = "#ffffff"
INK = "#1f2937"
# The outline of the country a page is about: amber, apart from the blue scale (4.9:1 on white).
HIGHLIGHT = "#b45309"


def text(value: object) -> str:
    """Escaped element text or attribute value."""
    return str(escape(_NOT_XML.sub("", str(value))))


def safe_href(url: object) -> str | None:
    """The URL, escaped for an attribute, when it is relative or http(s); None otherwise."""
    value = _NOT_XML.sub("", str(url))
    try:
        scheme = urlsplit(_URL_IGNORED.sub("", value)).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("", "http", "https"):
        return None
    return str(escape(value))


def num(value: float) -> str:
    """A coordinate with at most one decimal, without trailing zeros."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
