"""Turn per-line probabilities into one posting's evidence shares and the decider's verdict.

A real ad is mostly boilerplate: blurb, benefits, pay, equal-opportunity text. Boilerplate has a
label of its own and counts as no evidence, so it cannot outvote a handful of duties, and a
posting is called "other" only when its duty lines point to another kind of job. The section a
line sits in weighs it too: a duty under "Responsibilities" says more than a line under "Benefits".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.model import LINE_LABELS, ROLES

N_ROLES = len(ROLES)
BOILERPLATE_COLUMN = LINE_LABELS.index("boilerplate")
# How much a line counts by the section it is in. Requirements carry signal ("7+ years running
# multi-team programs") but less than duties; text before any heading is often the role summary.
SECTION_WEIGHT = {
    "duties": 1.0,
    "intro": 0.7,
    "requirements": 0.6,
    "preferred": 0.35,
    "company": 0.1,
    "benefits": 0.05,
    "apply": 0.05,
    "legal": 0.05,
}
DUTY_SECTIONS = ("duties", "intro")
REQUIREMENT_SECTIONS = ("requirements", "preferred")
SMOOTHING = 0.02  # keeps log-scores finite for a role with no evidence at all


def line_evidence(probs: np.ndarray, kinds: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per line: its role distribution (rows over ROLES) and how much it counts as evidence.
    The distribution is the line's own, not sharpened: with the decider reading the shares, a
    line's doubt is information (sharpening by squaring cost 0.02 of macro-F1 on real postings)."""
    roles = probs[:, :N_ROLES] / np.maximum(probs[:, :N_ROLES].sum(axis=1, keepdims=True), 1e-12)
    section = np.array([SECTION_WEIGHT.get(k, 1.0) for k in kinds])
    return roles, (1.0 - probs[:, BOILERPLATE_COLUMN]) * section


def posting_scores(probs: np.ndarray, kinds: Sequence[str]) -> tuple[np.ndarray, float]:
    """Scores over ROLES (summing to 1) for a posting, and the evidence they rest on."""
    roles, weight = line_evidence(probs, kinds)
    total = float(weight.sum())
    if total < 1e-9:
        return np.full(N_ROLES, 1.0 / N_ROLES), 0.0
    return (weight[:, None] * roles).sum(axis=0) / total, total


def message_scores(probs: np.ndarray) -> np.ndarray:
    """A short message's scores: the model's own role probabilities, boilerplate set aside."""
    roles = probs[:, :N_ROLES].mean(axis=0)
    return roles / max(float(roles.sum()), 1e-12)


def posting_features(probs: np.ndarray, kinds: Sequence[str]) -> np.ndarray:
    """What the posting-level decision reads: the role scores of the whole posting, of its duty
    lines and of its requirement lines (each falling back to the whole when a posting has no such
    section), and how much evidence there is."""
    whole, evidence = posting_scores(probs, kinds)
    parts = [np.log(whole + SMOOTHING)]
    for group in (DUTY_SECTIONS, REQUIREMENT_SECTIONS):
        rows = [i for i, k in enumerate(kinds) if k in group]
        part, weight = (
            posting_scores(probs[rows], [kinds[i] for i in rows]) if rows else (whole, 0.0)
        )
        parts.append(np.log((part if weight > 0 else whole) + SMOOTHING))
    return np.concatenate([*parts, [np.log1p(evidence)]])


@dataclass(frozen=True)
class Decider:
    """The fitted posting-level decision as arrays: a multinomial logistic regression."""

    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray
    classes: tuple[str, ...]

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Probabilities over ROLES for one posting's features."""
        logits = self.coef @ features + self.intercept
        logits -= logits.max()
        p = np.exp(logits)
        p /= p.sum()
        return p[[self.classes.index(r) for r in ROLES]]
