"""The audit log speaks the reader's language: every action key the services write has a label
(forum/audit_labels.py), and the log page in Spanish shows labels and sentences, not stored keys."""

import ast
import html as htmlmod
import re
from pathlib import Path

from forum.audit_labels import ACTION_LABELS
from forum.extensions import db
from forum.models import PROJECT_STATUSES
from forum.services import audit
from forum.services.experience_assessment import DECISIONS
from forum.services.experience_translations import WORKFLOW as TRANSLATION_WORKFLOW
from forum.services.experiences import WORKFLOW as EXPERIENCE_WORKFLOW
from tests.conftest import Auth
from tests.factories import make_community, make_user

FORUM = Path(__file__).resolve().parent.parent / "forum"
# The keys written with an f-string, and the values their placeholder takes.
COMPUTED_KEYS = {
    "experience.": {to for (_frm, to) in EXPERIENCE_WORKFLOW},
    "experience_translation.": {to for (_frm, to) in TRANSLATION_WORKFLOW},
    "experience.country_": set(DECISIONS),
    "project.": set(PROJECT_STATUSES),
}


def _written_keys() -> set[str]:
    """The action of every `audit.record(actor, action, ...)` call in forum/, f-strings expanded."""
    keys: set[str] = set()

    def collect(node: ast.expr) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            keys.add(node.value)
        elif isinstance(node, ast.IfExp):
            collect(node.body)
            collect(node.orelse)
        elif isinstance(node, ast.JoinedStr):
            prefix = "".join(part.value for part in node.values[:1] if isinstance(part, ast.Constant))
            assert prefix in COMPUTED_KEYS, f"name the values of f-string audit key {ast.unparse(node)} here"
            keys.update(prefix + value for value in COMPUTED_KEYS[prefix])
        else:
            raise AssertionError(f"an audit key this test cannot read: {ast.unparse(node)}")

    for path in FORUM.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "record"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit"):
                collect(node.args[1])
    return keys


def test_every_action_the_code_writes_has_a_label():
    written = _written_keys()
    assert len(written) > 40 and "thread.lock" in written and "experience.published" in written
    assert written - set(ACTION_LABELS) == set()


def test_the_log_in_spanish_shows_labels_and_sentences(app, moderator):
    with app.app_context():
        community = make_community("vaccines", name="Immunization", translations={"es": {"name": "Inmunización"}})
        other = make_community("emergencies", name="Emergencies")
        member = make_user("someone")
        details = {
            "experience.published": {"from": "in_review", "to": "published", "title": "Cold chain"},
            "project.in_progress": {"from": "agreed", "to": "in_progress", "title": "Midwifery"},
            "thread.move": {"from": other.id, "to": community.id},
            "thread.slow_mode": {"before": 0, "after": 30},
            "user.role": {"before": "member", "after": "moderator"},
            "user.suspend": {"until": "2027-03-01T23:59:59+00:00"},
            "flags.dismiss": {"flags": 3},
            "country.focal_point.add": {"country": "BR"},
            "thread.language": {"before": "en", "after": "es"},
            "organization.create": {"name": "Fiocruz", "country": "BR", "type": "university", "slug": "fiocruz"},
        }
        for action in ACTION_LABELS:
            audit.record(member, action, "user", member.id, community_id=community.id,
                         details=details.get(action, {}))
        audit.record(member, "thread.lock", "thread", 1, community_id=community.id,  # an old row
                     details={"legacy_note": "kept as stored"})
        db.session.commit()
    client = app.test_client()
    Auth(client).login("moderator")
    assert len(ACTION_LABELS) + 1 <= 100  # two pages of 50
    body = ""
    for number in (1, 2):
        page = client.get("/moderation/log", query_string={"page": number}, headers={"Accept-Language": "es"})
        assert page.status_code == 200
        body += page.get_data(as_text=True).split("<tbody>")[1].split("</tbody>")[0]
    text = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    assert text.count("Inmunización") >= len(ACTION_LABELS) + 1  # "en Inmunización" on every row
    shown = {key for key in ACTION_LABELS if re.search(rf"(?<![\w.]){re.escape(key)}(?![\w.])", text)}
    assert shown == set(), f"stored keys on the Spanish page: {sorted(shown)}"
    for sentence in ("Experiencia publicada", "De “En revisión” a “Publicada”.", "Hilo bloqueado",
                     "De Emergencies a Inmunización.", "De Miembro a Moderador.", "País: Brasil.",
                     "3 reportes descartados.", "legacy_note: kept as stored"):
        assert sentence in text, sentence
    assert "23:59:59" not in text
