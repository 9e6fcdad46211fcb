"""A fast, exact scorer for the fitted TF-IDF + logistic regression pipeline.

Calling the scikit-learn pipeline per message costs more in input validation and in the
character analyser than in arithmetic. This scorer reads the fitted pipeline's public attributes
(vocabularies, idf weights, coefficients) once, memoises the character n-grams of each word and
scores a whole posting with a few numpy calls, without building a scipy sparse matrix per call.
A test holds it equal to `pipeline.predict_proba`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.pipeline import Pipeline

# Distinct words seen in traffic whose n-gram indices are kept; a posting has a few hundred.
WORD_CACHE_SIZE = 100_000


class LinearTextScorer:
    def __init__(self, pipeline: Pipeline):
        union = pipeline.named_steps["features"]
        classifier = pipeline.named_steps["classifier"]
        vectorizers = dict(union.transformer_list)
        words, chars = vectorizers["words"], vectorizers["chars"]
        if chars.analyzer != "char_wb" or not (words.sublinear_tf and chars.sublinear_tf):
            raise ValueError("the scorer mirrors sublinear word + char_wb TF-IDF only")
        self.classes_ = classifier.classes_
        self._word_analyzer = words.build_analyzer()
        self._word_vocab = words.vocabulary_
        self._char_preprocess = chars.build_preprocessor()
        self._char_vocab = chars.vocabulary_
        self._char_range = chars.ngram_range
        self._n_words = len(words.vocabulary_)
        self._idf = np.concatenate([words.idf_, chars.idf_]).astype(np.float64)
        self._coef = np.asarray(classifier.coef_, dtype=np.float64).T
        self._intercept = np.asarray(classifier.intercept_, dtype=np.float64)
        self._char_indices = lru_cache(maxsize=WORD_CACHE_SIZE)(self._char_indices_uncached)

    def _char_indices_uncached(self, word: str) -> tuple[int, ...]:
        """Indices of a word's char_wb n-grams, counted as scikit-learn's analyser counts them."""
        padded = f" {word} "
        low, high = self._char_range
        found = []
        for n in range(low, high + 1):
            if len(padded) < n:
                grams = [padded]
            else:
                grams = [padded[i : i + n] for i in range(len(padded) - n + 1)]
            for gram in grams:
                index = self._char_vocab.get(gram)
                if index is not None:
                    found.append(index + self._n_words)
            if len(padded) <= n:
                break
        return tuple(found)

    def _features(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The TF-IDF matrix as (row, column, value) triples, sorted by row."""
        rows: list[int] = []
        cols: list[int] = []
        for row, text in enumerate(texts):
            word_cols = [
                self._word_vocab[g] for g in self._word_analyzer(text) if g in self._word_vocab
            ]
            cols.extend(word_cols)
            rows.extend([row] * len(word_cols))
            for word in self._char_preprocess(text).split():
                indices = self._char_indices(word)
                cols.extend(indices)
                rows.extend([row] * len(indices))
        width = len(self._idf)
        cells, counts = np.unique(
            np.asarray(rows, dtype=np.int64) * width + np.asarray(cols, dtype=np.int64),
            return_counts=True,
        )
        row_of, col_of = np.divmod(cells, width)
        values = (1.0 + np.log(counts)) * self._idf[col_of]
        # Each vectoriser's block is L2-normalised on its own, as in the FeatureUnion.
        block_of = 2 * row_of + (col_of >= self._n_words)
        norms = np.sqrt(np.bincount(block_of, weights=values**2, minlength=2 * len(texts)))
        norms[norms == 0] = 1.0
        return row_of, col_of, values / norms[block_of]

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        row_of, col_of, values = self._features(texts)
        contributions = self._coef[col_of] * values[:, None]
        logits = np.empty((len(texts), contributions.shape[1]))
        for k in range(contributions.shape[1]):
            logits[:, k] = np.bincount(row_of, weights=contributions[:, k], minlength=len(texts))
        logits += self._intercept
        logits -= logits.max(axis=1, keepdims=True)
        np.exp(logits, out=logits)
        return logits / logits.sum(axis=1, keepdims=True)
