"""Group commit on a real SQLite file: writes queued together share one transaction, one bad
write fails alone, and flush waits for everything queued before it."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.store import make_engine
from bot.store.group_commit import GroupCommit


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'writes.sqlite3'}")
    with engine.begin() as db:
        db.execute(text("CREATE TABLE item (id INTEGER PRIMARY KEY)"))
    yield engine
    engine.dispose()


def test_writes_waiting_together_are_committed_in_one_transaction(engine):
    transactions = []
    gate = threading.Event()

    def begin():
        transactions.append(None)
        return engine.begin()

    writes = GroupCommit(begin)
    inside = threading.Event()
    first = writes.submit(lambda db: (inside.set(), gate.wait(5)))  # holds the writer ...
    assert inside.wait(5)  # ... while the rest queue
    rest = [
        writes.submit(lambda db, n=n: db.execute(text(f"INSERT INTO item VALUES ({n})")))
        for n in range(20)
    ]
    gate.set()
    for future in [first, *rest]:
        future.result(timeout=5)
    assert len(transactions) == 2
    with engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM item")).scalar() == 20


def test_one_failing_write_does_not_take_the_others_down(engine):
    gate = threading.Event()
    writes = GroupCommit(engine.begin)
    writes.submit(lambda db: gate.wait(5))
    good = [
        writes.submit(lambda db, n=n: db.execute(text(f"INSERT INTO item VALUES ({n})")))
        for n in (1, 2)
    ]
    duplicate = writes.submit(lambda db: db.execute(text("INSERT INTO item VALUES (1)")))
    later = writes.submit(lambda db: db.execute(text("INSERT INTO item VALUES (3)")))
    gate.set()
    with pytest.raises(IntegrityError):
        duplicate.result(timeout=5)
    for future in [*good, later]:
        future.result(timeout=5)
    with engine.connect() as db:
        assert db.execute(text("SELECT id FROM item ORDER BY id")).scalars().all() == [1, 2, 3]


def test_flush_waits_for_the_writes_queued_before_it(engine):
    writes = GroupCommit(engine.begin)
    for n in range(50):
        writes.submit_behind(
            lambda db, n=n: db.execute(text(f"INSERT INTO item VALUES ({n})")), "item"
        )
    assert writes.flush(timeout=5)
    with engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM item")).scalar() == 50


def test_flush_is_not_held_up_by_writes_queued_after_it(engine):
    writes = GroupCommit(engine.begin)
    running, first_gate, second_gate = threading.Event(), threading.Event(), threading.Event()
    writes.submit(lambda db: (running.set(), first_gate.wait(5)))
    assert running.wait(5)
    results: list[bool] = []
    flusher = threading.Thread(target=lambda: results.append(writes.flush(timeout=3)))
    flusher.start()
    time.sleep(0.05)
    second = writes.submit(lambda db: second_gate.wait(5))  # queued after the flush began
    assert flusher.is_alive()  # the first write is still running
    first_gate.set()
    flusher.join(timeout=5)
    assert results == [True] and not second.done()  # done waiting while the second still runs
    second_gate.set()
    second.result(timeout=5)
