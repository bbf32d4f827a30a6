"""Listening to a Redis pub/sub channel through Redis restarts and outages.

python-socketio's own listener waits up to a minute between attempts once Redis is away, and
nothing tells the application when it is back, although everything published meanwhile was lost.
`listen` retries every half second, notices a silent server (the health check PINGs an idle
connection), and calls `on_recovered` once subscribed again after a failure, so the caller can
make good what was lost (forum.realtime.server re-syncs its clients, forum.realtime.control
re-checks its sockets).
"""

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import redis

log = logging.getLogger(__name__)

RETRY_SECONDS = 0.5
POLL_SECONDS = 1.0
# For every client that talks to this Redis: a server that is away fails fast, one that hangs is
# noticed by the health check instead of blocking a thread forever.
CLIENT_OPTIONS: dict[str, Any] = {"socket_connect_timeout": 1.0, "socket_timeout": 2.0, "health_check_interval": 5}


def listen(open_pubsub: Callable[[], Any], channel: str, *,
           on_recovered: Callable[[], None] = lambda: None) -> Iterator[dict[str, Any]]:
    """The messages published on `channel`, forever; `open_pubsub()` gives a new PubSub object."""
    failing = False
    while True:
        pubsub = None
        try:
            pubsub = open_pubsub()
            pubsub.subscribe(channel)
            if failing:
                failing = False
                log.info("subscribed to %s again", channel)
                on_recovered()
            while True:
                message = pubsub.get_message(timeout=POLL_SECONDS)
                if message is not None:
                    yield message
        except (redis.RedisError, OSError) as error:
            if not failing:
                log.warning("lost the subscription to %s (%s); retrying every %s s", channel, error, RETRY_SECONDS)
            failing = True
        finally:
            if pubsub is not None:
                with contextlib.suppress(redis.RedisError, OSError):
                    pubsub.close()
        time.sleep(RETRY_SECONDS)
