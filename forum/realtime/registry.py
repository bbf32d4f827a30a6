"""Who is reading which thread, for the "N reading" line.

Each process knows its own sockets, in memory: that is always right, and it is all that
revocation needs (forum.realtime.control checks a process's own sockets). With REDIS_URL the
entries are mirrored to Redis so every process counts the readers of all of them. Redis is a
cache here: when it fails, counts fall back to this process's readers and nothing raises; when it
comes back empty, `reassert` (run periodically) writes this process's entries again. Entries of a
process that dies stay until their key expires (PRESENCE_TTL).
"""

import logging
import threading
from collections import defaultdict

log = logging.getLogger(__name__)

PRESENCE_TTL = 6 * 3600
REDIS_TIMEOUT = 1.0  # seconds: a Redis that hangs must not hold a socket handler


class Presence:
    def __init__(self, redis_url: str | None = None, prefix: str = "horizonte:rt:") -> None:
        self._lock = threading.Lock()
        self._rooms: dict[str, dict[str, str]] = defaultdict(dict)
        self._sid_rooms: dict[str, set[str]] = defaultdict(set)
        self._p = prefix
        self._redis = None
        self._redis_failing = False
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(redis_url, decode_responses=True,
                                               socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT)

    # ---------- this process ----------

    def join(self, sid: str, room: str, name: str) -> None:
        with self._lock:
            self._rooms[room][sid] = name
            self._sid_rooms[sid].add(room)
        self._mirror(lambda pipe: self._add(pipe, room, sid, name))

    def leave(self, sid: str, room: str) -> None:
        with self._lock:
            self._rooms.get(room, {}).pop(sid, None)
            self._sid_rooms.get(sid, set()).discard(room)
        self._mirror(lambda pipe: pipe.hdel(self._key(room), sid))

    def disconnect(self, sid: str) -> list[str]:
        """Forget the socket; returns the rooms it was reading."""
        with self._lock:
            rooms = sorted(self._sid_rooms.pop(sid, set()))
            for room in rooms:
                readers = self._rooms.get(room)
                if readers is not None:
                    readers.pop(sid, None)
                    if not readers:
                        del self._rooms[room]
        if rooms:
            self._mirror(lambda pipe: [pipe.hdel(self._key(room), sid) for room in rooms])
        return rooms

    def viewers(self, room: str) -> tuple[int, list[str]]:
        """How many read the room and their names, across processes when Redis answers."""
        names: list[str] | None = None
        if self._redis is not None:
            names = self._try(lambda: self._redis.hvals(self._key(room)))
        if names is None:
            with self._lock:
                names = list(self._rooms.get(room, {}).values())
        return len(names), sorted({n for n in names if n})

    def reassert(self) -> None:
        """Write this process's entries to Redis again (a restarted Redis starts empty)."""
        if self._redis is None:
            return
        with self._lock:
            entries = [(room, sid, name) for room, readers in self._rooms.items() for sid, name in readers.items()]
        if entries:
            self._mirror(lambda pipe: [self._add(pipe, room, sid, name) for room, sid, name in entries])

    # ---------- the Redis mirror ----------

    def _key(self, room: str) -> str:
        return f"{self._p}room:{room}"

    def _add(self, pipe, room: str, sid: str, name: str) -> None:
        pipe.hset(self._key(room), sid, name)
        pipe.expire(self._key(room), PRESENCE_TTL)

    def _mirror(self, write) -> None:
        if self._redis is None:
            return

        def run():
            pipe = self._redis.pipeline()
            write(pipe)
            return pipe.execute()

        self._try(run)

    def _try(self, call):
        """`call()`'s result, or None when Redis fails (logged once per outage)."""
        import redis

        try:
            result = call()
        except redis.RedisError as error:
            if not self._redis_failing:
                log.warning("presence falls back to this process while Redis fails: %s", error)
            self._redis_failing = True
            return None
        if self._redis_failing:
            log.info("Redis answers again: presence is shared again")
            self._redis_failing = False
        return result
