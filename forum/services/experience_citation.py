"""Citing an experience: the stable short URL, the version cited, the formatted citation, BibTeX,
RIS, CSL-JSON and the schema.org JSON-LD of the record page.

The version cited is the record's current revision: its number and its date (the day that
revision's content became public: the later of the revision and the first publication). A citation
names the short URL `/e/<id>`, which never changes when the title (and so the slug) does.

Authors are the credited people (editors, then contributors), each by the display name they chose.
A display name is not split into given and family names (which part is the family name cannot be
guessed from "María José Pérez García"): BibTeX gets each name in braces, RIS the name as written,
CSL-JSON a `literal` name, and reference managers keep it whole.
"""

import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from forum import links
from forum.experience_reference import LICENSE_URLS, LICENSES
from forum.extensions import db
from forum.i18n import english_country_name
from forum.models import Experience, ExperienceRevision, User

PUBLISHER = "Horizonte"
# biblatex's names of the record languages (`langid`).
BIBLATEX_LANGUAGES = {"en": "english", "es": "spanish", "pt": "portuguese", "fr": "french"}


def short_url(experience: Experience) -> str:
    return links.absolute("experience_opendata.short_link", experience_id=experience.id)


def credited_people(experience: Experience) -> list[User]:
    """Editors then contributors, each once: the authors a citation names."""
    people: dict[int, User] = {}  # by id: UserMixin's == compares login ids, which rows have not
    for user in [*experience.people_with_role("editor"), *experience.people_with_role("contributor")]:
        people.setdefault(user.id, user)
    return list(people.values())


@dataclass(frozen=True)
class Citation:
    key: str
    authors: list[str]
    title: str
    summary: str
    published: datetime  # first publication (or creation, for a record not yet published)
    revision: int
    revision_date: datetime
    url: str  # the short URL
    language: str
    license: str
    keywords: list[str]


def version_dates(experiences: list[Experience]) -> dict[int, datetime]:
    """Experience id -> the date of its current revision: one query for all of them."""
    if not experiences:
        return {}
    current = {e.id: e.revision_count for e in experiences}
    rows = db.session.execute(select(ExperienceRevision.experience_id, ExperienceRevision.number,
                                     ExperienceRevision.created_at)
                              .where(ExperienceRevision.experience_id.in_(list(current))))
    return {experience_id: created for experience_id, number, created in rows if current[experience_id] == number}


def _version_date(experience: Experience, revised: datetime | None) -> datetime:
    """When the current revision's content became public: the later of the revision and the first
    publication."""
    candidates = [d for d in (revised, experience.published_at) if d is not None]
    return max(candidates) if candidates else experience.updated_at


def citation(experience: Experience, *, revision_date: datetime | None = None) -> Citation:
    """What a citation says of the record (one query for the revision's date unless it is given)."""
    if revision_date is None:
        revision_date = version_dates([experience]).get(experience.id)
    names: list[str] = []
    for user in credited_people(experience):
        if user.display_name not in names:
            names.append(user.display_name)
    return Citation(
        key=f"horizonte-experience-{experience.id}", authors=names, title=experience.title,
        summary=experience.summary, published=experience.published_at or experience.created_at,
        revision=experience.revision_count, revision_date=_version_date(experience, revision_date),
        url=short_url(experience),
        language=experience.language, license=experience.license,
        keywords=[t.community.name for t in experience.themes])


def _day(value: datetime) -> str:
    return value.date().isoformat()


def text(c: Citation) -> str:
    """The formatted citation: authors (year). Title (revision N, date). Horizonte. URL"""
    authors = "; ".join(c.authors[:6]) + (" et al." if len(c.authors) > 6 else "")
    return (f"{authors} ({c.published.year}). {c.title} (revision {c.revision}, {_day(c.revision_date)}). "
            f"{PUBLISHER}. {c.url}")


# ---------- BibTeX ----------

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%",
                   "&": r"\&", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
# Combining marks -> the LaTeX accent command that draws them over a letter.
_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0303": "~", "\u0308": '"', "\u0304": "=",
            "\u0307": ".", "\u0327": "c", "\u030c": "v", "\u0306": "u", "\u030a": "r", "\u030b": "H",
            "\u0328": "k"}
_LETTERS = {"ß": r"{\ss}", "æ": r"{\ae}", "Æ": r"{\AE}", "ø": r"{\o}", "Ø": r"{\O}", "œ": r"{\oe}",
            "Œ": r"{\OE}", "ł": r"{\l}", "Ł": r"{\L}", "\u0131": r"{\i}"}


def _bibtex_char(char: str) -> str:
    if char in _BIBTEX_SPECIAL:
        return _BIBTEX_SPECIAL[char]
    if char in _LETTERS:
        return _LETTERS[char]
    if char.isascii():
        return char
    base, *marks = unicodedata.normalize("NFD", char)
    if marks and base.isascii() and base.isalpha() and all(mark in _ACCENTS for mark in marks):
        out = base
        for mark in marks:
            out = f"\\{_ACCENTS[mark]}{{{out}}}"
        return "{" + out + "}"
    return char  # no LaTeX spelling: the file is UTF-8


