"""Clustering scores against gold labels: pairwise (Miranda et al. 2018 "standard") and B-cubed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1 of one measure."""

    precision: float
    recall: float
    f1: float


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _pairs(counts: Counter[Any]) -> int:
    return sum(count * (count - 1) // 2 for count in counts.values())


def pairwise(gold: Mapping[str, str], predicted: Mapping[str, str]) -> Scores:
    """Over every pair of items: together in gold and in the prediction, or not.

    Items missing from `predicted` count as singletons. With no gold pairs (or no predicted
    pairs) the corresponding ratio is 1.0 by convention, as nothing could be missed (or wrong).
    """
    items = list(gold)
    joint = Counter((gold[item], predicted.get(item, f"\0{item}")) for item in items)
    gold_pairs = _pairs(Counter(gold[item] for item in items))
    predicted_pairs = _pairs(Counter(predicted.get(item, f"\0{item}") for item in items))
    together = _pairs(joint)
    precision = together / predicted_pairs if predicted_pairs else 1.0
    recall = together / gold_pairs if gold_pairs else 1.0
    return Scores(precision, recall, _f1(precision, recall))


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> Scores:
    """Per item: share of its predicted cluster that shares its gold label, and the converse."""
    items = list(gold)
    labels = {item: predicted.get(item, f"\0{item}") for item in items}
    joint = Counter((gold[item], labels[item]) for item in items)
    gold_sizes = Counter(gold[item] for item in items)
    predicted_sizes = Counter(labels[item] for item in items)
    precision = recall = 0.0
    for item in items:
        overlap = joint[(gold[item], labels[item])]
        precision += overlap / predicted_sizes[labels[item]]
        recall += overlap / gold_sizes[gold[item]]
    count = len(items) or 1
    precision, recall = precision / count, recall / count
    return Scores(precision, recall, _f1(precision, recall))


def story_bootstrap(
    gold: Mapping[str, str], predicted: Mapping[str, str], resamples: int = 1000, seed: int = 0
) -> npt.NDArray[np.float64]:
    """Pairwise and B-cubed F1 over resamples of the gold stories (drawn with replacement, each
    bringing all its articles and where they were put): shape (resamples, 2).

    How much a score owes to which stories a day happened to have. One story decides a lot of a
    pairwise figure (a 13-article story is 78 pairs), so two clusterers a few hundredths apart on
    one day may not differ at all."""
    stories = sorted(set(gold.values()))
    rng = np.random.default_rng(seed)
    drawn = rng.integers(0, len(stories), size=(resamples, len(stories)))
    counts = np.stack([np.bincount(row, minlength=len(stories)) for row in drawn])
    return story_weighted_f1(gold, predicted, stories, counts.astype(np.float64))


def story_weighted_f1(
    gold: Mapping[str, str],
    predicted: Mapping[str, str],
    stories: list[str],
    weights: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Pairwise and B-cubed F1 with each gold story counted `weights[row, story]` times, one row
    of scores per row of weights. A story counted twice is two stories: pairs between its copies
    are neither gold nor predicted pairs, and pairs with other stories' articles in the same
    predicted cluster count once per copy. With every weight 1 the scores are exactly
    `pairwise` and `bcubed`."""
    items = list(gold)
    labels = [predicted.get(item, f"\0{item}") for item in items]
    clusters = sorted(set(labels))
    story_of = {story: index for index, story in enumerate(stories)}
    cluster_of = {cluster: index for index, cluster in enumerate(clusters)}
    cells = Counter(
        (story_of[gold[item]], cluster_of[label]) for item, label in zip(items, labels, strict=True)
    )
    g = np.array([cell[0] for cell in cells], dtype=np.int64)
    p = np.array([cell[1] for cell in cells], dtype=np.int64)
    n = np.array(list(cells.values()), dtype=np.float64)
    size = np.bincount(g, weights=n, minlength=len(stories))  # articles per story
    together = np.bincount(g, weights=n * (n - 1) / 2, minlength=len(stories))
    squares = np.bincount(g, weights=n * n, minlength=len(stories))
    w = weights[:, g]  # each cell's story weight, per row
    in_cluster = np.zeros((len(weights), len(clusters)))  # articles per cluster, copies included
    np.add.at(in_cluster.T, p, (w * n).T)
    pairs_true = weights @ together
    pairs_gold = weights @ (size * (size - 1) / 2)
    copies = (weights * (weights - 1) / 2) @ squares  # pairs between copies of one story
    pairs_made = (in_cluster * (in_cluster - 1) / 2).sum(axis=1) - copies
    precision = np.divide(pairs_true, pairs_made, out=np.ones(len(w)), where=pairs_made > 0)
    recall = np.divide(pairs_true, pairs_gold, out=np.ones(len(w)), where=pairs_gold > 0)
    # B-cubed: an article's predicted cluster, less the other copies of its own story.
    mates = in_cluster[:, p] - (w - 1) * n
    count = weights @ size
    b_precision = (w * n * n / np.maximum(mates, 1.0)).sum(axis=1) / count
    b_recall = (w * n * n / size[g]).sum(axis=1) / count
    return np.column_stack([_f1s(precision, recall), _f1s(b_precision, b_recall)])


def _f1s(
    precision: npt.NDArray[np.float64], recall: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    total = precision + recall
    return np.divide(2 * precision * recall, total, out=np.zeros(len(total)), where=total > 0)


def interval(values: npt.NDArray[np.float64], level: float = 0.9) -> tuple[float, float]:
    """The central `level` of resampled values (percentile interval)."""
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)
