"""Serving uploaded files to those who may read them, and the file input of the writing forms.

Every answer carries `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox;
default-src 'none'`; only re-encoded images are `inline`, every other file is an `attachment`
(a PDF too: a browser's PDF viewer runs scripts), named by RFC 6266 with an ASCII fallback.
"""

import unicodedata
from urllib.parse import quote

from flask import Blueprint, Response, current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from forum.errors import ForumError, NotFound, ValidationError
from forum.services import uploads as upload_service
from forum.storage import StoredFileMissing

bp = Blueprint("uploads", __name__)

def content_disposition(disposition: str, filename: str) -> str:
    """`attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 and 8187)."""
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(ch if ch.isalnum() or ch in " .-_()" else "_" for ch in fallback).strip() or "file"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@bp.get("/uploads/<int:upload_id>/<name>")
def show(upload_id: int, name: str):
    return file_response(upload_service.access_upload(current_user, upload_id))


def file_response(upload) -> Response:
    """The file's bytes with the headers that keep it from running as a page (also GET /api/v1/uploads/<id>)."""
    try:
        data = upload_service.read_bytes(upload)
    except StoredFileMissing:
        raise NotFound() from None
    mimetype = upload.content_type + ("; charset=utf-8" if upload.content_type.startswith("text/") else "")
    response = Response(data, headers={"Content-Type": mimetype})
    response.headers["Content-Disposition"] = content_disposition(
        "inline" if upload.is_image else "attachment", upload.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    # Who may read it can change (a post hidden, a member leaving): browsers revalidate each time.
    response.headers["Cache-Control"] = "private, no-cache"
    response.set_etag(upload.sha256)
    return response.make_conditional(request)


def attach_file(form, field: str = "body") -> None:
    """The file of a writing form, if one was chosen: uploaded and its Markdown (an image or a link)
    appended to the text field `field` (a post's body, an experience's references). A refused file
    is a ValidationError on the form's `file` field, with the refusal's status (413, 415, 429), so
    the form comes back with what was typed."""
    sent = request.files.get("file")
    if sent is None or not (sent.filename or "").strip():
        return
    try:
        data = sent.stream.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
    finally:
        sent.close()  # a large file was spooled to a temporary file
    try:
        upload = upload_service.do_upload(current_user, data, sent.filename)
    except ValidationError:
        raise
    except ForumError as error:
        refused = ValidationError("file", error.message, code=error.code)
        refused.status = error.status
        raise refused from None
    text = getattr(form, field)
    body = (text.data or "").rstrip()
    text.data = (body + "\n\n" if body else "") + upload_service.markdown_for(upload)


def restore_typed(form, typed: str | None, field: str = "body") -> None:
    """After a refusal, the body as it was typed (without the link of a file the rollback undid),
    and a word on the file input when a file had been chosen: browsers never keep it."""
    getattr(form, field).data = typed
    sent = request.files.get("file")
    field = getattr(form, "file", None)
    if field is not None and sent is not None and (sent.filename or "").strip() and not field.errors:
        field.errors = [_("Choose the file again: a file is not kept when the form comes back.")]
