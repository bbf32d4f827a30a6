"""Uploading files, linking them to what uses them, and who may fetch them (docs/uploads.md).

A member uploads a file (`do_upload`): it is checked and made safe (forum.uploads), counted against
their daily quota, stored by hash (forum.storage) and recorded as an `Upload` readable by them
alone. A post, message or experience uses it by its URL in its text; when that text is written,
`link_uploads` records which of the writer's uploads it names. From then on whoever may read one
of those may fetch the file (`access_upload`); a hidden or deleted post, a conversation one is not
in, a draft record hide it, with the same rules as their text.
"""

import re
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload, selectinload

from forum import permissions
from forum.errors import NotFound, RateLimited
from forum.extensions import db
from forum.models import (
    Conversation,
    Experience,
    Message,
    Post,
    Thread,
    Upload,
    UploadLink,
    User,
    utcnow,
)
from forum.services import validation as v
from forum.storage import storage
from forum.uploads import check_file

# An upload named in rendered HTML: a link or an image to /uploads/<id>/... on this site.
_UPLOAD_URL = re.compile(r'(?:href|src)="/uploads/([0-9]{1,12})/')


def quota_used(user: User) -> int:
    since = utcnow() - timedelta(days=1)
    return int(db.session.scalar(select(func.coalesce(func.sum(Upload.size), 0))
                                 .where(Upload.uploader_id == user.id, Upload.created_at >= since)) or 0)


