"""One background thread per kind of side work, so requests never wait for it.

The outbox hands what a commit queued (Socket.IO events, mail) to a `BackgroundWorker`; its one
daemon thread handles the items in the order they came. Requests then neither wait for slow work
(an emit to 500 readers, an SMTP conversation) nor take a second pooled connection for it: a
request holding one connection while waiting for another deadlocks the pool as soon as threads
outnumber connections (issue #16: 16 posting clients stalled for 30 s against SQLAlchemy's 5 + 10).
"""

import atexit
import logging
import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class BackgroundWorker(Generic[T]):
    """Runs `handle(item)` for every submitted item on one daemon thread, in submission order.

    The thread starts with the first item (so a forked server process starts its own), and a
    failing item is logged without stopping the ones after it. At exit the interpreter waits a
    few seconds for what is queued (a CLI command that commits just before it returns).
    """

    def __init__(self, name: str, handle: Callable[[T], None], *, exit_timeout: float = 5.0) -> None:
        self.name = name
        self._handle = handle
        self._queue: queue.SimpleQueue[T] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._idle = threading.Condition()
        self._unfinished = 0
        atexit.register(self.flush, exit_timeout)

    def submit(self, item: T) -> None:
        with self._idle:
            self._unfinished += 1
        self._queue.put(item)
        if self._thread is None or not self._thread.is_alive():
            with self._start_lock:
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                self._handle(item)
            except Exception:
                log.exception("%s: handling %r failed", self.name, item)
            finally:
                with self._idle:
                    self._unfinished -= 1
                    self._idle.notify_all()

    @property
    def pending(self) -> int:
        """Items submitted and not finished yet (forum.metrics' queue depths)."""
        return self._unfinished

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything submitted so far was handled (tests, shutdown); False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._unfinished == 0, timeout)
