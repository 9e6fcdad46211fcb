"""The timing the benchmarks share: the median wall time of a piece of work, run in this process."""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Callable

from bot.errors import BotError


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """A refusal (empty text, an unreadable file) is an answer too: it is timed, not raised."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(BotError):
            work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
