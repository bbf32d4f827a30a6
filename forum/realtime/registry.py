"""Who is connected and who is reading which thread, shared by every server process.

In memory for a single process; in Redis when REDIS_URL is set, so presence counts and "end this
user's sockets" work across processes. Entries of a process that dies stay until their key
expires (PRESENCE_TTL), so counts heal by themselves.
"""

import threading
from collections import defaultdict
from typing import Protocol

PRESENCE_TTL = 6 * 3600


class Registry(Protocol):
    def connect(self, sid: str, user_id: int | None, tag: str) -> None: ...
    def disconnect(self, sid: str) -> list[str]: ...
    def join(self, sid: str, room: str, name: str) -> None: ...
    def leave(self, sid: str, room: str) -> None: ...
    def viewers(self, room: str) -> tuple[int, list[str]]: ...
    def sids_of_user(self, user_id: int, tag: str | None = None) -> list[str]: ...


class MemoryRegistry:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rooms: dict[str, dict[str, str]] = defaultdict(dict)
        self._sid_rooms: dict[str, set[str]] = defaultdict(set)
        self._users: dict[int, dict[str, str]] = defaultdict(dict)
        self._sid_user: dict[str, int] = {}

    def connect(self, sid: str, user_id: int | None, tag: str) -> None:
        with self._lock:
            if user_id is not None:
                self._users[user_id][sid] = tag
                self._sid_user[sid] = user_id

    def disconnect(self, sid: str) -> list[str]:
        with self._lock:
            rooms = sorted(self._sid_rooms.pop(sid, set()))
            for room in rooms:
                self._rooms[room].pop(sid, None)
            user_id = self._sid_user.pop(sid, None)
            if user_id is not None:
                self._users[user_id].pop(sid, None)
            return rooms

    def join(self, sid: str, room: str, name: str) -> None:
        with self._lock:
            self._rooms[room][sid] = name
            self._sid_rooms[sid].add(room)

    def leave(self, sid: str, room: str) -> None:
        with self._lock:
            self._rooms[room].pop(sid, None)
            self._sid_rooms[sid].discard(room)

    def viewers(self, room: str) -> tuple[int, list[str]]:
        with self._lock:
            names = self._rooms.get(room, {})
            return len(names), sorted({n for n in names.values() if n})

    def sids_of_user(self, user_id: int, tag: str | None = None) -> list[str]:
        with self._lock:
            return sorted(sid for sid, t in self._users.get(user_id, {}).items() if _matches(t, tag))


class RedisRegistry:
    def __init__(self, url: str, prefix: str = "horizonte:rt:") -> None:
        import redis

        self._redis = redis.Redis.from_url(url, decode_responses=True)
        self._p = prefix

    def connect(self, sid: str, user_id: int | None, tag: str) -> None:
        if user_id is None:
            return
        pipe = self._redis.pipeline()
        pipe.hset(f"{self._p}user:{user_id}", sid, tag)
        pipe.expire(f"{self._p}user:{user_id}", PRESENCE_TTL)
        pipe.set(f"{self._p}sid-user:{sid}", user_id, ex=PRESENCE_TTL)
        pipe.execute()

    def disconnect(self, sid: str) -> list[str]:
        rooms = sorted(self._redis.smembers(f"{self._p}sid:{sid}"))
        user_id = self._redis.get(f"{self._p}sid-user:{sid}")
        pipe = self._redis.pipeline()
        for room in rooms:
            pipe.hdel(f"{self._p}room:{room}", sid)
        pipe.delete(f"{self._p}sid:{sid}", f"{self._p}sid-user:{sid}")
        if user_id is not None:
            pipe.hdel(f"{self._p}user:{user_id}", sid)
        pipe.execute()
        return rooms

    def join(self, sid: str, room: str, name: str) -> None:
        pipe = self._redis.pipeline()
        pipe.hset(f"{self._p}room:{room}", sid, name)
        pipe.expire(f"{self._p}room:{room}", PRESENCE_TTL)
        pipe.sadd(f"{self._p}sid:{sid}", room)
        pipe.expire(f"{self._p}sid:{sid}", PRESENCE_TTL)
        pipe.execute()

    def leave(self, sid: str, room: str) -> None:
        pipe = self._redis.pipeline()
        pipe.hdel(f"{self._p}room:{room}", sid)
        pipe.srem(f"{self._p}sid:{sid}", room)
        pipe.execute()

    def viewers(self, room: str) -> tuple[int, list[str]]:
        names = self._redis.hvals(f"{self._p}room:{room}")
        return len(names), sorted({n for n in names if n})

    def sids_of_user(self, user_id: int, tag: str | None = None) -> list[str]:
        sids = self._redis.hgetall(f"{self._p}user:{user_id}")
        return sorted(sid for sid, t in sids.items() if _matches(t, tag))


def _matches(socket_tag: str, wanted: str | None) -> bool:
    """`wanted` None means every login-session socket, "token:*" every API-token socket."""
    if wanted is None:
        return not socket_tag.startswith("token:")
    if wanted == "token:*":
        return socket_tag.startswith("token:")
    return socket_tag == wanted


def make_registry(redis_url: str | None) -> Registry:
    return RedisRegistry(redis_url) if redis_url else MemoryRegistry()
