"""Buttons: feedback on a verdict (stored, acknowledged to the clicker) and sharing a private
answer."""

import re

from slack_bolt import App

from bot.core import blocks as kit
from bot.slack.responder import CONSENT_ACTION, SHARE_ACTION, Responder

FEEDBACK = re.compile(r"^feedback_(right|project|program|product|other)$")


def _consented(body: dict) -> bool:
    for values in ((body.get("state") or {}).get("values") or {}).values():
        selected = (values.get(CONSENT_ACTION) or {}).get("selected_options") or []
        if any(option.get("value") == "share" for option in selected):
            return True
    return False


def register(app: App, responder: Responder) -> None:
    renderer = responder.answerer.renderer

    @app.action(CONSENT_ACTION)
    def on_consent_toggle(ack):
        ack()  # read from the message's state when a feedback button is clicked

    @app.action(FEEDBACK)
    def on_feedback(ack, body, action):
        ack()
        user_id = body["user"]["id"]
        team_id = (body.get("team") or {}).get("id") or body["user"].get("team_id")
        verdict_id = action["value"]
        row = responder.store.record_feedback(
            verdict_id,
            team_id=team_id,
            user_id=user_id,
            label=FEEDBACK.match(action["action_id"]).group(1),
            share_text=_consented(body),
        )
        if row is None:
            if body.get("response_url"):
                responder.tell_privately(body["response_url"], "verdict_gone")
            return
        thanks = renderer.render(
            "feedback_thanks",
            agreed=row["agreed"],
            label=row["label"],
            shared=row["text"] is not None,
            refused=row["share_refused"],
        )
        if not (body.get("container") or {}).get("is_ephemeral"):
            # A message others can see is left as it is: the click is acknowledged to the
            # clicker alone, so nobody learns who judged what.
            responder.respond(
                body["response_url"],
                response_type="ephemeral",
                replace_original=False,
                text=kit.to_text(thanks),
                blocks=kit.to_blocks(thanks),
            )
            return
        # An ephemeral message cannot be read back: rebuild it from the stored text.
        text = responder.store.verdict_text(verdict_id) or ""
        reply = responder.answerer.answer(text)
        responder.respond(
            body["response_url"],
            replace_original=True,
            text=reply.text,
            blocks=reply.blocks + kit.to_blocks(thanks),
        )

    @app.action(SHARE_ACTION)
    def on_share(ack, body, action):
        ack()
        verdict_id = action["value"]
        text = responder.store.verdict_text(verdict_id)
        if text is None:
            responder.tell_privately(body["response_url"], "verdict_gone")
            return
        reply = responder.answerer.answer(text)
        shared = kit.to_blocks(renderer.render("shared_by", user=body["user"]["id"]))
        responder.respond(
            body["response_url"],
            response_type="in_channel",
            replace_original=False,
            text=reply.text,
            blocks=responder.blocks(reply, verdict_id) + shared,
            on_done=lambda _: responder.respond(body["response_url"], delete_original=True),
        )
