"""Documented experiences as search documents (issue #5 in the search of #7).

Only published experiences are searchable: a draft, one in review or an archived one has no row,
and the status change that publishes (or unpublishes) one writes (or deletes) its row in the same
transaction (the watch below). Title, summary and body are weighted in that order; the body is
every Markdown section as plain text, then the partner organizations. The document's date is the
publication date (the date filter and "newest" speak of when it appeared in the library); its
community is the first theme.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from forum.content import html_to_text
from forum.experience_reference import SECTIONS
from forum.models import Experience, ExperienceTheme
from forum.search.documents import _build, document
from forum.search.registry import DocType, register_doc_type, watch

EXPERIENCE_FIELDS = ("title", "summary", "sections_html", "partner_organizations", "language", "status",
                     "published_at")


def _experience(row) -> dict[str, Any]:
    sections = row.sections_html or {}
    parts = [html_to_text(sections[name]) for name in SECTIONS if sections.get(name)]
    parts += [name for name in row.partner_organizations or [] if name]
    return document("experience", row.id, row.published_at, title=row.title, summary=row.summary or "",
                    body="\n".join(parts), language=row.language, community_id=row.community_id, titled=True)


def build_experiences(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    first_theme = (select(ExperienceTheme.community_id).where(ExperienceTheme.experience_id == Experience.id)
                   .order_by(ExperienceTheme.position, ExperienceTheme.community_id).limit(1)
                   .correlate(Experience).scalar_subquery())
    query = (select(Experience.id, Experience.title, Experience.summary, Experience.sections_html,
                    Experience.partner_organizations, Experience.language, Experience.published_at,
                    first_theme.label("community_id"))
             .where(Experience.status == "published", Experience.published_at.is_not(None)))
    return _build(conn, query, ids, Experience.id, _experience)


def _experience_targets(experience: Experience) -> list[tuple[str, int | None]]:
    return [("experience", experience.id)]


def _theme_targets(theme: ExperienceTheme) -> list[tuple[str, int | None]]:
    return [("experience", theme.experience_id)]


def register_experience_documents() -> None:
    register_doc_type(DocType("experience", "experiences", Experience, build_experiences))
    watch(Experience, EXPERIENCE_FIELDS, _experience_targets)
    # The first theme is the document's community.
    watch(ExperienceTheme, ("community_id", "position"), _theme_targets)
