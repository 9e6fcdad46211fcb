"""The scikit-learn pipelines, with every hyperparameter in one place."""

from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

# Words carry the meaning ("dependencies across teams"); character n-grams inside word
# boundaries carry spelling variants, typos and inflections ("programme", "co-ordinate").
ROLE_PARAMS = {
    "word_ngrams": (1, 2),
    "char_ngrams": (2, 5),
    "min_df": 2,
    "C": 8.0,
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
    classifier = LogisticRegression(C=C, max_iter=2000, random_state=RANDOM_STATE)
    return Pipeline([("features", features), ("classifier", classifier)])


def _float32():
    import numpy as np

    return np.float32
