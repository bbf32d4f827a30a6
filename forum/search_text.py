"""Case- and accent-insensitive matching, the same on SQLite and PostgreSQL.

Neither backend folds accents the same way (PostgreSQL needs the unaccent extension, SQLite has
nothing), so the text is folded in Python when it is written and the query is folded the same way:
"José Pérez" and "jose perez" both become "jose perez".
"""

import unicodedata


def fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())
