"""What every Slack surface does with a text: answer it, record the verdict, add the controls."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.core.answer import Answerer, Reply
from bot.errors import UnreadableFile
from bot.model import ROLES
from bot.settings import Settings
from bot.slack import files as slack_files
from bot.slack.poster import Poster
from bot.store import Store

log = logging.getLogger(__name__)

FEEDBACK_BLOCK = "feedback"
REPLY_METADATA = "tpm_vs_pm_reply"  # message metadata naming the event a reply answers
CONSENT_ACTION = "feedback_consent"
SHARE_ACTION = "share_in_channel"
FEEDBACK_LABELS = ("right", *ROLES)


@dataclass
class Responder:
    settings: Settings
    answerer: Answerer
    store: Store
    poster: Poster

    @property
    def ui(self) -> dict[str, Any]:
        return self.answerer.renderer.ui

    def answer(
        self, text: str, *, team_id, user_id, channel_id, surface: str, author_id=None
    ) -> tuple[Reply, str | None]:
        """The reply and, when it carries a verdict, the id it was recorded under. `author_id`
        is who wrote the text when that is not the asker (the message shortcut)."""
        return self._recorded(
            self.answerer.answer(text),
            text,
            team_id=team_id,
            user_id=user_id,
            channel_id=channel_id,
            surface=surface,
            author_id=author_id,
        )

    def answer_file(
        self,
        client: WebClient,
        file: dict,
        note: str,
        *,
        team_id,
        user_id,
        channel_id,
        surface,
        author_id=None,
    ) -> tuple[Reply, str | None]:
        """A shared file fetched from Slack and answered like a pasted posting (or held against
        the sender's experience when the message with it describes their work)."""
        try:
            data, _ = slack_files.fetch(client, str(file.get("id")), self.settings.slack_api_url)
        except UnreadableFile as exc:
            log.info("file_unreadable", extra={"surface": surface, "reason": exc.reason})
            return self.answerer.file_problem(exc.reason), None
        reply = self.answerer.answer_document(data, note)
        return self._recorded(
            reply,
            note,
            team_id=team_id,
            user_id=user_id,
            channel_id=channel_id,
            surface=surface,
            author_id=author_id,
            chars=len(data),
        )

    def _recorded(
        self,
        reply: Reply,
        text: str,
        *,
        team_id,
        user_id,
        channel_id,
        surface,
        author_id=None,
        chars=None,
    ) -> tuple[Reply, str | None]:
        log.info(
            "answered",
            extra={
                "surface": surface,
                "team": team_id,
                "kind": reply.kind,
                "role": reply.verdict.role if reply.verdict else None,
                "chars": len(text) if chars is None else chars,
                **({"text": text[:500]} if self.settings.log_text else {}),
            },
        )
        if reply.verdict is None or reply.verdict.role is None:
            return reply, None
        verdict_id = self.store.record_verdict(
            reply.verdict,
            team_id=team_id,
            user_id=user_id,
            channel_id=channel_id,
            surface=surface,
            text=text,
            author_id=author_id,
        )
        return reply, verdict_id

    def blocks(self, reply: Reply, verdict_id: str | None, *, shareable: bool = False) -> list:
        """The reply's blocks plus feedback controls (and a share button for private answers)."""
        if verdict_id is None:
            return reply.blocks
        labels = self.ui["feedback"]
        elements: list[dict[str, Any]] = [
            {
                "type": "checkboxes",
                "action_id": CONSENT_ACTION,
                "options": [
                    {
                        "text": {"type": "mrkdwn", "text": f"*{labels['share_text']}*"},
                        "description": {"type": "mrkdwn", "text": labels["share_hint"]},
                        "value": "share",
                    }
                ],
            }
        ]
        for label in FEEDBACK_LABELS:
            button = {
                "type": "button",
                "action_id": f"feedback_{label}",
                "text": {"type": "plain_text", "text": labels[label]},
                "value": verdict_id,
            }
            if label == "right":
                button["style"] = "primary"
            elements.append(button)
        extra = [
            {
                "type": "context",
                "block_id": "feedback_prompt",
                "elements": [{"type": "mrkdwn", "text": labels["prompt"]}],
            },
            {"type": "actions", "block_id": FEEDBACK_BLOCK, "elements": elements},
        ]
        if shareable:
            extra.append(
                {
                    "type": "actions",
                    "block_id": "share",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": SHARE_ACTION,
                            "text": {"type": "plain_text", "text": self.ui["share"]["button"]},
                            "value": verdict_id,
                        }
                    ],
                }
            )
        return reply.blocks + extra

    def answer_request(
        self, client: WebClient | None, request: dict, *, event_id=None, on_done=None
    ):
        """Answer a claimed request (bot/slack/delivery.py keeps them): an event in its conversation,
        or a shortcut at its response_url. The same whether first time or taken over."""
        asker = {
            "team_id": request.get("team_id"),
            "user_id": request.get("user_id"),
            "channel_id": request.get("channel"),
            "surface": request["surface"],
        }
        if request.get("author_id"):
            asker["author_id"] = request["author_id"]
        file = request.get("file")
        if file and client is not None:
            reply, verdict_id = self.answer_file(client, file, request.get("text") or "", **asker)
        else:
            reply, verdict_id = self.answer(request.get("text") or "", **asker)
        if request.get("kind") == "respond":
            self.respond(
                request["response_url"],
                on_done,
                response_type="ephemeral",
                text=reply.text,
                blocks=self.blocks(reply, verdict_id, shareable=True),
            )
            return
        self.post(
            client,
            channel=request["channel"],
            thread_ts=request.get("thread_ts"),
            reply=reply,
            blocks=self.blocks(reply, verdict_id),
            event_id=event_id,
            on_done=on_done,
        )

    def post(
        self,
        client: WebClient,
        *,
        channel: str,
        thread_ts=None,
        reply,
        blocks,
        event_id=None,
        on_done=None,
    ):
        """chat.postMessage with the token of the workspace this request came from; the event id
        goes in the message metadata, so a taken-over claim can see its reply already went out."""
        arguments = {"channel": channel, "text": reply.text, "blocks": blocks}
        if thread_ts:
            arguments["thread_ts"] = thread_ts
        if event_id:
            arguments["metadata"] = {
                "event_type": REPLY_METADATA,
                "event_payload": {"event_id": event_id},
            }
        self.poster.api("chat.postMessage", client.token, arguments, on_done)

    def tell_privately(self, response_url: str, kind: str) -> Reply:
        """A short notice from template `kind`, to the clicking user only, leaving the message."""
        notice = self.answerer.render(kind)
        self.respond(
            response_url,
            response_type="ephemeral",
            replace_original=False,
            text=notice.text,
            blocks=notice.blocks,
        )
        return notice

    def respond(self, response_url: str, on_done=None, **payload) -> None:
        """POST to a response_url (slash commands, shortcuts, buttons), with the same retries."""
        self.poster.webhook(response_url, payload, on_done)
