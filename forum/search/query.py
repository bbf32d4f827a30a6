"""What a user typed, understood: words, "phrases", -excluded words, and the word being typed.

Nothing of the user's syntax reaches the database. The query is cleaned (control and invisible
characters removed), split into clauses made only of words (runs of letters and digits), and the
backends build their own FTS5 MATCH expression or tsquery from those words, quoting every token.
Any other character (`*`, `(`, `:`, `&`, `|`, `!`, `NEAR`, quotes left open...) is either a
separator or plain text.

Grammar, forgiving on purpose:
    word          a word, matched in any of its forms (stems in en/es/pt/fr, unaccented)
    "two words"   a phrase: the words next to each other, in this order (an unclosed quote
                  runs to the end)
    cold-chain    words joined by punctuation are a phrase too
    -word, -"a b" excluded
    the last word, when the query does not end with a space, also matches as a prefix (typing)
Stop words ("de", "the", "em"...) are left out of the AND of words, unless nothing else is left.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from forum.errors import ValidationError
from forum.search import text as t

MAX_QUERY_LENGTH = 200
# The prefix of the word being typed: at least this long (shorter prefixes match too much).
MIN_PREFIX = 3
# The word being typed may still be longer than its stem: also match its shorter beginnings
# (down to 5 letters, at most 5 letters shorter) as whole indexed stems.
_TRUNCATE_MAX = 5
_TRUNCATE_MIN = 5


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]  # lower-case, as typed (accents kept)
    phrase: bool = False
    negated: bool = False
    prefix: bool = False

    @property
    def is_stop_word(self) -> bool:
        return not self.phrase and not self.prefix and t.is_stop_word(self.words[0])

    def prefixes(self) -> list[str]:
        """The beginnings this clause also matches as a prefix (the word being typed)."""
        if not self.prefix:
            return []
        return [t.fold(self.words[0])]

    def truncations(self) -> list[str]:
        if not self.prefix:
            return []
        plain = t.fold(self.words[0])
        return [plain[:n] for n in range(max(_TRUNCATE_MIN, len(plain) - _TRUNCATE_MAX), len(plain))]


@dataclass
class ParsedQuery:
    text: str
    positive: list[Clause] = field(default_factory=list)
    negative: list[Clause] = field(default_factory=list)

    @property
    def title_key(self) -> str:
        """The query as an exact title would read (forum.search.text.title_key)."""
        return t.title_key(" ".join(" ".join(c.words) for c in self.positive))

    @property
    def words(self) -> list[str]:
        """Every word of the query (for backends that look words up)."""
        seen: dict[str, None] = {}
        for clause in (*self.positive, *self.negative):
            for word in clause.words:
                seen.setdefault(word, None)
        return list(seen)


def query_error(code: str) -> ValidationError:
    if code == "too_long":
        message = _("The search is too long: use at most %(max)d characters.", max=MAX_QUERY_LENGTH)
    elif code == "only_excluded":
        message = _("Add a word to search for: excluded words alone find nothing.")
        code = "empty_query"
    else:
        message = _("Type a word to search for.")
    return ValidationError("q", message, code=code)


def clean_query(raw: object) -> str:
    """The query without control characters and surrounding spaces; raises when too long."""
    value = raw if isinstance(raw, str) else ""
    if len(value) > MAX_QUERY_LENGTH * 4:  # not worth cleaning
        raise query_error("too_long")
    value = t.clean(value).strip()
    if len(value) > MAX_QUERY_LENGTH:
        raise query_error("too_long")
    return value


def parse_query(raw: object) -> ParsedQuery:
    """Clauses of the query; ValidationError (field "q") when empty, too long or only excluded."""
    value = clean_query(raw)
    if not value:
        raise query_error("empty_query")
    # A space after the last word means it is finished: no prefix matching then.
    finished = isinstance(raw, str) and raw[-1:].isspace()
    clauses: list[Clause] = []
    i, n = 0, len(value)
    while i < n:
        char = value[i]
        if char.isspace():
            i += 1
            continue
        negated = False
        if char == "-" and i + 1 < n and not value[i + 1].isspace():
            negated = True
            i += 1
            char = value[i]
        if char == '"':
            end = value.find('"', i + 1)
            end = n if end < 0 else end
            found = [w.lower() for w in t.words(value[i + 1:end])]
            i = end + 1
            if found:
                clauses.append(Clause(tuple(found), phrase=True, negated=negated))
            continue
        end = i
        while end < n and not value[end].isspace() and value[end] != '"':
            end += 1
        found = [w.lower() for w in t.words(value[i:end])]
        i = end
        if len(found) == 1:
            clauses.append(Clause((found[0],), negated=negated))
        elif found:
            clauses.append(Clause(tuple(found), phrase=True, negated=negated))
    if not clauses:
        raise query_error("empty_query")
    last = clauses[-1]
    typing = not finished and value[-1].isalnum()
    if typing and not last.phrase and not last.negated and len(t.fold(last.words[0])) >= MIN_PREFIX:
        clauses[-1] = Clause(last.words, prefix=True)
    positive = [c for c in clauses if not c.negated]
    if not positive:
        raise query_error("only_excluded")
    meaningful = [c for c in positive if not c.is_stop_word]
    # Duplicates add nothing.
    return ParsedQuery(value, list(dict.fromkeys(meaningful or positive)),
                       list(dict.fromkeys(c for c in clauses if c.negated)))
