"""The App Home tab: the lesson in short, how to ask, the user's last verdicts and agreement."""

from slack_bolt import App

from bot.core import blocks as kit
from bot.slack.responder import Responder

HISTORY = 5


def register(app: App, responder: Responder) -> None:
    @app.event("app_home_opened")
    def on_home_opened(body, event, client):
        if event.get("tab") != "home":
            return
        team_id = body.get("team_id")
        history = [
            {**row, "when": row["created_at"].strftime("%d %b %H:%M")}
            for row in responder.store.recent_verdicts(team_id, event["user"], limit=HISTORY)
        ]
        layout = responder.answerer.renderer.render(
            "home", history=history, stats=responder.store.agreement(team_id)
        )
        view = {"type": "home", "blocks": kit.to_blocks(layout)}
        responder.poster.api(
            "views.publish", client.token, {"user_id": event["user"], "view": view}
        )
