"""Retry policy: our Poster against slack_sdk's own async retry handlers, on scripted failures.

A local stand-in on 127.0.0.1 answers chat.postMessage and a response_url with a script of
failures (429 with various Retry-After values, 500/502/504, a dropped connection), then 200.
Each scenario runs twice at once, on its own paths: (a) through bot.slack.poster.Poster as the
bot uses it, (b) through a plain AsyncWebClient / AsyncWebhookClient whose retry_handlers are
slack_sdk's AsyncConnectionErrorRetryHandler, AsyncRateLimitErrorRetryHandler and
AsyncServerErrorRetryHandler (BackoffRetryIntervalCalculator), each allowed as many retries as
the Poster's MAX_ATTEMPTS. The constraint both are held to: no retry starts later than
DELIVERY_SPAN (25 s) after the first attempt, since the event's claim goes stale at 45 s and
another worker then answers it. A call still unfinished after CAP seconds is reported as
"still waiting". One row per scenario: outcome, seconds, tries seen by the stand-in, and when
the last try started (seconds after the first).

Run:  uv run python benchmarks/retry_policy.py        (about 90 s)
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.slack import poster as poster_module
from bot.slack.poster import DELIVERY_SPAN, MAX_ATTEMPTS, Poster
from bot.store.events import STALE_CLAIM
from tests.fakes.scripted_http import Answer, StandIn, refuse

CAP = 30.0  # seconds: past the 25 s delivery span, short of the 45 s claim lease
HTTP_DATE = "Wed, 21 Oct 2015 07:28:00 GMT"


# --- the two sides --------------------------------------------------------------------------------


@dataclass
class Result:
    outcome: str
    seconds: float
    tries: int = 0
    last_try: float = 0.0


class _Failures(logging.Handler):
    """Collects the Poster's slack.delivery_failed records (it logs instead of raising)."""

    def __init__(self):
        super().__init__()
        self.errors: list[str] = []

    def emit(self, record):
        if record.getMessage() == "slack.delivery_failed":
            self.errors.append(getattr(record, "error", "?"))


def ours(stand_in: StandIn, run: str, webhook: bool, span: float) -> Result:
    failures = _Failures()
    logger = logging.getLogger(poster_module.__name__)
    logger.addHandler(failures)
    logger.propagate = False
    try:
        poster = Poster(f"{stand_in.url}/{run}/api/", delivery_span=span)
        poster.start()
        sent = threading.Event()
        started = time.monotonic()
        if webhook:
            poster.webhook(f"{stand_in.url}/{run}/hook", {"text": "hi"}, lambda _: sent.set())
        else:
            poster.api(
                "chat.postMessage",
                "xoxb-bench",
                {"channel": "C1", "text": "hi"},
                lambda _: sent.set(),
            )
        finished = poster.drain(timeout=CAP)
        seconds = time.monotonic() - started
        if not finished:
            outcome = f"still waiting at {CAP:.0f} s"
        elif sent.is_set():
            outcome = "sent"
        else:
            outcome = f"gave up: {', '.join(failures.errors) or '?'}"
        return Result(outcome, seconds)
    finally:
        logger.removeHandler(failures)


def slack_sdk_handlers() -> list:
    retries = MAX_ATTEMPTS - 1  # the handlers share one attempt counter: 10 tries in all
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=retries),
        AsyncRateLimitErrorRetryHandler(max_retry_count=retries),
        AsyncServerErrorRetryHandler(
            max_retry_count=retries,
            interval_calculator=BackoffRetryIntervalCalculator(backoff_factor=0.5),
        ),
    ]


