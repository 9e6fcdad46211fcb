"""What the benchmarks share: the sample posting, the --runs option, and the median wall time of a
piece of work, run in this process."""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from collections.abc import Callable

from bot.errors import BotError
from bot.settings import ROOT

SAMPLE = ROOT / "corpus" / "samples" / "program-manager-posting.txt"


def runs_option(doc: str, default: int) -> int:
    """`--runs N` (how many times each piece of work is timed), with the script's first doc line
    as its description."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=default)
    return parser.parse_args().runs


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """A refusal (empty text, an unreadable file) is an answer too: it is timed, not raised."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(BotError):
            work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
