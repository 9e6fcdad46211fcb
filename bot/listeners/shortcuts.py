"""The message shortcut "Classify this posting": the answer on that message, privately."""

from slack_bolt import App

from bot.listeners.conversation import shared_file
from bot.replies import Responder

CALLBACK_ID = "classify_posting"


def register(app: App, responder: Responder) -> None:
    @app.shortcut({"type": "message_action", "callback_id": CALLBACK_ID})
    def on_shortcut(ack, shortcut, client):
        ack()
        message = shortcut.get("message") or {}
        text = message.get("text") or ""
        for attachment in message.get("attachments") or []:  # unfurled or forwarded postings
            text += "\n" + (attachment.get("text") or attachment.get("fallback") or "")
        asker = {
            "team_id": (shortcut.get("team") or {}).get("id"),
            "user_id": (shortcut.get("user") or {}).get("id"),
            "channel_id": (shortcut.get("channel") or {}).get("id"),
            "surface": "shortcut",
            "author_id": message.get("user"),  # the text is theirs: only they may share it
        }
        file = shared_file(message)
        if file is not None:  # a posting shared as a PDF or Word file
            reply, verdict_id = responder.answer_file(client, file, text, **asker)
        else:
            reply, verdict_id = responder.answer(text, **asker)
        responder.respond(
            shortcut["response_url"],
            response_type="ephemeral",
            text=reply.text,
            blocks=responder.blocks(reply, verdict_id, shareable=True),
        )
