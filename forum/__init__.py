"""Horizonte: discussion forum and knowledge platform for health cooperation in the Americas."""

from typing import Any

from flask import Flask

from forum.config import INSTANCE_DIR, Config, load_config


def create_app(config: Config | dict[str, Any] | None = None) -> Flask:
    """Build the application. `config` overrides settings (a Config object or a dict)."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder="../templates",
        static_folder="../static",
    )
    from forum.boundary import init_boundary

    init_boundary(app)  # before any route is added: routes take the converter it registers
    settings = config if isinstance(config, Config) else load_config()
    app.config.from_object(settings)
    if isinstance(config, dict):
        app.config.update(config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)

    from forum import extensions as ext
    from forum import mail as _mail  # noqa: F401  registers the mail sender
    from forum.auth import init_auth
    from forum.database import engine_options, init_database
    from forum.errors import register_error_handlers
    from forum.i18n import init_i18n
    from forum.logs import init_logging
    from forum.metrics import init_metrics
    from forum.realtime import events as _events  # noqa: F401  registers the event sender
    from forum.request_ids import init_request_ids
    from forum.schema_migrations import init_migrations
    from forum.security import init_security_headers

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    ext.db.init_app(app)
    init_migrations(app)
    ext.csrf.init_app(app)
    ext.limiter.init_app(app)
    init_database(app)
    init_auth(app)
    init_i18n(app)
    init_security_headers(app)
    init_request_ids(app)
    init_logging(app)
    init_metrics(app)
    register_error_handlers(app)

    from forum.api import register_api
    from forum.search import init_search
    from forum.web import register_web
    from forum.web.fragments import init_fragments

    register_web(app)
    init_fragments(app)
    register_api(app)
    init_search(app)

    from forum.realtime.server import init_realtime

    init_realtime(app)
    if app.config["PROXIES"]:
        # Behind PROXIES proxies (nginx: 1), the client's address and scheme are the ones they
        # forward: rate limits and /metrics' addresses see the visitor, not the proxy. Outermost,
        # so Socket.IO's middleware sees them too.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    from forum.cli import register_cli

    register_cli(app)

    from forum import transactions

    transactions.init_app(app)  # last: its after_request hook must run first (see there)
    return app
