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


def test_the_posting_decision_matches_the_deciders_own(base_settings):
    from bot.model import ROLES
    from bot.model.aggregate import decide

    decider = ensure_models(base_settings.corpus_dir, base_settings.model_dir).models["decider"]
    rng = np.random.default_rng(0)
    features = rng.normal(size=(25, decider.coef_.shape[1]))
    order = [list(decider.classes_).index(r) for r in ROLES]
    expected = decider.predict_proba(features)[:, order]
    np.testing.assert_allclose([decide(decider, f) for f in features], expected, atol=1e-9)
