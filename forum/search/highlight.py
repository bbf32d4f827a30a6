"""Snippets: the best window of a text, escaped, the matching words wrapped in <mark>.

Made here rather than by the engines so both backends show the same thing, and so that the
output is built from escaped text only: user content never reaches the page as HTML.
"""

from markupsafe import Markup, escape

from forum.search import text as t
from forum.search.backends import Highlight

SNIPPET_WORDS = 32


def _matches(word: str, language: str, marks: Highlight) -> bool:
    plain = t.fold(word)
    if plain in marks.forms:
        return True
    stemmed = t.cached_stem(plain, language)
    if stemmed in marks.forms:
        return True
    return any(plain.startswith(p) or stemmed.startswith(p) for p in marks.prefixes)


def highlight(text: str, language: str, marks: Highlight, *, window: int | None = SNIPPET_WORDS) -> Markup:
    """`text` (or its best window of `window` words) as safe HTML with <mark> around matches."""
    spans = t.word_spans(text)
    if not spans:
        return escape(text[:300])
    hits = [_matches(m.group(), language, marks) for m in spans]
    first, last = 0, len(spans)
    if window and len(spans) > window:
        best, best_count = 0, -1
        count = sum(hits[:window])
        best, best_count = 0, count
        for start in range(1, len(spans) - window + 1):
            count += hits[start + window - 1] - hits[start - 1]
            if count > best_count:
                best, best_count = start, count
        if best_count > 0:
            # Start a few words before the first match of the window, for context.
            first_hit = next(i for i in range(best, best + window) if hits[i])
            best = max(0, min(first_hit - 4, len(spans) - window))
        first, last = best, best + window
    begin = 0 if first == 0 else spans[first].start()
    end = len(text) if last >= len(spans) else spans[last - 1].end()
    parts: list[Markup] = [Markup("… ")] if first > 0 else []
    cursor = begin
    for index in range(first, last):
        if hits[index]:
            match = spans[index]
            parts.append(escape(text[cursor:match.start()]))
            parts.append(Markup("<mark>{}</mark>").format(match.group()))
            cursor = match.end()
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append(Markup(" …"))
    return Markup("").join(parts)
