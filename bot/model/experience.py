"""The sender's own work in a message: "I run three related migration projects …".

A message that describes what the person does is answered about them, not as a job ad; a
career question ("should I apply to a program role if I've only managed single projects?") is
answered from the experience it mentions, not from the role it asks about. English only: the
intent corpus is English.
"""

from __future__ import annotations

import re

from bot.model.question import MIN_CONTENT_WORDS, content_words
from bot.model.thresholds import POSTING_MIN_CHARS, POSTING_MIN_SEGMENTS

# A clause is split where a new thought starts: sentence ends, and the words that join an
# experience onto a question ("should I apply … if I've only managed …"). `(?<!\s)` starts a
# match only at the start of a run of spaces, so a long run is scanned once, not once per space. Commas are kept: "I
# keep six clinic openings in sync, move nurses between them" is one experience.
_CLAUSES = re.compile(
    r"(?<=[.!?;])\s+"
    r"|(?<!\s)\s+(?=(?:if|since|because|as|but|although|though|when|while|given|and)\s+"
    r"(?:i|i've|i'm|ive|im|my)\b)",
    re.IGNORECASE,
)
_LEADING_JOINER = re.compile(
    r"^(?:if|since|because|as|but|although|though|when|while|given|and|so|also)\s+",
    re.IGNORECASE,
)
# The clause speaks of the sender's own work: I (or "my job", "my CV") within its first words,
# not after an auxiliary ("should I apply?" asks); or the implied I of a CV ("5 yrs running …").
_AUXILIARY = r"(?:should|can|could|would|will|shall|may|might|must|am|do|does|did|is|are)"
_FIRST_PERSON = re.compile(
    r"^(?:(?:[\w'’-]+[\s,]+){0,5}?(?<!" + _AUXILIARY[3:-1].replace("|", " )(?<!") + r" )"
    r"(?:i|i've|i'm|i'd|ive|im)\b"
    r"|(?:[\w'’-]+[\s,]+){0,5}?my\s+(?:whole\s+|current\s+|own\s+|main\s+)?(?:job|role|work|"
    r"days?|experience|background|cv|resume|résumé|responsibilities|duties|team and i)\b"
    r"|(?:been|spent)\b|(?:\d+\+?|one|two|three|four|five|six|seven|eight|nine|ten)\s*"
    r"(?:yrs?|years?)\b)",
    re.IGNORECASE,
)
# "I wonder", "I want to move", "I got offered": wishing or asking, not doing.
_NOT_DOING = re.compile(
    r"^(?:[\w'’-]+[\s,]+){0,5}?(?:i|i'm|im)\s+(?:am\s+|was\s+|'m\s+)?(?:wonder|wondering|want|"
    r"wanted|would|'d|think|thought|guess|need|feel|don't know|dont know|can't tell|cant tell|"
    r"have a question|got offered|saw|see|found|applied|applying|looking|hope|hoping|"
    r"interview|interviewing|have an interview|asked|ask)\b",
    re.IGNORECASE,
)
# A clause that opens as a question asks ("what should I put on my CV …?"); it reports nothing.
_ASKS = re.compile(
    r"^(?:what|which|how|why|where|who|should|can|could|would|will|am|do|does|did|is|are|was)\b",
    re.IGNORECASE,
)
# A first-person clause that ends in a colon ("my job:", "I run three things:") carries on into
# the clauses after it.
_CARRIES_ON = re.compile(r":\s*$")


def experience_clauses(plain: str) -> list[str]:
    """The clauses in which the sender says what they do or have done, in order."""
    found: list[str] = []
    carrying = False
    for part in _CLAUSES.split(plain):
        for clause in re.split(r"(?<=:)\s+", part) if ":" in part else [part]:
            clause = _LEADING_JOINER.sub("", clause.strip(" \t\n\"'“”‘’()*_-•"))
            mine = bool(_FIRST_PERSON.match(clause)) and not (
                _NOT_DOING.match(clause) or _ASKS.match(clause)
            )
            if carrying and not mine and clause.rstrip().endswith("?"):
                carrying = False
            if (mine or carrying) and content_words(clause) >= MIN_CONTENT_WORDS:
                found.append(clause)
            if mine and _CARRIES_ON.search(clause):
                carrying = True
    return found


def split_experience(plain: str) -> tuple[str, str] | None:
    """A message holding both the sender's experience and a posting, as (experience, posting):
    the paragraphs that say what they have done, and the rest. None when either is missing or the
    rest is too short to be a posting."""
    if len(plain) < POSTING_MIN_CHARS:  # most messages: no room for a posting beside anything
        return None
    mine, rest = [], []
    for paragraph in re.split(r"\n[ \t]*\n", plain):
        if paragraph.strip():
            (mine if experience_clauses(paragraph) else rest).append(paragraph)
    posting = "\n\n".join(rest)
    if (
        not mine
        or len(posting) < POSTING_MIN_CHARS
        or posting.count("\n") + 1 < POSTING_MIN_SEGMENTS
    ):
        return None
    return "\n\n".join(mine), posting
