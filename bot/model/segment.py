"""Split a posting or message into duty-sized segments, the unit the role model scores."""

from __future__ import annotations

import re

# A posting of 40k characters has a few hundred lines; beyond this the rest is rarely duties
# and scoring it would only cost time.
MAX_SEGMENTS = 400
# Segments longer than this are sentences run together; they are split further or cut.
MAX_SEGMENT_CHARS = 400

_BULLET = re.compile(r"^\s*(?:[-*•·▪◦●○■□➢➤►▶✓✔→–—]+|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)](?=\s))\s*")
_INLINE_BULLETS = re.compile(r"\s+(?:[•·▪◦●■➢➤►]|\s-\s|\s\*\s)\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[]?[A-Z0-9])")
_WORD = re.compile(r"\w+", re.UNICODE)


def segments(text: str) -> list[str]:
    """Lines, bullets and sentences of `text`, each stripped of bullet marks, in order."""
    out: list[str] = []
    for raw_line in text.splitlines():
        for piece in _INLINE_BULLETS.split(raw_line):
            piece = _BULLET.sub("", piece).strip()
            if not piece:
                continue
            for sentence in _SENTENCE_END.split(piece):
                sentence = sentence.strip()
                if _WORD.search(sentence):
                    out.append(sentence[:MAX_SEGMENT_CHARS])
                if len(out) >= MAX_SEGMENTS:
                    return out
    return out


def word_count(text: str) -> int:
    return len(_WORD.findall(text))
