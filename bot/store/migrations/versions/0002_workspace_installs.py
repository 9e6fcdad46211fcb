"""Workspace installations, bot tokens and OAuth state, in slack_sdk's own table layout.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

revision = "0002"
down_revision = "0001"

INSTALLATIONS, BOTS, STATES = "slack_installations", "slack_bots", "slack_oauth_states"


def _tables() -> sa.MetaData:
    metadata = sa.MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, INSTALLATIONS)
    SQLAlchemyInstallationStore.build_bots_table(metadata, BOTS)
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, STATES)
    return metadata


def upgrade() -> None:
    _tables().create_all(op.get_bind())


def downgrade() -> None:
    _tables().drop_all(op.get_bind())
