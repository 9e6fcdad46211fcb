"""Answering an event in its conversation, once: shared by mentions and DMs.

The claim is written before Slack gets its acknowledgement (a global middleware), together with
what is needed to answer: once acknowledged, Slack never sends the event again, so a worker that
dies after the ack must leave the claim for another to answer (bot/slack/delivery.py).
"""

from __future__ import annotations

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.slack.responder import Responder

CLAIM = "claimed_request"  # the context key the middleware leaves for the listener


def is_from_a_person(event: dict) -> bool:
    """Bots (ourselves included), edits, deletions and joins are never answered; a person's
    message that shares a file is."""
    subtype = event.get("subtype")
    return not (
        event.get("bot_id") or event.get("bot_profile") or (subtype and subtype != "file_share")
    )


def shared_file(event: dict) -> dict | None:
    """The first file shared with the message, if any."""
    files = event.get("files")
    return files[0] if isinstance(files, list) and files and isinstance(files[0], dict) else None


def _surface(event: dict) -> tuple[str, bool] | None:
    """(surface, answer in a thread) for the events the bot answers; None for the rest."""
    if not isinstance(event, dict) or not is_from_a_person(event) or not event.get("channel"):
        return None
    if event.get("type") == "app_mention":
        return "mention", True
    if event.get("type") == "message" and event.get("channel_type") == "im":
        return "dm", False
    return None


def register_claims(app: App, responder: Responder) -> None:
    @app.middleware
    def claim_before_ack(body, context, next):
        event = body.get("event") if body.get("type") == "event_callback" else None
        found = _surface(event) if event is not None else None
        if found is None:
            return next()
        surface, thread = found
        event_id = body.get("event_id") or f"{event.get('channel')}:{event.get('ts')}"
        team_id = body.get("team_id")
        thread_ts = event.get("thread_ts")
        request = {
            "kind": "event",
            "surface": surface,
            "team_id": team_id,
            "user_id": event.get("user"),
            "channel": event["channel"],
            "ts": event.get("ts"),
            "thread_ts": (thread_ts or event.get("ts")) if thread else thread_ts,
            "text": event.get("text") or "",
            "file": shared_file(event),
        }
        # A redelivery, or the same event at another process, is acknowledged and left alone.
        if not responder.claim(event_id, team_id, request):
            return BoltResponse(status=200, body="")
        context[CLAIM] = (event_id, request)
        return next()


def answer_event(responder: Responder, client: WebClient, context) -> None:
    """Answer the event this request claimed (nothing when it claimed none)."""
    claimed = context.get(CLAIM)
    if claimed is None:
        return
    responder.answer_claimed(client, *claimed)
