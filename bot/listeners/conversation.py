"""Answering an event in its conversation, once: shared by mentions and DMs."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.replies import Responder


def is_from_a_person(event: dict) -> bool:
    """Bots (ourselves included), edits, deletions and joins are never answered."""
    return not (event.get("bot_id") or event.get("subtype") or event.get("bot_profile"))


def answer_event(
    responder: Responder, client: WebClient, body: dict, event: dict, *, surface: str, thread: bool
) -> None:
    event_id = body.get("event_id") or f"{event.get('channel')}:{event.get('ts')}"
    team_id = body.get("team_id")
    # Claimed in the database before replying, so a redelivery (or another process) stays silent.
    if not responder.store.claim_event(event_id, team_id):
        return
    reply, verdict_id = responder.answer(
        event.get("text") or "",
        team_id=team_id,
        user_id=event.get("user"),
        channel_id=event.get("channel"),
        surface=surface,
    )
    responder.post(
        client,
        channel=event["channel"],
        thread_ts=(event.get("thread_ts") or event.get("ts")) if thread else event.get("thread_ts"),
        reply=reply,
        blocks=responder.blocks(reply, verdict_id),
        on_done=lambda _: responder.store.mark_answered(event_id),
    )
