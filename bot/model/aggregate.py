"""Turn per-line role probabilities into one posting's scores, and calibrate its confidence."""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot.model import ROLES

# Boilerplate (benefits, EEO, blurbs) is plentiful in postings; its "other" probability is
# counted at this fraction so it cannot outvote a handful of real duties.
BOILERPLATE_DISCOUNT = 0.3
OTHER = ROLES.index("other")


def aggregate(probs: np.ndarray, *, posting: bool) -> np.ndarray:
    """Scores over ROLES (summing to 1) for lines whose probabilities are the rows of `probs`.

    In a posting each line's distribution is sharpened before summing, so the small leftovers of
    dozens of boilerplate lines do not add up to a role of their own. A short message is one or
    two lines: its scores are the model's own probabilities.
    """
    sharp = probs**2 if posting else probs.copy()
    sharp /= sharp.sum(axis=1, keepdims=True)
    totals = sharp.sum(axis=0)
    totals[OTHER] *= BOILERPLATE_DISCOUNT
    return totals / totals.sum()


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def synthetic_postings(probs: np.ndarray, labels: np.ndarray, *, count: int, seed: int):
    """Postings assembled from out-of-fold line probabilities: duties, boilerplate and a few
    stray lines of another role, as real postings mix them."""
    rng = np.random.default_rng(seed)
    by_label = {r: np.flatnonzero(labels == r) for r in ROLES}
    for _ in range(count):
        label = ROLES[rng.integers(len(ROLES))]
        if label == "other":
            parts = [(label, rng.integers(5, 30))]
        else:
            parts = [(label, rng.integers(3, 12)), ("other", rng.integers(3, 20))]
        stray = [r for r in ROLES[:OTHER] if r != label]
        parts.append((stray[rng.integers(len(stray))], rng.integers(0, 3)))
        rows = np.concatenate([rng.choice(by_label[r], size=n) for r, n in parts])
        yield probs[rows], label


def fit_calibrator(probs: np.ndarray, labels: np.ndarray, *, count: int = 1500, seed: int = 0):
    """A one-feature logistic regression from a posting's top score to P(verdict is right)."""
    tops, correct = [], []
    for lines, label in synthetic_postings(probs, labels, count=count, seed=seed):
        scores = aggregate(lines, posting=True)
        tops.append(scores.max())
        correct.append(ROLES[int(scores.argmax())] == label)
    calibrator = LogisticRegression(random_state=seed)
    calibrator.fit(_logit(np.array(tops))[:, None], np.array(correct))
    return calibrator


def calibrated(calibrator: LogisticRegression, top_score: float) -> float:
    """The calibrator's P(right) for one score: its sigmoid computed directly, since
    `predict_proba`'s input checks cost more than the arithmetic for a single value."""
    z = calibrator.coef_[0, 0] * _logit(np.array(top_score)) + calibrator.intercept_[0]
    return float(1.0 / (1.0 + np.exp(-z)))
