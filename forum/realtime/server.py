"""Socket.IO bound to the application (the handlers arrive with the real-time issue)."""

from flask import Flask

from forum.extensions import socketio


def init_realtime(app: Flask) -> None:
    origins = app.config["SOCKETIO_ORIGINS"] or None  # None: same origin only
    socketio.init_app(
        app,
        async_mode="threading",
        message_queue=app.config["REDIS_URL"],
        cors_allowed_origins=origins,
        max_http_buffer_size=16 * 1024,
    )
