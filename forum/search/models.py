"""The search index: one row per searchable document.

`search_documents` is an ordinary table (a model, so `db.create_all()` and the migrations agree on
it): what a result shows and what the filters and permissions need, kept in the same transaction
as the writes (forum.search.indexing). The full-text structure beside it is backend-specific and
not a model (forum.search.schema): an FTS5 table `search_fts` on SQLite (rowid = id, stemmed
text), a `tsv tsvector` column with a GIN index on PostgreSQL.

`doc_type` names what a row stands for (forum.search.registry): "post", "thread", "person".
"""

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.models.base import Base, UTCDateTime


class SearchDocument(Base):
    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("doc_type", "object_id", name="uq_search_documents_doc_type_object"),
        Index("ix_search_documents_thread", "thread_id"),
        Index("ix_search_documents_author", "author_id", "id"),
        Index("ix_search_documents_title_key", "title_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[int] = mapped_column(Integer)
    # Denormalized for filters and permissions (no join in the search itself).
    thread_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    community_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    thread_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # "en", "es", "pt", "fr" or "simple": the stemming the row was indexed with.
    language: Mapped[str] = mapped_column(String(8))
    # The three weighted text fields (title > summary > body), as written (for snippets).
    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # A post's thread title: shown with the result, not searched (the thread row is).
    thread_title: Mapped[str | None] = mapped_column(Text, nullable=True)
    # forum.search.text.title_key(title) for titled documents: the exact-title match.
    title_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Visibility: deleted (the row's own object, or a deactivated person), in a deleted thread,
    # hidden by a moderator.
    is_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    thread_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    is_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
