"""Who wrote the text a verdict read: only that person may share it, and `forget` finds it.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("verdicts") as batch:
        batch.add_column(sa.Column("author_id", sa.String(32), nullable=True))
        batch.create_index("ix_verdicts_author_id", ["author_id"])
    op.execute("UPDATE verdicts SET author_id = user_id")


def downgrade() -> None:
    with op.batch_alter_table("verdicts") as batch:
        batch.drop_index("ix_verdicts_author_id")
        batch.drop_column("author_id")
