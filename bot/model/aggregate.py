"""Turn per-line probabilities into one posting's role scores, and calibrate its confidence.

A real ad is mostly boilerplate: blurb, benefits, pay, equal-opportunity text. Boilerplate has a
label of its own and counts as no evidence, so it cannot outvote a handful of duties, and a
posting is called "other" only when its duty lines point to another kind of job. The section a
line sits in weighs it too: a duty under "Responsibilities" says more than a line under "Benefits".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

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
# A written training posting counts as this many synthetic ones: there are few, but they are laid
# out as real ads are.
WRITTEN_POSTING_WEIGHT = 10.0
# Strong regularisation: the decider has 13 inputs and must not learn the synthetic recipe.
DECIDER_C = 0.3


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


def synthetic_postings(probs: np.ndarray, labels: np.ndarray, *, count: int, seed: int):
    """Postings assembled from out-of-fold line probabilities, laid out as real ads are: a few
    duties among blurb and benefits, requirement lists mixing telling and generic lines, and
    stray lines of other kinds (a TPM ad asks for engineering skills; an ops ad mentions a plan)."""
    rng = np.random.default_rng(seed)
    by_label = {r: np.flatnonzero(labels == r) for r in LINE_LABELS}
    boiler_sections = ("intro", "company", "benefits", "apply", "legal", "requirements")
    for _ in range(count):
        label = ROLES[rng.integers(N_ROLES)]
        parts = [
            (label, rng.integers(2, 12), "duties"),
            (label, rng.integers(0, 6), "requirements"),
        ]
        strays = [r for r in ROLES if r != label]
        for _stray in range(rng.integers(0, 5)):
            section = ("duties", "requirements")[rng.integers(2)]
            parts.append((strays[rng.integers(len(strays))], 1, section))
        parts.append(("boilerplate", rng.integers(3, 35), None))
        rows, kinds = [], []
        for line_label, n, kind in parts:
            chosen = rng.choice(by_label[line_label], size=n)
            rows.extend(chosen)
            kinds.extend(
                [kind or boiler_sections[rng.integers(len(boiler_sections))] for _ in chosen]
            )
        yield probs[np.array(rows, dtype=int)], kinds, label


def fit_decider(
    probs: np.ndarray,
    labels: np.ndarray,
    postings: Sequence[tuple[np.ndarray, Sequence[str], str]] = (),
    *,
    count: int = 3000,
    seed: int = 0,
) -> LogisticRegression:
    """The posting-level decision: a multinomial logistic regression over `posting_features`,
    fitted on synthetic postings and on the written training postings, which count more since
    they are laid out as real ads are. Its probability for the role it picks is the confidence."""
    features, targets, weights = [], [], []
    for lines, kinds, label in synthetic_postings(probs, labels, count=count, seed=seed):
        features.append(posting_features(lines, kinds))
        targets.append(label)
        weights.append(1.0)
    for lines, kinds, label in postings:
        features.append(posting_features(lines, kinds))
        targets.append(label)
        weights.append(WRITTEN_POSTING_WEIGHT)
    decider = LogisticRegression(C=DECIDER_C, max_iter=1000, random_state=seed)
    decider.fit(np.array(features), np.array(targets), sample_weight=np.array(weights))
    return decider


def decide(decider: LogisticRegression, features: np.ndarray) -> np.ndarray:
    """The decider's probabilities over ROLES, computed directly (one posting, no input checks)."""
    logits = decider.coef_ @ features + decider.intercept_
    logits -= logits.max()
    p = np.exp(logits)
    p /= p.sum()
    order = [list(decider.classes_).index(r) for r in ROLES]
    return p[order]
