"""A thread pool with a bounded queue, so that overload slows acknowledgements, not replies.

Bolt acknowledges an event and hands the listener to a pool. With an unbounded queue, a burst is
acknowledged at once and then answered ever later: the replies queue, unseen, in memory. Here
handing over waits while the pool is full, so the acknowledgement waits with it: Slack's senders
see the real pace, replies stay prompt, and nothing piles up in a process that could die.
Bolt's listener pool is built from it (see bot/slack/app.py).
"""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor


class BoundedExecutor(ThreadPoolExecutor):
    """A ThreadPoolExecutor whose submit waits, first come first served, while `limit` tasks are
    queued or running.

    A finishing task hands its slot straight to the longest waiter. (With a plain semaphore a
    newcomer can take the slot from the waiter just woken, which then waits again: under load a
    few events wait far longer than the rest.)
    """

    def __init__(self, threads: int, limit: int | None = None, name: str = "pool"):
        super().__init__(max_workers=threads, thread_name_prefix=name)
        self._free = limit or threads
        self._waiting: deque[threading.Lock] = deque()
        self._lock = threading.Lock()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                turn = None
            else:
                turn = threading.Lock()
                turn.acquire()
                self._waiting.append(turn)
        if turn is not None:
            turn.acquire()  # released by _done when this submitter's slot is handed over
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._done()
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future | None = None) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().release()
            else:
                self._free += 1
