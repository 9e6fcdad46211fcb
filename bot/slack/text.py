"""Slack markup to plain text, and the size cap applied to everything a user sends."""

from __future__ import annotations

import re
import unicodedata

# Longer pastes are cut here: a posting is rarely over 15k characters and Slack truncates
# messages at 40k, so this keeps classification fast without losing real duties.
MAX_CHARS = 40_000

_MARKUP = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")
_BROADCAST = re.compile(r"@(here|channel|everyone)\b", re.IGNORECASE)
_SLACK_LINK = re.compile(r"<(?:https?://|mailto:)[^<>]*>")
_MENTION = re.compile(r"<[@#!][^<>]*>")
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>]+", re.IGNORECASE)
_WORD = re.compile(r"\w")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


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


def to_plain_text(text: str, *, max_chars: int = MAX_CHARS) -> str:
    """Strip mentions, unwrap links and unescape entities, as Slack documents its markup."""
    text = text[:max_chars]
    text = _MARKUP.sub(_replace_markup, text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = unicodedata.normalize("NFKC", text)
    return _CONTROL.sub(" ", text)


def only_links(text: str) -> bool:
    """True when a message is nothing but links (and mentions): there is no text to read, and
    the bot never fetches a link itself (it would let anyone make the server call any address)."""
    text = text[:MAX_CHARS]
    rest, links = _SLACK_LINK.subn(" ", text)
    rest, bare = _BARE_URL.subn(" ", _MENTION.sub(" ", rest))
    return bool(links + bare) and not _WORD.search(rest)


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack treats as control characters in mrkdwn, and no others,
    and break up @here, @channel and @everyone so a user's text can never notify a channel."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@\u200b\\1", text)
