"""HTML pages: one blueprint per area, thin views over the services."""

from flask import Flask


def register_web(app: Flask) -> None:
    from forum.web import (
        account,
        admin,
        auth,
        bookmarks,
        communities,
        cooperation,
        countries,
        dev,
        drafts,
        experience_assessment,
        experience_charts,
        experience_compendium,
        experience_opendata,
        experience_translations,
        experiences,
        invitations,
        legal,
        main,
        messages,
        moderation,
        notifications,
        organizations,
        people,
        projects,
        search,
        subscriptions,
        threads,
        uploads,
    )
    from forum.web.assets import init_assets
    from forum.web.templating import init_templating

    init_assets(app)
    init_templating(app)
    for module in (main, auth, account, communities, threads, moderation, search, experiences, experience_charts,
                   experience_translations, experience_assessment,
                   experience_opendata, experience_compendium,
                   people, organizations, notifications, cooperation, projects, countries, messages, subscriptions,
                   drafts, uploads, bookmarks, dev, legal, admin, invitations):
        app.register_blueprint(module.bp)
    legal.init_legal(app)
    drafts.init_drafts(app)
    # Institutional sign-in: its routes, and one OpenID Connect client per configured provider.
    from forum.web import oidc_views

    app.register_blueprint(oidc_views.bp)
    oidc_views.init_oidc(app)
