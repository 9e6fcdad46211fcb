"""@tpm-vs-pm in a channel: the answer goes in the thread."""

from slack_bolt import App

from bot.listeners.conversation import answer_event, is_from_a_person
from bot.replies import Responder


def register(app: App, responder: Responder) -> None:
    @app.event("app_mention")
    def on_mention(body, event, client):
        if is_from_a_person(event):
            answer_event(responder, client, body, event, surface="mention", thread=True)
