"""User Markdown: what it renders, what the sanitizer removes, and bounded time on hostile input."""

import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from forum.content import ALLOWED_TAGS, MAX_BODY_LENGTH, quote, render


@pytest.mark.parametrize(("source", "expected"), [
    ("**bold** and _em_", "<strong>bold</strong> and <em>em</em>"),
    ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
    ("Intro line\n- a list right under text", "<li>a list right under text</li>"),
    ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
    ("```python\nprint(1)\n```", '<pre><code class="language-python">print(1)\n</code></pre>'),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "<td>1</td>"),
    ("~~gone~~", "<s>gone</s>"),
    ("see https://paho.org/en", '<a href="https://paho.org/en" rel="nofollow ugc noopener">https://paho.org/en</a>'),
    ("[site](https://who.int)", '<a href="https://who.int" rel="nofollow ugc noopener">site</a>'),
    ("[mail](mailto:a@example.org)", 'href="mailto:a@example.org"'),
    ("![logo](/uploads/12/logo.png)", '<img src="/uploads/12/logo.png" alt="logo">'),
])
def test_markdown_renders(source, expected):
    assert expected in render(source)


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="https://x" onclick="alert(1)">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "![t](https://tracker.example/pixel.png)",
    "![t](//tracker.example/pixel.png)",
    "![t](/static/logo.png)",
    "![t](/logout)",
    "![t](/uploads/12/../../logout)",
    "<svg onload=alert(1)>",
    '<form action="https://evil"><input></form>',
])
def test_hostile_markup_never_survives(source):
    tags = _parsed(render(source))
    for tag, attrs in tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", (tag, name)
            if name in ("href", "src"):
                assert urlsplit(value).scheme in ("http", "https", "mailto", ""), value
            if tag == "img" and name == "src":
                assert value.startswith("/uploads/") and ".." not in value, value


def _parsed(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every element of the rendered HTML as a browser would parse it."""
    found: list[tuple[str, list[tuple[str, str]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, [(k, v or "") for k, v in attrs]))

    Collector().feed(html)
    return found


PATHOLOGICAL = {
    "brackets": "[" * MAX_BODY_LENGTH,
    "closing brackets": "[a](" * (MAX_BODY_LENGTH // 4),
    "stars": "*" * MAX_BODY_LENGTH,
    "underscores": "_a " * (MAX_BODY_LENGTH // 3),
    "angles": "<" * MAX_BODY_LENGTH,
    "backticks": "`" * MAX_BODY_LENGTH,
    "nested quotes": ">" * MAX_BODY_LENGTH,
    "nested lists": "".join("  " * i + "- x\n" for i in range(300))[:MAX_BODY_LENGTH],
    "deep list markers": "- " * (MAX_BODY_LENGTH // 2),
    "huge table": ("|a" * 500 + "|\n" + "|-" * 500 + "|\n" + "|1" * 500 + "|\n") * 16,
    "emphasis mix": "*_" * (MAX_BODY_LENGTH // 2),
    "links": "[a]" * (MAX_BODY_LENGTH // 3),
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_renders_quickly(name):
    source = PATHOLOGICAL[name][:MAX_BODY_LENGTH]
    # CPU time, not the clock's: on a machine busy with other work the clock counts their turns too
    # (5.2 s on a loaded CI machine for 0.5 s of work).
    started = time.process_time()
    render(source)
    # A generous bound: markdown-it-py is linear here (under 0.6 s measured); Python-Markdown took 27 s.
    assert time.process_time() - started < 5


def test_quote_credits_and_links_the_author():
    text = quote("line one\n\nline two", "ana", "/p/7")
    assert text.startswith("> **@ana** [wrote](/p/7):")
    assert "> line one\n>\n> line two" in text
    assert '<a href="/p/7"' in render(text)
