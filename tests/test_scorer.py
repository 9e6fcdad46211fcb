"""The fast scorer must give the fitted pipeline's own probabilities."""

import numpy as np
import pytest

from bot.model.scorer import LinearTextScorer
from bot.model.segment import segments
from bot.model.train import ensure_models

TEXTS = [
    "Keep the RAID log for the relaunch up to date",
    "Align the goals of six related projects with the strategy",
    "naïve CAFÉ über Zürich — coördinate",
    "a",
    "",
    "x" * 300,
    "🚀 emoji only 🚀",
    "the the the the plan plan",
]


@pytest.mark.parametrize("name", ["role", "intent"])
def test_scorer_matches_the_pipeline(base_settings, sample_posting, name):
    pipeline = ensure_models(base_settings.corpus_dir, base_settings.model_dir).models[name]
    texts = TEXTS + segments(sample_posting)
    scorer = LinearTextScorer(pipeline)
    expected = pipeline.predict_proba(texts)
    np.testing.assert_allclose(scorer.predict_proba(texts), expected, atol=1e-5)
    # Cached words give the same answer the second time.
    np.testing.assert_allclose(scorer.predict_proba(texts), expected, atol=1e-5)
    assert list(scorer.classes_) == list(pipeline.classes_)


@pytest.mark.parametrize("name", ["role", "intent"])
def test_a_batch_with_no_known_features_scores_as_the_pipeline_does(base_settings, name):
    pipeline = ensure_models(base_settings.corpus_dir, base_settings.model_dir).models[name]
    texts = ["申し訳ありません", ""]
    np.testing.assert_allclose(
        LinearTextScorer(pipeline).predict_proba(texts), pipeline.predict_proba(texts), atol=1e-5
    )


def test_calibrated_confidence_matches_the_calibrators_own(base_settings):
    from bot.model.aggregate import _logit, calibrated

    calibrator = ensure_models(base_settings.corpus_dir, base_settings.model_dir).models[
        "calibrator"
    ]
    scores = np.linspace(0.0, 1.0, 41)
    expected = calibrator.predict_proba(_logit(scores)[:, None])[
        :, list(calibrator.classes_).index(True)
    ]
    np.testing.assert_allclose([calibrated(calibrator, s) for s in scores], expected, atol=1e-9)
