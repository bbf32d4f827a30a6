"""Reads the demo content from the repository's demo/ folder (its README.md is the guide for editors).

The folder holds data, not code, so that people who write the demo's communities, people and
discussions edit text files rather than Python literals:

    communities.toml     [[communities]] slug, name, description; in the order the site lists them
    people.toml          [[people]] one table per account, in the order they register
    experiences.toml     [[experiences]] thread (the start of its title), evidence (post numbers),
                         status (in_review | published | changes_requested, with the reviewer's
                         comment), a [experiences.fields] table and, for a published one,
                         [[experiences.corrections]] (note and fields) made after publication
    cooperation.toml     [[matches]] request and offer (the starts of their titles), linked by the
                         request's owner; [[interests]] thread, member and message; [[projects]]
                         a cooperation project with its statuses, milestones, budget and progress
    threads/<community-slug>/<nn>-<slug>.md
                         one thread per file, in file-name order within a community's folder:

        +++
        title = "..."
        author = "username"       # writes the opening post
        kind = "discussion"       # discussion | question | offer | request | announcement
        language = "es"           # the language it is written in
        [cooperation]             # offers and requests: their fields on the board
        country = "BO"
        themes = ["maternal-child-health"]   # community slugs (none: the thread's community)
        support_types = ["training"]
        modality = "south_south"
        languages = ["es", "ay"]
        open_for_days = 180       # open until this many days after seeding (none: no end date)
        +++

        The opening post, in Markdown.

        === reply: username ===

        A reply, in Markdown.

The tables and the front matter are TOML, read by the standard library's tomllib (no dependency,
strict, and multi-line Markdown values read as written). A post's body is the text between its
delimiter lines without the blank lines around it, plus one newline. Every problem found, in
syntax or in cross-references, raises DemoDataError with the file's path.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forum.models.threads import THREAD_KINDS

# Beside the package, like templates/ and static/ (forum/__init__.py): the app runs from its
# checkout (`pip install -e .`), so the data is edited in place and never copied into the package.
DEMO_DIR = Path(__file__).resolve().parent.parent.parent / "demo"

_THREAD_FILE = re.compile(r"\d{2}-[a-z0-9-]+\.md")
_REPLY = re.compile(r"=== reply: (\S+) ===")
_FRONT_MATTER = "+++"
# What the seed does with an experience: submit it for review, also publish it, or send it back
# to its editors with the reviewer's comment.
_EXPERIENCE_STATUSES = ("in_review", "published", "changes_requested")


class DemoDataError(ValueError):
    """A demo data file that cannot be read as documented; the message starts with its path."""


@dataclass(frozen=True)
class DemoCommunity:
    slug: str
    name: str
    description: str
    translations: dict[str, dict[str, str]]  # {"es": {"name": "…", "description": "…"}, …}


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    email: str
    country: str
    sector: str
    organization: str
    role: str
    locale: str | None = None
    position: str = ""
    expertise: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    timezone: str | None = None
    bio: str = ""


@dataclass(frozen=True)
class DemoPost:
    author: str
    body: str


@dataclass(frozen=True)
class DemoThread:
    path: Path
    community: str
    title: str
    author: str
    kind: str
    language: str
    posts: tuple[DemoPost, ...]  # the opening post first, by the thread's author
    cooperation: dict[str, Any] | None = None  # an offer's or request's fields (checked by the service)


@dataclass(frozen=True)
class DemoExperience:
    thread: str  # the start of the thread's title
    evidence: tuple[int, ...]
    status: str
    fields: dict[str, Any]
    # Linked translations: language, translator (a username), status (draft or published), and the
    # translated title, summary and sections.
    translations: tuple[dict[str, Any], ...] = ()
    comment: str = ""  # the reviewer's, when changes are requested
    corrections: tuple[tuple[str, dict[str, Any]], ...] = ()  # (change note, fields) after publication


@dataclass(frozen=True)
class DemoMatch:
    request: str  # the start of the request thread's title
    offer: str


@dataclass(frozen=True)
class DemoInterest:
    thread: str
    member: str
    message: str


@dataclass(frozen=True)
class DemoProject:
    fields: dict[str, Any]  # as cooperation.toml gives them (forum/seed/demo.py creates them)


@dataclass(frozen=True)
class DemoData:
    communities: tuple[DemoCommunity, ...]
    people: tuple[DemoPerson, ...]
    threads: tuple[DemoThread, ...]
    experiences: tuple[DemoExperience, ...]
    matches: tuple[DemoMatch, ...] = ()
    interests: tuple[DemoInterest, ...] = ()
    projects: tuple[DemoProject, ...] = ()


def load_demo_data(root: Path = DEMO_DIR) -> DemoData:
    """Read and cross-check every file of the demo folder."""
    path = root / "communities.toml"
    communities = tuple(DemoCommunity(**_record(path, raw, where, _COMMUNITY))
                        for raw, where in _tables(path, "communities"))
    _unique(path, "slug", [c.slug for c in communities])
    for c in communities:
        given = {code: sorted(texts) if isinstance(texts, dict) else texts for code, texts in c.translations.items()}
        if given != {code: ["description", "name"] for code in COMMUNITY_TRANSLATIONS}:
            raise DemoDataError(f"{path.name}: {c.slug}: translations need a name and a description in each of "
                                f"{', '.join(COMMUNITY_TRANSLATIONS)}")
    path = root / "people.toml"
    people = tuple(_person(path, raw, where) for raw, where in _tables(path, "people"))
    _unique(path, "username", [p.username for p in people])
    threads = _threads(root / "threads", [c.slug for c in communities], {p.username for p in people})
    experiences = _experiences(root / "experiences.toml", threads)
    matches, interests, projects = _cooperation(root / "cooperation.toml", threads, {p.username for p in people})
    return DemoData(communities, people, threads, experiences, matches, interests, projects)


# Each record's keys: the type of its value, and whether it may be left out.
_COMMUNITY = {"slug": (str, True), "name": (str, True), "description": (str, True),
              "translations": (dict, True)}
# Every demo community is translated into these (the originals are English).
COMMUNITY_TRANSLATIONS = ("es", "pt", "fr")
_PERSON = {"username": (str, True), "display_name": (str, True), "email": (str, True), "country": (str, True),
           "sector": (str, True), "organization": (str, True), "role": (str, True), "locale": (str, False),
           "position": (str, False), "expertise": (list, False), "languages": (list, False),
           "timezone": (str, False), "bio": (str, False)}
_THREAD = {"title": (str, True), "author": (str, True), "kind": (str, True), "language": (str, True),
           "cooperation": (dict, False)}
_COOPERATION = {"country": (str, True), "themes": (list, False), "support_types": (list, True),
                "modality": (str, True), "languages": (list, True), "open_for_days": (int, False),
                "status": (str, False)}
_MATCH = {"request": (str, True), "offer": (str, True)}
_INTEREST = {"thread": (str, True), "member": (str, True), "message": (str, True)}
_PROJECT = {"title": (str, True), "creator": (str, True), "focal_points": (list, True), "countries": (list, True),
            "offer": (str, True), "request": (str, True), "modality": (str, True), "themes": (list, True),
            "support_types": (list, True), "summary": (str, True), "objectives": (str, True),
            "planned_start": (int, True), "planned_end": (int, True), "statuses": (list, True),
            "milestones": (list, True), "budget": (list, True), "progress": (str, True), "document": (bool, False)}
_EXPERIENCE = {"thread": (str, True), "evidence": (list, True), "status": (str, True), "fields": (dict, True),
               "translations": (list, False), "comment": (str, False), "corrections": (list, False)}
_TRANSLATION_STATUSES = ("draft", "published")
_CORRECTION = {"note": (str, True), "fields": (dict, True)}


def _fail(path: Path, problem: str) -> DemoDataError:
    return DemoDataError(f"{path}: {problem}")


def _unique(path: Path, key: str, values: list[str]) -> None:
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        raise _fail(path, f"{key} {', '.join(repeated)} appears more than once")


def _toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _fail(path, f"not valid TOML: {error}") from None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _fail(path, f"cannot be read: {error}") from None


def _tables(path: Path, name: str) -> list[tuple[Any, str]]:
    """The [[name]] tables of a TOML file, each with a label for messages ("people #3")."""
    data = _toml(path, _read(path))
    if set(data) != {name} or not isinstance(data[name], list):
        raise _fail(path, f"expected only [[{name}]] tables, found {', '.join(sorted(data)) or 'nothing'}")
    return [(raw, f"{name} #{number}") for number, raw in enumerate(data[name], start=1)]


def _record(path: Path, raw: Any, where: str, spec: dict[str, tuple[type, bool]]) -> dict[str, Any]:
    """`raw` checked against `spec`: no unknown or missing key, each value of its type."""
    if not isinstance(raw, dict):
        raise _fail(path, f"{where}: expected a table")
    unknown = sorted(raw.keys() - spec.keys())
    missing = sorted(key for key, (_, required) in spec.items() if required and key not in raw)
    problems = ([f"unknown key(s) {', '.join(unknown)}"] if unknown else []) + (
        [f"missing key(s) {', '.join(missing)}"] if missing else [])
    if problems:
        raise _fail(path, f"{where}: {'; '.join(problems)}")
    for key, value in raw.items():
        kind = spec[key][0]
        if not isinstance(value, kind):
            raise _fail(path, f"{where}: {key} should be a {kind.__name__}, not {value!r}")
    return raw


def _person(path: Path, raw: Any, where: str) -> DemoPerson:
    record = dict(_record(path, raw, where, _PERSON))
    for key in ("expertise", "languages"):
        if not all(isinstance(item, str) for item in record.get(key, [])):
            raise _fail(path, f"{where}: {key} should be a list of strings")
        record[key] = tuple(record.get(key, ()))
    return DemoPerson(**record)


def _threads(folder: Path, communities: list[str], usernames: set[str]) -> tuple[DemoThread, ...]:
    if not folder.is_dir():
        raise _fail(folder, "missing: the threads live in threads/<community-slug>/")
    names = {entry.name for entry in folder.iterdir() if not entry.name.startswith(".")}
    strangers = sorted(names - set(communities))
    if strangers:
        raise _fail(folder / strangers[0], "not a community of communities.toml")
    threads = []
    for slug in communities:
        if slug not in names:
            continue
        if not (folder / slug).is_dir():
            raise _fail(folder / slug, "should be a folder of thread files")
        for path in sorted(p for p in (folder / slug).iterdir() if not p.name.startswith(".")):
            if not _THREAD_FILE.fullmatch(path.name):
                raise _fail(path, "a thread file is named <nn>-<slug>.md (two digits, lowercase slug)")
            threads.append(_thread(path, slug, usernames))
    return tuple(threads)


def _thread(path: Path, community: str, usernames: set[str]) -> DemoThread:
    lines = _read(path).split("\n")
    if lines[0] != _FRONT_MATTER or _FRONT_MATTER not in lines[1:]:
        raise _fail(path, f"must start with front matter between two {_FRONT_MATTER} lines")
    end = lines.index(_FRONT_MATTER, 1)
    # Blank lines in place of the file's first line, so that TOML errors give the file's line numbers.
    meta = _record(path, _toml(path, "\n" + "\n".join(lines[1:end])), "front matter", _THREAD)
    if meta["kind"] not in THREAD_KINDS:
        raise _fail(path, f"kind should be one of {', '.join(THREAD_KINDS)}, not {meta['kind']!r}")
    if "cooperation" in meta:
        if meta["kind"] not in ("offer", "request"):
            raise _fail(path, "only offers and requests have a [cooperation] table")
        _record(path, meta["cooperation"], "[cooperation]", _COOPERATION)
    authors, bodies = [meta["author"]], [[]]
    for number, line in enumerate(lines[end + 1:], start=end + 2):
        if line.startswith("==="):
            reply = _REPLY.fullmatch(line)
            if reply is None:
                raise _fail(path, f"line {number}: a reply starts with a line '=== reply: <username> ==='")
            authors.append(reply.group(1))
            bodies.append([])
        else:
            bodies[-1].append(line)
    posts = []
    for position, (author, body) in enumerate(zip(authors, bodies, strict=True), start=1):
        text = "\n".join(body).strip("\n")
        if not text.strip():
            raise _fail(path, f"post {position} (by {author}) is empty")
        if author not in usernames:
            raise _fail(path, f"post {position}: {author!r} is not in people.toml")
        posts.append(DemoPost(author=author, body=text + "\n"))
    return DemoThread(path=path, community=community, posts=tuple(posts), **meta)


def _experiences(path: Path, threads: tuple[DemoThread, ...]) -> tuple[DemoExperience, ...]:
    experiences = []
    for raw, where in _tables(path, "experiences"):
        record = _record(path, raw, where, _EXPERIENCE)
        matches = [thread for thread in threads if thread.title.startswith(record["thread"])]
        if len(matches) != 1:
            raise _fail(path, f"{where}: thread {record['thread']!r} should start exactly one thread's title, "
                              f"it starts {len(matches)}")
        if record["status"] not in _EXPERIENCE_STATUSES:
            raise _fail(path, f"{where}: status should be in_review, published or changes_requested, "
                              f"not {record['status']!r}")
        if (record["status"] == "changes_requested") != bool(record.get("comment")):
            raise _fail(path, f"{where}: a comment goes with status = \"changes_requested\", and only with it")
        corrections = tuple((c["note"], c["fields"]) for c in (
            _record(path, raw_correction, f"{where} correction", _CORRECTION)
            for raw_correction in record.get("corrections", [])))
        if corrections and record["status"] != "published":
            raise _fail(path, f"{where}: only a published experience has corrections")
        posts = range(1, len(matches[0].posts) + 1)
        if not all(type(number) is int and number in posts for number in record["evidence"]):
            raise _fail(path, f"{where}: evidence should list post numbers of the thread, from 1 to {posts[-1]}")
        translations = tuple(record.get("translations", ()))
        for number, translation in enumerate(translations, start=1):
            if not isinstance(translation, dict) or translation.get("status") not in _TRANSLATION_STATUSES \
                    or not isinstance(translation.get("translator"), str):
                raise _fail(path, f"{where}: translation {number} needs a translator and a status "
                                  f"({' or '.join(_TRANSLATION_STATUSES)})")
        experiences.append(DemoExperience(record["thread"], tuple(record["evidence"]), record["status"],
                                          record["fields"], translations, record.get("comment", ""),
                                          corrections))
    return tuple(experiences)


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _thread_named(path: Path, where: str, start: str, threads: tuple[DemoThread, ...], kind: str | None = None
                  ) -> DemoThread:
    found = [t for t in threads if t.title.startswith(start)]
    if len(found) != 1:
        raise _fail(path, f"{where}: {start!r} should start exactly one thread's title, it starts {len(found)}")
    if kind is not None and found[0].kind != kind:
        raise _fail(path, f"{where}: {start!r} should be {_a(kind)}, it is {_a(found[0].kind)}")
    if found[0].cooperation is None:
        raise _fail(path, f"{where}: {start!r} has no [cooperation] table")
    return found[0]


def _cooperation(path: Path, threads: tuple[DemoThread, ...], usernames: set[str]
                 ) -> tuple[tuple[DemoMatch, ...], tuple[DemoInterest, ...], tuple[DemoProject, ...]]:
    data = _toml(path, _read(path))
    unknown = sorted(set(data) - {"matches", "interests", "projects"})
    if unknown:
        raise _fail(path, f"expected only [[matches]], [[interests]] and [[projects]] tables, found "
                          f"{', '.join(unknown)}")
    matches = []
    for number, raw in enumerate(data.get("matches", []), start=1):
        record = _record(path, raw, f"matches #{number}", _MATCH)
        _thread_named(path, f"matches #{number}", record["request"], threads, "request")
        _thread_named(path, f"matches #{number}", record["offer"], threads, "offer")
        matches.append(DemoMatch(**record))
    interests = []
    for number, raw in enumerate(data.get("interests", []), start=1):
        record = _record(path, raw, f"interests #{number}", _INTEREST)
        _thread_named(path, f"interests #{number}", record["thread"], threads)
        if record["member"] not in usernames:
            raise _fail(path, f"interests #{number}: {record['member']!r} is not in people.toml")
        interests.append(DemoInterest(**record))
    projects = []
    for number, raw in enumerate(data.get("projects", []), start=1):
        where = f"projects #{number}"
        record = _record(path, raw, where, _PROJECT)
        _thread_named(path, where, record["request"], threads, "request")
        _thread_named(path, where, record["offer"], threads, "offer")
        for person in (record["creator"], *record["focal_points"]):
            if person not in usernames:
                raise _fail(path, f"{where}: {person!r} is not in people.toml")
        projects.append(DemoProject(record))
    return tuple(matches), tuple(interests), tuple(projects)
