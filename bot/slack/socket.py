"""Socket Mode for development: no public URL, the same app and listeners."""

from __future__ import annotations

from datetime import timedelta

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.settings import Settings


def build_handler(settings: Settings) -> SocketModeHandler:
    from bot.core.brain import load_warm_answerer
    from bot.slack.app import create_app
    from bot.store import Store

    settings.require("bot_token", "app_token")
    store = Store.from_url(settings.database_url)
    app = create_app(settings, answerer=load_warm_answerer(settings), store=store)
    store.privacy.expire_periodically(timedelta(days=settings.retention_days))
    app.sweeper.start()
    return SocketModeHandler(app, app_token=settings.app_token)
