"""Read a short message the way the lesson reads a posting: by the duties it quotes.

People paste a title and two or three duties, then ask "is that program management?". The title
only claims a role and the asking names one, so neither may count as evidence: what the duties
are decides ("Release engineer: cut release branches, fix broken builds. Program?" is neither).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.model.segment import word_count
from bot.model.title import ROLE_NOUN, Title

# Words that frame a question about a role rather than describe one: "is this PM job project or
# program?" has no duty in it, so it gets no verdict, only a request for the duties.
FRAME = re.compile(
    r"\b(?:is|isn't|it|its|it's|this|that|these|the|a|an|or|and|not|nah|role|job|position|"
    r"posting|really|actually|project|projects|proj|program|programs|programme|prog|product|"
    r"manager|managers|management|mgmt|pm|pms|tpm|pgm|which|what|one|kind|type|of|would|you|"
    r"say|classify|call|count|counts|as|more|like|does|do|sound|look|read|mean|i|my|me|am|"
    r"think|question|quick|hey|hi|pls|please|bot|since|because|so|then|just|lol|here|still|"
    r"sense|level|in|for|be|to|at|any)\b",
    re.IGNORECASE,
)
# "project or program", "a program manager?": the asking names roles without describing one.
_ROLE_WORDS = r"(?:project|program|programme|product)(?:\s+manage(?:ment|r))?(?:\s+(?:role|job|work|position))?"
ROLE_CHOICE = re.compile(
    rf"\b(?:an?\s+)?{_ROLE_WORDS}(?:\s*(?:,|or|vs\.?|versus)\s*(?:an?\s+)?{_ROLE_WORDS})+\b"
    rf"|\ban?\s+{_ROLE_WORDS}\s*\?",
    re.IGNORECASE,
)
# In an asking clause, every naming of a role: "program since it's releases?", "proj mgmt or not".
_NAMED_ROLE = re.compile(
    r"\b(?:tpm|pgm|pm|proj|prog|project|program|programme|product|portfolio)s?\b"
    r"(?:[ -](?:management|managment|mgmt|manager|mgr|coordination|coordinator|lead|role|job|"
    r"work|level|sense|experience|background|planner|planning))*",
    re.IGNORECASE,
)
_ASKING_START = re.compile(
    r"^\W*(?:is|isn't|are|was|would|could|can|does|do|did|which|what|how|so|or)\b",
    re.IGNORECASE,
)
# A quoted title ('Project Engineer', "Loyalty Program Manager"): a short quoted span ending in
# the noun of a job. Quotes inside words (the team's) never open one.
_QUOTED_TITLE = re.compile(
    r"(?<!\w)['\"‘“](?P<title>(?:[\w&/().+-]+[ ]){0,5}?(?:" + ROLE_NOUN + r"|TPM|PgM|PM)s?)"
    r"['\"’”](?!\w)",
    re.IGNORECASE,
)
# Between clauses of one chat message: a sentence end or a colon, whatever the case after it.
_CLAUSE_END = re.compile(r"(?<=[.!?;:])\s+")
# A clause needs this many words beyond the framing to describe a duty.
MIN_CONTENT_WORDS = 3


@dataclass(frozen=True)
class Clause:
    shown: str  # as the person wrote it: what an answer quotes as evidence
    read: str  # what the role model reads: the clause without the title and the asking


def content_words(text: str) -> int:
    return word_count(FRAME.sub(" ", text))


def duty_clauses(pieces: list[str], title: Title | None) -> list[Clause]:
    """The clauses of a short message that describe duties, each with the text to score.

    A clause that only frames the question or names the title is left out. When nothing is left,
    the message had no duties: the pieces come back unchanged, and the caller asks for them."""
    out: list[Clause] = []
    for piece in pieces:
        for clause in _CLAUSE_END.split(piece):
            read = _QUOTED_TITLE.sub(" ", clause)
            if title is not None:
                read = _remove(read, title.text)
            asking = bool(_ASKING_START.match(read)) or _ends_with_question(read)
            if asking:
                read = _NAMED_ROLE.sub(" ", ROLE_CHOICE.sub(" ", read))
            read = " ".join(read.split())
            if (content_words(read) if asking else word_count(read)) >= MIN_CONTENT_WORDS:
                out.append(Clause(clause.strip(), read))
    return out or [Clause(p, p) for p in pieces]


def _ends_with_question(text: str) -> bool:
    """A '?' after the last word ("program??", "project or program? 🙏"); a scan, not a regex,
    so a long tail of punctuation costs one pass."""
    for char in reversed(text):
        if char == "?":
            return True
        if char.isalnum():
            return False
    return False


def _remove(text: str, phrase: str) -> str:
    at = text.lower().find(phrase.lower())
    return text if at < 0 else text[:at] + " " + text[at + len(phrase) :]
