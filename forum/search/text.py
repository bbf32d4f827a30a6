"""Text analysis shared by indexing, queries and highlighting: words, accents, stems, languages.

One rule everywhere: a word is a run of letters and digits (`_` and punctuation separate words),
compared lower-cased and without accents. Stemming happens in the document's language, after
removing accents, which is what PostgreSQL does with `to_tsvector(config, unaccent(text))`; the
SQLite index stores the same stems, made here with PyStemmer (Snowball, the algorithms
PostgreSQL uses). Queries do not know their language, so each query word is expanded into its
stems in the four languages (see forum.search.query).
"""

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer

from forum import content_language
from forum.folding import fold
from forum.search.stopwords import STOP_WORDS

# The languages we stem; every other text is indexed "simple" (lower-cased, unaccented, unstemmed).
LANGUAGES = content_language.CONTENT_LANGUAGES
SIMPLE = "simple"
ALL_LANGUAGES = (*LANGUAGES, SIMPLE)
PG_CONFIGS = {"en": "english", "es": "spanish", "pt": "portuguese", "fr": "french", SIMPLE: "simple"}

_WORD = re.compile(r"[^\W_]+")
# Control and format characters, lone surrogates, private use: never part of a word or a query.
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}

_stemmers: dict[str, Stemmer.Stemmer] = {}
_stemmer_lock = threading.Lock()


def clean(text: str) -> str:
    """NFC, control and invisible characters replaced by spaces."""
    text = unicodedata.normalize("NFC", text)
    if text.isprintable():
        return text
    return "".join(" " if unicodedata.category(c) in _DROP_CATEGORIES else c for c in text)


def words(text: str) -> list[str]:
    """The words of a text as written (case and accents kept)."""
    return _WORD.findall(text)


def word_spans(text: str) -> list[re.Match]:
    return list(_WORD.finditer(text))


def _stemmer(language: str) -> Stemmer.Stemmer:
    # PyStemmer objects are not thread-safe: one per thread and language.
    key = f"{language}:{threading.get_ident()}"
    stemmer = _stemmers.get(key)
    if stemmer is None:
        with _stemmer_lock:
            stemmer = _stemmers.setdefault(key, Stemmer.Stemmer(PG_CONFIGS[language]))
    return stemmer


def stem(word: str, language: str) -> str:
    """The stem of an unaccented lower-case word in a language ('simple': the word itself)."""
    if language == SIMPLE:
        return word
    return _stemmer(language).stemWord(word)


@lru_cache(maxsize=65536)
def cached_stem(word: str, language: str) -> str:
    """stem(), remembered: highlighting stems the same words for every result."""
    return stem(word, language)


def analyze(text: str, language: str) -> str:
    """The indexed form of a text: its stems in `language`, space-separated, in order.

    Stop words stay (FTS5 phrases need every position); queries leave them out of AND clauses.
    """
    tokens = [fold(w) for w in _WORD.findall(text)]
    if language == SIMPLE or not tokens:
        return " ".join(tokens)
    return " ".join(_stemmer(language).stemWords(tokens))


def word_forms(word: str, languages: tuple[str, ...] = ALL_LANGUAGES) -> set[str]:
    """Every indexed form a query word can take in documents of these languages: its stem in
    each, accents removed before stemming (as indexed) and after (so 'vacinação' also finds
    'vacinas'), and the unaccented word itself for "simple" documents."""
    lower = word.lower()
    plain = fold(lower)
    forms = {plain} if SIMPLE in languages else set()
    for language in languages:
        if language == SIMPLE:
            continue
        forms.add(stem(plain, language))
        if lower != plain:
            forms.add(fold(stem(lower, language)))
    forms.discard("")
    return forms


def filter_languages(language: str | None) -> tuple[str, ...]:
    """The stemmings a query word must be expanded into when results are limited to documents
    in `language` (a document holds only its own language's stems): all of them without one."""
    return ALL_LANGUAGES if language is None else (language,)


_STOP_ANY = frozenset().union(*STOP_WORDS.values())
_STOP_ANY_PLAIN = frozenset(fold(w) for w in _STOP_ANY)


def is_stop_word(word: str) -> bool:
    """A stop word in any of the four languages ("de", "the", "em", "les"...)."""
    lower = word.lower()
    return lower in _STOP_ANY or fold(lower) in _STOP_ANY_PLAIN


def title_key(text: str) -> str:
    """The form compared for an exact title match: words unaccented, stop words left out."""
    kept = [fold(w) for w in _WORD.findall(text) if not is_stop_word(w)]
    return " ".join(kept)[:200]


# ---------- language detection ----------

def detect_language(text: str) -> str:
    """'en', 'es', 'pt', 'fr' or 'simple' (too short, or another language)."""
    return content_language.detect(text) or SIMPLE
