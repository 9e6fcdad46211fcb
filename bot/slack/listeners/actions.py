"""Buttons: feedback on a verdict (stored, acknowledged to the clicker) and sharing a private
answer."""

import re

from slack_bolt import App

from bot.slack.responder import (
    CONSENT_ACTION,
    CONSENT_VALUE,
    FEEDBACK_ACTION,
    FEEDBACK_LABELS,
    SHARE_ACTION,
    Responder,
)

FEEDBACK = re.compile("^" + FEEDBACK_ACTION.format(f"({'|'.join(FEEDBACK_LABELS)})") + "$")


def _consented(body: dict) -> bool:
    for values in ((body.get("state") or {}).get("values") or {}).values():
        selected = (values.get(CONSENT_ACTION) or {}).get("selected_options") or []
        if any(option.get("value") == CONSENT_VALUE for option in selected):
            return True
    return False


def register(app: App, responder: Responder) -> None:
    @app.action(CONSENT_ACTION)
    def on_consent_toggle(ack):
        ack()  # read from the message's state when a feedback button is clicked

    @app.action(FEEDBACK)
    def on_feedback(ack, body, action):
        ack()
        responder.take_feedback(
            action["value"],
            team_id=(body.get("team") or {}).get("id") or body["user"].get("team_id"),
            user_id=body["user"]["id"],
            label=FEEDBACK.match(action["action_id"]).group(1),
            share_text=_consented(body),
            response_url=body.get("response_url"),
            ephemeral=bool((body.get("container") or {}).get("is_ephemeral")),
        )

    @app.action(SHARE_ACTION)
    def on_share(ack, body, action):
        ack()
        responder.share(
            action["value"], user_id=body["user"]["id"], response_url=body["response_url"]
        )
