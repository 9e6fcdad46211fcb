"""A fast, exact scorer for the fitted TF-IDF + logistic regression pipeline.

Calling the scikit-learn pipeline per message costs more in input validation and in the
character analyser than in arithmetic. This scorer reads the fitted pipeline's public attributes
(vocabularies, idf weights, coefficients) once, memoises the character n-grams of each word and
scores a whole posting as one sparse matrix product. A test holds it equal to
`pipeline.predict_proba`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import sparse
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

    def _features(self, texts: list[str]) -> sparse.csr_matrix:
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
        counts = sparse.csr_matrix(
            (np.ones(len(cols)), (rows, cols)), shape=(len(texts), len(self._idf))
        )
        counts.sum_duplicates()
        counts.data = (1.0 + np.log(counts.data)) * self._idf[counts.indices]
        # Each vectoriser's block is L2-normalised on its own, as in the FeatureUnion.
        row_of = np.repeat(np.arange(len(texts)), np.diff(counts.indptr))
        is_char = counts.indices >= self._n_words
        for block in (~is_char, is_char):
            sums = np.bincount(row_of[block], weights=counts.data[block] ** 2, minlength=len(texts))
            norms = np.sqrt(sums)
            norms[norms == 0] = 1.0
            counts.data[block] /= norms[row_of[block]]
        return counts

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        logits = self._features(texts) @ self._coef + self._intercept
        logits -= logits.max(axis=1, keepdims=True)
        np.exp(logits, out=logits)
        return logits / logits.sum(axis=1, keepdims=True)
