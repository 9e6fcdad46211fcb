"""One path from text to reply, shared by every Slack surface and the CLI."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.core import blocks, documents
from bot.core.responses import Renderer
from bot.errors import EmptyInput, UnreadableFile
from bot.model import MANAGEMENT_ROLES
from bot.model.experience import experience_clauses, split_experience
from bot.model.fit import fit
from bot.model.prepare import MAX_CHARS, clean
from bot.model.verdict import Brain, Verdict

# Evidence lines shown in a reply; the rest are counted, so long pastes stay readable.
SHOWN_EVIDENCE = 6
_URL = re.compile(r"(?:https?://|www\.)[^\s<>]+", re.IGNORECASE)
_WORD = re.compile(r"\w")


def only_links(text: str) -> bool:
    """True when a text is nothing but links: there is nothing to read, and the bot never fetches
    a link itself (it would let anyone make the server call any address)."""
    rest, links = _URL.subn(" ", text[:MAX_CHARS])
    return links > 0 and not _WORD.search(rest)


@dataclass(frozen=True)
class Reply:
    kind: str  # the template that produced it
    text: str  # plain fallback, also what the CLI prints
    blocks: list[dict[str, Any]]
    verdict: Verdict | None = None
    layout: str = field(default="", repr=False)


class Answerer:
    """Classify a plain text and render the reply for it (Slack's markup is removed before)."""

    def __init__(self, brain: Brain, renderer: Renderer):
        self.brain = brain
        self.renderer = renderer

    def answer(self, text: str) -> Reply:
        if only_links(text):
            return self.render("link_only")
        parts = split_experience(clean(text))
        if parts is not None:
            return self.fit(*parts)
        try:
            verdict = self.brain.classify(text)
        except EmptyInput:
            return self.render("empty")
        return self.reply_for(verdict)

    def answer_document(self, data: bytes, note: str = "") -> Reply:
        """A shared file (PDF, Word, text) answered like a pasted posting; when the message that
        came with it describes the sender's work, their experience is held against it."""
        try:
            posting = documents.extract_text(data)
        except UnreadableFile as exc:
            return self.file_problem(exc.reason)
        if note.strip() and experience_clauses(clean(note)):
            return self.fit(note, posting)
        return self.answer(posting)

    def file_problem(self, reason: str) -> Reply:
        return self.render("file_problem", reason=reason)

    def fit(self, me: str, posting: str) -> Reply:
        """Should I apply? The posting's verdict and its duties against the sender's experience."""
        try:
            found = fit(self.brain, me, posting)
        except EmptyInput:
            return self.render("empty")
        return self.render("fit", verdict=found.posting, fit=found)

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
            if v.subject == "self":
                return self.render("about_you", verdict=v, v=v, **evidence)
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
