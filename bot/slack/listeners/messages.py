"""Direct messages: people paste whole postings here. Every other message event is acked."""

from slack_bolt import App

from bot.slack.listeners.conversation import answer_event
from bot.slack.responder import Responder


def register(app: App, responder: Responder) -> None:
    # app.event("message") rather than app.message(): it also receives edits, deletions and
    # joins, which are acknowledged and ignored instead of left "unhandled" (404, then retries).
    @app.event("message")
    def on_message(client, context):
        answer_event(responder, client, context)
