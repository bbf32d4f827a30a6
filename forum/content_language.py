"""The language content is written in (not the interface's): guessed from the text, at write time.

Threads, posts and experiences record it so that pages mark it up (`lang`, which screen readers
follow), lists filter on it and search stems each text in its own language. The guess is made
once, when the text is written, by Google's Compact Language Detector 2 (pycld2: offline, tens of
microseconds on a post's first few hundred characters, and its tables are part of its compiled
library: a few megabytes, where py3langid's model took 74 MB in every server process, issue #23);
a thread's author or its moderators may correct a thread's language. pycld2 is imported with the
first text written: a process that only serves pages never loads it.
"""

# Each named in itself, as a reader of that language looks for it in a list.
CONTENT_LANGUAGE_NAMES = {"en": "English", "es": "Español", "pt": "Português", "fr": "Français"}
CONTENT_LANGUAGES = tuple(CONTENT_LANGUAGE_NAMES)

# Shorter texts say too little about their language: they take their context's (a reply its
# thread's) or none.
MIN_DETECT_LETTERS = 12
DETECT_SAMPLE = 400
# Close relatives that short texts in our languages are often taken for.
_RELATIVES = {"gl": "pt", "ast": "es", "an": "es", "ext": "es", "ca": "es", "oc": "fr", "wa": "fr",
              "lb": "fr", "co": "fr", "mwl": "pt", "lad": "es"}


def detect(text: str) -> str | None:
    """'en', 'es', 'pt' or 'fr'; None when the text is too short or in another language."""
    head = text[:200]
    if sum(map(str.isalpha, head)) < MIN_DETECT_LETTERS:
        return None
    import pycld2

    # The first few hundred characters tell the language.
    try:
        _reliable, _bytes, details = pycld2.detect(text[:DETECT_SAMPLE], isPlainText=True)
    except pycld2.error:  # bytes it cannot read as UTF-8 (a lone surrogate): no guess
        return None
    code = details[0][1]
    code = _RELATIVES.get(code, code)
    return code if code in CONTENT_LANGUAGES else None


def guess(text: str, *, default: str | None) -> str | None:
    """The detected language of `text`, else `default` (a reply's thread language, say)."""
    return detect(text) or default


def guess_from_html(html: str, *, default: str | None) -> str | None:
    """The language of rendered HTML (a post), from its first words; else `default`."""
    from forum.content import html_to_text

    # Enough of the post for the detector, without turning a 50,000-character post into text.
    return guess(html_to_text(html[:DETECT_SAMPLE * 8])[:DETECT_SAMPLE], default=default)
