"""Clustering scores against gold labels: pairwise (Miranda et al. 2018 "standard") and B-cubed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


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
