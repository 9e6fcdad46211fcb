"""Plain text as the model reads it, and the normalisation training and classification share.

The model takes plain text: Slack's markup is turned into plain text at the edge (bot/slack/text.py)
and never reaches here, so a file given to the CLI is read exactly as written."""

from __future__ import annotations

import re
import unicodedata

# Longer pastes are cut here: a posting is rarely over 15k characters and Slack truncates
# messages at 40k, so this keeps classification fast without losing real duties.
MAX_CHARS = 40_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """At most MAX_CHARS, compatibility characters folded (NFKC: full-width letters, ligatures),
    control characters and binary junk turned into spaces."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFKC", text[:MAX_CHARS]))


def prepare(text: str) -> str:
    """Fold numbers to one token (5 vs 7 projects is not a signal) and collapse whitespace."""
    return _SPACE.sub(" ", _NUMBER.sub("0", text)).strip()
