"""Clustering scores and their story-resampled intervals."""

from __future__ import annotations

import numpy as np

from kabar.evaluate.metrics import (
    bcubed,
    interval,
    pairwise,
    story_bootstrap,
    story_weighted_f1,
)

GOLD = {f"a{i}": story for i, story in enumerate("AAAABBBCCDEFG")}
PREDICTED = {f"a{i}": cluster for i, cluster in enumerate("xxxyyyyzzuvwu")}


def test_every_story_once_gives_the_plain_scores() -> None:
    stories = sorted(set(GOLD.values()))
    scores = story_weighted_f1(GOLD, PREDICTED, stories, np.ones((1, len(stories))))
    assert np.allclose(scores[0], [pairwise(GOLD, PREDICTED).f1, bcubed(GOLD, PREDICTED).f1])


def test_a_story_drawn_twice_counts_as_two_stories() -> None:
    # A = a1 a2 a3, B = b1; predicted x = a1 a2, y = a3 b1; A drawn twice. By hand: true pairs
    # 2 (a1-a2 in each copy), gold pairs 6, predicted pairs 4 (a1-a2 twice, a3-b1 and a3'-b1;
    # a copy and its original are never a pair): P 1/2, R 1/3. B-cubed precision per article
    # (a1, a2 twice each 1; a3 twice 1/2; b1 1/3) and recall (2/3 four times, 1/3 twice, 1).
    gold = {"a1": "A", "a2": "A", "a3": "A", "b1": "B"}
    predicted = {"a1": "x", "a2": "x", "a3": "y", "b1": "y"}
    pair_f1, cubed_f1 = story_weighted_f1(gold, predicted, ["A", "B"], np.array([[2.0, 1.0]]))[0]
    assert np.isclose(pair_f1, 2 * (1 / 2) * (1 / 3) / (1 / 2 + 1 / 3))
    precision, recall = (4 + 1 + 1 / 3) / 7, (8 / 3 + 2 / 3 + 1) / 7
    assert np.isclose(cubed_f1, 2 * precision * recall / (precision + recall))


def test_resamples_are_repeatable_and_bracket_the_score() -> None:
    first = story_bootstrap(GOLD, PREDICTED, resamples=300, seed=3)
    again = story_bootstrap(GOLD, PREDICTED, resamples=300, seed=3)
    assert first.shape == (300, 2) and np.array_equal(first, again)
    low, high = interval(first[:, 0])
    assert low <= pairwise(GOLD, PREDICTED).f1 <= high
    assert low < high  # seven stories of different fortunes do not all resample alike
    perfect = story_bootstrap(GOLD, GOLD, resamples=50)
    assert np.allclose(perfect, 1.0)
