"""gunicorn settings for Horizonte (README.md, Production): `gunicorn -c gunicorn.conf.py wsgi:app`.

One gthread worker per process (Socket.IO keeps each connection's state in the process that
accepted it); every open WebSocket holds one of its threads, page requests share the rest. The
command line overrides any of these (`--threads 200`), and the database pool follows the final
thread count: `on_starting` exports SERVER_THREADS, from which forum.database sizes the pool
(unless DATABASE_POOL_SIZE is set) when the worker loads the application.
"""

import os

worker_class = "gthread"
workers = 1
# Above SOCKETIO_MAX_CONNECTIONS (900) with room for page requests; threads start only when needed.
threads = 1000
worker_connections = 1100
# One JSON object a request on standard output, with its X-Request-Id (forum/logs.py); the
# application's own lines go to standard error (LOG_FORMAT). ACCESS_LOG="" turns it off.
accesslog = os.environ.get("ACCESS_LOG", "-") or None
logger_class = "forum.logs.GunicornLogger"


def on_starting(server) -> None:
    os.environ["SERVER_THREADS"] = str(server.cfg.threads)
