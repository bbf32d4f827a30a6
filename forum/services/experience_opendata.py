"""The library as open data: every published record matching the library's filters, as CSV and as
JSON Lines, both described by a Frictionless Data Package (v2).

The filters are the library's (`experience_library.parse_query` and `matching_ids`): one place
decides what `?country=PE&theme=immunization` means, for the page, the API and these files. The
files hold every matching record, not one page: the ids are read in the library's order with one
query, then the records in batches of BATCH_SIZE (two queries each: the rows and their themes), so
a response streams in constant memory whatever the size of the library.

CSV: UTF-8 without a byte-order mark, a header row, RFC 4180 quoting, lists as `;`-separated
values (a `;` inside an organization's name is written as `,`: the JSON Lines file keeps the exact
names). Values are written as they are: a cell starting with `=` or `-` (a Markdown list) is data,
not a formula, so open the file with a spreadsheet's import dialog rather than by double-clicking.
"""

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum import links
from forum.experience_reference import LICENSE_URLS, SECTIONS
from forum.extensions import db
from forum.models import Experience, ExperienceTheme, utcnow
from forum.services import experience_library as library
from forum.services.experience_citation import short_url
from forum.services.experience_export import permalink

BATCH_SIZE = 200


def batched(items: list[int], size: int) -> Iterator[tuple[int, ...]]:
    """itertools.batched (Python 3.12) for 3.11."""
    for start in range(0, len(items), size):
        yield tuple(items[start:start + size])
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
CSV_MEDIATYPE = "text/csv"
JSONL_MEDIATYPE = "application/jsonl"


def _iso(value: datetime | None) -> str | None:
    """A UTC time to the second ("2027-05-03T10:00:00Z"): Table Schema's default datetime format."""
    return value.replace(microsecond=0).isoformat().replace("+00:00", "Z") if value else None


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type of the value in the JSON Lines file
    description: str
    value: Callable[[Experience], Any]
    # Lists are JSON arrays in JSON Lines and `;`-separated text in the CSV.
    is_list: bool = False
    format: str | None = None


def _section_title(label: Any) -> str:
    """The English label of a section, whatever the request's language (lazy strings keep it)."""
    return str(getattr(label, "_args", [label])[0])


def _countries(e: Experience) -> list[str]:
    return [f"{c['code']}:{c['role']}" for c in e.countries]


COLUMNS: tuple[Column, ...] = (
    Column("id", "integer", "The record's number on the site.", lambda e: e.id),
    Column("url", "string", "The record's page.", permalink, format="uri"),
    Column("short_url", "string", "The stable short address to cite (/e/<id>): it redirects to the record.",
           short_url, format="uri"),
    Column("title", "string", "Title.", lambda e: e.title),
    Column("summary", "string", "Summary (plain text, at most 600 characters).", lambda e: e.summary),
    Column("published_at", "datetime", "When the record was first published (UTC).", lambda e: _iso(e.published_at)),
    Column("updated_at", "datetime", "Its last change of content or status (UTC).", lambda e: _iso(e.updated_at)),
    Column("revision", "integer", "The number of the record's current revision (the version to cite).",
           lambda e: e.revision_count),
    Column("countries", "array", "The countries involved and their roles, as CODE:role: an ISO 3166-1 alpha-2 "
           "code and offering, receiving or partner (BR:offering;PE:receiving).", _countries, is_list=True),
    Column("themes", "array", "The themes: slugs of the site's communities (immunization;maternal-health).",
           lambda e: [t.community.slug for t in e.themes], is_list=True),
    Column("modality", "string", "The cooperation modality: south_south, triangular, bilateral, regional, "
           "multi_country or north_south.", lambda e: e.modality),
    Column("sdg_targets", "array", "The SDG 3 targets it contributes to (3.1 ... 3.d).",
           lambda e: list(e.sdg_targets), is_list=True),
    Column("start_year", "integer", "The year the experience started.", lambda e: e.start_year),
    Column("start_month", "integer", "The month it started (1-12), when known.", lambda e: e.start_month),
    Column("end_year", "integer", "The year it ended (empty when ongoing).", lambda e: e.end_year),
    Column("end_month", "integer", "The month it ended (1-12), when known.", lambda e: e.end_month),
    Column("ongoing", "boolean", "Whether it is still going on.", lambda e: bool(e.is_ongoing)),
    Column("partner_organizations", "array", "The partner organizations, by name.",
           lambda e: list(e.partner_organizations), is_list=True),
    Column("language", "string", "The language the record is written in (en, es, pt or fr).", lambda e: e.language),
    Column("license", "string", "The record's license (SPDX identifier: CC-BY-4.0, CC-BY-SA-4.0 or CC0-1.0).",
           lambda e: e.license),
    Column("license_url", "string", "The license's text.", lambda e: LICENSE_URLS.get(e.license), format="uri"),
    *(Column(name, "string", f"The section “{_section_title(label)}” (Markdown).",
             lambda e, name=name: e.sections.get(name, ""))
      for name, label in SECTIONS.items()),
)


