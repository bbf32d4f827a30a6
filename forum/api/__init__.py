"""JSON API v1: thin views over the same services as the pages.

Authentication: the session cookie (writes also need the X-CSRFToken header) or a personal
token (`Authorization: Bearer hz_...`). Errors: `{"error": {"code", "message"}}`.
"""

from flask import Flask


def register_api(app: Flask) -> None:
    from forum.api import (  # noqa: F401  routes on bp
        answers,
        blueprint,
        bookmarks,
        communities,
        cooperation,
        countries,
        docs,
        drafts,
        experience_assessment,
        experience_compendium,
        experience_translations,
        experiences,
        messages,
        moderation,
        notifications,
        organizations,
        posts,
        projects,
        search,
        subscriptions,
        threads,
        uploads,
        users,
    )

    app.register_blueprint(blueprint.bp)
    app.register_blueprint(docs.pages)
