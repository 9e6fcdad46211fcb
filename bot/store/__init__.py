"""The database: handled events, verdicts, feedback; SQLite by default, PostgreSQL when shared.

Nothing that decides an answer lives only in one process's memory: a redelivered event is
claimed here with an INSERT on a unique key, so two processes cannot both answer it.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from bot.errors import SchemaBehind
from bot.store.group_commit import GroupCommit
from bot.store.write_lock import WriterTurns

log = logging.getLogger(__name__)
metadata = MetaData()

handled_events = Table(
    "handled_events",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("team_id", String(32), index=True),
    Column("claimed_at", DateTime(timezone=True), nullable=False, index=True),
    Column("answered_at", DateTime(timezone=True), index=True),
    # JSON: what is needed to answer again (bot/slack/delivery.py); cleared once answered.
    Column("request", Text),
)
verdicts = Table(
    "verdicts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("team_id", String(32), index=True),
    Column("user_id", String(32), index=True),  # who asked
    # Who wrote the text: the asker, except for the message shortcut, which reads someone's post.
    Column("author_id", String(32), index=True),
    Column("channel_id", String(32)),
    Column("surface", String(16), nullable=False),
    Column("intent", String(32), nullable=False),
    Column("role", String(16)),
    Column("confidence", Float, nullable=False),
    Column("margin", Float, nullable=False),
    Column("scores", JSON, nullable=False),
    Column("hybrid", Boolean, nullable=False),
    Column("title", String(200)),
    Column("title_role", String(16)),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
)
# The pasted text, kept briefly so "share in channel" and "share for training" can use it.
verdict_texts = Table(
    "verdict_texts",
    metadata,
    Column(
        "verdict_id", String(32), ForeignKey("verdicts.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("text", Text, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)
feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("verdict_id", String(32), ForeignKey("verdicts.id", ondelete="CASCADE"), nullable=False),
    Column("team_id", String(32), index=True),
    Column("user_id", String(32), index=True),
    Column("label", String(16), nullable=False),
    Column("agreed", Boolean, nullable=False),
    Column("predicted_role", String(16)),
    Column("confidence", Float, nullable=False),
    Column("margin", Float, nullable=False),
    Column("text", Text),  # only when the user's click consented to sharing it
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    UniqueConstraint("verdict_id", "user_id", name="uq_feedback_verdict_user"),
)

# A claimed event not answered within this long is taken over by a redelivery: the process that
# claimed it has died. Longer than any reply takes, shorter than Slack's 1-minute retry.
STALE_CLAIM = timedelta(seconds=45)
# Slack redelivers for at most a day (hourly with "Delayed Events"), so a handled event need not
# be remembered longer than that.
EVENT_MEMORY = timedelta(days=2)
# How long the pasted text is kept for sharing; a response_url lives 30 minutes.
TEXT_TTL = timedelta(hours=24)


# The statements every answered event runs, built once so SQLAlchemy's compiled cache is hit
# without rebuilding a statement and its cache key per event.
_MARK_ANSWERED = (
    update(handled_events)
    .where(handled_events.c.event_id == bindparam("answered"))
    .values(answered_at=bindparam("answered_at"), request=None)
)
_INSERT_VERDICT = insert(verdicts)
_INSERT_TEXT = insert(verdict_texts)


# slack_sdk's OAuth state table (bot/store/migrations/versions/0002), with the columns expiry needs; it
# stores naive UTC times.
_OAUTH_STATES = Table(
    "slack_oauth_states",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)


def _installation_tables() -> tuple[Table, Table]:
    """slack_sdk's installation tables, as migration 0002 created them."""
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    extra = MetaData()
    return (
        SQLAlchemyInstallationStore.build_installations_table(extra, "slack_installations"),
        SQLAlchemyInstallationStore.build_bots_table(extra, "slack_bots"),
    )