def records(query: library.LibraryQuery) -> Iterator[Experience]:
    """Every published record the library would list for `query`, in its order, in batches."""
    ids = list(db.session.scalars(
        select(Experience.id).where(Experience.id.in_(library.matching_ids(query)))
        .order_by(*library.order_clauses(query.sort))))
    for chunk in batched(ids, BATCH_SIZE):
        found = {e.id: e for e in db.session.scalars(
            select(Experience).options(selectinload(Experience.themes).joinedload(ExperienceTheme.community))
            .where(Experience.id.in_(chunk)))}
        for experience_id in chunk:
            if experience_id in found:
                yield found[experience_id]
        for experience in found.values():  # keep the session's identity map to one batch
            db.session.expunge(experience)


def row(experience: Experience) -> dict[str, Any]:
    """One record as the JSON Lines file writes it (lists as arrays)."""
    return {column.name: column.value(experience) for column in COLUMNS}


def _csv_cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.is_list:
        return ";".join(str(item).replace(";", ",") for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_lines(query: library.LibraryQuery) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([column.name for column in COLUMNS])
    yield take()
    for experience in records(query):
        writer.writerow([_csv_cell(column, column.value(experience)) for column in COLUMNS])
        yield take()


def jsonl_lines(query: library.LibraryQuery) -> Iterator[str]:
    for experience in records(query):
        yield json.dumps(row(experience), ensure_ascii=False) + "\n"


def _fields(*, for_csv: bool) -> list[dict[str, Any]]:
    fields = []
    for column in COLUMNS:
        field: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
        if column.is_list and for_csv:
            field["type"] = "string"
            field["description"] += " Separated by “;”."
        if column.format:
            field["format"] = column.format
        fields.append(field)
    return fields


def datapackage() -> dict[str, Any]:
    """The Frictionless Data Package (v2) describing both files."""

    def resource(name: str, endpoint: str, fmt: str, mediatype: str, for_csv: bool) -> dict[str, Any]:
        return {
            "name": name, "type": "table", "path": links.absolute(endpoint), "format": fmt,
            "mediatype": mediatype, "encoding": "utf-8",
            "title": "Published documented experiences" + (" (CSV)" if for_csv else " (JSON Lines)"),
            "description": "Every published record; the library's filters (country, theme, modality, sdg, year, "
                           "lang, q) work as query parameters of the file's address.",
            "schema": {"fields": _fields(for_csv=for_csv), "primaryKey": ["id"], "missingValues": [""]},
        }

    return {
        "$schema": PACKAGE_PROFILE,
        "name": "horizonte-experiences",
        "title": "Horizonte: documented experiences of health cooperation in the Americas",
        "description": "Experiences of health cooperation documented from the forum's discussions, reviewed by "
                       "moderators and published in the library. Each record carries its own license (column "
                       "license); cite a record with its short_url and revision.",
        "homepage": links.absolute("experiences.library"),
        "created": _iso(utcnow()),
        "keywords": ["health cooperation", "South-South cooperation", "Americas", "SDG 3"],
        "resources": [
            resource("experiences-csv", "experience_opendata.experiences_csv", "csv", CSV_MEDIATYPE, True),
            resource("experiences-jsonl", "experience_opendata.experiences_jsonl", "jsonl", JSONL_MEDIATYPE,
                     False),
        ],
    }
