"""Uploaded files and what they are attached to (docs/uploads.md).

The bytes are in forum.storage under their sha256; the row says who uploaded what, when, and
under which cleaned name. A post or a message uses a file by its URL in the body
(`![](/uploads/<id>/<name>)` for an image, a link for a document): when it is written, the
uploads of its author that the body names get an `UploadLink` to it, and only the readers of
something a file is linked to may fetch it (its uploader always may).
"""

from datetime import datetime
from urllib.parse import quote

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.models.base import Base, UTCDateTime, utcnow

UPLOAD_KINDS = ("image", "document")


class Upload(Base):
    __tablename__ = "uploads"
    __table_args__ = (
        # The daily quota sums a member's uploads of the last 24 hours.
        Index("ix_uploads_uploader_created", "uploader_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    content_type: Mapped[str] = mapped_column(String(120))
    filename: Mapped[str] = mapped_column(String(120))
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploader: Mapped["User | None"] = relationship()  # noqa: F821
    links: Mapped[list["UploadLink"]] = relationship(back_populates="upload", cascade="all, delete-orphan")

    @property
    def is_image(self) -> bool:
        return self.kind == "image"

    @property
    def path(self) -> str:
        return f"/uploads/{self.id}/{quote(self.filename)}"


class UploadLink(Base):
    """An upload used by one post, message or experience (exactly one of the three)."""

    __tablename__ = "upload_links"
    __table_args__ = (
        UniqueConstraint("upload_id", "post_id", "message_id", "experience_id", name="uq_upload_links_target"),
        CheckConstraint("(CASE WHEN post_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN message_id IS NULL THEN 0 "
                        "ELSE 1 END) + (CASE WHEN experience_id IS NULL THEN 0 ELSE 1 END) = 1", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id", ondelete="CASCADE"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), nullable=True,
                                                index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), nullable=True,
                                                   index=True)
    experience_id: Mapped[int | None] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"),
                                                      nullable=True, index=True)

    upload: Mapped[Upload] = relationship(back_populates="links")
