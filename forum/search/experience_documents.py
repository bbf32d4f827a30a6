"""Documented experiences as search documents (issue #5 in the search of #7).

Only published experiences are searchable: a draft, one in review or an archived one has no row,
and the status change that publishes (or unpublishes) one writes (or deletes) its row in the same
transaction (the watch below). Title, summary and body are weighted in that order; the body is
every Markdown section as plain text, then the partner organizations. The document's date is the
publication date (the date filter and "newest" speak of when it appeared in the library); its
community is the first theme.

Each published translation of a published record is a document of its own ("exptranslation"), in
its language (so its words are stemmed as that language's), found with the experiences
(`version_of`) and shown as its record, read in that language. Publishing or unpublishing the
translation, or the record, writes or deletes its row in the same transaction.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import object_session

from forum.content import html_to_text
from forum.experience_reference import SECTIONS
from forum.models import Experience, ExperienceTheme, ExperienceTranslation
from forum.search.documents import _build, document
from forum.search.registry import DocType, register_doc_type, watch

TRANSLATION = "exptranslation"  # letters only: the type is also a filter token
TRANSLATION_FIELDS = ("title", "summary", "sections_html", "language", "status", "published_at")
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


def _first_theme(experience_id):
    return (select(ExperienceTheme.community_id).where(ExperienceTheme.experience_id == experience_id)
            .order_by(ExperienceTheme.position, ExperienceTheme.community_id).limit(1).scalar_subquery())


def _translation(row) -> dict[str, Any]:
    sections = row.sections_html or {}
    parts = [html_to_text(sections[name]) for name in SECTIONS if sections.get(name)]
    # Names of organizations are not translated: they are found in the original's document.
    return document(TRANSLATION, row.id, row.published_at, title=row.title, summary=row.summary or "",
                    body="\n".join(parts), language=row.language, community_id=row.community_id, titled=True)


def build_translations(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    """Published translations of published records."""
    query = (select(ExperienceTranslation.id, ExperienceTranslation.title, ExperienceTranslation.summary,
                    ExperienceTranslation.sections_html, ExperienceTranslation.language,
                    ExperienceTranslation.published_at,
                    _first_theme(ExperienceTranslation.experience_id).label("community_id"))
             .join(Experience, Experience.id == ExperienceTranslation.experience_id)
             .where(ExperienceTranslation.status == "published", ExperienceTranslation.published_at.is_not(None),
                    Experience.status == "published"))
    return _build(conn, query, ids, ExperienceTranslation.id, _translation)


def _experience_targets(experience: Experience) -> list[tuple[str, int | None]]:
    return [("experience", experience.id)]


def _translations_of(obj: Any, experience_id: int | None) -> list[tuple[str, int | None]]:
    """The translations of a record whose status or first theme changed. Read with a plain
    statement on the flush's connection (no ORM load inside the flush)."""
    session = object_session(obj)
    if session is None or experience_id is None:
        return []
    ids = session.connection().scalars(
        select(ExperienceTranslation.id).where(ExperienceTranslation.experience_id == experience_id))
    return [(TRANSLATION, translation_id) for translation_id in ids]


def _record_translation_targets(experience: Experience) -> list[tuple[str, int | None]]:
    return _translations_of(experience, experience.id)


def _theme_targets(theme: ExperienceTheme) -> list[tuple[str, int | None]]:
    return [("experience", theme.experience_id), *_translations_of(theme, theme.experience_id)]


def _translation_targets(translation: ExperienceTranslation) -> list[tuple[str, int | None]]:
    return [(TRANSLATION, translation.id)]


def register_experience_documents() -> None:
    register_doc_type(DocType("experience", "experiences", Experience, build_experiences))
    register_doc_type(DocType(TRANSLATION, "exptranslations", ExperienceTranslation, build_translations,
                              version_of="experience", parent=ExperienceTranslation.experience_id))
    watch(Experience, EXPERIENCE_FIELDS, _experience_targets)
    watch(Experience, ("status",), _record_translation_targets)
    # The first theme is the document's community.
    watch(ExperienceTheme, ("community_id", "position"), _theme_targets)
    watch(ExperienceTranslation, TRANSLATION_FIELDS, _translation_targets)
