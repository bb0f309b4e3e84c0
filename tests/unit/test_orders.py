"""Undated labelled sets scored in seeded orders: `kabar eval clustering --orders N`."""

from __future__ import annotations

import itertools
import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from kabar.cli import main
from kabar.errors import KabarError
from kabar.evaluate.datasets import LabelledSet, in_order

UNDATED = LabelledSet(
    "undated",
    [
        {"id": f"d{n}", "title": f"t{n}", "text": "x", "published": "2020-01-01T00:00:00+00:00"}
        for n in range(8)
    ],
    {f"d{n}": f"e{n % 2}" for n in range(8)},
)


def test_an_order_is_every_record_once_a_second_apart() -> None:
    ordered = in_order(UNDATED, 3)
    assert sorted(r["id"] for r in ordered.records) == sorted(r["id"] for r in UNDATED.records)
    times = [datetime.fromisoformat(r["published"]) for r in ordered.records]
    assert [(b - a).total_seconds() for a, b in itertools.pairwise(times)] == [1.0] * 7
    assert ordered.gold == UNDATED.gold and ordered.name == "undated@3"
    # Seeded: the same seed gives the same order, another seed another one.
    assert ordered.records == in_order(UNDATED, 3).records
    assert [r["id"] for r in in_order(UNDATED, 4).records] != [r["id"] for r in ordered.records]


def test_a_set_with_publication_times_keeps_its_order() -> None:
    dated = LabelledSet(
        "dated",
        [
            {"id": "a", "published": "2025-06-18T08:00:00+07:00"},
            {"id": "b", "published": "2025-06-18T09:00:00+07:00"},
        ],
        {"a": "x", "b": "x"},
    )
    with pytest.raises(KabarError, match="publication times"):
        in_order(dated, 1)


def test_eval_scores_each_order_and_their_mean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(
        main, ["eval", "clustering", "--dataset", "seeds", "--orders", "2", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["dataset"] for row in rows] == [
        "seeds",
        "seeds@1",
        "seeds@2",
        "seeds mean of 2 orders",
    ]
    assert all(row["pair_f1"] == 1.0 for row in rows)
    # Every story resample of a perfect run is perfect; the mean row has no interval of its own.
    assert [row["pair_f1_90"] for row in rows] == ["1.000-1.000"] * 3 + [""]
    refused = runner.invoke(main, ["eval", "clustering", "--dataset", "meantime", "--orders", "2"])
    assert refused.exit_code != 0 and "publication times" in refused.output


def test_a_set_without_times_has_no_orders_to_draw() -> None:
    undated = LabelledSet("as-given", [{"id": "a"}, {"id": "b"}], {"a": "x", "b": "x"})
    with pytest.raises(KabarError, match="gives no publication times"):
        in_order(undated, 1)
