"""Fit the learned clusterer's model on labelled streams (`kabar train clustering`).

Training replays each labelled set in publication order with the gold stories (teacher forcing):
every article is compared with the candidate stories the index finds, exactly as at run time, and
each (article, candidate) pair is an example, positive when the candidate is its gold story. A
logistic regression learns the weights; the join threshold is then chosen by running the real
clusterer over the training sets and keeping the threshold with the best mean of pairwise and
B-cubed F1 (`quality`), averaged with its two neighbours on the grid.

The merge model is learned from the stories the tuned clusterer itself makes (a merge step fixes
its own splits, so it must see them): each time a story's core changes it is compared with the
other open stories, positive when both stories' majority gold story is the same. Its threshold is
chosen like the join threshold; if no merge threshold beats never merging, stories never merge.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
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
from kabar.errors import InputRejected
from kabar.evaluate.datasets import LabelledSet
from kabar.evaluate.metrics import bcubed, pairwise
from kabar.ingest.records import record_to_document
from kabar.model import Article, survivors
from kabar.settings import ClusterSettings, Settings

THRESHOLDS = tuple(round(0.02 * step, 2) for step in range(1, 31))
# Merge thresholds tried; 1.0 stands for "never merge" (a probability never exceeds it).
MERGE_THRESHOLDS = (*(round(0.3 + 0.05 * step, 2) for step in range(14)), 1.0)
SMOOTHING = 1  # grid steps either side averaged when choosing the threshold
# The second join pass moves the threshold only when the move gains more than this (smoothed mean
# quality over the training streams): about what two small stories of one stream merging or
# splitting change. A smaller gain is noise, and a model that moved on it was measured worse.
REJOIN_MARGIN = 0.002
_CONSTANT = 1e-9  # a feature whose spread in the training rows is below this is constant there
_NOW = datetime(2030, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Replay:
    """Training pairs of one labelled set, and how often retrieval missed the gold story."""

    features: npt.NDArray[np.float64]
    labels: npt.NDArray[np.int8]
    gold_open: int  # articles whose gold story already existed
    retrieved: int  # of those, how many had it among the candidates


def articles_of(labelled: LabelledSet, settings: Settings) -> list[Article]:
    """The set's records as kabar would store them (cleaned), in publication order; a record
    kabar rejects at cleaning (a page of "Baca juga" links and nothing else) is left out, as
    ingest leaves it out of the stories."""
    zone = ZoneInfo(settings.ingest.timezone)
    defaults = Defaults(outlet=None, published=None, now=_NOW)
    articles = []
    for number, record in enumerate(labelled.records):
        raw = record_to_document(
            record, origin=f"{labelled.name}:{number}", fmt="jsonl", raw="", default_tz=zone
        )
        try:
            articles.append(prepare_article(raw, defaults))
        except InputRejected:
            continue
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
    return _logistic(
        np.vstack([r.features for r in replays]), np.concatenate([r.labels for r in replays])
    )


def _logistic(features: npt.NDArray[np.float64], labels: npt.NDArray[np.int8]) -> ScoringModel:
    means = features.mean(axis=0)
    scales = features.std(axis=0)
    # A feature constant in the training rows (the single step's lone story is always of size 1)
    # has a spread of float rounding, not 0: standardising by it would blow that noise up.
    scales[scales < _CONSTANT] = 1.0
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


def merge_replay(
    articles: Sequence[Article],
    gold: dict[str, str],
    model: ScoringModel,
    settings: ClusterSettings,
    *,
    singles: bool = False,
) -> Replay:
    """(story, open story) pairs met by the merge step of the clusterer, each positive when the
    two stories' majority gold stories are the same. Stories of 2+ articles, met without merges;
    with `singles`, single-article stories, met with the model's merges (the single step comes
    after them) but without folding any single-article story in."""
    if singles:
        clusterer = LearnedClusterer(settings, dataclasses.replace(model, single=None))
    else:
        clusterer = LearnedClusterer(settings, dataclasses.replace(model, merge=None, single=None))
    members: dict[str, Counter[str]] = defaultdict(Counter)
    rows: list[npt.NDArray[np.float64]] = []
    labels: list[int] = []
    merged = 0
    for article in articles:
        story = clusterer.assign(article).story_id
        for merge in clusterer.merges()[merged:]:
            members[merge.kept].update(members.pop(merge.dropped, Counter()))
        merged = len(clusterer.merges())
        members[story][gold[article.id]] += 1
        found = clusterer.converging(story, singles=singles)
        if found is None:
            continue
        others, features = found
        majority = members[story].most_common(1)[0][0]
        rows.append(features)
        labels.extend(int(members[other].most_common(1)[0][0] == majority) for other in others)
    matrix = np.vstack(rows) if rows else np.zeros((0, len(FEATURES)))
    return Replay(matrix, np.asarray(labels, dtype=np.int8), 0, 0)


def run_stream(
    articles: Sequence[Article], model: ScoringModel, settings: ClusterSettings
) -> dict[str, str]:
    """Article id -> story id, assigned by the learned clusterer in publication order."""
    clusterer = LearnedClusterer(settings, model)
    placed = {article.id: clusterer.assign(article).story_id for article in articles}
    moved = survivors(clusterer.merges())
    return {article_id: moved.get(story, story) for article_id, story in placed.items()}


def smoothed(curve: dict[float, float]) -> dict[float, float]:
    """Each point averaged with its neighbours: one story of a training day merging or splitting
    makes a cliff in the curve, and a lone peak next to a cliff does not carry to other days."""
    keys = sorted(curve)
    return {
        key: float(np.mean([curve[k] for k in keys[max(0, i - SMOOTHING) : i + SMOOTHING + 1]]))
        for i, key in enumerate(keys)
    }


def quality(gold: dict[str, str], predicted: dict[str, str]) -> float:
    """What thresholds are chosen on: the mean of pairwise and B-cubed F1. Pairwise F1 alone
    jumps when one large story of a training day merges or splits (a cliff of 0.05 between two
    grid points), and the best point then sits at a cliff that does not carry to another day;
    B-cubed counts every article once and moves smoothly. Both are targets."""
    return (pairwise(gold, predicted).f1 + bcubed(gold, predicted).f1) / 2


def _curve(
    streams: Sequence[tuple[Sequence[Article], dict[str, str]]],
    models: dict[float, ScoringModel],
    settings: ClusterSettings,
) -> dict[float, float]:
    """Mean `quality` over the streams of each model."""
    return {
        key: float(
            np.mean(
                [quality(gold, run_stream(articles, model, settings)) for articles, gold in streams]
            )
        )
        for key, model in models.items()
    }


Curve = dict[float, float]  # threshold -> mean `quality` over the training streams


@dataclass(frozen=True)
class Tuning:
    """A tuned model and the curves its thresholds were chosen on."""

    model: ScoringModel
    join: Curve  # join thresholds, no merges
    merge: Curve  # merge thresholds, at the first join threshold
    single: Curve  # single thresholds, after the merge step
    rejoin: Curve  # join thresholds again, with the merge and single steps in place

    def curves(self) -> dict[str, Curve]:
        """The curves as the model file records them."""
        return {
            "threshold_curve": self.join,
            "merge_threshold_curve": self.merge,
            "single_threshold_curve": self.single,
            "rejoin_threshold_curve": self.rejoin,
        }


def tune(
    streams: Sequence[tuple[Sequence[Article], dict[str, str]]],
    model: ScoringModel,
    settings: ClusterSettings,
) -> Tuning:
    """The model with the join threshold, then a merge model and then a single model with their
    thresholds, each of best mean `quality` over the streams on its smoothed curve; then the join
    threshold chosen again with both steps in place.

    The second join pass is there because the steps change what a join threshold costs: with
    the merge and single steps repairing splits, a higher join threshold (fewer wrong joins)
    loses less than it did without them, and the first choice was made without them. It moves
    the threshold only for a gain above REJOIN_MARGIN."""
    joins = {
        threshold: dataclasses.replace(model, threshold=threshold, merge=None)
        for threshold in THRESHOLDS
    }
    curve = _curve(streams, joins, settings)
    joined = joins[best_join(curve)]
    merged, merge_curve = _tune_step(streams, joined, settings, singles=False)
    if not merge_curve:  # no two stories of one event met: no merge, no single step
        return Tuning(joined, curve, {}, {}, {})
    tuned, single_curve = _tune_step(streams, merged, settings, singles=True)
    if tuned.merge is None and tuned.single is None:
        return Tuning(tuned, curve, merge_curve, single_curve, {})
    rejoins = {
        threshold: dataclasses.replace(tuned, threshold=threshold) for threshold in THRESHOLDS
    }
    rejoin_curve = _curve(streams, rejoins, settings)
    chosen = rejoin_threshold(tuned.threshold, rejoin_curve)
    return Tuning(rejoins[chosen], curve, merge_curve, single_curve, rejoin_curve)


def best_join(curve: Curve) -> float:
    """The join threshold of best smoothed `quality`; ties go to the lower threshold."""
    smooth = smoothed(curve)
    return max(smooth, key=lambda threshold: (round(smooth[threshold], 6), -threshold))


def rejoin_threshold(first: float, rejoin: Curve) -> float:
    """The second pass's join threshold: the best of the rejoin curve if it beats the first
    pass's threshold, on the same curve, by more than REJOIN_MARGIN; else the first one."""
    best = best_join(rejoin)
    smooth = smoothed(rejoin)
    return best if smooth[best] - smooth[first] > REJOIN_MARGIN else first