async def theirs(stand_in: StandIn, run: str, webhook: bool) -> Result:
    started = time.monotonic()
    try:
        if webhook:
            client = AsyncWebhookClient(
                f"{stand_in.url}/{run}/hook", timeout=15, retry_handlers=slack_sdk_handlers()
            )
            response = await asyncio.wait_for(client.send_dict({"text": "hi"}), CAP)
            outcome = "sent" if response.status_code == 200 else f"returned {response.status_code}"
        else:
            client = AsyncWebClient(
                base_url=f"{stand_in.url}/{run}/api/",
                timeout=15,
                retry_handlers=slack_sdk_handlers(),
            )
            await asyncio.wait_for(
                client.api_call(
                    "chat.postMessage", json={"channel": "C1", "text": "hi", "token": "xoxb-bench"}
                ),
                CAP,
            )
            outcome = "sent"
    except TimeoutError as exc:
        waited = time.monotonic() - started >= CAP
        outcome = f"still waiting at {CAP:.0f} s" if waited else f"raised {type(exc).__name__}"
    except SlackApiError as exc:
        outcome = f"raised SlackApiError {exc.response.status_code}"
    except Exception as exc:
        outcome = f"raised {type(exc).__name__}"
    return Result(outcome, time.monotonic() - started)


# --- the scenarios --------------------------------------------------------------------------------

DROP = Answer(drop_after=0.0)

SCENARIOS: list[tuple[str, list[Answer | None], bool, float]] = [
    # name, script, on a response_url?, the Poster's delivery span
    ("429 Retry-After: 1, then 200", [refuse(429, "1")], False, DELIVERY_SPAN),
    ("429 Retry-After: 120, then 200", [refuse(429, "120")], False, DELIVERY_SPAN),
    ("429 Retry-After: <HTTP date>, then 200", [refuse(429, HTTP_DATE)], False, DELIVERY_SPAN),
    ('429 Retry-After: "1.5", then 200', [refuse(429, "1.5")], False, DELIVERY_SPAN),
    ("500, then 200", [refuse(500)], False, DELIVERY_SPAN),
    ("502, then 200", [refuse(502)], False, DELIVERY_SPAN),
    ("504, then 200", [refuse(504)], False, DELIVERY_SPAN),
    ("500 forever", [refuse(500), None], False, DELIVERY_SPAN),
    ("connection dropped, then 200", [DROP], False, DELIVERY_SPAN),
    (
        # At full scale: the try at 15.5 s hangs ~14 s (TIMEOUT is 15 s) and is dropped; an
        # in-place retry would then start at ~30 s and could answer after the 45 s lease.
        "500; dropped after 2.8 s; 200 (span 3 s)",
        [refuse(500), Answer(drop_after=2.8)],
        False,
        3.0,
    ),
    ("response_url 429 Retry-After: 1, then 200", [refuse(429, "1")], True, DELIVERY_SPAN),
    ("response_url 502, then 200", [refuse(502)], True, DELIVERY_SPAN),
]


def _cell(result: Result) -> str:
    return (
        f"{result.outcome:<31} {result.seconds:5.1f} s  "
        f"{result.tries:>2} tries, last at {result.last_try:4.1f} s"
    )


async def main() -> None:
    stand_in = StandIn()
    print(
        f"DELIVERY_SPAN {DELIVERY_SPAN:.0f} s, claim lease {STALE_CLAIM.total_seconds():.0f} s, "
        f"MAX_ATTEMPTS {MAX_ATTEMPTS}, cap {CAP:.0f} s; slack_sdk handlers: max_retry_count "
        f"{MAX_ATTEMPTS - 1}, BackoffRetryIntervalCalculator(backoff_factor=0.5)\n"
    )
    header = f"{'outcome':<31} {'time':>7}  tries"
    print(f"{'':<44} | {'ours: bot.slack.poster.Poster':<66} | slack_sdk's retry handlers")
    print(f"{'scenario':<44} | {header:<66} | {header}")
    print("-" * 170)
    for n, (name, script, webhook, span) in enumerate(SCENARIOS):
        stand_in.script(f"s{n}-ours", script)
        stand_in.script(f"s{n}-sdk", script)
        mine, sdk = await asyncio.gather(
            asyncio.to_thread(ours, stand_in, f"s{n}-ours", webhook, span),
            theirs(stand_in, f"s{n}-sdk", webhook),
        )
        mine.tries, mine.last_try = stand_in.seen(f"s{n}-ours")
        sdk.tries, sdk.last_try = stand_in.seen(f"s{n}-sdk")
        print(f"{name:<44} | {_cell(mine):<66} | {_cell(sdk)}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
