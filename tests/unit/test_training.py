"""What `kabar train clustering` chooses thresholds on, and which labelled records it reads."""

from __future__ import annotations

import numpy as np
import pytest

from kabar.cluster.profile import FEATURES
from kabar.evaluate.datasets import LabelledSet
from kabar.evaluate.metrics import bcubed, pairwise
from kabar.evaluate.training import (
    REJOIN_MARGIN,
    Replay,
    articles_of,
    fit,
    quality,
    rejoin_threshold,
)
from kabar.settings import load_settings

GOLD = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "z"}


def test_quality_is_the_mean_of_pairwise_and_bcubed_f1() -> None:
    predicted = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "3"}
    expected = (pairwise(GOLD, predicted).f1 + bcubed(GOLD, predicted).f1) / 2
    assert quality(GOLD, predicted) == pytest.approx(expected)
    assert 0 < quality(GOLD, predicted) < 1
    assert quality(GOLD, dict(GOLD)) == 1.0


def test_quality_moves_less_than_pairwise_when_a_big_story_swallows_a_small_one() -> None:
    gold = {f"big{i}": "big" for i in range(20)} | {"s1": "small", "s2": "small"}
    apart, together = dict(gold), {key: "one" for key in gold}
    pairwise_drop = pairwise(gold, apart).f1 - pairwise(gold, together).f1
    assert quality(gold, apart) - quality(gold, together) < pairwise_drop


def test_the_second_join_pass_moves_only_for_a_real_gain() -> None:
    flat = {0.02: 0.853, 0.04: 0.853, 0.06: 0.854, 0.08: 0.853, 0.10: 0.852, 0.12: 0.850}
    # 0.04 is best smoothed, by 0.0003 over 0.08: noise, so the first pass's 0.08 stays.
    assert rejoin_threshold(0.08, flat) == 0.08
    rising = {0.04: 0.840, 0.06: 0.841, 0.08: 0.842, 0.10: 0.850, 0.12: 0.851, 0.14: 0.852}
    assert rejoin_threshold(0.08, rising) == 0.14  # a gain well above the margin moves it
    assert REJOIN_MARGIN > 0


def test_a_feature_constant_but_for_rounding_is_not_blown_up() -> None:
    rng = np.random.default_rng(0)
    rows = rng.random((400, len(FEATURES)))
    size = FEATURES.index("size")
    # log1p(1) with a rounding's worth of spread, as the single step's lone stories give it
    rows[:, size] = np.log1p(1.0) + np.tile([0.0, 1e-13], 200)
    labels = (rows[:, 0] > 0.5).astype(np.int8)
    model = fit([Replay(rows, labels, 0, 0)])
    assert model.scales[size] == 1.0
    assert abs(model.weights[size]) < 1e-6  # a constant says nothing
    assert model.scales[0] == pytest.approx(rows[:, 0].std())


def test_records_cleaning_rejects_are_left_out_not_fatal() -> None:
    text = "Presiden meresmikan bendungan baru di Jawa Tengah pada Senin pagi. " * 5
    labelled = LabelledSet(
        "tiny",
        [
            {
                "id": "kept",
                "title": "Bendungan diresmikan",
                "text": text,
                "published": "2025-06-09T10:00:00+07:00",
            },
            {
                "id": "links-only",
                "title": "Lirik lagu",
                "text": "Baca juga: Lirik Lagu Lain",
                "published": "2025-06-09T11:00:00+07:00",
            },
        ],
        {"kept": "s1", "links-only": "s2"},
    )
    articles = articles_of(labelled, load_settings())
    assert [article.title for article in articles] == ["Bendungan diresmikan"]


def test_single_pairs_are_met_when_a_story_grows_beside_a_lone_article() -> None:
    """The single step's training pairs: a story whose core changed against the open
    single-article stories, positive when the lone article's gold story is the story's."""
    import dataclasses
    from datetime import UTC, datetime, timedelta

    from kabar.cluster.learned import shipped_model
    from kabar.evaluate.training import merge_replay
    from kabar.model import Article, content_hash
    from kabar.settings import ClusterSettings

    start = datetime(2025, 6, 18, 8, tzinfo=UTC)
    quake = "Gempa magnitudo 5,0 mengguncang laut Pangandaran, terasa di Garut dan Tasikmalaya."
    rows = [
        ("a0", "Gempa Guncang Pangandaran", quake, "quake"),
        (
            "b1",
            "BMKG: Gempa Pangandaran Tak Berpotensi Tsunami",
            "BMKG memastikan gempa magnitudo 5,0 di laut Pangandaran tidak berpotensi tsunami.",
            "quake",
        ),
        ("c2", "Harga Cabai Naik di Pasar Garut", "Harga cabai rawit di Garut naik.", "chili"),
        ("a3", "Gempa Guncang Pangandaran", quake + " Warga panik.", "quake"),
    ]
    articles = [
        Article(i, content_hash(text), title, text, "id", start + timedelta(hours=n / 2), f"o{n}")
        for n, (i, title, text, _) in enumerate(rows)
    ]
    gold = {i: story for i, _, _, story in rows}
    model = dataclasses.replace(shipped_model(), threshold=0.99, merge=None, single=None)
    found = merge_replay(articles, gold, model, ClusterSettings(), singles=True)
    assert len(found.labels) >= 1 and found.features.shape[1] == len(model.features)
    assert found.labels.max() == 1  # the quake's lone telling is the growing story's
    stories = merge_replay(articles, gold, model, ClusterSettings(), singles=False)
    assert len(stories.labels) == 0  # no other story of 2+ articles to merge with
