"""From text to a verdict: intent, role with calibrated scores, evidence, hybrid, title check."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.errors import EmptyInput
from bot.model import LINE_LABELS, MANAGEMENT_ROLES, ROLES
from bot.model.aggregate import message_scores, posting_features, posting_scores
from bot.model.experience import experience_clauses
from bot.model.kinds import Kind, closer_to
from bot.model.language import Language, detect
from bot.model.prepare import MAX_CHARS, clean, prepare
from bot.model.question import MIN_CONTENT_WORDS, ROLE_CHOICE, content_words, duty_clauses
from bot.model.segment import INTRO, sections, word_count
from bot.model.serving import ServingModels
from bot.model.thresholds import POSTING_MIN_CHARS, POSTING_MIN_SEGMENTS, Thresholds
from bot.model.title import Title, find_title

# A message is read for at most this long; scoring goes in chunks of this many lines, and stops
# once the budget is spent (an ordinary 40,000-character posting takes about 20 ms).
CLASSIFY_BUDGET_SECONDS = 2.0
BUDGET_CHUNK = 50
# Evidence shown per verdict; the JSON carries the same list.
MAX_EVIDENCE = 10
# A segment of fewer words than this ("Full-time", "Apply now") is never shown as evidence.
MIN_EVIDENCE_WORDS = 3
# Intents whose text can describe a role; the others never get one.
ROLE_INTENTS = ("role_check", "career_advice")
_MANAGEMENT_SCORES = [ROLES.index(r) for r in MANAGEMENT_ROLES]
_BARE_PM = re.compile(r"\b(PMs?|PgMs?)\b")


@dataclass(frozen=True)
class Evidence:
    text: str
    role: str
    weight: float


@dataclass(frozen=True)
class Verdict:
    intent: str
    intent_confidence: float
    role: str | None
    confidence: float
    scores: dict[str, float]
    hybrid: bool
    split: dict[str, float]  # shares of the management evidence, for the hybrid answer
    title: str | None
    title_role: str | None
    title_mismatch: bool
    evidence: list[Evidence]
    low_confidence: bool
    acronym: str | None = None  # "PM" or "PgM" when the text leaves it ambiguous
    acronym_readings: tuple[str, ...] = ()
    truncated: bool = False
    language: str = "en"
    language_read: bool = True  # False: a language the corpus does not cover
    closer_to: Kind | None = None  # for `other`: the kind of work its evidence shows
    subject: str = (
        "message"  # what was read: a "posting", a "message", or the sender's own work ("self")
    )

    def to_json(self) -> dict[str, Any]:
        """The documented CLI contract: exactly these keys."""
        return {
            "intent": self.intent,
            "role": self.role,
            "confidence": round(self.confidence, 4),
            "scores": {r: round(self.scores[r], 4) for r in ROLES},
            "hybrid": self.hybrid,
            "title": self.title,
            "title_role": self.title_role,
            "title_mismatch": self.title_mismatch,
            "language": self.language,
            "closer_to": self.closer_to.name if self.closer_to else None,
            "subject": self.subject,
            "evidence": [
                {"text": e.text, "role": e.role, "weight": round(e.weight, 4)}
                for e in self.evidence
            ],
        }


class Brain:
    """The trained role and intent models with the thresholds that turn scores into answers."""

    def __init__(
        self,
        models: ServingModels,
        thresholds: Thresholds | None = None,
        budget_seconds: float = CLASSIFY_BUDGET_SECONDS,
    ):
        self.budget_seconds = budget_seconds
        self.role_model = models.role
        self.intent_model = models.intent
        self.decider = models.decider
        self.thresholds = thresholds or Thresholds()
        self._line_order = [list(self.role_model.classes_).index(r) for r in LINE_LABELS]
        self._management_lines = [LINE_LABELS.index(r) for r in MANAGEMENT_ROLES]
        self.model_version = models.meta.get("fingerprint", "")[:12]
        self._intent_classes = list(self.intent_model.classes_)

    def classify(self, text: str, *, as_experience: bool = False) -> Verdict:
        """Raise EmptyInput when a plain text has nothing to read.

        `as_experience`: the text is the sender's own work (a CV, "what I've done"), answered
        about them even where no clause says "I"."""
        started = time.monotonic()
        plain = clean(text)
        found = sections(plain)
        if not found:
            raise EmptyInput("the input is empty: give a posting, some duties or a question")
        title = find_title(plain)
        language = detect(plain)
        pieces = [s.text for s in found]
        posting = self._is_posting(plain, pieces)
        mine = (
            experience_clauses(plain)
            if as_experience or (not posting and language.code == "en")
            else []
        )
        if as_experience or mine:  # the sender's own work, answered about them
            mine = mine or pieces
            pieces, read, kinds, subject, title = mine, mine, [INTRO] * len(mine), "self", None
        elif posting:
            read, kinds = pieces, [s.section for s in found]
            subject = "posting"
        else:  # a question: its duties are evidence, its title and its asking are not
            clauses = duty_clauses(pieces, title)
            pieces, read = [c.shown for c in clauses], [c.read for c in clauses]
            kinds, subject = [INTRO] * len(clauses), "message"
        # Lines are scored in chunks against a wall-clock budget: a message that would hold a
        # worker longer is answered from the lines read so far, and says it was cut.
        chunks, cut = [], False
        for start in range(0, len(read), BUDGET_CHUNK):
            if chunks and time.monotonic() - started > self.budget_seconds:
                pieces, kinds, cut = pieces[:start], kinds[:start], True
                break
            chunks.append(self.line_probs(read[start : start + BUDGET_CHUNK]))
        probs = np.vstack(chunks)
        intent, intent_conf = ("role_check", 1.0) if as_experience else self._intent(plain, posting)
        return self._decide(
            plain,
            subject,
            pieces,
            kinds,
            probs,
            intent,
            intent_conf,
            title,
            language,
            len(text) > MAX_CHARS or cut,
        )

    def line_probs(self, pieces: list[str]) -> np.ndarray:
        """Each segment's probabilities over LINE_LABELS."""
        scored = [prepare(ROLE_CHOICE.sub(" ", s)) or s for s in pieces]
        return self.role_model.predict_proba(scored)[:, self._line_order]

    @staticmethod
    def _is_posting(plain: str, pieces: list[str]) -> bool:
        return len(pieces) >= POSTING_MIN_SEGMENTS and len(plain) >= POSTING_MIN_CHARS

    def _intent(self, plain: str, posting: bool) -> tuple[str, float]:
        if posting:
            return "role_check", 1.0
        p = self.intent_model.predict_proba([prepare(plain[:1000])])[0]
        best = int(np.argmax(p))
        return self._intent_classes[best], float(p[best])

    def _decide(
        self,
        plain,
        subject,
        pieces,
        kinds,
        probs,
        intent,
        intent_conf,
        title,
        language: Language,
        truncated,
    ):
        t = self.thresholds
        posting = subject == "posting"
        best = probs.argmax(axis=1)
        strongest_duty = probs[:, self._management_lines].max()
        if intent == "off_topic" and (
            strongest_duty >= t.clear_duty
            or (intent_conf < t.off_topic and strongest_duty >= t.management_duty)
        ):
            intent = "role_check"  # people paste bare duties; the intent model saw few of those
        if posting:
            scores_arr, _ = posting_scores(probs, kinds)
            decided = self.decider.probabilities(posting_features(probs, kinds))
        else:
            scores_arr = decided = message_scores(probs)
        scores = {r: float(scores_arr[i]) for i, r in enumerate(ROLES)}
        top = int(np.argmax(decided))

        management = scores_arr[_MANAGEMENT_SCORES]
        split = {r: float(management[i] / management.sum()) for i, r in enumerate(MANAGEMENT_ROLES)}
        duty_votes = {r: int((best == i).sum()) for i, r in enumerate(ROLES)}
        if not language.read or (language.code != "en" and strongest_duty >= t.management_duty):
            intent = "role_check"  # the intent corpus is English; the role corpus reads four
        if subject == "self" and intent == "explain_difference":
            intent = "role_check"  # "I do X, Y and Z: am I a PM or a PgM?" asks about them
        if intent not in ROLE_INTENTS:
            role, title = None, None
        elif (
            posting
            or subject == "self"
            or not language.read
            or _describes_duties(plain, title, intent, duty_votes)
        ):
            role = ROLES[top]
        else:
            role = None
        ranked = sorted(MANAGEMENT_ROLES, key=lambda r: split[r], reverse=True)
        hybrid = bool(
            role in MANAGEMENT_ROLES
            and split[ranked[1]] >= t.hybrid_share
            and duty_votes[ranked[0]] >= 2
            and duty_votes[ranked[1]] >= 2
        )
        title_role = title.role if title else None
        mismatch = bool(role is not None and title_role in MANAGEMENT_ROLES and role != title_role)
        confidence = intent_conf if role is None else float(decided[ROLES.index(role)])
        if role is not None and not language.read:
            confidence = min(confidence, t.unread_language)
        acronym, readings = _acronym(plain, title)
        evidence = _evidence(pieces, probs, best, role)
        return Verdict(
            intent=intent,
            intent_confidence=intent_conf,
            role=role,
            confidence=confidence,
            scores=scores,
            hybrid=hybrid,
            split=split,
            title=title.text if title else None,
            title_role=title_role,
            title_mismatch=mismatch,
            evidence=evidence,
            low_confidence=confidence < t.low_confidence,
            acronym=acronym,
            acronym_readings=readings,
            truncated=truncated,
            language=language.code,
            language_read=language.read,
            closer_to=closer_to([e.text for e in evidence]) if role == "other" else None,
            subject=subject,
        )


