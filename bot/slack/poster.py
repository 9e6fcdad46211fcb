"""Deliver to Slack from one event loop per process, over kept-alive connections, with retries.

Listener threads do the reading and deciding and hand every Web API call and response_url post
here, so waiting on Slack (tens to hundreds of milliseconds from a real host) never holds up the
next event. One event-loop thread makes the calls with slack_sdk's async clients over a single
aiohttp session: connections (and, against the real Slack, TLS sessions) are reused instead of
opened per reply, and a thousand replies in flight cost no more threads than one. A failed call
waits on the loop, not in a thread: Retry-After for a 429, exponential back-off (slack_sdk's
BackoffRetryIntervalCalculator) for a 5xx or a dropped connection.

The retry decisions stay ours, not slack_sdk's retry handlers: benchmarks/retry_policy.py measured
those waiting out a 429's Retry-After: 120 past the 25 s span, raising ValueError on a Retry-After
of "1.5" or an HTTP date, not retrying a 502 or 504, and retrying a dropped connection in place
after the span (so the clients get no retry handlers, and every try passes the span check here).
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

log = logging.getLogger(__name__)

# Attempts before a delivery is given up (and logged as lost): enough to outlast a burst of 429s.
MAX_ATTEMPTS = 10
# No retry starts later than this after the first attempt, so the last one ends (TIMEOUT) before
# the event's claim goes stale (bot/store/events.py STALE_CLAIM, 45 s): until then a redelivery stays
# silent, after it a redelivery answers instead; never both.
DELIVERY_SPAN = 25.0
# Before the next try after a 5xx or a connection error: 0.5 s doubling, plus up to 1 s of jitter
# (so replies refused together do not come back together); the span bounds the sum.
BACKOFF = BackoffRetryIntervalCalculator(backoff_factor=0.5)
# Deliveries accepted and not yet done (in flight, or waiting to retry) before deliver() waits:
# a stalled Slack then slows the acks instead of filling memory with unsent replies.
UNSENT_LIMIT = 256
# Connections to Slack kept open at once; a reply takes one for a round trip.
CONNECTIONS = 32
TIMEOUT = 15
# On shutdown, deliveries already accepted get this long to finish (gunicorn's graceful timeout
# is 10 s).
DRAIN_SECONDS = 8.0


class Retry(Exception):
    """Raised by a delivery to ask for another attempt after `delay` seconds (None: back off)."""

    def __init__(self, reason: str, delay: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.delay = delay


# Slack's Retry-After is a few seconds; a larger or unreadable one is not believed.
MAX_RETRY_AFTER = 60.0
DEFAULT_RETRY_AFTER = 1.0


def retry_after(value) -> float:
    """Seconds to wait from a Retry-After header: capped, and 1 s when it is missing, an HTTP
    date, negative, NaN or otherwise not a number of seconds."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER
    if not 0 <= seconds < float("inf"):
        return DEFAULT_RETRY_AFTER
    return min(seconds, MAX_RETRY_AFTER)


def classify_failure(exc: Exception) -> Retry | None:
    """Which failures are worth retrying, and when."""
    if isinstance(exc, Retry):
        return exc
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        if status == 429:
            return Retry("ratelimited", retry_after(exc.response.headers.get("retry-after")))
        if status >= 500:
            return Retry(f"http_{status}")
        return None  # a 4xx other than 429 will fail the same way next time
    if isinstance(exc, aiohttp.ClientError | ConnectionError | TimeoutError):
        return Retry(type(exc).__name__)
    return None


