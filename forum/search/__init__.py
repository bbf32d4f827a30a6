"""Full-text search over posts, threads and people (issue #7).

Two backends chosen by the database: SQLite FTS5 (stems made in Python) and PostgreSQL full-text
search (tsvector + GIN, stems made by PostgreSQL). The modules:

    text        words, accents, stems, stop words, language detection
    query       what the user typed -> clauses (words, phrases, exclusions, the word being typed)
    backends    clauses -> FTS5 MATCH expression / tsquery, and ranking
    models      search_documents, the index rows (a model); schema: the backend-specific part
    indexing    documents built from posts/threads/users, kept exact by a session hook; rebuild
    service     parameters, permissions, counting, ranking, the page of results
    highlight   escaped snippets with <mark>
"""

from flask import Flask


def init_search(app: Flask) -> None:
    """Register the index table, its backend-specific DDL and the write hooks (once per process)."""
    from forum.extensions import db
    from forum.search import models as _models  # noqa: F401  the table joins Base.metadata
    from forum.search.indexing import register_session_events
    from forum.search.schema import register_ddl_events

    register_ddl_events()
    register_session_events(db.session)
    if not app.config.get("TESTING"):
        # The language model takes about a second to load: not on the first post of a new process.
        import threading

        from forum.search.text import preload

        threading.Thread(target=preload, name="search-language-model", daemon=True).start()
