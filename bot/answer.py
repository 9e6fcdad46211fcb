"""One path from text to reply, shared by every Slack surface and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot import blocks
from bot.errors import EmptyInput
from bot.model import MANAGEMENT_ROLES
from bot.model.verdict import Brain, Verdict
from bot.responses import Renderer
from bot.slack_text import MAX_CHARS

# Evidence lines shown in a reply; the rest are counted, so long pastes stay readable.
SHOWN_EVIDENCE = 6


@dataclass(frozen=True)
class Reply:
    kind: str  # the template that produced it
    text: str  # plain fallback, also what the CLI prints
    blocks: list[dict[str, Any]]
    verdict: Verdict | None = None
    layout: str = field(default="", repr=False)


class Answerer:
    """Classify a text and render the reply for it."""

    def __init__(self, brain: Brain, renderer: Renderer):
        self.brain = brain
        self.renderer = renderer

    def answer(self, text: str) -> Reply:
        try:
            verdict = self.brain.classify(text)
        except EmptyInput:
            return self.render("empty")
        return self.reply_for(verdict)

    def reply_for(self, v: Verdict) -> Reply:
        if v.intent == "career_advice":
            return self.render("career_advice", verdict=v, v=v)
        if v.intent in ("role_check",) or v.role is not None:
            if v.role is None:
                return self.render("no_role", verdict=v, v=v)
            if not v.language_read:
                return self.render("unread_language", verdict=v, v=v)
            evidence = {
                "evidence": v.evidence[:SHOWN_EVIDENCE],
                "hidden_evidence": max(0, len(v.evidence) - SHOWN_EVIDENCE),
                "max_chars": f"{MAX_CHARS:,}",
            }
            if v.role == "other":
                return self.render("neither", verdict=v, v=v, **evidence)
            ranked = sorted(MANAGEMENT_ROLES, key=lambda r: v.split[r], reverse=True)
            return self.render(
                "verdict",
                verdict=v,
                v=v,
                runner_up=ranked[1] if ranked[0] == v.role else ranked[0],
                split_ranked=[(r, v.split[r]) for r in ranked if v.split[r] >= 0.05],
                **evidence,
            )
        return self.render(v.intent, verdict=v)

    def render(self, kind: str, *, verdict: Verdict | None = None, **context: Any) -> Reply:
        layout = self.renderer.render(kind, **context)
        return Reply(
            kind, blocks.to_text(layout), blocks.to_blocks(layout, reserve=3), verdict, layout
        )
