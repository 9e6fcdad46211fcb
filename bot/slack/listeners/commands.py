"""/tpm-vs-pm TEXT: answered privately in the acknowledgement, with a button to share it."""

from slack_bolt import App

from bot.slack.responder import Responder

HELP_WORDS = {"", "help", "usage", "?", "-h", "--help"}


def register(app: App, responder: Responder) -> None:
    @app.command("/tpm-vs-pm")
    def on_command(ack, command):
        text = (command.get("text") or "").strip()
        if text.lower() in HELP_WORDS:
            usage = responder.render("usage")
            ack(response_type="ephemeral", text=usage.text, blocks=usage.blocks)
            return
        reply, verdict_id = responder.answer(
            text,
            team_id=command.get("team_id"),
            user_id=command.get("user_id"),
            channel_id=command.get("channel_id"),
            surface="command",
        )
        blocks = responder.blocks(reply, verdict_id, shareable=True)
        ack(response_type="ephemeral", text=reply.text, blocks=blocks)
