"""The Poster against the local Slack stand-in: kept-alive connections, retries that wait on the
loop and hold up nothing, a bound on unsent deliveries, and nothing lost at a graceful stop."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.slack.poster import Poster, Retry
from tests.fakes.scripted_http import Answer, StandIn
from tests.fakes.slack_api import FakeSlack


@pytest.fixture
def fake():
    slack = FakeSlack().start()
    yield slack
    slack.stop()


def _post(poster: Poster, channel: str, done: list) -> None:
    poster.api(
        "chat.postMessage",
        "xoxb-test-token",
        {"channel": channel, "text": "hello"},
        lambda response: done.append((response["channel"], time.monotonic())),
    )


def _wait_for(done: list, count: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while len(done) < count and time.monotonic() < deadline:
        time.sleep(0.01)


def test_replies_reuse_connections(fake):
    poster = Poster(fake.url)
    done: list = []
    for n in range(40):
        _post(poster, f"C{n}", done)
    assert poster.drain(timeout=10)
    assert sorted(c for c, _ in done) == sorted(f"C{n}" for n in range(40))
    calls = fake.of("chat.postMessage")
    assert {c.token for c in calls} == {"xoxb-test-token"}
    assert fake.connections < 40  # a connection per reply would be 40


def test_a_rate_limited_reply_does_not_hold_up_the_others(fake):
    fake.fail("chat.postMessage", 429, retry_after=1)
    poster = Poster(fake.url)
    done: list = []
    _post(poster, "C-first", done)
    deadline = time.monotonic() + 5
    while not fake.calls and time.monotonic() < deadline:
        time.sleep(0.01)
    refused = fake.calls[0]
    assert (refused.body["channel"], refused.status) == ("C-first", 429)
    for n in range(10):
        _post(poster, f"C{n}", done)
    _wait_for(done, 11)
    channels = [channel for channel, _ in done]
    assert sorted(channels) == sorted(["C-first", *(f"C{n}" for n in range(10))])
    assert channels[-1] == "C-first"  # the 429 waited its Retry-After on the loop ...
    assert dict(done)["C-first"] - refused.at >= 1.0
    assert all(at - refused.at < 1.0 for channel, at in done if channel != "C-first")
    tries = [c.status for c in fake.calls if c.body.get("channel") == "C-first"]
    assert tries == [429, 200]  # ... and was tried once more


def test_a_server_error_is_retried_and_a_client_error_is_not(fake):
    fake.fail("chat.postMessage", 500)
    fake.fail("views.publish", 400)
    poster = Poster(fake.url)
    done: list = []
    _post(poster, "C1", done)
    poster.api("views.publish", "xoxb-test-token", {"user_id": "U1", "view": {}}, done.append)
    assert poster.drain(timeout=5)
    assert [channel for channel, _ in done] == ["C1"]
    assert [c.status for c in fake.calls if c.method == "chat.postMessage"] == [500, 200]
    assert [c.status for c in fake.calls if c.method == "views.publish"] == [400]


def test_deliver_waits_while_the_unsent_limit_is_reached():
    poster = Poster(unsent_limit=1)
    release = threading.Event()
    order: list[str] = []

    async def slow():
        while not release.is_set():
            await asyncio.sleep(0.01)
        order.append("slow")

    async def quick():
        order.append("quick")

    poster.deliver("slow", slow)
    second = threading.Thread(target=poster.deliver, args=("quick", quick), daemon=True)
    second.start()
    second.join(timeout=0.3)
    assert second.is_alive() and order == []  # the second delivery waits for a slot
    release.set()
    second.join(timeout=5)
    assert poster.drain(timeout=5)
    assert order == ["slow", "quick"]


def test_drain_waits_for_retries_and_their_callbacks():
    poster = Poster()
    attempts: list[float] = []
    recorded: list[str] = []

    async def flaky():
        attempts.append(time.monotonic())
        if len(attempts) == 1:
            raise Retry("ratelimited", 0.3)
        return "sent"

    poster.deliver("flaky", flaky, lambda result: (time.sleep(0.1), recorded.append(result)))
    assert poster.drain(timeout=5)
    assert recorded == ["sent"] and len(attempts) == 2
    assert attempts[1] - attempts[0] >= 0.3


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_worker_starts_its_own_loop(fake):
    import multiprocessing
    import os

    poster = Poster(fake.url)
    poster.start()  # running in the parent before the fork, as it never is under gunicorn

    def child():
        done: list = []
        _post(poster, f"CFORK{os.getpid()}", done)
        os._exit(0 if poster.drain(timeout=10) and done else 1)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join(timeout=30)
    assert process.exitcode == 0
    assert fake.wait_for("chat.postMessage", channel=f"CFORK{process.pid}")


def test_retries_end_before_the_claim_goes_stale():
    from bot.slack.poster import DELIVERY_SPAN, TIMEOUT
    from bot.store.events import STALE_CLAIM

    assert STALE_CLAIM.total_seconds() > DELIVERY_SPAN + TIMEOUT


def test_a_delivery_that_keeps_failing_gives_up_within_its_span(fake):
    fake.fail("chat.postMessage", 500, times=50)
    poster = Poster(fake.url, delivery_span=2.0)
    done: list = []
    started = time.monotonic()
    _post(poster, "C-down", done)
    assert poster.drain(timeout=10)
    assert done == []
    assert time.monotonic() - started < 2.0 + 1.0
    tries = [c for c in fake.calls if c.body.get("channel") == "C-down"]
    assert 2 <= len(tries) < 10
    with fake._lock:  # the stand-in is shared by the module: leave no refusals queued
        fake._failures.pop("chat.postMessage", None)


@pytest.mark.parametrize(("hang", "span", "sent"), [(0.0, 25.0, True), (1.5, 1.0, False)])
def test_a_dropped_connection_is_retried_only_within_the_span(hang, span, sent):
    stand_in = StandIn()
    stand_in.script("drop", [Answer(drop_after=hang)])  # the first connection dropped, then 200
    try:
        poster = Poster(f"{stand_in.url}/drop/api/", delivery_span=span)
        done: list = []
        _post(poster, "C1", done)
        assert poster.drain(timeout=10)
        assert bool(done) is sent
        # No try in place behind the span check (slack_sdk's connection retry handler would).
        assert len(stand_in.tries["drop"]) == (2 if sent else 1)
    finally:
        stand_in.stop()
