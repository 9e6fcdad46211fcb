"""Direct messages: people paste whole postings here. Every other message event is acked."""

from slack_bolt import App

from bot.listeners.conversation import answer_event, is_from_a_person
from bot.replies import Responder


def register(app: App, responder: Responder) -> None:
    # app.event("message") rather than app.message(): it also receives edits, deletions and
    # joins, which are acknowledged and ignored instead of left "unhandled" (404, then retries).
    @app.event("message")
    def on_message(body, event, client):
        if event.get("channel_type") == "im" and is_from_a_person(event):
            answer_event(responder, client, body, event, surface="dm", thread=False)
