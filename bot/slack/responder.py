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
from bot.slack import text as slack_text
from bot.slack.poster import Poster
from bot.store import Store

log = logging.getLogger(__name__)

# The ids our messages carry, named once: listeners match on the same constants.
REPLY_METADATA = "tpm_vs_pm_reply"  # message metadata naming the event a reply answers
FEEDBACK_PROMPT_BLOCK = "feedback_prompt"
FEEDBACK_BLOCK = "feedback"
SHARE_BLOCK = "share"
CONSENT_ACTION = "feedback_consent"
CONSENT_VALUE = "share"
SHARE_ACTION = "share_in_channel"
FEEDBACK_LABELS = ("right", *ROLES)
FEEDBACK_ACTION = "feedback_{}"  # one button per label


@dataclass
class Responder:
    """Everything a listener does goes through here: listeners read Slack's payload and never
    touch the store, the poster or the renderer themselves."""

    settings: Settings
    answerer: Answerer
    store: Store
    poster: Poster

    @property
    def ui(self) -> dict[str, Any]:
        return self.answerer.renderer.ui

    def render(self, kind: str, **context: Any) -> Reply:
        return self.answerer.render(kind, **context)

    # --- claims: each event answered once -------------------------------------------------------

    def claim(self, event_id: str, team_id: str | None, request: dict[str, Any]) -> bool:
        """True for the one request that should answer; the request is kept to answer again."""
        return self.store.events.claim(event_id[:64], team_id, request)

    def answer_claimed(self, client: WebClient | None, event_id: str, request: dict) -> None:
        """Answer a claimed request and mark it answered once Slack has the reply."""
        event_id = event_id[:64]
        self.answer_request(
            client,
            request,
            event_id=event_id,
            on_done=lambda _: self.store.events.mark_answered(event_id),
        )

    # --- answers --------------------------------------------------------------------------------

    def answer(
        self, text: str, *, team_id, user_id, channel_id, surface: str, author_id=None
    ) -> tuple[Reply, str | None]:
        """The reply and, when it carries a verdict, the id it was recorded under. `author_id`
        is who wrote the text when that is not the asker (the message shortcut)."""
        return self._recorded(
            self.read(text),
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
        reply = self.answerer.answer_document(data, slack_text.to_plain_text(note))
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

    def read(self, text: str) -> Reply:
        """The reply to a text as Slack sent it: markup becomes plain text here, at the edge."""
        if slack_text.only_links(text):
            return self.render("link_only")
        return self.answerer.answer(slack_text.to_plain_text(text))

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
        verdict_id = self.store.verdicts.record(
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
                        "value": CONSENT_VALUE,
                    }
                ],
            }
        ]
        for label in FEEDBACK_LABELS:
            button = {
                "type": "button",
                "action_id": FEEDBACK_ACTION.format(label),
                "text": {"type": "plain_text", "text": labels[label]},
                "value": verdict_id,
            }
            if label == "right":
                button["style"] = "primary"
            elements.append(button)
        extra = [
            {
                "type": "context",
                "block_id": FEEDBACK_PROMPT_BLOCK,
                "elements": [{"type": "mrkdwn", "text": labels["prompt"]}],
            },
            {"type": "actions", "block_id": FEEDBACK_BLOCK, "elements": elements},
        ]
        if shareable:
            extra.append(
                {
                    "type": "actions",
                    "block_id": SHARE_BLOCK,
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

    # --- buttons, the App Home, apologies ----------------------------------------------------

    def take_feedback(
        self,
        verdict_id: str,
        *,
        team_id,
        user_id,
        label: str,
        share_text: bool,
        response_url: str | None,
        ephemeral: bool,
    ) -> None:
        """Store a click on a verdict and acknowledge it to the clicker alone."""
        row = self.store.feedback.record(
            verdict_id, team_id=team_id, user_id=user_id, label=label, share_text=share_text
        )
        if not response_url:
            return
        if row is None:
            self.tell_privately(response_url, "verdict_gone")
            return
        thanks = self.render(
            "feedback_thanks",
            agreed=row["agreed"],
            label=row["label"],
            shared=row["text"] is not None,
            refused=row["share_refused"],
        )
        if not ephemeral:
            # A message others can see is left as it is: the click is acknowledged to the
            # clicker alone, so nobody learns who judged what.
            self.tell_privately(response_url, thanks)
            return
        # An ephemeral message cannot be read back: rebuild it from the stored text.
        reply = self.read(self.store.verdicts.text(verdict_id) or "")
        self.respond(
            response_url,
            replace_original=True,
            text=reply.text,
            blocks=reply.blocks + thanks.blocks,
        )

    def share(self, verdict_id: str, *, user_id: str, response_url: str) -> None:
        """Post a private answer in the channel for everyone, then remove the private copy."""
        text = self.store.verdicts.text(verdict_id)
        if text is None:
            self.tell_privately(response_url, "verdict_gone")
            return
        reply = self.read(text)
        shared = self.render("shared_by", user=user_id)
        self.respond(
            response_url,
            response_type="in_channel",
            replace_original=False,
            text=reply.text,
            blocks=self.blocks(reply, verdict_id) + shared.blocks,
            on_done=lambda _: self.respond(response_url, delete_original=True),
        )

    def publish_home(self, client: WebClient, *, team_id, user_id: str, history: int) -> None:
        """The App Home: the lesson in short, the user's last verdicts and the agreement figures."""
        recent = [
            {**row, "when": row["created_at"].strftime("%d %b %H:%M")}
            for row in self.store.verdicts.recent(team_id, user_id, limit=history)
        ]
        home = self.render("home", history=recent, stats=self.store.feedback.agreement(team_id))
        view = {"type": "home", "blocks": home.blocks}
        self.poster.api("views.publish", client.token, {"user_id": user_id, "view": view})

    def apologise(self, client: WebClient, body: dict) -> None:
        """A listener failed: tell the user kindly where they asked (never a stack trace)."""
        event = body.get("event") or {}
        if body.get("response_url"):
            self.tell_privately(body["response_url"], "error")
        elif event.get("channel") and not event.get("bot_id"):
            sorry = self.render("error")
            self.post(
                client,
                channel=event["channel"],
                thread_ts=event.get("thread_ts")
                or (event.get("ts") if event.get("type") == "app_mention" else None),
                reply=sorry,
                blocks=sorry.blocks,
            )

    def tell_privately(self, response_url: str, notice: Reply | str) -> Reply:
        """A short notice (a reply, or the name of its template) to the clicking user only,
        leaving the message as it is."""
        notice = self.render(notice) if isinstance(notice, str) else notice
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