class Poster:
    """Hands deliveries to the process's posting loop, started on first use (so after a fork)."""

    def __init__(
        self,
        api_url: str = "https://slack.com/api/",
        unsent_limit: int = UNSENT_LIMIT,
        delivery_span: float = DELIVERY_SPAN,
    ):
        self.api_url = api_url
        self.delivery_span = delivery_span
        self._slots = threading.BoundedSemaphore(unsent_limit)
        self._unfinished = 0  # accepted and not yet done, on_done callbacks included
        self._idle = threading.Condition()
        self._started = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid: int | None = None  # the process the loop runs in
        self._session: aiohttp.ClientSession | None = None
        self._client: AsyncWebClient | None = None
        # on_done callbacks touch the database or deliver again, which may wait: never on the loop.
        self._callbacks: queue.SimpleQueue = queue.SimpleQueue()

    # --- what listeners call --------------------------------------------------------------------

    def api(self, method: str, token: str | None, arguments: dict[str, Any], on_done=None) -> None:
        """Call a Web API method (chat.postMessage, chat.update, views.publish) with this token."""

        def call() -> Awaitable:
            return self._client.api_call(method, json={**arguments, "token": token})

        self.deliver(method, call, on_done)

    def webhook(self, url: str, payload: dict[str, Any], on_done=None) -> None:
        """POST to a response_url (slash commands, shortcuts, buttons), with the same retries."""

        async def call():
            response = await AsyncWebhookClient(
                url, timeout=TIMEOUT, session=self._session, retry_handlers=[]
            ).send_dict(payload)
            if response.status_code == 429:
                raise Retry("ratelimited", retry_after(response.headers.get("retry-after")))
            if response.status_code >= 500:
                raise Retry(f"http_{response.status_code}")
            if response.status_code >= 400:
                raise RuntimeError(f"response_url answered {response.status_code}")
            return response

        self.deliver("response_url", call, on_done)

    def deliver(self, name: str, call: Callable[[], Awaitable], on_done=None) -> None:
        """Queue `call` (a coroutine factory) on the loop; wait only while UNSENT_LIMIT are unsent."""
        loop = self.start()
        self._slots.acquire()
        with self._idle:
            self._unfinished += 1
        asyncio.run_coroutine_threadsafe(self._attempts(name, call, on_done), loop)

    # --- the loop ---------------------------------------------------------------------------------

    async def _attempts(self, name: str, call: Callable[[], Awaitable], on_done) -> None:
        handed_on = False  # to the callback thread, which then counts this delivery done
        first = time.monotonic()
        try:
            for attempt in range(1, MAX_ATTEMPTS + 1):
                try:
                    result = await call()
                except Exception as exc:
                    retry = classify_failure(exc)
                    if retry is None or attempt == MAX_ATTEMPTS:
                        log.error(
                            "slack.delivery_failed",
                            extra={"call": name, "attempt": attempt, "error": type(exc).__name__},
                        )
                        return
                    delay = retry.delay
                    if delay is None:
                        delay = BACKOFF.calculate_sleep_duration(attempt - 1)
                    if time.monotonic() + delay - first > self.delivery_span:
                        log.error(
                            "slack.delivery_failed",
                            extra={"call": name, "attempt": attempt, "error": "span_exhausted"},
                        )
                        return
                    log.warning(
                        "slack.retry_scheduled",
                        extra={
                            "call": name,
                            "attempt": attempt,
                            "reason": retry.reason,
                            "delay": delay,
                        },
                    )
                    await asyncio.sleep(delay)
                    continue
                if on_done is not None:
                    self._callbacks.put((on_done, result))
                    handed_on = True
                return
        finally:
            self._slots.release()
            if not handed_on:
                self._done()

    def _done(self) -> None:
        with self._idle:
            self._unfinished -= 1
            self._idle.notify_all()

    def _run_callbacks(self) -> None:
        while True:
            on_done, result = self._callbacks.get()
            try:
                on_done(result)
            except Exception:
                log.exception("slack.after_delivery_failed")
            finally:
                self._done()

    def start(self) -> asyncio.AbstractEventLoop:
        """Start this process's posting loop if it is not running (after a fork: threads and
        connections do not survive one)."""
        with self._started:
            if self._loop is None or self._pid != os.getpid():
                self._client = None
                loop = asyncio.new_event_loop()
                ready = threading.Event()
                threading.Thread(
                    target=self._serve, args=(loop, ready), name="poster", daemon=True
                ).start()
                threading.Thread(
                    target=self._run_callbacks, name="poster-done", daemon=True
                ).start()
                ready.wait()
                if self._client is None:
                    raise RuntimeError("the posting loop did not start; see the log")
                self._loop, self._pid = loop, os.getpid()
            return self._loop

    def _serve(self, loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
        asyncio.set_event_loop(loop)

        async def open_session():
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=CONNECTIONS),
                timeout=aiohttp.ClientTimeout(total=TIMEOUT),
            )
            self._client = AsyncWebClient(
                base_url=self.api_url,
                session=self._session,
                timeout=TIMEOUT,
                # Every retry is _attempts' (see the module docstring), dropped connections
                # included: slack_sdk's default in-place retry of those ignores DELIVERY_SPAN.
                retry_handlers=[],
                logger=logging.getLogger("slack_sdk.web"),
            )

        try:
            loop.run_until_complete(open_session())
        finally:
            ready.set()
        loop.run_forever()

    def drain(self, timeout: float = DRAIN_SECONDS) -> bool:
        """Wait for accepted deliveries to finish (called at exit: a graceful stop loses none)."""
        with self._idle:
            if self._idle.wait_for(lambda: self._unfinished == 0, timeout):
                return True
            log.error("slack.unsent_at_exit", extra={"unsent": self._unfinished})
            return False
