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
    # and id-0618 from 0.739 to 0.771 (docs/benchmarks.md).
    "meantime": (0.95, 0.98),
    # Lowered from (0.80, 0.86) with the story-core change: held-out Indonesian pairwise F1 rose
    # from 0.69 to 0.74 (mean of both days), ECB+ test fell from 0.81 to 0.76 (docs/benchmarks.md).
    "ecbplus": (0.74, 0.80),
    "id-0618": (0.75, 0.91),
    "id-0610": (0.75, 0.90),
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
