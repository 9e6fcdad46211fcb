"""What kind of work an `other` role is closer to, read from its evidence lines' words.

The answer to "is this program management?" about a release engineer is "neither": it names the
kind of work the duties show (engineering), quoting the cues it found, and nothing more.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.model.segment import words

LEXICON = Path(__file__).parent / "lexicons" / "kinds.toml"
DUTIES = Path(__file__).parent / "lexicons" / "duties.toml"


@dataclass(frozen=True)
class Kind:
    name: str  # a table name in kinds.toml; responses/neither.j2 words it for people
    cues: tuple[str, ...]  # the cues found, in the order the evidence shows them


@cache
def lexicon(path: Path = LEXICON) -> dict[str, tuple[str, ...]]:
    with path.open("rb") as handle:
        tables = tomllib.load(handle)
    return {name: tuple(table["cues"]) for name, table in tables.items()}


def closer_to(lines: list[str], path: Path = LEXICON) -> Kind | None:
    """The kind with the most cues in `lines` (the first in the file on a tie); None when no cue
    is found (the answer then names no kind rather than guess)."""
    best: Kind | None = None
    for kind in found_in(lines, path):
        if best is None or len(kind.cues) > len(best.cues):
            best = kind
    return best


def found_in(lines: list[str], path: Path = LEXICON) -> list[Kind]:
    """Every kind with at least one cue in `lines`, in the lexicon's order."""
    text = " " + " ".join(" ".join(words(line)) for line in lines) + " "
    out = []
    for name, cues in lexicon(path).items():
        found = [cue for cue in cues if _has(text, cue)]
        if found:
            out.append(Kind(name, tuple(sorted(found, key=lambda c: _at(text, c)))))
    return out


def _has(text: str, cue: str) -> bool:
    return _at(text, cue) >= 0


def _at(text: str, cue: str) -> int:
    phrase = " ".join(words(cue))
    at = text.find(f" {phrase} ")
    return at if at >= 0 else text.find(f" {phrase}s ")