def now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything here is UTC.
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Created owner-only: it holds pasted text for a day and users' feedback.
        if path and path != ":memory:" and not Path(path).exists():
            Path(path).touch(mode=0o600)
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            hide_parameters=True,  # an error logs the statement, never the user's text in it
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
            cursor.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; no fsync per commit
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=10, hide_parameters=True
    )


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        # SQLite has one writer at a time and its busy handler waits in sleeps of up to 100 ms;
        # taking turns first (threads and processes) keeps writers out of those sleeps.
        if engine.dialect.name == "sqlite":
            self._turns = WriterTurns(
                engine.url.database if engine.url.database != ":memory:" else None
            )
        else:
            self._turns = nullcontext()
        self._writes = GroupCommit(self._transaction, name="store-writer")
        # A duplicate claim does nothing instead of raising, so it cannot fail a whole batch.
        dialect_insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self._claim_new = (
            dialect_insert(handled_events)
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(handled_events.c.event_id)
        )

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(make_engine(url))

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction that sees every write this process has queued before it."""
        self._writes.flush()
        with self._transaction() as connection:
            yield connection

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with self._turns, self.engine.begin() as connection:
            yield connection

    # --- schema -------------------------------------------------------------------------------

    def check_schema(self) -> None:
        """Refuse to run against a database whose schema is behind the code."""
        from bot.store import migrate

        current, head = migrate.current_revision(self.engine), migrate.head_revision()
        if current != head:
            raise SchemaBehind(
                f"the database schema is at {current or 'nothing'}, this code needs {head}: "
                "run `tpm-bot db upgrade`"
            )

    # --- events -------------------------------------------------------------------------------

    def claim_event(
        self, event_id: str, team_id: str | None, request: dict[str, Any] | None = None
    ) -> bool:
        """True for the one caller that should answer this event; False for every duplicate.

        `request` is what is needed to answer again; it is written in the same step as the
        claim, so a worker that dies before its reply is delivered leaves it for another."""
        at = now()
        body = json.dumps(request, ensure_ascii=False) if request is not None else None
        return self._writes.submit(lambda db: self._claim(db, event_id, team_id, at, body)).result()

    def _claim(
        self, db: Connection, event_id: str, team_id: str | None, at: datetime, request=None
    ) -> bool:
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
        if at - _aware(row.claimed_at) < STALE_CLAIM:
            return False
        taken = db.execute(
            update(handled_events)
            .where(
                and_(
                    handled_events.c.event_id == event_id,
                    handled_events.c.claimed_at == row.claimed_at,
                    handled_events.c.answered_at.is_(None),
                )
            )
            .values(claimed_at=at)
        )
        return taken.rowcount == 1

    def unanswered(self, older_than: timedelta, limit: int = 50) -> list[dict[str, Any]]:
        """Claims with a request, not answered and older than `older_than`: their claimant has
        gone quiet (a killed worker, a process gone for good)."""
        cutoff = now() - older_than
        with self.engine.connect() as db:
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

        def swap(db: Connection) -> bool:
            taken = db.execute(
                update(handled_events)
                .where(
                    and_(
                        handled_events.c.event_id == event_id,
                        handled_events.c.claimed_at == claimed_at,
                        handled_events.c.answered_at.is_(None),
                    )
                )
                .values(claimed_at=now())
            )
            return taken.rowcount == 1

        return self._writes.submit(swap).result()

    def outbox(self) -> dict[str, Any]:
        """Replies accepted and not yet delivered: how many, and the age of the oldest (s)."""
        with self.engine.connect() as db:
            row = db.execute(
                select(func.count(), func.min(handled_events.c.claimed_at)).where(
                    handled_events.c.answered_at.is_(None),
                    handled_events.c.request.is_not(None),
                )
            ).one()
        oldest = _aware(row[1])
        return {
            "depth": int(row[0]),
            "oldest_seconds": round((now() - oldest).total_seconds(), 1) if oldest else 0.0,
        }

    def mark_answered(self, event_id: str) -> None:
        """Recorded behind the reply: nobody waits for it, and a redelivery stays silent either
        way until the claim is STALE_CLAIM old."""
        values = {"answered": event_id, "answered_at": now()}
        self._writes.submit_behind(lambda db: db.execute(_MARK_ANSWERED, values), "answered")

    def flush(self, timeout: float | None = None) -> bool:
        """Wait for the writes queued so far (reads call this, so they see this process's own)."""
        return self._writes.flush(timeout)

    # --- verdicts and feedback ------------------------------------------------------------------

    def record_verdict(
        self,
        verdict,
        *,
        team_id,
        user_id,
        channel_id,
        surface: str,
        text: str,
        author_id: str | None = None,
    ) -> str:
        ranked = sorted(verdict.scores.values(), reverse=True)
        verdict_id = secrets.token_hex(8)
        at = now()
        row = {
            "id": verdict_id,
            "team_id": team_id,
            "user_id": user_id,
            "author_id": author_id or user_id,
            "channel_id": channel_id,
            "surface": surface,
            "intent": verdict.intent,
            "role": verdict.role,
            "confidence": verdict.confidence,
            "margin": ranked[0] - ranked[1],
            "scores": verdict.scores,
            "hybrid": verdict.hybrid,
            "title": (verdict.title or None) and verdict.title[:200],
            "title_role": verdict.title_role,
            "created_at": at,
        }
        text_row = {"verdict_id": verdict_id, "text": text, "expires_at": at + TEXT_TTL}

        def write(db: Connection) -> None:
            db.execute(_INSERT_VERDICT, row)
            db.execute(_INSERT_TEXT, text_row)

        # Written behind the reply: its id is made here, and the first read of it (a feedback
        # click, seconds later) finds it committed.
        self._writes.submit_behind(write, "verdict")
        return verdict_id

    def verdict(self, verdict_id: str) -> dict[str, Any] | None:
        with self.begin() as db:
            row = db.execute(select(verdicts).where(verdicts.c.id == verdict_id)).mappings().first()
        return dict(row) if row else None

    def verdict_text(self, verdict_id: str) -> str | None:
        with self.begin() as db:
            return db.execute(
                select(verdict_texts.c.text).where(
                    and_(
                        verdict_texts.c.verdict_id == verdict_id, verdict_texts.c.expires_at > now()
                    )
                )
            ).scalar()

    def record_feedback(
        self, verdict_id: str, *, team_id, user_id, label: str, share_text: bool
    ) -> dict[str, Any] | None:
        """Store (or replace) one user's label for a verdict; None when the verdict is gone.

        One transaction, so a `forget` or an expiry in between cannot leave a dangling row.
        """
        with self.begin() as db:
            found = (
                db.execute(select(verdicts).where(verdicts.c.id == verdict_id)).mappings().first()
            )
            if found is None:
                return None
            text = None
            # Only the person who wrote the text may give it away for training.
            if share_text and found["author_id"] == user_id:
                text = db.execute(
                    select(verdict_texts.c.text).where(
                        and_(
                            verdict_texts.c.verdict_id == verdict_id,
                            verdict_texts.c.expires_at > now(),
                        )
                    )
                ).scalar()
            label = found["role"] if label == "right" else label
            row = {
                "verdict_id": verdict_id,
                "team_id": team_id,
                "user_id": user_id,
                "label": label,
                "agreed": label == found["role"],
                "predicted_role": found["role"],
                "confidence": found["confidence"],
                "margin": found["margin"],
                "text": text,
                "created_at": now(),
            }
            # One upsert, so a double click racing itself cannot hit the unique constraint.
            dialect_insert = (
                postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
            )
            upsert = dialect_insert(feedback).values(**row)
            changed = {k: upsert.excluded[k] for k in row if k not in ("verdict_id", "user_id")}
            db.execute(
                upsert.on_conflict_do_update(index_elements=["verdict_id", "user_id"], set_=changed)
            )
        return {**row, "share_refused": bool(share_text and found["author_id"] != user_id)}

    def recent_verdicts(self, team_id, user_id, limit: int = 5) -> list[dict[str, Any]]:
        query = (
            select(
                verdicts.c.created_at,
                verdicts.c.role,
                verdicts.c.confidence,
                verdicts.c.title,
                feedback.c.label.label("feedback"),
                feedback.c.agreed,
            )
            .select_from(
                verdicts.outerjoin(
                    feedback,
                    and_(feedback.c.verdict_id == verdicts.c.id, feedback.c.user_id == user_id),
                )
            )
            .where(and_(verdicts.c.team_id == team_id, verdicts.c.user_id == user_id))
            .where(verdicts.c.role.is_not(None))
            .order_by(verdicts.c.created_at.desc())
            .limit(limit)
        )
        with self.begin() as db:
            return [dict(r) for r in db.execute(query).mappings()]

    def agreement(self, team_id: str | None = None) -> list[dict[str, Any]]:
        """Per predicted role: how many feedback clicks, how many agreed."""
        query = select(
            feedback.c.predicted_role.label("role"),
            func.count().label("total"),
            func.sum(func.cast(feedback.c.agreed, Integer)).label("agreed"),
        ).group_by(feedback.c.predicted_role)
        if team_id is not None:
            query = query.where(feedback.c.team_id == team_id)
        with self.begin() as db:
            rows = db.execute(query).mappings().all()
        return [
            {
                "role": r["role"],
                "total": r["total"],
                "agreed": int(r["agreed"] or 0),
                "rate": int(r["agreed"] or 0) / r["total"],
            }
            for r in sorted(rows, key=lambda r: r["role"] or "")
            if r["role"]
        ]

    # --- the feedback loop ------------------------------------------------------------------

    def feedback_for_review(self) -> list[dict[str, Any]]:
        """Shared corrections, most informative first: disagreements, then the closest calls."""
        query = select(feedback).where(feedback.c.text.is_not(None))
        with self.begin() as db:
            rows = [dict(r) for r in db.execute(query).mappings()]
        return sorted(rows, key=lambda r: (r["agreed"], r["margin"], r["id"]))

    # --- privacy and retention --------------------------------------------------------------

    def forget(self, *, user_id: str | None = None, team_id: str | None = None) -> dict[str, int]:
        """Delete everything stored about a user or a workspace; return what went, per table."""
        if not (user_id or team_id):
            raise ValueError("name a user or a team")
        installs, bots = _installation_tables()
        gone: dict[str, int] = {}
        with self.begin() as db:
            if user_id:
                mine = select(verdicts.c.id).where(
                    (verdicts.c.user_id == user_id) | (verdicts.c.author_id == user_id)
                )
                gone["feedback"] = db.execute(
                    delete(feedback).where(
                        (feedback.c.user_id == user_id) | feedback.c.verdict_id.in_(mine)
                    )
                ).rowcount
                gone["verdict_texts"] = db.execute(
                    delete(verdict_texts).where(verdict_texts.c.verdict_id.in_(mine))
                ).rowcount
                gone["verdicts"] = db.execute(
                    delete(verdicts).where(
                        (verdicts.c.user_id == user_id) | (verdicts.c.author_id == user_id)
                    )
                ).rowcount
                gone["installations"] = db.execute(
                    delete(installs).where(installs.c.user_id == user_id)
                ).rowcount
            if team_id:
                theirs = select(verdicts.c.id).where(verdicts.c.team_id == team_id)
                gone["feedback"] = (
                    gone.get("feedback", 0)
                    + db.execute(
                        delete(feedback).where(
                            (feedback.c.team_id == team_id) | feedback.c.verdict_id.in_(theirs)
                        )
                    ).rowcount
                )
                gone["verdict_texts"] = (
                    gone.get("verdict_texts", 0)
                    + db.execute(
                        delete(verdict_texts).where(verdict_texts.c.verdict_id.in_(theirs))
                    ).rowcount
                )
                gone["verdicts"] = (
                    gone.get("verdicts", 0)
                    + db.execute(delete(verdicts).where(verdicts.c.team_id == team_id)).rowcount
                )
                gone["handled_events"] = db.execute(
                    delete(handled_events).where(handled_events.c.team_id == team_id)
                ).rowcount
                gone["installations"] = (
                    gone.get("installations", 0)
                    + db.execute(delete(installs).where(installs.c.team_id == team_id)).rowcount
                )
                gone["bots"] = db.execute(delete(bots).where(bots.c.team_id == team_id)).rowcount
        return gone

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
        with self.begin() as db:
            return {
                "verdict_texts": db.execute(
                    delete(verdict_texts).where(
                        (verdict_texts.c.expires_at <= at) | verdict_texts.c.verdict_id.in_(old)
                    )
                ).rowcount,
                "feedback": db.execute(
                    delete(feedback).where(
                        (feedback.c.created_at < cutoff) | feedback.c.verdict_id.in_(old)
                    )
                ).rowcount,
                "verdicts": db.execute(
                    delete(verdicts).where(verdicts.c.created_at < cutoff)
                ).rowcount,
                "handled_events": db.execute(
                    delete(handled_events).where(handled_events.c.claimed_at < at - EVENT_MEMORY)
                ).rowcount,
                # slack_sdk deletes a state when it is used, never when it merely expires.
                "oauth_states": db.execute(
                    delete(_OAUTH_STATES).where(
                        _OAUTH_STATES.c.expire_at < at.astimezone(UTC).replace(tzinfo=None)
                    )
                ).rowcount,
            }
