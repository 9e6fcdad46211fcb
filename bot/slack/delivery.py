"""Replies that outlive their worker.

An accepted event is claimed together with its request (where to answer, the text, who asked).
If the worker that claimed it dies (SIGKILL, out of memory, gunicorn's timeout), the claim stays
unanswered; every process runs a sweeper that takes such claims over once they are quiet for a
lease, with a compare-and-swap on the claim time so exactly one process does, and answers them
from the request. Before answering a conversation again it looks for its own reply, marked with
the event id in the message metadata, so a reply Slack accepted just before the worker died is
not posted twice.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.responder import REPLY_METADATA, Responder

log = logging.getLogger(__name__)

SWEEP_SECONDS = 5.0
# A response_url accepts answers for 30 minutes; after that a quiet claim is given up.
RESPONSE_URL_LIFE = timedelta(minutes=30)


class Sweeper:
    """Takes over quiet claims and answers them again, once."""

    def __init__(
        self,
        responder: Responder,
        lease: timedelta,
        client_for: Callable[[str | None], WebClient | None],
        every: float = SWEEP_SECONDS,
    ):
        self.responder, self.lease, self.client_for = responder, lease, client_for
        # A short lease is swept more often: a quiet claim waits at most about 1.5 leases.
        self.every = min(every, lease.total_seconds() / 2)
        self._stop = threading.Event()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self._loop, name="sweeper", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        # Jitter keeps the sweepers of many workers from querying in step.
        while not self._stop.wait(self.every * random.uniform(0.5, 1.0)):
            try:
                self.sweep()
            except Exception:  # a database blip must not end the loop
                log.exception("sweep_failed")

    def sweep(self) -> int:
        """Answer every quiet claim this process wins; the number answered."""
        store = self.responder.store
        won = 0
        for row in store.events.unanswered(self.lease):
            if store.events.take_over(row["event_id"], row["claimed_at"]):
                won += 1
                self._answer_again(row["event_id"], row["request"])
        return won

    def _answer_again(self, event_id: str, request: dict) -> None:
        store = self.responder.store
        log.info(
            "taken_over", extra={"kind": request.get("kind"), "surface": request.get("surface")}
        )
        if request.get("kind") == "respond":
            claimed = datetime.fromisoformat(request["at"])
            if datetime.now(UTC) - claimed > RESPONSE_URL_LIFE:
                store.events.mark_answered(event_id)  # the response_url is dead; nobody can be told
                return
            self.responder.answer_claimed(None, event_id, request)
            return
        client = self.client_for(request.get("team_id"))
        if client is None:
            return  # the workspace uninstalled the app: nobody to answer
        if already_posted(client, event_id, request):
            store.events.mark_answered(event_id)
            return
        self.responder.answer_claimed(client, event_id, request)


def already_posted(client: WebClient, event_id: str, request: dict) -> bool:
    """Whether a reply to `event_id` is already in its conversation (read with `im:history`
    in a DM, `channels:history` or `groups:history` in a thread). When Slack will not say, the
    answer is no: a reply twice is better than none."""
    try:
        if request.get("thread_ts"):
            found = client.conversations_replies(
                channel=request["channel"],
                ts=request["thread_ts"],
                include_all_metadata=True,
                limit=200,
            )
        else:
            found = client.conversations_history(
                channel=request["channel"],
                oldest=request.get("ts") or "0",
                include_all_metadata=True,
                limit=200,
            )
    except SlackApiError as exc:
        log.warning("history_unreadable", extra={"error": exc.response.get("error")})
        return False
    for message in found.get("messages") or []:
        meta = message.get("metadata") or {}
        if (
            meta.get("event_type") == REPLY_METADATA
            and (meta.get("event_payload") or {}).get("event_id") == event_id
        ):
            return True
    return False
