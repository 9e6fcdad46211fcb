"""Group commit: one thread per process writes whatever is queued in a single transaction.

Every answered event writes three times (claim, verdict, answered). Done by each listener thread in
its own transaction, those writes queue for SQLite's one writer, and a thread holding the lock
while it waits for the GIL makes every other writer wait too. Here the writes are queued to one
thread that takes all that is waiting and commits it at once: under load a transaction carries
many writes, and nobody but that thread waits on the database lock.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)

Write = Callable[[Connection], Any]
# Writes committed together at most; enough to drain a burst, small enough to keep each
# transaction (and the lock it holds) short.
MAX_BATCH = 64


class GroupCommit:
    def __init__(self, begin: Callable[[], AbstractContextManager[Connection]], name: str = "db"):
        self._begin = begin
        self._name = name
        self._queue: queue.SimpleQueue[tuple[Write, Future]] = queue.SimpleQueue()
        # Writes queued and writes done (committed or failed), both counted in queue order.
        self._queued = 0
        self._done = 0
        self._progress = threading.Condition()
        self._started = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, write: Write) -> Future:
        """Queue `write(connection)`; the future holds its result once its transaction commits."""
        self._start()
        future: Future = Future()
        with self._progress:  # numbered and queued together, so the count follows the queue
            self._queued += 1
            self._queue.put((write, future))
        return future

    def submit_behind(self, write: Write, what: str) -> None:
        """Queue a write nobody waits for; a failure is logged as `store.write_failed`."""

        def report(future: Future) -> None:
            if future.exception() is not None:
                log.error(
                    "store.write_failed",
                    extra={"write": what, "error": type(future.exception()).__name__},
                )

        self.submit(write).add_done_callback(report)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every write queued before this call is committed (or has failed); later
        writes do not keep it waiting."""
        with self._progress:
            target = self._queued
            return self._progress.wait_for(lambda: self._done >= target, timeout)

    def _start(self) -> None:
        # Lazily, so that a process forked after building the store starts its own thread.
        with self._started:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                self._commit(batch)
            finally:
                with self._progress:
                    self._done += len(batch)
                    self._progress.notify_all()

    def _commit(self, batch: list[tuple[Write, Future]]) -> None:
        try:
            with self._begin() as connection:
                results = [write(connection) for write, _ in batch]
        except Exception as exc:
            if len(batch) == 1:
                batch[0][1].set_exception(exc)
                return
            # One failing write must not take the others down with it: each again, alone.
            for item in batch:
                self._commit([item])
            return
        for (_, future), result in zip(batch, results, strict=True):
            future.set_result(result)
