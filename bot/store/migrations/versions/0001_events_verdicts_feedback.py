"""Handled events, verdicts, their short-lived texts, and feedback.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "handled_events",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("team_id", sa.String(32), index=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("answered_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "verdicts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("team_id", sa.String(32), index=True),
        sa.Column("user_id", sa.String(32), index=True),
        sa.Column("channel_id", sa.String(32)),
        sa.Column("surface", sa.String(16), nullable=False),
        sa.Column("intent", sa.String(32), nullable=False),
        sa.Column("role", sa.String(16)),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("margin", sa.Float, nullable=False),
        sa.Column("scores", sa.JSON, nullable=False),
        sa.Column("hybrid", sa.Boolean, nullable=False),
        sa.Column("title", sa.String(200)),
        sa.Column("title_role", sa.String(16)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "verdict_texts",
        sa.Column(
            "verdict_id",
            sa.String(32),
            sa.ForeignKey("verdicts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "verdict_id",
            sa.String(32),
            sa.ForeignKey("verdicts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("team_id", sa.String(32), index=True),
        sa.Column("user_id", sa.String(32), index=True),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column("agreed", sa.Boolean, nullable=False),
        sa.Column("predicted_role", sa.String(16)),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("margin", sa.Float, nullable=False),
        sa.Column("text", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.UniqueConstraint("verdict_id", "user_id", name="uq_feedback_verdict_user"),
    )


def downgrade() -> None:
    for table in ("feedback", "verdict_texts", "verdicts", "handled_events"):
        op.drop_table(table)
