"""What is needed to answer a claimed event again: a reply survives its worker.

An accepted event is claimed with its request (where to answer, the text, who asked). A process
whose worker died leaves the claim unanswered; another takes it over once the claim is stale and
answers from the request. The request is cleared once the reply is delivered.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("handled_events") as batch:
        batch.add_column(sa.Column("request", sa.Text, nullable=True))
        batch.create_index("ix_handled_events_answered_at", ["answered_at"])


def downgrade() -> None:
    with op.batch_alter_table("handled_events") as batch:
        batch.drop_index("ix_handled_events_answered_at")
        batch.drop_column("request")
