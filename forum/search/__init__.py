"""Full-text search over posts, threads and people (issue #7).

Two backends chosen by the database: SQLite FTS5 (stems made in Python) and PostgreSQL full-text
search (tsvector + GIN, stems made by PostgreSQL). The modules:

    text        words, accents, stems, stop words, language detection
    query       what the user typed -> clauses (words, phrases, exclusions, the word being typed)
    backends    clauses + filters -> FTS5 MATCH expression / tsquery; the newest matches, scored
    costs       PostgreSQL: what each way to the newest matches costs (its own lexeme statistics)
    models      search_documents, the index rows; schema: the backend-specific part and filter tokens
    registry    document types and the writes that re-index them
    documents   the forum's documents: post, thread, person
    indexing    rows written in the writer's transaction (session hook); the full rebuild
    service     parameters, permissions, counting, ranking, the page of results
    highlight   escaped snippets with <mark>

Adding a document type (e.g. "experience")
------------------------------------------
1. A builder, `build_experiences(conn, ids) -> list[dict]`: select the objects with those ids
   *that are searchable* (``status == "published"``: a draft, or anything left out, loses its
   row) and return one ``documents.document(...)`` per object::

       document("experience", row.id, row.published_at, title=row.title, summary=row.summary,
                body="\\n".join((row.context, row.approach, row.results)),  # every Markdown field,
                language=row.language,           # as plain text (content.html_to_text); None detects
                author_id=row.author_id, community_id=row.main_community_id, titled=True)

   Title, summary and body are weighted in that order (FTS5 bm25 10/4/1, PostgreSQL A/B/C).
   Filters use the columns and filter tokens of forum/search/schema.py (type, author, community,
   kind, language, month, visibility); a filter on several communities or countries per
   document needs more tokens there (tag_list) and in backends.tags_expression.
2. Register it from its module's own function, called by ``init_search`` after
   ``documents.register_forum_documents``::

       register_doc_type(DocType("experience", "experiences", Experience, build_experiences))
       watch(Experience, ("title", "summary", "context", "approach", "results", "language", "status",
                          "published_at", "author_id"), _experience_targets)  # -> [("experience", e.id)]

   A watch on any other model whose change alters the document (a theme link table, say) names
   the same targets. Then: a choice in forum/web/search.py (SearchForm.type), a branch in
   service._item for the result's link, a test in tests/test_search_index.py
   (`assert_index_exact` after each write). `flask --app wsgi search reindex` indexes the
   existing rows. No migration: doc_type is a string column.

Adding a field to people (position, expertise, languages): one more column in
``documents.build_people``'s select, joined into the summary (short fields, weighted B) or the body,
and the attribute in the User watch's fields.
"""

from flask import Flask


def init_search(app: Flask) -> None:
    """Register the document types, the index's backend-specific DDL and the write hooks."""
    from forum.extensions import db
    from forum.search.documents import register_forum_documents
    from forum.search.experience_documents import register_experience_documents
    from forum.search.indexing import register_session_events
    from forum.search.schema import register_ddl_events

    register_forum_documents()
    register_experience_documents()
    register_ddl_events()
    register_session_events(db.session)
