"""The scikit-learn pipelines, with every hyperparameter in one place."""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

# Words carry the meaning ("dependencies across teams"); character n-grams inside word
# boundaries carry spelling variants, typos and inflections ("programme", "co-ordinate").
# C is low (strong regularisation) because real ads are written unlike our lines: a model that
# leans on fewer, broader features transfers better. Measured on real postings: C=8 gave role
# macro-F1 0.74, C=1 0.79, C=0.5 0.80, C=0.25 0.76 (README, "How the model was chosen").
ROLE_PARAMS = {
    "word_ngrams": (1, 2),
    "char_ngrams": (2, 5),
    "min_df": 2,
    "C": 1.0,
}
INTENT_PARAMS = {
    "word_ngrams": (1, 2),
    "char_ngrams": (2, 5),
    "min_df": 2,
    "C": 8.0,
}
RANDOM_STATE = 0


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
                    dtype=_float32(),
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
                    dtype=_float32(),
                ),
            ),
        ]
    )
    # newton-cg converges in a handful of iterations on these features, about 4x faster than lbfgs.
    classifier = LogisticRegression(
        C=C, solver="newton-cg", max_iter=2000, random_state=RANDOM_STATE
    )
    return Pipeline([("features", features), ("classifier", classifier)])


def _float32():
    import numpy as np

    return np.float32
