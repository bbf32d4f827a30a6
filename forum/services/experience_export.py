"""An experience as a document: JSON (schema `static/schemas/experience-1.0.json`), Markdown,
and the "how to cite" text. The API, the JSON download and the page all use these.

Schema versions: the minor number grows when fields are added (old readers keep working), the
major number when a field changes meaning or goes away.

Languages: every export takes `lang` and gives the record's text (title, summary, sections) in
that language when a translation the viewer may read exists (experience_translations.localized),
else the original's; the document's `language` says which it is.
"""

from datetime import date
from typing import Any

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _

from forum import links
from forum.experience_reference import (
    COUNTRY_ROLES,
    LICENSE_URLS,
    LICENSES,
    MODALITIES,
    SDG_TARGETS,
    SECTIONS,
)
from forum.i18n import english_country_name
from forum.models import Experience, User
from forum.serializers import iso
from forum.services import experience_citation as cite
from forum.services.experience_translations import Localized, localized

SCHEMA_VERSION = "1.0"
SCHEMA_PATH = "schemas/experience-1.0.json"


def permalink(experience: Experience) -> str:
    """The record's address on SERVER_BASE_URL (forum.links): an export or a citation names the site,
    not whichever Host header the request that made it carried."""
    return links.absolute("experiences.show", experience_id=experience.id)


def language_url(experience: Experience, lang: str) -> str:
    """The record read in one language (`?lang=`: the original's language is always the original)."""
    return links.absolute("experiences.show", experience_id=experience.id, lang=lang)


def profile_url(user: User) -> str:
    return links.absolute("people.profile", username=user.username)


def _person(user: User) -> dict[str, Any]:
    return {"username": user.username, "display_name": user.display_name, "country": user.country,
            "organization": user.organization, "profile_url": profile_url(user)}


def period_text(experience: Experience) -> str:
    def month(year: int | None, number: int | None) -> str:
        if year is None:
            return ""
        # "April 2013", "abril de 2013", "avril 2013": the month's name in the reader's language.
        return format_skeleton("yMMMM", date(year, number, 1), locale=get_locale()) if number else str(year)

    start = month(experience.start_year, experience.start_month)
    if not start:
        return ""
    if experience.is_ongoing:
        return _("%(start)s to now (ongoing)", start=start)
    end = month(experience.end_year, experience.end_month)
    return _("%(start)s to %(end)s", start=start, end=end) if end and end != start else start


def credited_names(experience: Experience) -> list[str]:
    """Editors then contributors, each once: the authors a citation names."""
    names: list[str] = []
    for user in [*experience.people_with_role("editor"), *experience.people_with_role("contributor")]:
        if user.display_name not in names:
            names.append(user.display_name)
    return names


def how_to_cite(experience: Experience) -> str:
    """The formatted citation, with the version cited and the short URL (experience_citation)."""
    return cite.text(cite.citation(experience))