def _tune_step(
    streams: Sequence[tuple[Sequence[Article], dict[str, str]]],
    model: ScoringModel,
    settings: ClusterSettings,
    *,
    singles: bool,
) -> tuple[ScoringModel, Curve]:
    """The model with a merge model (or with `singles` a single model, folding single-article
    stories into a story whose core changed), learned from the pairs the tuned clusterer meets,
    with the threshold of best mean `quality` on its smoothed curve; the model unchanged if the
    step never beats leaving stories as they are. And the curve."""
    pairs = [
        merge_replay(articles, gold, model, settings, singles=singles) for articles, gold in streams
    ]
    if not any(pair.labels.any() for pair in pairs):
        return model, {}
    fitted = fit(pairs)
    models = {
        threshold: _with_step(model, dataclasses.replace(fitted, threshold=threshold), singles)
        for threshold in MERGE_THRESHOLDS
    }
    step_curve = _curve(streams, models, settings)
    smooth = smoothed(step_curve)
    # Ties (to rounding: a mean of two equal points differs from one of three in the last bits)
    # go to the higher threshold: merge only when it is worth it.
    chosen = max(smooth, key=lambda threshold: (round(smooth[threshold], 6), threshold))
    return (model if chosen >= 1.0 else models[chosen]), step_curve


def _with_step(model: ScoringModel, step: ScoringModel, singles: bool) -> ScoringModel:
    if singles:
        return dataclasses.replace(model, single=step)
    return dataclasses.replace(model, merge=step)
