"""Turns at SQLite's single writer, across threads and processes, without its busy sleeps.

SQLite lets one connection write at a time; another that finds the file locked sleeps and tries
again, in steps that grow to 100 ms. Two gunicorn workers that both keep writing then starve each
other for hundreds of milliseconds. Waiting instead on a blocking flock on a file beside the
database wakes the next writer as soon as the lock is free.
"""

from __future__ import annotations

import os
import threading

try:
    import fcntl
except ImportError:  # Windows: threads take turns; processes fall back on SQLite's busy wait
    fcntl = None


class WriterTurns:
    def __init__(self, database_path: str | None):
        self._threads = threading.Lock()
        self._path = f"{database_path}.writer-lock" if database_path and fcntl else None
        self._descriptor: int | None = None
        self._owner_pid: int | None = None

    def __enter__(self) -> None:
        self._threads.acquire()
        if self._path is None:
            return
        try:
            fcntl.flock(self._file(), fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise

    def __exit__(self, *exc_info) -> None:
        try:
            if self._path is not None:
                fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def _file(self) -> int:
        # A descriptor inherited across a fork shares its lock with the parent's: each process
        # opens its own.
        if self._owner_pid != os.getpid():
            self._descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            self._owner_pid = os.getpid()
        return self._descriptor
