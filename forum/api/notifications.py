"""/api/v1/notifications"""

from flask import request
from flask_babel import gettext as _

from forum import serializers
from forum.api.blueprint import bp
from forum.api.helpers import json_body, page_param, paginated, signed_in_user
from forum.errors import ValidationError
from forum.services import notifications as service


@bp.get("/notifications")
def list_notifications():
    user = signed_in_user()
    unread = request.args.get("unread", "")
    if unread not in ("", "0", "1", "true", "false"):
        raise ValidationError("unread", _("Use unread=1 or unread=0."))
    page = page_param()
    items, pages, total = service.notifications_page(user, page, unread_only=unread in ("1", "true"))
    return {**paginated([serializers.notification(n) for n in items], page, pages, total),
            "unread_count": user.unread_notification_count}


@bp.post("/notifications/read")
def mark_read():
    user = signed_in_user()
    data = json_body({"ids", "all"})
    if data.get("all") is True and "ids" not in data:
        unread = service.do_mark_all_read(user)
    elif "ids" in data and "all" not in data:
        unread = service.do_mark_read(user, data["ids"])
    else:
        raise ValidationError(None, _('Send {"ids": [...]} or {"all": true}.'), code="invalid")
    return {"unread_count": unread}
