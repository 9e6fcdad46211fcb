"""Score text with a fitted word + character TF-IDF and logistic regression, in numpy alone.

Answering never imports scikit-learn or scipy: training exports each fitted pipeline's public
attributes (vocabularies, idf weights, coefficients) as plain arrays, and this module scores from
them, analysing text exactly as scikit-learn's TfidfVectorizer does (lower-case, accents
stripped, `\\b\\w\\w+\\b` word tokens, `char_wb` n-grams, sublinear tf, L2 per vectoriser). A test
holds it equal to `pipeline.predict_proba` within 1e-9 on the whole corpus and hostile text.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np

# Memory for the n-gram indices of words seen in traffic. Bounded by bytes, not entries: a flood
# of long random "words" must not grow a worker (100,000 entries of such words took about 1 GB).
WORD_CACHE_BYTES = 12 * 1024 * 1024
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern


def strip_accents(text: str) -> str:
    """Accents removed as scikit-learn's `strip_accents="unicode"` does."""
    try:
        text.encode("ascii")
        return text
    except UnicodeEncodeError:
        normalised = unicodedata.normalize("NFKD", text)
        return "".join(c for c in normalised if not unicodedata.combining(c))


def _normalise(text: str) -> str:
    return strip_accents(text.lower())


class ByteBoundedCache:
    """A least-recently-used memo of a one-argument function, bounded by the bytes it holds."""

    def __init__(self, function: Callable[[str], tuple[int, ...]], max_bytes: int):
        self._function, self.max_bytes = function, max_bytes
        self._entries: OrderedDict[str, tuple[tuple[int, ...], int]] = OrderedDict()
        self.bytes = 0

    def __call__(self, key: str) -> tuple[int, ...]:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
            return found[0]
        value = self._function(key)
        # The key, the tuple and its ints (28 bytes each beyond the small-int cache), plus the
        # dictionary slot and its two pointers.
        size = sys.getsizeof(key) + sys.getsizeof(value) + 28 * len(value) + 100
        if size <= self.max_bytes:
            self._entries[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= dropped
        return value


def _term_bytes(vocabulary: dict[str, int]) -> np.ndarray:
    """A vocabulary as UTF-8 bytes, its terms in index order, one per line: a term never holds a
    line break (words are `\\w` runs, character n-grams come from text split on whitespace)."""
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    if any("\n" in term for term in terms):
        raise ValueError("a vocabulary term holds a line break")
    return np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)


def _terms(data: np.ndarray) -> dict[str, int]:
    """The vocabulary `_term_bytes` wrote: term to column index. (A JSON object of the same
    terms takes four times as long to read; `dict(zip(...))` builds it in half the time of a
    comprehension, and this runs at every start.)"""
    text = data.tobytes().decode("utf-8")
    terms = text.split("\n") if text else []
    return dict(zip(terms, range(len(terms)), strict=True))


class LinearTextScorer:
    """Class probabilities for texts, from the arrays of one fitted pipeline."""

    def __init__(self, arrays: dict[str, np.ndarray], vocabulary: dict[str, Any]):
        self.classes_ = np.array(vocabulary["classes"])
        self._word_vocab = _terms(arrays["words"])
        self._char_vocab = _terms(arrays["chars"])
        self._word_range = tuple(vocabulary["word_ngrams"])
        self._char_range = tuple(vocabulary["char_ngrams"])
        self._n_words = len(self._word_vocab)
        self._idf = arrays["idf"].astype(np.float64)
        self._coef = arrays["coef"].astype(np.float64).T
        self._intercept = arrays["intercept"].astype(np.float64)
        self._char_indices: Callable[[str], tuple[int, ...]] = ByteBoundedCache(
            self._char_indices_uncached, WORD_CACHE_BYTES
        )

    @staticmethod
    def export(pipeline: Any) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """The arrays and vocabulary of a fitted pipeline (read from its public attributes)."""
        vectorizers = dict(pipeline.named_steps["features"].transformer_list)
        words, chars = vectorizers["words"], vectorizers["chars"]
        classifier = pipeline.named_steps["classifier"]
        expected = {
            "words": ("word", True, "unicode", True, None, r"(?u)\b\w\w+\b", "l2"),
            "chars": ("char_wb", True, "unicode", True, None, r"(?u)\b\w\w+\b", "l2"),
        }
        for name, vectorizer in vectorizers.items():
            found = (
                vectorizer.analyzer,
                vectorizer.lowercase,
                vectorizer.strip_accents,
                vectorizer.sublinear_tf,
                vectorizer.stop_words,
                vectorizer.token_pattern,
                vectorizer.norm,
            )
            if found != expected[name] or not vectorizer.use_idf:
                raise ValueError(f"the scorer cannot mirror the {name} vectoriser: {found}")
        arrays = {
            "idf": np.concatenate([words.idf_, chars.idf_]).astype(np.float64),
            "coef": np.asarray(classifier.coef_, dtype=np.float64),
            "intercept": np.asarray(classifier.intercept_, dtype=np.float64),
            "words": _term_bytes(words.vocabulary_),
            "chars": _term_bytes(chars.vocabulary_),
        }
        vocabulary = {
            "classes": [str(c) for c in classifier.classes_],
            "word_ngrams": list(words.ngram_range),
            "char_ngrams": list(chars.ngram_range),
        }
        return arrays, vocabulary

    def _word_grams(self, text: str) -> list[str]:
        tokens = _TOKEN.findall(text)
        low, high = self._word_range
        grams = []
        for n in range(low, high + 1):
            grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return grams

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
            normalised = _normalise(text)
            word_cols = [
                self._word_vocab[g] for g in self._word_grams(normalised) if g in self._word_vocab
            ]
            cols.extend(word_cols)
            rows.extend([row] * len(word_cols))
            for word in normalised.split():
                indices = self._char_indices(word)
                cols.extend(indices)
                rows.extend([row] * len(indices))
        width = len(self._idf)
        cells, counts = np.unique(
            np.asarray(rows, dtype=np.int64) * width + np.asarray(cols, dtype=np.int64),
            return_counts=True,
        )
        row_of, col_of = np.divmod(cells, width)
        values = (np.log(counts.astype(np.float64)) + 1.0) * self._idf[col_of]
        # Each vectoriser's block is L2-normalised on its own, as in the FeatureUnion.
        block_of = 2 * row_of + (col_of >= self._n_words)
        norms = np.sqrt(np.bincount(block_of, weights=values**2, minlength=2 * len(texts)))
        norms[norms == 0] = 1.0
        return row_of, col_of, values / norms[block_of]

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        row_of, col_of, values = self._features(texts)
        contributions = self._coef[col_of] * values[:, None]
        logits = np.empty((len(texts), contributions.shape[1]), dtype=np.float64)
        for k in range(contributions.shape[1]):
            logits[:, k] = np.bincount(row_of, weights=contributions[:, k], minlength=len(texts))
        logits += self._intercept
        logits -= logits.max(axis=1, keepdims=True)
        np.exp(logits, out=logits)
        return logits / logits.sum(axis=1, keepdims=True)
