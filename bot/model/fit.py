"""Should I apply? A person's experience held against a posting's duties.

The lesson's advice is to read the job description and apply if the responsibilities match your
experience. This does the reading: the posting's verdict, the kinds of duty it asks for, and
which of its duties the experience covers (same kind of management, a shared kind of duty).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import MANAGEMENT_ROLES
from bot.model.kinds import DUTIES, found_in
from bot.model.thresholds import Thresholds
from bot.model.verdict import Brain, Evidence, Verdict

# Share of the posting's management duties the experience must cover for a "yes" or a "partly".


@dataclass(frozen=True)
class Duty:
    line: Evidence
    kinds: tuple[str, ...]
    covered: bool


@dataclass(frozen=True)
class Fit:
    posting: Verdict
    me: Verdict
    duties: list[Duty]  # the posting's management duties, strongest first
    asked: tuple[str, ...]  # kinds of duty the posting asks for
    done: tuple[str, ...]  # kinds of duty the experience shows
    match: str  # "yes", "partly" or "no"

    @property
    def covered(self) -> list[Duty]:
        return [d for d in self.duties if d.covered]

    @property
    def missing(self) -> list[Duty]:
        return [d for d in self.duties if not d.covered]


def fit(brain: Brain, me_text: str, posting_text: str) -> Fit:
    """Raise EmptyInput when either text has nothing to read."""
    posting = brain.classify(posting_text)
    me = brain.classify(me_text, as_experience=True)
    done = {k.name for k in found_in([e.text for e in me.evidence], DUTIES)}
    duties = []
    for line in posting.evidence:
        if line.role not in MANAGEMENT_ROLES:
            continue
        kinds = tuple(k.name for k in found_in([line.text], DUTIES))
        covered = line.role == me.role and (not kinds or bool(done.intersection(kinds)))
        duties.append(Duty(line, kinds, covered))
    asked = tuple(dict.fromkeys(k for d in duties for k in d.kinds))
    shown = tuple(k for k in asked if k in done)
    return Fit(
        posting,
        me,
        duties,
        asked,
        shown,
        _match(posting, me, duties, asked, shown, brain.thresholds),
    )


def _match(posting: Verdict, me: Verdict, duties, asked, shown, t: Thresholds) -> str:
    """Same kind of management and most of the duties: yes. Another kind of management, or only
    some of the duties: partly. Little of either: no."""
    if posting.role == "other" or me.role == "other":
        same = posting.role == me.role and (
            posting.closer_to is None
            or me.closer_to is None
            or posting.closer_to.name == me.closer_to.name
        )
        return "yes" if same else "no"
    kinds_share = len(shown) / len(asked) if asked else 0.0
    if posting.role != me.role:
        return "partly" if kinds_share >= t.covers_some else "no"
    lines_share = sum(d.covered for d in duties) / len(duties) if duties else 0.0
    share = (kinds_share + lines_share) / 2
    return "yes" if share >= t.covers_most else "partly" if share >= t.covers_some else "no"