def bibtex_escape(value: str) -> str:
    """Plain text as a BibTeX field value: special characters escaped, accented Latin letters as
    LaTeX accents in braces (`{\\'{e}}`), which BibTeX, biblatex and Zotero all read back; other
    characters stay as they are, in UTF-8. Line breaks become spaces."""
    value = " ".join(unicodedata.normalize("NFC", value).split())
    return "".join(_bibtex_char(char) for char in value)


def bibtex(c: Citation) -> str:
    fields = [
        ("author", " and ".join("{" + bibtex_escape(name) + "}" for name in c.authors)),
        ("title", "{" + bibtex_escape(c.title) + "}"),  # double braces: keep the title's capitals
        ("date", _day(c.published)),
        ("year", str(c.published.year)),
        ("version", str(c.revision)),
        ("note", f"Revision {c.revision}, {_day(c.revision_date)}"),
        ("organization", PUBLISHER),
        ("publisher", PUBLISHER),
        ("url", c.url),
        ("langid", BIBLATEX_LANGUAGES.get(c.language, c.language)),
        ("abstract", bibtex_escape(c.summary)),
        ("keywords", bibtex_escape(", ".join(c.keywords))),
        ("rights", bibtex_escape(LICENSES.get(c.license, c.license))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@online{{{c.key},\n{body}\n}}\n"


# ---------- RIS ----------

def _ris_value(value: str) -> str:
    return " ".join(value.split())


def ris(c: Citation) -> str:
    lines = [("TY", "ELEC"), ("ID", c.key)]
    lines += [("AU", _ris_value(name)) for name in c.authors]
    lines += [
        ("TI", _ris_value(c.title)),
        ("PY", str(c.published.year)),
        ("DA", c.published.strftime("%Y/%m/%d/")),
        ("ET", f"Revision {c.revision}"),
        ("N1", f"Version cited: revision {c.revision}, {_day(c.revision_date)}"),
        ("PB", PUBLISHER),
        ("UR", c.url),
        ("LA", c.language),
        ("AB", _ris_value(c.summary)),
    ]
    lines += [("KW", _ris_value(keyword)) for keyword in c.keywords]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\r\n" for tag, value in lines if value or tag == "ER")


# ---------- CSL-JSON ----------

def _date_parts(value: datetime) -> dict[str, Any]:
    return {"date-parts": [[value.year, value.month, value.day]]}


def csl(c: Citation) -> list[dict[str, Any]]:
    """A CSL-JSON item list (the format Zotero, Mendeley and pandoc read)."""
    return [{
        "id": c.key, "type": "webpage", "title": c.title,
        "author": [{"literal": name} for name in c.authors],
        "issued": _date_parts(c.published),
        "version": str(c.revision),
        "note": f"Version cited: revision {c.revision}, {_day(c.revision_date)}",
        "publisher": PUBLISHER, "container-title": PUBLISHER,
        "URL": c.url, "abstract": c.summary, "language": c.language,
        "keyword": ", ".join(c.keywords),
    }]


# ---------- schema.org ----------

def json_ld(experience: Experience, c: Citation) -> dict[str, Any]:
    """The record as a schema.org Article (templates embed it with `tojson`, which escapes `<`, `>`,
    `&` and `'`: a title with `</script>` cannot end the element)."""
    permalink = links.absolute("experiences.show", experience_id=experience.id)  # as experience_export's
    thread = experience.thread if experience.thread and not experience.thread.is_deleted else None
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": permalink,
        "url": permalink,
        "identifier": c.url,
        "name": experience.title,
        "headline": experience.title[:110],
        "description": experience.summary,
        "author": [{"@type": "Person", "name": user.display_name,
                    "url": links.absolute("people.profile", username=user.username)}
                   for user in credited_people(experience)],
        "publisher": {"@type": "Organization", "name": PUBLISHER, "url": links.site_url() + "/"},
        "datePublished": experience.published_at.isoformat() if experience.published_at else None,
        "dateModified": c.revision_date.isoformat(),
        "version": str(c.revision),
        "inLanguage": experience.language,
        "license": LICENSE_URLS.get(experience.license),
        "spatialCoverage": [{"@type": "Country", "name": english_country_name(item["code"]),
                             "identifier": item["code"]} for item in experience.countries],
        "about": [{"@type": "Thing", "name": t.community.name,
                   "url": links.absolute("experiences.library", theme=t.community.slug)} for t in experience.themes],
    }
    if thread is not None:
        document["isBasedOn"] = links.absolute("threads.show", thread_id=thread.id, slug=thread.slug)
    return {key: value for key, value in document.items() if value not in (None, [])}


def csl_text(c: Citation) -> str:
    return json.dumps(csl(c), ensure_ascii=False, indent=2) + "\n"
