"""Privacy and retention: forget a user or a workspace on request, and drop what is past its time
(a daemon thread runs the expiry hourly in every server process)."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from bot.store.database import Database
from bot.store.schema import (
    bots,
    feedback,
    handled_events,
    installations,
    now,
    oauth_states,
    verdict_texts,
    verdicts,
)

log = logging.getLogger(__name__)

# Slack redelivers for at most a day (hourly with "Delayed Events"), so a handled event need not
# be remembered longer than that.
EVENT_MEMORY = timedelta(days=2)


class Privacy:
    def __init__(self, db: Database):
        self.db = db

    def forget(self, *, user_id: str | None = None, team_id: str | None = None) -> dict[str, int]:
        """Delete everything stored about a user or a workspace; return what went, per table."""
        if not (user_id or team_id):
            raise ValueError("name a user or a team")
        gone: Counter[str] = Counter()
        with self.db.begin() as db:
            if user_id:
                mine = (verdicts.c.user_id == user_id) | (verdicts.c.author_id == user_id)
                ids = select(verdicts.c.id).where(mine)
                for table, where in (
                    (feedback, (feedback.c.user_id == user_id) | feedback.c.verdict_id.in_(ids)),
                    (verdict_texts, verdict_texts.c.verdict_id.in_(ids)),
                    (verdicts, mine),
                    (installations, installations.c.user_id == user_id),
                ):
                    gone[_name(table)] += db.execute(delete(table).where(where)).rowcount
            if team_id:
                ids = select(verdicts.c.id).where(verdicts.c.team_id == team_id)
                for table, where in (
                    (feedback, (feedback.c.team_id == team_id) | feedback.c.verdict_id.in_(ids)),
                    (verdict_texts, verdict_texts.c.verdict_id.in_(ids)),
                    (verdicts, verdicts.c.team_id == team_id),
                    (handled_events, handled_events.c.team_id == team_id),
                    (installations, installations.c.team_id == team_id),
                    (bots, bots.c.team_id == team_id),
                ):
                    gone[_name(table)] += db.execute(delete(table).where(where)).rowcount
        return dict(gone)

    def expire_periodically(self, retention: timedelta, every: float = 3600.0) -> threading.Thread:
        """Run `expire` now and then every `every` seconds, in a daemon thread."""

        def loop() -> None:
            while True:
                try:
                    self.expire(retention)
                except Exception as exc:  # a database blip must not end retention for good
                    log.warning("retention.failed", extra={"error": type(exc).__name__})
                time.sleep(every)

        thread = threading.Thread(target=loop, name="retention", daemon=True)
        thread.start()
        return thread

    def expire(self, retention: timedelta, *, at: datetime | None = None) -> dict[str, int]:
        """Drop rows older than the retention period, pasted texts past their time to live, and
        handled-event records once Slack can no longer redeliver them."""
        at = at or now()
        cutoff = at - retention
        old = select(verdicts.c.id).where(verdicts.c.created_at < cutoff)
        naive_utc = at.astimezone(UTC).replace(tzinfo=None)
        with self.db.begin() as db:
            return {
                _name(table): db.execute(delete(table).where(where)).rowcount
                for table, where in (
                    (
                        verdict_texts,
                        (verdict_texts.c.expires_at <= at) | verdict_texts.c.verdict_id.in_(old),
                    ),
                    (feedback, (feedback.c.created_at < cutoff) | feedback.c.verdict_id.in_(old)),
                    (verdicts, verdicts.c.created_at < cutoff),
                    (handled_events, handled_events.c.claimed_at < at - EVENT_MEMORY),
                    # slack_sdk deletes a state when it is used, never when it merely expires.
                    (oauth_states, oauth_states.c.expire_at < naive_utc),
                )
            }


_REPORTED = {
    "slack_installations": "installations",
    "slack_bots": "bots",
    "slack_oauth_states": "oauth_states",
}


def _name(table) -> str:
    """The name reported to the operator: slack_sdk's tables without their prefix."""
    return _REPORTED.get(table.name, table.name)
