"""Deliver replies to Slack on a pool of their own, retrying rate limits and outages.

Listener threads do the reading and deciding; waiting on the Web API (tens to hundreds of
milliseconds from a real host) happens here, so a slow or rate-limited Slack never holds up the
next event. A failed call is rescheduled, not slept on: after Retry-After for a 429, with
exponential back-off for a 5xx or a dropped connection.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.error import URLError

from slack_sdk.errors import SlackApiError

from bot.bounded_pool import BoundedExecutor

log = logging.getLogger(__name__)

# Attempts before a reply is given up (and logged as lost): enough to outlast a burst of 429s
# and a few minutes of Slack being unavailable.
MAX_ATTEMPTS = 10
BACKOFF_START = 0.5
BACKOFF_CAP = 60.0
# Calls in flight at once, and calls accepted before deliver() waits: enough to keep up with
# Slack's latency at full load, bounded so that a stalled Slack slows the acks instead of
# filling memory with unsent replies.
POSTING_THREADS = 32
POSTING_QUEUE = 48


class Retry(Exception):
    """Raised by a delivery to ask for another attempt after `delay` seconds (None: back off)."""

    def __init__(self, reason: str, delay: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.delay = delay


def classify_failure(exc: Exception) -> Retry | None:
    """Which failures are worth retrying, and when."""
    if isinstance(exc, Retry):
        return exc
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        if status == 429:
            return Retry("ratelimited", float(exc.response.headers.get("retry-after", 1) or 1))
        if status >= 500:
            return Retry(f"http_{status}")
        return None  # a 4xx other than 429 will fail the same way next time
    if isinstance(exc, URLError | ConnectionError | TimeoutError):
        return Retry(type(exc).__name__)
    return None


@dataclass(order=True)
class _Job:
    due: float
    seq: int
    name: str = field(compare=False)
    call: Callable[[], Any] = field(compare=False)
    on_done: Callable[[Any], None] | None = field(compare=False)
    attempt: int = field(compare=False, default=1)


class Poster:
    def __init__(self, threads: int = POSTING_THREADS, queue: int = POSTING_QUEUE):
        self._heap: list[_Job] = []
        self._seq = itertools.count()
        self._wake = threading.Condition()
        self._pool = BoundedExecutor(threads, queue, name="poster")
        self._thread: threading.Thread | None = None

    def deliver(self, name: str, call: Callable[[], Any], on_done=None) -> None:
        """Hand the call to the posting pool (waiting only while it is full) and return."""
        self._pool.submit(self._attempt, _Job(0.0, next(self._seq), name, call, on_done))

    def _attempt(self, job: _Job) -> None:
        try:
            result = job.call()
        except Exception as exc:
            retry = classify_failure(exc)
            if retry is None or job.attempt >= MAX_ATTEMPTS:
                log.error(
                    "slack.delivery_failed",
                    extra={"call": job.name, "attempt": job.attempt, "error": type(exc).__name__},
                )
                return
            delay = retry.delay
            if delay is None:
                delay = min(BACKOFF_CAP, BACKOFF_START * 2 ** (job.attempt - 1))
            log.warning(
                "slack.retry_scheduled",
                extra={
                    "call": job.name,
                    "attempt": job.attempt,
                    "reason": retry.reason,
                    "delay": delay,
                },
            )
            job.attempt += 1
            job.due = time.monotonic() + delay
            self._schedule(job)
            return
        if job.on_done is not None:
            job.on_done(result)

    def _schedule(self, job: _Job) -> None:
        with self._wake:
            heapq.heappush(self._heap, job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="poster-timer", daemon=True)
                self._thread.start()
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._heap or self._heap[0].due > time.monotonic():
                    timeout = self._heap[0].due - time.monotonic() if self._heap else None
                    self._wake.wait(timeout)
                job = heapq.heappop(self._heap)
            self._pool.submit(self._attempt, job)
