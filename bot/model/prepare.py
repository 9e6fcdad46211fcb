"""Text normalisation shared by training and classification, so both see the same features."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE = re.compile(r"\s+")


def prepare(text: str) -> str:
    """Fold numbers to one token (5 vs 7 projects is not a signal) and collapse whitespace."""
    return _SPACE.sub(" ", _NUMBER.sub("0", text)).strip()
