"""Replies for a person at a terminal: Slack's mrkdwn becomes bold, italics and colour.

click.echo drops the colour codes when the output is not a terminal, so a piped answer is plain
text with no Slack markup at all. The Slack output is untouched: this reads the same layout.
"""

from __future__ import annotations

import re

import click

from bot.core import blocks

_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_([^_\n]+)_(?![\w_])")
_EMOJI = {":warning:": "⚠"}
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"), ("@\u200b", "@"))


def for_terminal(layout: str) -> str:
    """The reply's layout as terminal text: headings bold and coloured, small print dimmed."""
    lines = []
    for kind, text in blocks.parse(layout):
        if kind == "header":
            lines.append(click.style(_plain(text), fg="cyan", bold=True))
        elif kind == "context":
            lines.append(click.style(_inline(text), dim=True))
        elif kind == "section":
            lines.append(_inline(text))
    return "\n\n".join(lines)


def _inline(text: str) -> str:
    for code, symbol in _EMOJI.items():
        text = text.replace(code, symbol)
    text = _BOLD.sub(lambda m: click.style(m.group(1), bold=True), text)
    text = _ITALIC.sub(lambda m: click.style(m.group(1), italic=True), text)
    return _plain(text)


def _plain(text: str) -> str:
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text
