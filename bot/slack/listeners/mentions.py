"""@tpm-vs-pm in a channel: the answer goes in the thread."""

from slack_bolt import App

from bot.slack.listeners.conversation import answer_event
from bot.slack.responder import Responder


def register(app: App, responder: Responder) -> None:
    @app.event("app_mention")
    def on_mention(client, context):
        answer_event(responder, client, context)
