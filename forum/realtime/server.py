"""Socket.IO bound to the application.

Threading async mode (simple-websocket for WebSocket): no monkey-patching, works under
`flask run` and gunicorn's gthread worker. With REDIS_URL, events go through Redis so every
server process delivers them to its own clients; when Redis is away, each process still delivers
its own events, and its clients re-sync once Redis is back (`_RedisManager`).
"""

import socketio as python_socketio
from flask import Flask, current_app

from forum import outbox
from forum.extensions import socketio
from forum.realtime import redis_channel
from forum.realtime.control import SocketGuard
from forum.realtime.events import SOCKET_CHECK
from forum.realtime.registry import Presence


class _RedisManager(python_socketio.RedisManager):
    """python-socketio's Redis manager with a listener that reconnects within a second and, once
    subscribed again, tells this process's clients to join again with the last post they have: the
    events other processes sent meanwhile never reached them, and a join replays them from the
    database (forum.realtime.handlers._catch_up)."""

    def _redis_listen_with_retries(self):
        def open_pubsub():
            self._redis_connect()
            return self.pubsub

        return redis_channel.listen(open_pubsub, self.channel, on_recovered=self._resync_clients)

    def _resync_clients(self) -> None:
        self.emit("resync", {}, namespace="/", ignore_queue=True)


def init_realtime(app: Flask) -> None:
    from forum.realtime import handlers  # noqa: F401  registers the handlers

    origins = app.config["SOCKETIO_ORIGINS"] or None  # None: the site's own origin only
    redis_url = app.config["REDIS_URL"]
    channel = app.config["SOCKETIO_CHANNEL"]
    options = {}
    if redis_url:
        options["client_manager"] = _RedisManager(redis_url, channel=channel,
                                                  redis_options=dict(redis_channel.CLIENT_OPTIONS))
    socketio.init_app(
        app,
        async_mode="threading",
        cors_allowed_origins=origins,
        # Clients send small JSON messages only; anything larger is refused by the server.
        max_http_buffer_size=16 * 1024,
        ping_interval=20,
        ping_timeout=20,
        **options,
    )
    app.extensions["horizonte_presence"] = Presence(redis_url)
    guard = SocketGuard(app, redis_url=redis_url, channel=channel, interval=app.config["SOCKET_RECHECK_SECONDS"])
    app.extensions["horizonte_socket_guard"] = guard
    outbox.register_sender(SOCKET_CHECK, _recheck_user)


def _recheck_user(user_id: int | None) -> None:
    current_app.extensions["horizonte_socket_guard"].recheck_user(user_id)
