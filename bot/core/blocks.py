"""Turn a rendered layout into Slack Block Kit and into the plain-text fallback, within limits."""

from __future__ import annotations

import re
from typing import Any

# Block Kit limits (docs: reference/block-kit/blocks), with room to spare for buttons.
MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_CONTEXT = 2000
MAX_TEXT_FALLBACK = 3900  # chat.postMessage text: keep under 4,000 characters


def parse(layout: str) -> list[tuple[str, str]]:
    """Split the layout into (kind, text) parts: header, divider, context, section."""
    parts: list[tuple[str, str]] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            parts.append(("section", "\n".join(paragraph).strip()))
            paragraph.clear()

    for line in layout.splitlines():
        if line.startswith("# "):
            flush()
            parts.append(("header", line[2:].strip()))
        elif line.strip() == "---":
            flush()
            parts.append(("divider", ""))
        elif line.startswith("~ "):
            flush()
            parts.append(("context", line[2:].strip()))
        elif not line.strip():
            flush()
        else:
            paragraph.append(line)
    flush()
    return [(kind, text) for kind, text in parts if kind == "divider" or text]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_blocks(layout: str, *, reserve: int = 0) -> list[dict[str, Any]]:
    """Block Kit for the layout; sections are merged and cut to stay within Slack's limits."""
    blocks: list[dict[str, Any]] = []
    for kind, text in parse(layout):
        if kind == "header":
            blocks.append(
                {"type": "header", "text": {"type": "plain_text", "text": _cut(text, MAX_HEADER)}}
            )
        elif kind == "divider":
            blocks.append({"type": "divider"})
        elif kind == "context":
            blocks.append(
                {
                    "type": "context",
                    "elements": [_mrkdwn(_cut(text, MAX_CONTEXT))],
                }
            )
        elif (
            blocks
            and blocks[-1]["type"] == "section"
            and (len(blocks[-1]["text"]["text"]) + len(text) + 2 <= MAX_SECTION)
        ):
            blocks[-1]["text"]["text"] += "\n\n" + text
        else:
            blocks.append({"type": "section", "text": _mrkdwn(_cut(text, MAX_SECTION))})
    limit = MAX_BLOCKS - reserve
    if len(blocks) > limit:
        blocks = [
            *blocks[: limit - 1],
            {"type": "context", "elements": [_mrkdwn("…")]},
        ]
    return blocks


def to_text(layout: str) -> str:
    """The plain fallback: headings in bold, dividers as blank lines; what the CLI prints."""
    lines = []
    for kind, text in parse(layout):
        if kind == "header":
            lines.append(f"*{text}*")
        elif kind == "divider":
            continue
        else:
            lines.append(text)
    return _cut("\n\n".join(lines), MAX_TEXT_FALLBACK)


def _mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object that Slack shows as written: `verbatim` stops it turning bare URLs,
    channel names and words like @here into links or notifications."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


_BROADCAST = re.compile(r"@(here|channel|everyone)\b", re.IGNORECASE)


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack treats as control characters in mrkdwn, and no others,
    and break up @here, @channel and @everyone so a user's text can never notify a channel."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub("@\u200b\\1", text)
