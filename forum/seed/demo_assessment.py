"""Demo good-practice assessments and country validations (demo/assessment.toml), through the services.

`name_demo_focal_points` runs before the demo experiences go to review (their countries' focal
points are then asked to validate them, as on a live site); `load_demo_assessment` after, with the
screenings, scores and validations the file gives.
"""

from pathlib import Path
from typing import Any

from sqlalchemy import select

from forum.extensions import db
from forum.models import SCREENING_CHECKS, Community, Experience, Thread, User
from forum.seed.demo_data import DEMO_DIR, DemoDataError, _read, _record, _toml
from forum.services import experience_assessment as assessment
from forum.services.experiences import access_experience
from forum.services.sanctions import do_add_community_moderator

PATH = DEMO_DIR / "assessment.toml"
_SPECS = {
    "focal_points": {"username": (str, True), "country": (str, True)},
    "assessors": {"username": (str, True), "community": (str, True)},
    "screenings": {"experience": (str, True), "reviewer": (str, True), "comment": (str, False),
                   "unmet": (list, False)},
    "scores": None,  # experience, assessor, then one [score, justification] per attribute
    "validations": {"experience": (str, True), "country": (str, True), "focal_point": (str, True),
                    "decision": (str, True), "comment": (str, False)},
}


def read_demo_assessment(path: Path = PATH) -> dict[str, list[dict[str, Any]]]:
    """The file's tables, each checked against its keys (a DemoDataError names the file)."""
    data = _toml(path, _read(path))
    unknown = sorted(set(data) - set(_SPECS))
    if unknown:
        raise DemoDataError(f"{path}: unknown table(s) {', '.join(unknown)}")
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, spec in _SPECS.items():
        rows = data.get(name, [])
        if not isinstance(rows, list):
            raise DemoDataError(f"{path}: expected [[{name}]] tables")
        if spec is None:
            tables[name] = [_scores(path, raw, f"{name} #{n}") for n, raw in enumerate(rows, start=1)]
        else:
            tables[name] = [_record(path, raw, f"{name} #{n}", spec) for n, raw in enumerate(rows, start=1)]
    return tables


def _scores(path: Path, raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict) or not isinstance(raw.get("experience"), str) or not isinstance(
            raw.get("assessor"), str):
        raise DemoDataError(f"{path}: {where}: give experience and assessor")
    scores = {}
    for code, value in raw.items():
        if code in ("experience", "assessor"):
            continue
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)
                and isinstance(value[1], str)):
            raise DemoDataError(f"{path}: {where}: {code} should be [score, \"justification\"]")
        scores[code] = {"score": value[0], "justification": value[1]}
    return {"experience": raw["experience"], "assessor": raw["assessor"], "scores": scores}


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username_key == username.lower()))
    if user is None:
        raise DemoDataError(f"{PATH}: {username!r} is not in people.toml")
    return user


def _experience(title_start: str, user: User) -> Experience:
    ident = db.session.scalar(select(Experience.id).join(Thread, Thread.id == Experience.thread_id)
                              .where(Thread.title.startswith(title_start, autoescape=True)))
    if ident is None:
        raise DemoDataError(f"{PATH}: no demo experience's thread starts with {title_start!r}")
    return access_experience(user, ident)


def name_demo_focal_points(admin: User) -> None:
    """Focal points and the community moderators who assess, named by the demo admin."""
    tables = read_demo_assessment()
    for row in tables["focal_points"]:
        assessment.do_add_focal_point(admin, username=row["username"], country=row["country"])
    for row in tables["assessors"]:
        community = db.session.scalar(select(Community).where(Community.slug == row["community"]))
        if community is None:
            raise DemoDataError(f"{PATH}: there is no community {row['community']!r}")
        do_add_community_moderator(admin, _user(row["username"]), community)
    db.session.flush()


def load_demo_assessment() -> None:
    """Screenings, then scores, then validations, each by the member the file names."""
    tables = read_demo_assessment()
    for row in tables["screenings"]:
        reviewer = _user(row["reviewer"])
        checks = {check: check not in row.get("unmet", []) for check in SCREENING_CHECKS}
        assessment.do_record_screening(reviewer, _experience(row["experience"], reviewer), checks,
                                       row.get("comment", ""))
    for row in tables["scores"]:
        assessor = _user(row["assessor"])
        assessment.do_score(assessor, _experience(row["experience"], assessor), row["scores"])
    for row in tables["validations"]:
        focal_point = _user(row["focal_point"])
        assessment.do_validate(focal_point, _experience(row["experience"], focal_point), row["country"],
                               decision=row["decision"], comment=row.get("comment", ""))
    db.session.flush()
