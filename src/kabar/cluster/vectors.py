"""Hashed TF-IDF vectors of articles, with document frequencies learned online."""

from __future__ import annotations

import io
import itertools
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt
import regex
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from kabar.model import Article

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{N}]*(?:-\p{L}+)*|\p{N}+(?:[.,]\p{N}+)*")
_TITLE_WEIGHT = 2  # the title names the event; its words count twice
_BODY_CHARS = 3000  # the lead carries the event; long tails add topic drift and cost


@cache
def stopwords() -> frozenset[str]:
    """Indonesian (lang/id/stopwords.txt) and English stop words."""
    text = resources.files("kabar.lang.id").joinpath("stopwords.txt").read_text("utf-8")
    indonesian = {line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"}
    return frozenset(indonesian | set(ENGLISH_STOP_WORDS))


def tokens(text: str) -> list[str]:
    """Content words of a text, lower-cased, stop words and one-letter tokens dropped."""
    stop = stopwords()
    return [
        token
        for token in (match.lower() for match in _TOKEN.findall(text))
        if len(token) > 1 and token not in stop
    ]


def features(article: Article) -> list[str]:
    """Unigrams and adjacent-pair bigrams of the title (weighted) and the lead of the body."""
    title = tokens(article.title)
    body = tokens(article.text[:_BODY_CHARS])
    grams: list[str] = []
    for words, weight in ((title, _TITLE_WEIGHT), (body, 1)):
        pairs = [f"{first} {second}" for first, second in itertools.pairwise(words)]
        grams.extend((words + pairs) * weight)
    return grams


class OnlineTfidf:
    """Sublinear TF times IDF from the documents seen so far, L2-normalised, hashed features."""

    def __init__(self, n_features: int) -> None:
        self.n_features = n_features
        self._hasher = FeatureHasher(
            n_features=n_features, input_type="string", alternate_sign=False
        )
        self.df = np.zeros(n_features, dtype=np.float64)
        self.documents = 0

    def vector(self, article: Article) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """(feature indices, weights) of the article under the current IDF; unit length."""
        row = self._hasher.transform([features(article)]).tocsr()
        row.sum_duplicates()
        indices = row.indices.astype(np.int32)
        if len(indices) == 0:
            return indices, np.zeros(0, dtype=np.float64)
        tf = 1.0 + np.log(row.data)
        idf = np.log((self.documents + 1.0) / (self.df[indices] + 1.0)) + 1.0
        weights = tf * idf
        return indices, weights / float(np.linalg.norm(weights))

    def observe(self, indices: npt.NDArray[np.int32]) -> None:
        """Count the article's features into the document frequencies (after it was scored)."""
        self.df[indices] += 1.0
        self.documents += 1

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(buffer, df=self.df, documents=np.array([self.documents]))
        return buffer.getvalue()

    def load_bytes(self, blob: bytes) -> None:
        data = np.load(io.BytesIO(blob))
        if len(data["df"]) == self.n_features:  # a changed vocabulary size starts afresh
            self.df = data["df"].astype(np.float64)
            self.documents = int(data["documents"][0])
