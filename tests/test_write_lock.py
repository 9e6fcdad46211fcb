"""Writer turns hold across processes (each opens its own lock file descriptor after a fork)."""

from __future__ import annotations

import itertools
import multiprocessing
import time

import pytest

from bot.store.write_lock import WriterTurns, fcntl


def _hold_turns(turns: WriterTurns, log_path: str, rounds: int) -> None:
    for _ in range(rounds):
        with turns:
            start = time.monotonic()
            time.sleep(0.005)
            with open(log_path, "a") as log:
                log.write(f"{start} {time.monotonic()}\n")


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.skipif(fcntl is None, reason="no flock on this platform")
def test_turns_never_overlap_across_forked_processes(tmp_path):
    turns = WriterTurns(str(tmp_path / "bot.sqlite3"))
    with turns:  # the parent opens its descriptor before forking, as the server's master does
        pass
    log_path = str(tmp_path / "turns.log")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_hold_turns, args=(turns, log_path, 20)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    with open(log_path) as log:
        spans = sorted(tuple(map(float, line.split())) for line in log)
    assert len(spans) == 60
    assert all(earlier[1] <= later[0] for earlier, later in itertools.pairwise(spans))
