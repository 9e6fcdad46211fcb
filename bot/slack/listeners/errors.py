"""One error handler: log the details (never the pasted text) and tell the user kindly."""

import logging

from slack_bolt import App

from bot.slack.responder import Responder

log = logging.getLogger(__name__)


def register(app: App, responder: Responder) -> None:
    @app.error
    def on_error(error, body, client):
        event = body.get("event") or {}
        log.error(
            "listener.failed",
            exc_info=(type(error), error, error.__traceback__),
            extra={
                "request": body.get("type"),
                "event": event.get("type"),
                "team": body.get("team_id"),
            },
        )
        responder.apologise(client, body)
