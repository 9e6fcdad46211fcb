"""Handled events: each Slack event (or shortcut) is claimed once, with what is needed to answer
it, so a redelivery or a second process stays silent and a dead worker's claim is taken over."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, func, select, update
from sqlalchemy.engine import Connection

from bot.store.database import Database
from bot.store.schema import aware, handled_events, now

# A claimed event not answered within this long is taken over by a redelivery: the process that
# claimed it has died. Longer than any reply takes, shorter than Slack's 1-minute retry.
STALE_CLAIM = timedelta(seconds=45)

# Built once, so SQLAlchemy's compiled cache is hit without rebuilding a statement per event.
_MARK_ANSWERED = (
    update(handled_events)
    .where(handled_events.c.event_id == bindparam("answered"))
    .values(answered_at=bindparam("answered_at"), request=None)
)


class Events:
    def __init__(self, db: Database):
        self.db = db
        # A duplicate claim does nothing instead of raising, so it cannot fail a whole batch.
        self._claim_new = (
            db.insert(handled_events)
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(handled_events.c.event_id)
        )

    def claim(self, event_id: str, team_id: str | None, request: dict[str, Any] | None = None):
        """True for the one caller that should answer this event; False for every duplicate.

        `request` is what is needed to answer again; it is written in the same step as the
        claim, so a worker that dies before its reply is delivered leaves it for another."""
        at = now()
        body = json.dumps(request, ensure_ascii=False) if request is not None else None
        return self.db.writes.submit(
            lambda db: self._claim(db, event_id, team_id, at, body)
        ).result()

    def _claim(self, db: Connection, event_id, team_id, at: datetime, request) -> bool:
        values = {"event_id": event_id, "team_id": team_id, "claimed_at": at, "request": request}
        if db.execute(self._claim_new, values).first() is not None:
            return True
        row = db.execute(
            select(handled_events.c.claimed_at, handled_events.c.answered_at).where(
                handled_events.c.event_id == event_id
            )
        ).first()
        if row is None or row.answered_at is not None:
            return False
        if at - aware(row.claimed_at) < STALE_CLAIM:
            return False
        return _swap_claim(db, event_id, row.claimed_at, at)

    def unanswered(self, older_than: timedelta, limit: int = 50) -> list[dict[str, Any]]:
        """Claims with a request, not answered and older than `older_than`: their claimant has
        gone quiet (a killed worker, a process gone for good)."""
        cutoff = now() - older_than
        with self.db.engine.connect() as db:
            rows = db.execute(
                select(
                    handled_events.c.event_id, handled_events.c.claimed_at, handled_events.c.request
                )
                .where(
                    handled_events.c.answered_at.is_(None),
                    handled_events.c.request.is_not(None),
                    handled_events.c.claimed_at < cutoff,
                )
                .order_by(handled_events.c.claimed_at)
                .limit(limit)
            ).all()
        return [
            {"event_id": r.event_id, "claimed_at": r.claimed_at, "request": json.loads(r.request)}
            for r in rows
        ]

    def take_over(self, event_id: str, claimed_at: datetime) -> bool:
        """Compare-and-swap on the claim time: exactly one process takes a quiet claim over."""
        return self.db.writes.submit(
            lambda db: _swap_claim(db, event_id, claimed_at, now())
        ).result()

    def outbox(self) -> dict[str, Any]:
        """Replies accepted and not yet delivered: how many, and the age of the oldest (s)."""
        with self.db.engine.connect() as db:
            row = db.execute(
                select(func.count(), func.min(handled_events.c.claimed_at)).where(
                    handled_events.c.answered_at.is_(None),
                    handled_events.c.request.is_not(None),
                )
            ).one()
        oldest = aware(row[1])
        return {
            "depth": int(row[0]),
            "oldest_seconds": round((now() - oldest).total_seconds(), 1) if oldest else 0.0,
        }

    def mark_answered(self, event_id: str) -> None:
        """Recorded behind the reply: nobody waits for it, and a redelivery stays silent either
        way until the claim is STALE_CLAIM old."""
        values = {"answered": event_id, "answered_at": now()}
        self.db.writes.submit_behind(lambda db: db.execute(_MARK_ANSWERED, values), "answered")


def _swap_claim(db: Connection, event_id: str, claimed_at: datetime, at: datetime) -> bool:
    taken = db.execute(
        update(handled_events)
        .where(
            and_(
                handled_events.c.event_id == event_id,
                handled_events.c.claimed_at == claimed_at,
                handled_events.c.answered_at.is_(None),
            )
        )
        .values(claimed_at=at)
    )
    return taken.rowcount == 1
