"""Socket.IO bound to the application.

Threading async mode (simple-websocket for WebSocket): no monkey-patching, works under
`flask run` and gunicorn's gthread worker. With REDIS_URL, events go through Redis so every
server process delivers them to its own clients.
"""

from flask import Flask

from forum import outbox
from forum.extensions import socketio
from forum.realtime.registry import make_registry


def init_realtime(app: Flask) -> None:
    from forum.realtime import handlers

    origins = app.config["SOCKETIO_ORIGINS"] or None  # None: the site's own origin only
    socketio.init_app(
        app,
        async_mode="threading",
        message_queue=app.config["REDIS_URL"],
        channel=app.config["SOCKETIO_CHANNEL"],
        cors_allowed_origins=origins,
        # Clients send small JSON messages only; anything larger is refused by the server.
        max_http_buffer_size=16 * 1024,
        ping_interval=20,
        ping_timeout=20,
    )
    app.extensions["horizonte_registry"] = make_registry(app.config["REDIS_URL"])
    outbox.register_sender("sockets.revoke", lambda args: handlers.revoke_sockets(*args))
