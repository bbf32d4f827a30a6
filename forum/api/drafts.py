"""/api/v1 drafts: what the member typed and has not sent, per place (forum.services.drafts).

Only the owner reads a draft: another member's key answers 404 like a missing one.
"""

from typing import Any

from flask_babel import gettext as _

from forum.api.blueprint import bp
from forum.api.helpers import json_body, signed_in_user
from forum.errors import ValidationError
from forum.models import Draft
from forum.ratelimits import draft_limit
from forum.services import drafts as service


def draft_json(draft: Draft) -> dict[str, Any]:
    data = dict(draft.data)
    result: dict[str, Any] = {"key": draft.key}
    if "title" in data:
        result["title"] = data.pop("title")
    result["body"] = data.pop("body", "")
    if data:
        result["fields"] = data
    result["updated_at"] = draft.updated_at.isoformat()
    return result


@bp.get("/drafts")
def list_drafts():
    user = signed_in_user()
    return {"drafts": [draft_json(item.draft) for item in service.drafts_of(user)]}


@bp.get("/drafts/<key>")
def get_draft(key: str):
    return {"draft": draft_json(service.access_draft(signed_in_user(), key))}


@bp.put("/drafts/<key>")
@draft_limit
def put_draft(key: str):
    """Replace the draft: `title`, `body` and the place's other text fields in `fields`.
    Empty text deletes it (answer 204)."""
    user = signed_in_user()
    data = json_body({"title", "body", "fields"})
    extra = data.get("fields") or {}
    if not isinstance(extra, dict):
        raise ValidationError("fields", _("The fields of a draft must be an object."))
    fields = {**extra, **{name: data[name] for name in ("title", "body") if name in data}}
    draft = service.do_save_draft(user, key, fields)
    if draft is None:
        return "", 204
    return {"draft": draft_json(draft)}


@bp.delete("/drafts/<key>")
def delete_draft(key: str):
    user = signed_in_user()
    service.access_draft(user, key)
    service.do_delete_draft(user, key)
    return "", 204
