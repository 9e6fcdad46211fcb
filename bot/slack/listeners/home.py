"""The App Home tab: the lesson in short, how to ask, the user's last verdicts and agreement."""

from slack_bolt import App

from bot.slack.responder import Responder

HISTORY = 5


def register(app: App, responder: Responder) -> None:
    @app.event("app_home_opened")
    def on_home_opened(body, event, client):
        if event.get("tab") != "home":
            return
        responder.publish_home(
            client, team_id=body.get("team_id"), user_id=event["user"], history=HISTORY
        )
