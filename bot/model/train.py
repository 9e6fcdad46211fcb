"""Train the role and intent models, deterministically, and report cross-validated scores."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from bot.model import LINE_LABELS, ROLES, artifact
from bot.model.aggregate import N_ROLES, posting_features
from bot.model.corpus import (
    Example,
    Posting,
    load_intents,
    load_postings,
    load_question_lines,
    load_roles,
)
from bot.model.params import (
    DECIDER_C,
    INTENT_PARAMS,
    QUESTION_LINE_WEIGHT,
    RANDOM_STATE,
    ROLE_PARAMS,
    SYNTHETIC_POSTINGS,
    WRITTEN_POSTING_WEIGHT,
)
from bot.model.pipeline import build_pipeline
from bot.model.prepare import prepare
from bot.model.segment import sections

log = logging.getLogger(__name__)

current_fingerprint = artifact.current_fingerprint


def _fit(examples: list[Example], params: dict[str, Any], weights: np.ndarray | None = None):
    pipeline = build_pipeline(**params)
    pipeline.fit(
        [prepare(e.text) for e in examples],
        [e.label for e in examples],
        classifier__sample_weight=weights,
    )
    return pipeline


def fit_role_model(roles: list[Example], question_lines: list[Example]):
    """The line model: lines of job ads, and duties as typed into questions at a lower weight."""
    weights = np.r_[np.ones(len(roles)), np.full(len(question_lines), QUESTION_LINE_WEIGHT)]
    return _fit(roles + question_lines, ROLE_PARAMS, weights)


def cross_validated_f1(examples: list[Example], params: dict[str, Any], folds: int = 5) -> float:
    """Macro-F1 of out-of-fold predictions on the training corpus (a sanity figure, not the test)."""
    texts = [prepare(e.text) for e in examples]
    labels = [e.label for e in examples]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=RANDOM_STATE)
    predicted = cross_val_predict(build_pipeline(**params), texts, labels, cv=splitter)
    return float(f1_score(labels, predicted, average="macro"))


def out_of_fold_role_probs(roles: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    """Each line's probabilities from a model that never saw it, columns in LINE_LABELS order."""
    texts = [prepare(e.text) for e in roles]
    labels = np.array([e.label for e in roles])
    splitter = StratifiedKFold(n_splits=5, shuffle=True, random_state=RANDOM_STATE)
    probs = cross_val_predict(
        build_pipeline(**ROLE_PARAMS), texts, labels, cv=splitter, method="predict_proba"
    )
    order = [sorted(LINE_LABELS).index(r) for r in LINE_LABELS]  # cross_val_predict sorts classes
    return probs[:, order], labels


def scored_postings(role_model, postings: list[Posting]):
    """(line probabilities, section kinds, label) per posting, from a model trained on lines only,
    so none of a posting's own lines were seen in training."""
    order = [list(role_model.classes_).index(r) for r in LINE_LABELS]
    for posting in postings:
        found = sections(posting.text)
        probs = role_model.predict_proba([prepare(s.text) for s in found])[:, order]
        yield probs, [s.section for s in found], posting.label


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
    count: int = SYNTHETIC_POSTINGS,
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


def train(corpus_dir: Path, *, with_cv: bool = True) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fit the line, intent and posting-decision models; return them with their metadata."""
    started = time.perf_counter()
    roles, intents = load_roles(corpus_dir), load_intents(corpus_dir)
    question_lines = load_question_lines(corpus_dir)
    postings = load_postings(corpus_dir)
    role_model = fit_role_model(roles, question_lines)
    models = {
        "role": role_model,
        "intent": _fit(intents, INTENT_PARAMS),
        "decider": fit_decider(
            *out_of_fold_role_probs(roles),
            list(scored_postings(role_model, postings)),
            seed=RANDOM_STATE,
        ),
    }
    meta: dict[str, Any] = {
        "fingerprint": current_fingerprint(corpus_dir),
        "format": artifact.FORMAT_VERSION,
        "libraries": artifact.library_versions(),
        "params": artifact.PARAMS,
        "examples": {
            "role": len(roles),
            "question_lines": len(question_lines),
            "intent": len(intents),
            "postings": len(postings),
        },
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fit_seconds": round(time.perf_counter() - started, 2),
    }
    if with_cv:
        meta["cv_macro_f1"] = {
            "role": round(cross_validated_f1(roles, ROLE_PARAMS), 4),
            "intent": round(cross_validated_f1(intents, INTENT_PARAMS), 4),
        }
    return models, meta


def ensure_models(corpus_dir: Path, model_dir: Path) -> artifact.Artifact:
    """The saved models when fresh; otherwise train now and save. Never a stale model. A fresh
    model whose serving files are missing or damaged has them written again."""
    expected = current_fingerprint(corpus_dir)
    loaded = artifact.load(model_dir, expected)
    if loaded is not None:
        if artifact.load_serving(model_dir, expected) is None:
            artifact.save(model_dir, loaded.models, loaded.meta)
        return loaded
    log.info("model.training", extra={"reason": "missing or stale"})
    models, meta = train(corpus_dir, with_cv=False)
    artifact.save(model_dir, models, meta)
    return artifact.Artifact(models, artifact.read_meta(model_dir) or meta)
