"""The bounded listener pool: a full pool makes the submitter wait, in arrival order."""

from __future__ import annotations

import threading
import time

import pytest

from bot.slack.bounded_pool import BoundedExecutor


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
