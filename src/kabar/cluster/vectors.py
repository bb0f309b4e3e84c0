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
_NAME = regex.compile(r"(?<=[\p{Ll}\p{N},;:)]\s+)\p{Lu}[\p{L}\p{N}-]+")
_TITLE_WEIGHT = 2  # the title names the event; its words count twice
_BODY_CHARS = 3000  # the lead carries the event; long tails add topic drift and cost


@cache
def stopwords() -> frozenset[str]:
    """Indonesian (lang/id/stopwords.txt) and English stop words."""
    text = resources.files("kabar.lang.id").joinpath("stopwords.txt").read_text("utf-8")
    indonesian = {line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"}
    return frozenset(indonesian | set(ENGLISH_STOP_WORDS))


def tokens(text: str) -> list[str]:
    """Content words of a text, lower-cased; stop words, one-letter tokens and small numbers
    (days, months, ordinals: "(22/10)") dropped."""
    stop = stopwords()
    kept = []
    for match in _TOKEN.findall(text):
        token = match.lower()
        if len(token) < 2 or token in stop or (token.isdigit() and len(token) < 3):
            continue
        kept.append(token)
    return kept


def names(text: str) -> list[str]:
    """Capitalised words not opening a sentence: mostly names of people, places and bodies,
    which tell one event from another of the same kind better than common words do."""
    found = []
    for match in _NAME.finditer(text):
        token = match.group(0).lower()
        if token not in stopwords():
            found.append(token)
    return found


def features(article: Article) -> list[str]:
    """Unigrams and adjacent-pair bigrams of the title (weighted) and the lead of the body, plus
    the names in both once more."""
    lead = article.text[:_BODY_CHARS]
    title = tokens(article.title)
    body = tokens(lead)
    grams: list[str] = []
    for words, weight in ((title, _TITLE_WEIGHT), (body, 1)):
        pairs = [f"{first} {second}" for first, second in itertools.pairwise(words)]
        grams.extend((words + pairs) * weight)
    grams.extend(names(lead))
    return grams


@cache
def _prior(n_features: int) -> tuple[npt.NDArray[np.float64], int]:
    """Document frequencies of ordinary Indonesian news (tools/build_idf_prior.py), or none."""
    resource = resources.files("kabar.lang.id").joinpath("idf_prior.npz")
    if not resource.is_file():
        return np.zeros(n_features), 0
    data = np.load(io.BytesIO(resource.read_bytes()))
    if int(data["n_features"][0]) != n_features:  # another vocabulary size: the prior cannot apply
        return np.zeros(n_features), 0
    df = np.zeros(n_features)
    df[data["indices"]] = data["df"]
    return df, int(data["documents"][0])


Counts = tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]  # feature indices, values


@cache
def _hasher(n_features: int) -> FeatureHasher:
    return FeatureHasher(n_features=n_features, input_type="string", alternate_sign=False)


def counts_of(words: list[str], n_features: int) -> Counts:
    """Hashed term counts of a word list: no IDF, so any process can compute them (the workers
    do, while the main process clusters) and the clusterer weighs them when the article comes."""
    if not words:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)
    row = _hasher(n_features).transform([words]).tocsr()
    row.sum_duplicates()
    return row.indices.astype(np.int32), row.data.astype(np.float64)


def word_indices(words: list[str], n_features: int) -> npt.NDArray[np.int32]:
    """The feature index of each word (as a one-word feature), in order."""
    if not words:
        return np.zeros(0, dtype=np.int32)
    rows = _hasher(n_features).transform([[word] for word in words]).tocsr()
    indices: npt.NDArray[np.int32] = rows.indices.astype(np.int32)
    return indices


class OnlineTfidf:
    """Sublinear TF times IDF, L2-normalised, hashed features.

    IDF counts the documents seen so far on top of a shipped prior, so the first articles of a
    stream are weighted like the thousandth: without it, after one article every word of that
    article would look common.
    """

    def __init__(self, n_features: int, *, prior: bool = True) -> None:
        self.n_features = n_features
        self.df = np.zeros(n_features, dtype=np.float64)
        self.documents = 0
        self._prior_df, self._prior_documents = (
            _prior(n_features) if prior else (np.zeros(n_features), 0)
        )

    def vector(self, article: Article) -> Counts:
        """(feature indices, weights) of the article under the current IDF; unit length."""
        return self.weigh(counts_of(features(article), self.n_features))

    def weigh(self, counts: Counts) -> Counts:
        """Unit TF-IDF vector of hashed counts (`counts_of`) under the current IDF."""
        indices, tf = counts
        if len(indices) == 0:
            return indices, np.zeros(0, dtype=np.float64)
        weights = (1.0 + np.log(tf)) * self._idf(indices)
        return indices, weights / float(np.linalg.norm(weights))

    def _idf(self, indices: npt.NDArray[np.int32]) -> npt.NDArray[np.float64]:
        documents = self.documents + self._prior_documents
        df = self.df[indices] + self._prior_df[indices]
        return np.log((documents + 1.0) / (df + 1.0)) + 1.0

    def idf_at(self, indices: npt.NDArray[np.int32]) -> list[float]:
        """IDF of features by index (`word_indices`), in order."""
        return [float(value) for value in self._idf(indices)] if len(indices) else []

    def observe(self, indices: npt.NDArray[np.int32]) -> None:
        """Count the article's features into the document frequencies (after it was scored)."""
        self.df[indices] += 1.0
        self.documents += 1

    def to_bytes(self) -> bytes:
        """The online counts (the prior is not stored: it ships with kabar)."""
        # Sparse and uncompressed: most of the hash space is empty, and this is written after
        # every batch (compressing 2 MB of mostly zeros cost ~90 ms a write).
        present = np.flatnonzero(self.df).astype(np.int32)
        buffer = io.BytesIO()
        np.savez(
            buffer,
            indices=present,
            counts=self.df[present].astype(np.float32),
            documents=np.array([self.documents]),
            n_features=np.array([self.n_features]),
        )
        return buffer.getvalue()

    def load_bytes(self, blob: bytes) -> None:
        data = np.load(io.BytesIO(blob))
        if "indices" not in data or int(data["n_features"][0]) != self.n_features:
            return  # another format or vocabulary size: start afresh
        self.df = np.zeros(self.n_features, dtype=np.float64)
        self.df[data["indices"]] = data["counts"]
        self.documents = int(data["documents"][0])
