"""POST /api/v1/uploads: a file for a post, a message or an experience; GET /api/v1/uploads/<id>: the
file itself, for token clients, with the same rule and headers as /uploads/<id>/<name> (docs/uploads.md)."""

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from forum.api.blueprint import bp
from forum.api.helpers import signed_in_user
from forum.errors import ValidationError
from forum.models import Upload
from forum.services import uploads as upload_service
from forum.web.uploads import file_response


def upload_json(upload: Upload) -> dict:
    return {"id": upload.id, "url": upload.path, "kind": upload.kind, "size": upload.size,
            "content_type": upload.content_type, "filename": upload.filename,
            "markdown": upload_service.markdown_for(upload)}


@bp.post("/uploads")
def create_upload():
    """Multipart, field `file`. 201 {"upload": {...}}; 413 too large, 415 type refused, 429 daily quota."""
    user = signed_in_user()
    sent = request.files.get("file")
    if sent is None:
        raise ValidationError("file", _("Send the file as multipart/form-data in the field “file”."), code="required")
    try:
        data = sent.stream.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
    finally:
        sent.close()  # a large file was spooled to a temporary file
    upload = upload_service.do_upload(user, data, sent.filename)
    return {"upload": upload_json(upload)}, 201


@bp.get("/uploads/<int:upload_id>")
def show_upload(upload_id: int):
    return file_response(upload_service.access_upload(current_user, upload_id))
