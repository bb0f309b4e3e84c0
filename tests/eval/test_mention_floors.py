"""Quality floors for the quantity and date finders on the seeds and the analysis-0618 labels.

Each floor sits a little under the figure measured when it was set (40 labelled articles:
quantities span F1 0.938, value 0.985, unit 0.978, noun 0.620; dates span F1 0.977,
value 0.984, relative 1.000). Lowering one is a visible change to be argued in its commit.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from kabar.evaluate import dates, quantities

# (module, dataset): {measure: floor}
FLOORS = {
    (quantities, "seeds"): {"f1": 1.0, "value": 1.0, "unit": 1.0, "noun": 1.0},
    (dates, "seeds"): {"f1": 1.0, "value": 1.0, "relative": 1.0},
    (quantities, "analysis-0618"): {"f1": 0.90, "value": 0.95, "unit": 0.94, "noun": 0.55},
    (dates, "analysis-0618"): {"f1": 0.94, "value": 0.95, "relative": 0.97},
}


def _check(module: ModuleType, dataset: str, benchmarks: Path) -> None:
    result = module.evaluate(benchmarks, dataset)
    for measure, floor in FLOORS[(module, dataset)].items():
        figure = result.f1 if measure == "f1" else result.accuracy[measure]
        assert figure >= floor, (measure, result.rows())


@pytest.mark.parametrize("module", [quantities, dates], ids=lambda m: m.__name__)
def test_seed_mentions_stay_above_their_floor(module: ModuleType, tmp_path: Path) -> None:
    _check(module, "seeds", tmp_path)


@pytest.mark.benchmarkdata
@pytest.mark.parametrize("module", [quantities, dates], ids=lambda m: m.__name__)
def test_analysis_set_mentions_stay_above_their_floor(module: ModuleType, benchmarks: Path) -> None:
    _check(module, "analysis-0618", benchmarks)
