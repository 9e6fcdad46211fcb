"""The bounded pools: a full pool makes the submitter wait, in arrival order, and a slow or
rate-limited Slack never holds up the next reply."""

from __future__ import annotations

import threading
import time

import pytest

from bot.bounded_pool import BoundedExecutor
from bot.poster import Poster, Retry


def _blocked_submitter(pool: BoundedExecutor, order: list[int], n: int) -> threading.Thread:
    thread = threading.Thread(target=lambda: pool.submit(order.append, n), daemon=True)
    thread.start()
    return thread


def test_submit_waits_while_the_pool_is_full_then_admits_in_arrival_order():
    pool = BoundedExecutor(threads=1, limit=1)
    gate = threading.Event()
    pool.submit(gate.wait)
    order: list[int] = []
    waiting = []
    for n in range(5):
        waiting.append(_blocked_submitter(pool, order, n))
        time.sleep(0.05)  # each submitter queues before the next arrives
    assert order == [] and all(t.is_alive() for t in waiting)  # nobody got past a full pool
    gate.set()
    for thread in waiting:
        thread.join(timeout=5)
    pool.shutdown(wait=True)
    assert order == [0, 1, 2, 3, 4]


def test_a_failing_task_frees_its_slot():
    pool = BoundedExecutor(threads=1, limit=1)

    def boom():
        raise RuntimeError("listener failed")

    first = pool.submit(boom)
    with pytest.raises(RuntimeError):
        first.result(timeout=5)
    assert pool.submit(lambda: "next").result(timeout=5) == "next"
    pool.shutdown()


def test_a_rate_limited_reply_does_not_hold_up_the_others():
    poster = Poster(threads=2, queue=2)
    delivered: list[tuple[str, float]] = []
    attempts = {"first": 0}
    start = time.monotonic()

    def limited():
        attempts["first"] += 1
        if attempts["first"] == 1:
            raise Retry("ratelimited", 0.5)
        return "first"

    poster.deliver("first", limited, lambda r: delivered.append((r, time.monotonic() - start)))
    for n in range(10):
        poster.deliver(
            f"n{n}", lambda n=n: f"n{n}", lambda r: delivered.append((r, time.monotonic() - start))
        )
    deadline = time.monotonic() + 5
    while len(delivered) < 11 and time.monotonic() < deadline:
        time.sleep(0.01)
    names = [name for name, _ in delivered]
    assert sorted(names) == sorted(["first", *(f"n{n}" for n in range(10))])
    assert names[-1] == "first"  # the 429 waited its Retry-After off the pool ...
    assert dict(delivered)["first"] >= 0.5
    assert attempts["first"] == 2  # ... and was tried once more, not slept on in a thread