def do_upload(user: User, data: bytes, filename: object) -> Upload:
    """Check, store and record a file; ValidationError, PayloadTooLarge (413),
    UnsupportedMediaType (415) or RateLimited (429, the daily quota) when it is refused."""
    permissions.require_write(user)
    checked = check_file(data, filename, max_bytes=current_app.config["UPLOAD_MAX_BYTES"])
    daily = current_app.config["UPLOAD_DAILY_BYTES"]
    if quota_used(user) + len(checked.data) > daily:
        raise RateLimited(_("You have attached %(n)d MB of files today, the most a day allows. Try again "
                            "tomorrow.", n=max(1, daily // (1024 * 1024))), code="quota_exceeded")
    storage().put(checked.sha256, checked.data, checked.content_type)
    upload = Upload(sha256=checked.sha256, size=len(checked.data), kind=checked.kind,
                    content_type=checked.content_type, filename=checked.filename, uploader_id=user.id,
                    created_at=utcnow())
    db.session.add(upload)
    db.session.flush()
    return upload


def markdown_for(upload: Upload) -> str:
    """What to add to a text to use the file: an image shown inline, a document as a link."""
    label = upload.filename.replace("[", "(").replace("]", ")")
    return f"![{label}]({upload.path})" if upload.is_image else f"[{label}]({upload.path})"


def referenced_ids(html: str) -> set[int]:
    return {int(m) for m in _UPLOAD_URL.findall(html or "")}


def link_uploads(html: str, owner_ids: set[int], *, post: Post | None = None, message: Message | None = None,
                 experience: Experience | None = None, extra_ids: set[int] = frozenset(),
                 fresh: bool = False) -> None:
    """Make the links of one post, message or experience the uploads of `owner_ids` its text names
    (plus `extra_ids`, an experience's list). Another member's upload named in a text gets no link:
    nobody widens who may fetch a file that is not theirs. `fresh`: the target was just created."""
    column, target = ((UploadLink.post_id, post) if post is not None else
                      (UploadLink.message_id, message) if message is not None else
                      (UploadLink.experience_id, experience))
    assert target is not None and target.id is not None
    wanted_ids = referenced_ids(html) | set(extra_ids)
    if fresh and not wanted_ids:
        return  # a new text naming no file: nothing to link, nothing to unlink
    owned = set(db.session.scalars(select(Upload.id).where(Upload.id.in_(wanted_ids),
                                                           Upload.uploader_id.in_(owner_ids)))) if wanted_ids else set()
    existing = {link.upload_id: link for link in db.session.scalars(select(UploadLink).where(column == target.id))}
    for upload_id, link in existing.items():
        if upload_id not in wanted_ids:
            db.session.delete(link)
    for upload_id in sorted(owned - existing.keys()):
        db.session.add(UploadLink(upload_id=upload_id, post_id=post.id if post is not None else None,
                                  message_id=message.id if message is not None else None,
                                  experience_id=experience.id if experience is not None else None))
    db.session.flush()


def _may_read_link(user: object, link: UploadLink) -> bool:
    if link.post_id is not None:
        post = db.session.scalar(select(Post).options(joinedload(Post.thread).joinedload(Thread.community))
                                 .where(Post.id == link.post_id))
        return post is not None and permissions.can_read_thread(user, post.thread) \
            and permissions.can_read_post_text(user, post)
    if link.message_id is not None:
        message = db.session.get(Message, link.message_id)
        if message is None:
            return False
        conversation = db.session.scalar(select(Conversation).options(selectinload(Conversation.participants))
                                         .where(Conversation.id == message.conversation_id))
        return conversation is not None and permissions.can_read_conversation(
            user, conversation, {p.user_id for p in conversation.participants})
    if link.experience_id is not None:
        experience = db.session.get(Experience, link.experience_id)
        return experience is not None and permissions.can_view_experience(user, experience)
    return False


def can_read_upload(user: object, upload: Upload) -> bool:
    """Not attached yet: its uploader only. Attached: the readers of one of what uses it, by the
    rules of their text (the uploader included: the author of a deleted post no longer reads it)."""
    if not upload.links:
        return permissions.is_signed_in(user) and upload.uploader_id == user.id
    return any(_may_read_link(user, link) for link in upload.links)


def access_upload(user: object, upload_id: int) -> Upload:
    """The upload if `user` may fetch it; NotFound for missing and forbidden alike."""
    if not v.is_valid_id(upload_id):
        raise NotFound()
    upload = db.session.scalar(select(Upload).options(selectinload(Upload.links)).where(Upload.id == upload_id))
    if upload is None or not can_read_upload(user, upload):
        raise NotFound()
    return upload


def read_bytes(upload: Upload) -> bytes:
    return storage().get(upload.sha256)



UNATTACHED_KEEP = timedelta(days=1)


def prune_unattached(keep: timedelta = UNATTACHED_KEEP) -> tuple[int, int]:
    """Forget the uploads no post, message or experience used within `keep` (a form left half
    done, a body edited before sending) and delete the stored files no upload names any more
    (`flask uploads prune`, daily). The rows go first, in their own commit; a file is deleted
    only after that, so a failure leaves a file without a row (harmless, taken next time it is
    uploaded), never a row without its file. Returns (uploads forgotten, files deleted)."""
    cutoff = utcnow() - keep
    old = list(db.session.execute(
        select(Upload.id, Upload.sha256).where(Upload.created_at < cutoff, ~Upload.links.any())))
    if not old:
        return 0, 0
    db.session.execute(delete(Upload).where(Upload.id.in_([row.id for row in old])))
    db.session.commit()
    hashes = {row.sha256 for row in old}
    still_used = set(db.session.scalars(select(Upload.sha256).where(Upload.sha256.in_(hashes))))
    store = storage()
    for sha256 in hashes - still_used:
        store.delete(sha256)
    return len(old), len(hashes - still_used)


def experience_files(viewer: object, experience: Experience) -> list[Upload]:
    """The files an experience's sections use, in upload order (one query): its record page lists
    them and its exports name them. A reader of the record reads them (the link's rule)."""
    if not permissions.can_view_experience(viewer, experience):
        return []
    return list(db.session.scalars(select(Upload).join(UploadLink, UploadLink.upload_id == Upload.id)
                                   .where(UploadLink.experience_id == experience.id).order_by(Upload.id)))
