"""Socket Mode for development: no public URL, the same app and listeners."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.settings import Settings


def build_handler(settings: Settings) -> SocketModeHandler:
    from bot.app import create_app
    from bot.brain import load_answerer
    from bot.store import Store

    settings.require("bot_token", "app_token")
    app = create_app(
        settings, answerer=load_answerer(settings), store=Store.from_url(settings.database_url)
    )
    return SocketModeHandler(app, app_token=settings.app_token)
