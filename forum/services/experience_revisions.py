"""Revisions of an experience and a readable side-by-side diff of any two of them.

The diff is data (rows of old and new lines per field), not HTML: the template prints it and
Jinja escapes every line, so nothing a member typed can become markup.
"""

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum import diffs
from forum.errors import NotFound
from forum.extensions import db
from forum.models import Experience, ExperienceRevision
from forum.services import validation as v


@dataclass(frozen=True)
class FieldDiff:
    field: str
    rows: list[diffs.DiffRow]


def revisions(experience: Experience) -> list[ExperienceRevision]:
    return list(db.session.scalars(
        select(ExperienceRevision).options(joinedload(ExperienceRevision.editor))
        .where(ExperienceRevision.experience_id == experience.id).order_by(ExperienceRevision.number.desc())))


def revision(experience: Experience, number: object) -> ExperienceRevision:
    value = v.check_int(number, "revision", minimum=1, maximum=10**6) if number is not None else None
    found = db.session.scalar(
        select(ExperienceRevision).options(joinedload(ExperienceRevision.editor))
        .where(ExperienceRevision.experience_id == experience.id, ExperienceRevision.number == value))
    if found is None:
        raise NotFound()
    return found


def _lines(value: Any) -> list[str]:
    """A field's value as lines of text: lists one item a line, countries as "BR (offering)"."""
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, list):
        return [f"{item['code']} ({item['role']})" if isinstance(item, dict) and "code" in item
                else (json.dumps(item, ensure_ascii=False) if isinstance(item, dict) else str(item))
                for item in value]
    return str(value).splitlines() or [""]


def compare(old: dict[str, Any], new: dict[str, Any], context: int = 3) -> list[FieldDiff]:
    """The fields that differ between two snapshots, each with its side-by-side rows."""
    changed = []
    for name in dict.fromkeys([*old, *new]):
        before, after = _lines(old.get(name)), _lines(new.get(name))
        if before != after:
            changed.append(FieldDiff(name, diffs.rows(before, after, context)))
    return changed
