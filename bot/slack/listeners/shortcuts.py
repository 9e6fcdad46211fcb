"""The message shortcut "Classify this posting": the answer on that message, privately."""

from datetime import UTC, datetime

from slack_bolt import App

from bot.slack.listeners.conversation import shared_file
from bot.slack.responder import Responder

CALLBACK_ID = "classify_posting"


def register(app: App, responder: Responder) -> None:
    @app.shortcut({"type": "message_action", "callback_id": CALLBACK_ID})
    def on_shortcut(ack, shortcut, client):
        message = shortcut.get("message") or {}
        text = message.get("text") or ""
        for attachment in message.get("attachments") or []:  # unfurled or forwarded postings
            text += "\n" + (attachment.get("text") or attachment.get("fallback") or "")
        request = {
            "kind": "respond",
            "surface": "shortcut",
            "team_id": (shortcut.get("team") or {}).get("id"),
            "user_id": (shortcut.get("user") or {}).get("id"),
            "channel": (shortcut.get("channel") or {}).get("id"),
            "author_id": message.get("user"),  # the text is theirs: only they may share it
            "text": text,
            "file": shared_file(message),  # a posting shared as a PDF or Word file
            "response_url": shortcut["response_url"],
            "at": datetime.now(UTC).isoformat(),
        }
        # Claimed with its request before the ack, as events are: the answer reaches the
        # response_url even if this worker dies, while the URL lives (bot/slack/delivery.py).
        claim = f"shortcut:{shortcut.get('trigger_id') or shortcut.get('action_ts')}"
        claimed = responder.claim(claim, request["team_id"], request)
        ack()
        if claimed:
            responder.answer_claimed(client, claim, request)