def _describes_duties(plain: str, title: Title | None, intent: str, duty_votes) -> bool:
    """A short message describes a role when words beyond the framing and the title remain."""
    rest = plain.replace(title.text, " ") if title else plain
    content = content_words(rest)
    if intent == "career_advice":
        return content >= MIN_CONTENT_WORDS and any(duty_votes[r] for r in MANAGEMENT_ROLES)
    return content >= MIN_CONTENT_WORDS


def _evidence(pieces, probs, best, role) -> list[Evidence]:
    """Segments that argue for a management role, strongest first; for `other`, its own lines."""
    wanted = set(MANAGEMENT_ROLES) if role != "other" else {"other"}
    found = [
        Evidence(piece, LINE_LABELS[b], float(probs[i, b]))
        for i, (piece, b) in enumerate(zip(pieces, best, strict=True))
        if LINE_LABELS[b] in wanted and word_count(piece) >= MIN_EVIDENCE_WORDS
    ]
    found.sort(key=lambda e: (e.role != role, -e.weight))
    return found[:MAX_EVIDENCE]


def _acronym(plain: str, title: Title | None) -> tuple[str | None, tuple[str, ...]]:
    """'PM' alone can mean project, program or product manager; the lesson also writes PgM."""
    if title is not None and title.ambiguous_acronym:
        word = title.ambiguous_acronym
    else:
        m = _BARE_PM.search(plain)
        if not m:
            return None, ()
        word = "PgM" if m.group(1).startswith("PgM") else "PM"
    readings = ("project", "program") if word == "PgM" else MANAGEMENT_ROLES
    return word, readings
