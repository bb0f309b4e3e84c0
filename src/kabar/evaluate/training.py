"""Fit the learned clusterer's model on labelled streams (`kabar train clustering`).

Training replays each labelled set in publication order with the gold stories (teacher forcing):
every article is compared with the candidate stories the index finds, exactly as at run time, and
each (article, candidate) pair is an example, positive when the candidate is its gold story. A
logistic regression learns the weights; the join threshold is then chosen by running the real
clusterer over the training sets and keeping the threshold with the best mean pairwise F1,
averaged with its two neighbours on the grid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from kabar.clean.article import Defaults, prepare_article
from kabar.cluster.learned import STANDARD_CLIP, LearnedClusterer, ScoringModel
from kabar.cluster.profile import FEATURES, StoryIndex, StoryProfile, pair_features_many
from kabar.cluster.signals import extract_signals
from kabar.cluster.vectors import OnlineTfidf
from kabar.evaluate.datasets import LabelledSet
from kabar.evaluate.metrics import pairwise
from kabar.ingest.records import record_to_document
from kabar.model import Article
from kabar.settings import ClusterSettings, Settings

THRESHOLDS = tuple(round(0.02 * step, 2) for step in range(1, 31))
SMOOTHING = 1  # grid steps either side averaged when choosing the threshold
_NOW = datetime(2030, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Replay:
    """Training pairs of one labelled set, and how often retrieval missed the gold story."""

    features: npt.NDArray[np.float64]
    labels: npt.NDArray[np.int8]
    gold_open: int  # articles whose gold story already existed
    retrieved: int  # of those, how many had it among the candidates


def articles_of(labelled: LabelledSet, settings: Settings) -> list[Article]:
    """The set's records as kabar would store them (cleaned), in publication order."""
    zone = ZoneInfo(settings.ingest.timezone)
    defaults = Defaults(outlet=None, published=None, now=_NOW)
    articles = []
    for number, record in enumerate(labelled.records):
        raw = record_to_document(
            record, origin=f"{labelled.name}:{number}", fmt="jsonl", raw="", default_tz=zone
        )
        articles.append(prepare_article(raw, defaults))
    return sorted(articles, key=lambda article: (article.published, article.id))


def replay(articles: Sequence[Article], gold: dict[str, str], settings: ClusterSettings) -> Replay:
    """Pairs from one stream with gold stories (see the module docstring)."""
    vectorizer = OnlineTfidf(settings.max_features)
    index = StoryIndex(timedelta(hours=settings.window_hours))
    rows: list[npt.NDArray[np.float64]] = []
    labels: list[int] = []
    gold_open = retrieved = 0
    for article in articles:
        signals = extract_signals(article, vectorizer)
        story = gold[article.id]
        candidates = index.candidates(signals)
        if story in index.profiles:
            gold_open += 1
            retrieved += story in candidates
        if candidates:
            rows.append(pair_features_many(signals, [index.profiles[c] for c in candidates]))
            labels.extend(int(candidate == story) for candidate in candidates)
        profile = index.profiles.get(story) or StoryProfile(article.published, article.published)
        profile.add(signals)
        index.put(story, profile)
        vectorizer.observe(signals.terms[0])
    matrix = np.vstack(rows) if rows else np.zeros((0, len(FEATURES)))
    return Replay(matrix, np.asarray(labels, dtype=np.int8), gold_open, retrieved)


def fit(replays: Sequence[Replay]) -> ScoringModel:
    """Standardised logistic regression on all pairs (threshold set later by `tune`)."""
    features = np.vstack([r.features for r in replays])
    labels = np.concatenate([r.labels for r in replays])
    means = features.mean(axis=0)
    scales = features.std(axis=0)
    scales[scales == 0] = 1.0
    standard = np.clip((features - means) / scales, -STANDARD_CLIP, STANDARD_CLIP)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(standard, labels)
    return ScoringModel(
        features=FEATURES,
        weights=tuple(float(w) for w in model.coef_[0]),
        intercept=float(model.intercept_[0]),
        threshold=0.5,
        means=tuple(float(m) for m in means),
        scales=tuple(float(s) for s in scales),
    )


def run_stream(
    articles: Sequence[Article], model: ScoringModel, settings: ClusterSettings
) -> dict[str, str]:
    """Article id -> story id, assigned by the learned clusterer in publication order."""
    clusterer = LearnedClusterer(settings, model)
    return {article.id: clusterer.assign(article).story_id for article in articles}


def smoothed(curve: dict[float, float]) -> dict[float, float]:
    """Each point averaged with its neighbours: one story of a training day merging or splitting
    makes a cliff in the curve, and a lone peak next to a cliff does not carry to other days."""
    keys = sorted(curve)
    return {
        key: float(np.mean([curve[k] for k in keys[max(0, i - SMOOTHING) : i + SMOOTHING + 1]]))
        for i, key in enumerate(keys)
    }


def tune(
    streams: Sequence[tuple[Sequence[Article], dict[str, str]]],
    model: ScoringModel,
    settings: ClusterSettings,
) -> tuple[ScoringModel, dict[float, float]]:
    """The model with the threshold of best mean pairwise F1 over the streams, and the curve."""
    curve = {}
    for threshold in THRESHOLDS:
        run_settings = settings.model_copy(update={"threshold": threshold})
        scores = [
            pairwise(gold, run_stream(articles, model, run_settings)).f1
            for articles, gold in streams
        ]
        curve[threshold] = float(np.mean(scores))
    smooth = smoothed(curve)
    best = max(smooth, key=lambda threshold: (smooth[threshold], -threshold))
    tuned = ScoringModel(
        model.features, model.weights, model.intercept, best, model.means, model.scales
    )
    return tuned, curve
