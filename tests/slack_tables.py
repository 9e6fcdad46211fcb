"""slack_sdk's own installation tables (as migration 0002 created them), for tests that insert
whole rows; the store itself only knows the columns it deletes by."""

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import MetaData, Table


def installation_tables() -> tuple[Table, Table]:
    extra = MetaData()
    return (
        SQLAlchemyInstallationStore.build_installations_table(extra, "slack_installations"),
        SQLAlchemyInstallationStore.build_bots_table(extra, "slack_bots"),
    )
