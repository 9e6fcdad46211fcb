"""One module per Slack surface; each exposes register(app, responder)."""

from slack_bolt import App

from bot.slack.listeners import (
    actions,
    commands,
    conversation,
    errors,
    home,
    mentions,
    messages,
    shortcuts,
)
from bot.slack.responder import Responder


def register_all(app: App, responder: Responder) -> None:
    conversation.register_claims(app, responder)  # before the ack: see conversation.py
    for module in (mentions, messages, commands, shortcuts, actions, home, errors):
        module.register(app, responder)
