"""The one accent and case folding of the site: 'Vacunación' -> 'vacunacion'.

Used wherever text is compared or ordered without regard to case and accents: the search index
and its queries (which must fold as PostgreSQL's `lower(unaccent(text))` does, hence `lower` and
not `casefold`: PostgreSQL keeps 'ß'), and alphabetical order in lists ("Éire" next to "Eire").
"""

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, compatibility-decomposed (NFKD), combining marks removed."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
