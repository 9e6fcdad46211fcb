"""Answering an event in its conversation, once: shared by mentions and DMs."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.replies import Responder


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


def answer_event(
    responder: Responder, client: WebClient, body: dict, event: dict, *, surface: str, thread: bool
) -> None:
    event_id = body.get("event_id") or f"{event.get('channel')}:{event.get('ts')}"
    team_id = body.get("team_id")
    # Claimed in the database before replying, so a redelivery (or another process) stays silent.
    if not responder.store.claim_event(event_id, team_id):
        return
    asker = {"team_id": team_id, "user_id": event.get("user"), "channel_id": event.get("channel")}
    file = shared_file(event)
    if file is not None:
        reply, verdict_id = responder.answer_file(
            client, file, event.get("text") or "", surface=surface, **asker
        )
    else:
        reply, verdict_id = responder.answer(event.get("text") or "", surface=surface, **asker)
    responder.post(
        client,
        channel=event["channel"],
        thread_ts=(event.get("thread_ts") or event.get("ts")) if thread else event.get("thread_ts"),
        reply=reply,
        blocks=responder.blocks(reply, verdict_id),
        on_done=lambda _: responder.store.mark_answered(event_id),
    )
