"""Workspace installs over OAuth: slack_sdk's SQLAlchemy stores on our database."""

from __future__ import annotations

import json

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.settings import ROOT, Settings
from bot.store import Store

# The scopes the app asks for at install: the manifest's, so the two can never disagree.
DEFAULT_SCOPES = tuple(
    json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))["oauth_config"]["scopes"][
        "bot"
    ]
)
STATE_SECONDS = 600


def installation_store(settings: Settings, store: Store) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(
        client_id=settings.client_id,
        engine=store.engine,
        bots_table_name="slack_bots",
        installations_table_name="slack_installations",
    )


def oauth_settings(settings: Settings, store: Store) -> OAuthSettings:
    """Install at /slack/install, finish at /slack/oauth_redirect; each state is used once."""
    return OAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(settings.scopes or DEFAULT_SCOPES),
        installation_store=installation_store(settings, store),
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_SECONDS, engine=store.engine, table_name="slack_oauth_states"
        ),
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
    )
