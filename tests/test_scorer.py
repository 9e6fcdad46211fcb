"""Serving scores from plain arrays with numpy alone, and must give the fitted scikit-learn
models' own probabilities: on every corpus line, the held-out postings and hostile text."""

import numpy as np
import pytest
import skops.io as sio

from bot.core.brain import load_models
from bot.model import ROLES, artifact
from bot.model.aggregate import posting_features
from bot.model.corpus import load_intents, load_roles, load_test_postings
from bot.model.prepare import prepare
from bot.model.segment import sections, segments
from tests.hostile import hostile_texts

PARITY = 1e-9
TEXTS = [
    "Keep the RAID log for the relaunch up to date",
    "Align the goals of six related projects with the strategy",
    "naïve CAFÉ über Zürich — coördinate",
    "a",
    "",
    "x" * 300,
    "🚀 emoji only 🚀",
    "the the the the plan plan",
    "申し訳ありません",
]


@pytest.fixture(scope="module")
def fitted(base_settings):
    """The session's fitted pipelines, read from its skops file. Loading with the trusted types
    named checks them as `artifact.load` does, without its separate (and as slow) listing pass."""
    model_path, _ = artifact.paths(base_settings.model_dir)
    return sio.loads(model_path.read_bytes(), trusted=sorted(artifact.TRUSTED_TYPES))


@pytest.fixture(scope="module")
def served(base_settings):
    return load_models(base_settings.corpus_dir, base_settings.model_dir)


@pytest.fixture(scope="module")
def texts(base_settings):
    corpus_dir = base_settings.corpus_dir
    found = [prepare(e.text) for e in load_roles(corpus_dir) + load_intents(corpus_dir)]
    for posting in load_test_postings(corpus_dir):
        found += [prepare(s) for s in segments(posting.text)]
    for text in hostile_texts().values():
        found += [prepare(s) for s in segments(text)[:50]] + [text[:2000]]
    return TEXTS + found


@pytest.mark.parametrize("name", ["role", "intent"])
def test_serving_matches_the_pipeline_everywhere(fitted, served, texts, name):
    pipeline, scorer = fitted[name], getattr(served, name)
    assert list(scorer.classes_) == list(pipeline.classes_)
    expected = pipeline.predict_proba(texts)
    np.testing.assert_allclose(scorer.predict_proba(texts), expected, rtol=0, atol=PARITY)
    # Cached words give the same answer the second time.
    np.testing.assert_allclose(
        scorer.predict_proba(texts[:500]), expected[:500], rtol=0, atol=PARITY
    )


def test_the_posting_decision_matches_the_deciders_own(
    base_settings, fitted, served, sample_posting
):
    decider = fitted["decider"]
    order = [list(decider.classes_).index(r) for r in ROLES]
    features = []
    for posting in load_test_postings(base_settings.corpus_dir)[:40]:
        found = sections(posting.text)
        probs = served.role.predict_proba([prepare(s.text) for s in found])
        probs = probs[
            :, [list(served.role.classes_).index(label) for label in (*ROLES, "boilerplate")]
        ]
        features.append(posting_features(probs, [s.section for s in found]))
    expected = decider.predict_proba(np.array(features))[:, order]
    got = [served.decider.probabilities(f) for f in features]
    np.testing.assert_allclose(got, expected, rtol=0, atol=PARITY)


def test_the_word_cache_is_bounded_by_bytes_under_a_flood_of_random_words():
    import random
    import tracemalloc

    from bot.model.scorer import ByteBoundedCache

    rng = random.Random(0)
    # About 30 words fill the budget; the flood is 150 times that.
    cache = ByteBoundedCache(lambda word: tuple(range(len(word) * 4)), max_bytes=500_000)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(5_000):
        cache("".join(rng.choices("abcdefghij", k=rng.randrange(20, 200))))
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert cache.bytes <= cache.max_bytes
    assert grown <= 2.5 * cache.max_bytes  # what it holds is what it counts, within slack
    assert cache("kept") == cache("kept") == tuple(range(16))
