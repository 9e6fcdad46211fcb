"""Slack's markup at the edge: what users send becomes plain text before anything reads it."""

from __future__ import annotations

import re

from bot.core.answer import only_links as only_plain_links
from bot.model.prepare import MAX_CHARS

# Markup is read from at most this much text (the model then reads MAX_CHARS of what is left, and
# says when it cut): it bounds the work on a flood of markup without hiding a real cut.
MARKUP_CAP = 2 * MAX_CHARS

_MARKUP = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")
_SLACK_LINK = re.compile(r"<(?:https?://|mailto:)[^<>]*>")
_MENTION = re.compile(r"<[@#!][^<>]*>")
_WORD = re.compile(r"\w")


def _replace_markup(match: re.Match[str]) -> str:
    sigil, target, label = match.groups()
    if sigil == "@":
        return ""  # a mention says nothing about the role
    if sigil == "#":
        return f"#{label}" if label else ""
    if sigil == "!":
        if target.startswith(("subteam^", "date^")):
            return label or ""
        return f"@{target}"
    return label or target


def to_plain_text(text: str) -> str:
    """Strip mentions, unwrap links and unescape entities, as Slack documents its markup."""
    text = _MARKUP.sub(_replace_markup, text[:MARKUP_CAP])
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def only_links(text: str) -> bool:
    """True when a message is nothing but links (and mentions), in Slack's markup or bare."""
    rest, links = _SLACK_LINK.subn(" ", text[:MARKUP_CAP])
    rest = _MENTION.sub(" ", rest)
    return only_plain_links(rest) or (links > 0 and not _WORD.search(rest))