def to_json(experience: Experience, viewer: Any, lang: str | None = None) -> dict[str, Any]:
    """The export document, valid against the versioned schema, as `viewer` may read it (the quotes
    of posts hidden or deleted since are left out for those who may not read them), with its text
    in `lang` where a translation exists."""
    from forum.services.experiences import readable_evidence
    from forum.services.uploads import experience_files

    text = localized(experience, lang, viewer)
    thread = experience.thread if experience.thread and not experience.thread.is_deleted else None
    return {
        "$schema": links.absolute("static", filename=SCHEMA_PATH),
        "schema_version": SCHEMA_VERSION,
        "id": experience.id,
        "url": permalink(experience),
        "status": experience.status,
        "title": text.title,
        "summary": text.summary,
        "countries": [{"code": c["code"], "name": english_country_name(c["code"]), "role": c["role"]}
                      for c in experience.countries],
        "partner_organizations": list(experience.partner_organizations),
        "modality": experience.modality,
        "themes": [{"slug": t.community.slug, "name": t.community.name} for t in experience.themes],
        "sdg_targets": [{"code": code, "label": str(SDG_TARGETS[code])} for code in experience.sdg_targets],
        "period": {
            "start": {"year": experience.start_year, "month": experience.start_month},
            "end": {"year": experience.end_year, "month": experience.end_month},
            "ongoing": experience.is_ongoing,
        },
        "sections": {name: text.sections.get(name, "") for name in SECTIONS},
        "language": text.language,
        "license": {"id": experience.license, "name": LICENSES[experience.license],
                    "url": LICENSE_URLS[experience.license]},
        "source_thread": None if thread is None else {
            "id": thread.id, "title": thread.title,
            "url": links.absolute("threads.show", thread_id=thread.id, slug=thread.slug)},
        "evidence": [{
            "post_id": e.post_id,
            "url": links.absolute("main.post_permalink", post_id=e.post_id) if e.post_id else None,
            "author": _person(e.author), "posted_at": iso(e.posted_at), "text": e.source,
        } for e in readable_evidence(viewer, experience)],
        "files": [{"name": f.filename, "url": links.absolute("uploads.show", upload_id=f.id, name=f.filename),
                   "content_type": f.content_type, "size": f.size}
                  for f in experience_files(viewer, experience)],
        "contributors": [_person(u) for u in experience.people_with_role("contributor")],
        "editors": [_person(u) for u in experience.people_with_role("editor")],
        "contacts": [_person(u) for u in experience.people_with_role("contact")],
        "how_to_cite": how_to_cite(experience),
        "revision": experience.revision_count,
        "created_at": iso(experience.created_at),
        "updated_at": iso(experience.updated_at),
        "published_at": iso(experience.published_at),
    }


def translation_note(text: Localized) -> str:
    """"Translated from English by Ana, Pedro" (in the reader's language), or "" for the original."""
    from forum.i18n import language_name

    if text.translation is None:
        return ""
    return _("Translated from %(language)s by %(names)s",
             language=language_name(text.source_language, in_sentence=True),
             names=", ".join(u.display_name for u in text.translators))


def to_markdown(experience: Experience, viewer: Any, lang: str | None = None) -> str:
    """A readable Markdown document with the same content (sections are Markdown already), in `lang`
    where a translation exists."""
    doc = to_json(experience, viewer, lang)
    text = localized(experience, lang, viewer)
    lines = [f"# {text.title}", "", text.summary, ""]
    if text.translation is not None:
        lines += [f"*{translation_note(text)}*", ""]
    facts = [
        (_("Countries"), ", ".join(f"{c['name']} ({COUNTRY_ROLES[c['role']]})" for c in doc["countries"])),
        (_("Modality"), str(MODALITIES[experience.modality]) if experience.modality else ""),
        (_("Themes"), ", ".join(t["name"] for t in doc["themes"])),
        (_("SDG 3 targets"), "; ".join(f"{t['code']} {t['label']}" for t in doc["sdg_targets"])),
        (_("Period"), period_text(experience)),
        (_("Partner organizations"), ", ".join(experience.partner_organizations)),
        (_("Language"), text.language),
        (_("License"), f"[{doc['license']['name']}]({doc['license']['url']})"),
    ]
    lines += [f"- **{label}:** {value}" for label, value in facts if value]
    if doc["source_thread"]:
        lines.append(f"- **{_('Discussed in')}:** [{doc['source_thread']['title']}]({doc['source_thread']['url']})")
    lines.append("")
    for name, label in SECTIONS.items():
        section = text.sections.get(name, "")
        if section:
            lines += [f"## {label}", "", section, ""]
    if doc["files"]:
        lines += [f"## {_('Files')}", ""]
        lines += [f"- [{item['name']}]({item['url']})" for item in doc["files"]]
        lines.append("")
    if doc["evidence"]:
        lines += [f"## {_('Evidence from the discussion')}", ""]
        for item in doc["evidence"]:
            quoted = "\n".join(f"> {line}" if line else ">" for line in item["text"].splitlines())
            lines += [quoted, ">", f"> — [{item['author']['display_name']}]({item['url'] or doc['url']})", ""]
    for key, label in (("contributors", _("Contributors")), ("editors", _("Editors")), ("contacts", _("Contacts"))):
        if doc[key]:
            lines += [f"## {label}", ""]
            lines += [f"- [{p['display_name']}]({p['profile_url']})" for p in doc[key]]
            lines.append("")
    lines += [f"## {_('How to cite')}", "", doc["how_to_cite"], ""]
    return "\n".join(lines)
