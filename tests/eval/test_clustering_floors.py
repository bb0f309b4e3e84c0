"""Quality floors for story clustering on pinned labelled sets (trafilatura-style CI gate).

Each floor sits a little under the last measured figure in docs/benchmarks.md. Lowering one is a
visible change to this file, to be argued in its commit; raising them follows improvements.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kabar.evaluate.clustering import evaluate_clustering
from kabar.settings import load_settings

# dataset: (pairwise F1 floor, B-cubed F1 floor), default settings (the shipped learned model)
FLOORS = {
    "seeds": (1.0, 1.0),
    # Lowered from (0.97, 0.98) with the merge step: it joins two MEANTIME stories wrongly
    # (0.987 -> 0.966; target 0.90) while held-out Indonesian pairwise F1 rose from 0.769 to 0.778
    # and id-0618 from 0.739 to 0.771 (docs/benchmarks.md). Lowered again from (0.95, 0.98) with
    # the model fitted on three days and thresholds chosen on (pairwise + B-cubed F1) / 2: a lower
    # merge threshold (0.65) joins more stories across languages (0.966 -> 0.926), while the
    # held-out-by-day mean rose from 0.763 to 0.780 pairwise and 0.918 to 0.923 B-cubed.
    "meantime": (0.91, 0.96),
    # Lowered from (0.80, 0.86) with the story-core change: held-out Indonesian pairwise F1 rose
    # from 0.69 to 0.74 (mean of both days), ECB+ test fell from 0.81 to 0.76 (docs/benchmarks.md).
    # Raised from 0.74 with the three-day model (0.774).
    "ecbplus": (0.76, 0.80),
    # Lowered from (0.75, 0.91) with the three-day model: id-0618 is now one of three days the
    # model is fitted on, and its join threshold (0.14, was 0.12) sits past the cliff where
    # id-0618's largest events come together (0.771 -> 0.707 pairwise, 0.922 -> 0.912 B-cubed).
    # Held out (fitted on the other two days) it scores 0.705, against 0.692 before.
    "id-0618": (0.69, 0.90),
    "id-0610": (0.76, 0.91),
    "id-0609": (0.86, 0.94),
}


@pytest.mark.benchmarkdata
@pytest.mark.parametrize("dataset", sorted(FLOORS))
def test_clustering_stays_above_its_floor(
    dataset: str, benchmarks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no kabar.toml of the machine leaks in
    settings = load_settings(benchmarks=benchmarks)
    result = evaluate_clustering(dataset, settings)
    pairwise_floor, bcubed_floor = FLOORS[dataset]
    assert result.pairwise.f1 >= pairwise_floor, result
    assert result.bcubed.f1 >= bcubed_floor, result
