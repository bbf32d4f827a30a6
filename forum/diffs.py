"""The one diff of the site: two sequences compared with difflib, as data (never HTML).

`rows` aligns two lists of lines side by side (an experience's fields); `words` runs the same
comparison over the words of two texts and merges each change into one deleted and one inserted
run (a post's versions). Templates print the pieces and Jinja escapes them, so nothing a member
typed can become markup.
"""

import difflib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "equal", "replace", "delete", "insert", "gap"
    old_number: int | None
    old: str
    new_number: int | None
    new: str


@dataclass(frozen=True)
class Segment:
    kind: str  # "equal", "delete", "insert"
    text: str


def rows(old: list[str], new: list[str], context: int) -> list[DiffRow]:
    """Side-by-side rows of the changes with `context` equal items around each, gaps between."""
    out: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if out:
            out.append(DiffRow("gap", None, "", None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [DiffRow("equal", i1 + k + 1, old[i1 + k], j1 + k + 1, new[j1 + k]) for k in range(i2 - i1)]
                continue
            for k in range(max(i2 - i1, j2 - j1)):
                has_old, has_new = i1 + k < i2, j1 + k < j2
                kind = "replace" if has_old and has_new else ("delete" if has_old else "insert")
                out.append(DiffRow(kind, i1 + k + 1 if has_old else None, old[i1 + k] if has_old else "",
                                   j1 + k + 1 if has_new else None, new[j1 + k] if has_new else ""))
    return out


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]+")


def words(old: str, new: str) -> list[Segment]:
    """The new text as runs of kept, deleted and inserted words (whitespace and punctuation are
    tokens of their own, so a changed comma does not mark its word)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if a == b:  # `rows` shows changes only: an unchanged text is one kept run
        return [Segment("equal", new)] if new else []
    segments: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        for kind, pieces in (("delete", deleted), ("insert", inserted)):
            if "".join(pieces):
                segments.append(Segment(kind, "".join(pieces)))
        deleted.clear()
        inserted.clear()

    for row in rows(a, b, context=len(a) + len(b) + 1):
        if row.kind == "equal":
            flush()
            if segments and segments[-1].kind == "equal":
                segments[-1] = Segment("equal", segments[-1].text + row.new)
            else:
                segments.append(Segment("equal", row.new))
            continue
        deleted.append(row.old)
        inserted.append(row.new)
    flush()
    return segments
