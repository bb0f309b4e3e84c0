"""Quality floors for quote extraction on the labelled sets (a little under the measured figures).

analysis-0618 is the Indonesian development set (40 articles of 18 June 2025, labelled by
people); polnear is PolNeAR's English test split. Lowering a floor is a visible change here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kabar.evaluate.quotes import QuoteResult, evaluate

REPO = Path(__file__).resolve().parents[2]

# dataset: (direct F1, indirect F1, speaker accuracy, denial recall)
FLOORS = {
    "seeds": (
        0.94,
        0.85,
        0.95,
        0.60,
    ),  # 22 quotes read by hand, 4 of them hard (berjanji, penolakan)
    "analysis-0618": (0.95, 0.80, 0.80, 0.90),
    "polnear": (0.50, 0.35, 0.60, 0.0),
}


def _check(result: QuoteResult, dataset: str) -> None:
    direct, indirect, speaker, denial = FLOORS[dataset]
    assert result.kinds["direct"].scores()[2] >= direct, result.rows()
    assert result.kinds["indirect"].scores()[2] >= indirect, result.rows()
    assert result.speaker_accuracy() >= speaker, result.rows()
    assert result.denial_recall() >= denial, result.rows()


def test_seeds_stay_above_their_floor(tmp_path: Path) -> None:
    _check(evaluate(tmp_path, "seeds"), "seeds")


@pytest.mark.benchmarkdata
def test_analysis_set_stays_above_its_floor(benchmarks: Path) -> None:
    _check(evaluate(benchmarks, "analysis-0618"), "analysis-0618")


@pytest.mark.benchmarkdata
def test_polnear_stays_above_its_floor(benchmarks: Path) -> None:
    if not (benchmarks / "polnear" / "test").is_dir():
        pytest.skip(f"PolNeAR not found under {benchmarks}")
    _check(evaluate(benchmarks, "polnear"), "polnear")
