"""The tables: what the store keeps, and the columns of slack_sdk's tables that retention and
`forget` reach. Migrations (bot/store/migrations/) create them; this module only describes them."""

from __future__ import annotations

from datetime import UTC, datetime

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
)

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

# slack_sdk's OAuth tables (migration 0002), with just the columns expiry and `forget` need, so
# the store never imports the Slack SDK; the state table stores naive UTC times.
_slack_tables = MetaData()
oauth_states = Table(
    "slack_oauth_states",
    _slack_tables,
    Column("id", Integer, primary_key=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)
installations = Table(
    "slack_installations",
    _slack_tables,
    Column("id", Integer, primary_key=True),
    Column("team_id", String(32)),
    Column("user_id", String(32)),
)
bots = Table(
    "slack_bots",
    _slack_tables,
    Column("id", Integer, primary_key=True),
    Column("team_id", String(32)),
)


def now() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything here is UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value
