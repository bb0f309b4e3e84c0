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
    # and id-0618 from 0.739 to 0.771 (docs/benchmarks.md). Lowered again to (0.91, 0.96) with
    # the three-day model (0.926); raised to (0.95, 0.98) with the four-set model (0.966), and to
    # (0.97, 0.98) with the fixture veto (0.987).
    "meantime": (0.97, 0.98),
    # Lowered from (0.80, 0.86) with the story-core change: held-out Indonesian pairwise F1 rose
    # from 0.69 to 0.74 (mean of both days), ECB+ test fell from 0.81 to 0.76 (docs/benchmarks.md).
    # Raised from 0.74 with the three-day model (0.774). The fixture veto's lower join threshold
    # (0.08) costs ECB+ a little (0.785 -> 0.772) while every Indonesian set gains.
    "ecbplus": (0.76, 0.82),
    # The four-set model (id-0618, id-0618am, id-0610, id-0609 + ECB+ train) with the fixture
    # veto (a title naming another match than the story's never joins it) joins at 0.08. Against
    # the three-day model: id-0618 0.707 -> 0.785 (floor raised from 0.69), id-0610 0.775 ->
    # 0.771 and id-0609 0.874 -> 0.868 (floors lowered from (0.76, 0.91) and (0.86, 0.94)).
    # Held out by day, the mean over the four sets rose from 0.732 (four sets, no veto) to 0.748
    # (docs/benchmarks.md, fourth session).
    # The figure veto (docs/decisions/0006-figure-veto.md): the three Ronald Tannur verdicts of 18
    # June (16, 3 and 11 years) are three stories again, id-0618 0.785 -> 0.837 (floor raised
    # from (0.76, 0.91)); the refitted merge and single steps took id-0607 0.500 -> 0.573.
    "id-0618": (0.82, 0.92),
    "id-0618am": (0.75, 0.92),
    "id-0610": (0.75, 0.90),
    "id-0609": (0.85, 0.94),
    # The 7-8 June weekend (seventh session): scored, never fitted on. One theme, the national
    # team between two matches (the China win's reactions, the Japan preview), is one predicted
    # story of 24 articles against two gold stories and six singletons: 203 of its 206 wrong
    # pairs, hence the low pairwise figure (0.500 / 0.944).
    "id-0607": (0.55, 0.94),
    # The 10 June morning (thirteenth session): scored, never fitted on (fitted on, it lowered the
    # 18 June day's held-out pairwise F1 from 0.799 to 0.720 and 0.615). The shipped model's first
    # figure on it was blind: 0.789 / 0.893. Its errors are themes and service pieces joined
    # (the Raja Ampat row into the revocation, 17 horoscopes as one story).
    "id-0610am": (0.77, 0.88),
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
