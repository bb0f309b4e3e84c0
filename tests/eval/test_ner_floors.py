"""Quality floors for the shipped entity tagger on the test splits of the labelled NER sets.

Each floor sits a little under the last measured figure in src/kabar/extract/models/README.md.
Lowering one is a visible change to this file, to be argued in its commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kabar.evaluate.ner import DATASETS, evaluate
from kabar.extract.ner import MODEL_FILE, MODELS

# dataset: exact-span micro F1 floor on the test split (IndoLEM: fold 1)
FLOORS = {
    "nerp": 0.78,  # measured 0.7909 (the target is 0.78)
    "nergrit": 0.73,  # measured 0.7420
    "idner-news-2k": 0.91,  # measured 0.9217
    "indolem-nerugm": 0.80,  # measured 0.8165
    "indolem-nerui": 0.88,  # measured 0.8985
}


@pytest.mark.benchmarkdata
@pytest.mark.skipif(not (MODELS / MODEL_FILE).is_file(), reason="no shipped NER model")
@pytest.mark.parametrize("dataset", sorted(FLOORS))
def test_ner_stays_above_its_floor(dataset: str, benchmarks: Path) -> None:
    spec = DATASETS[dataset]
    if not (benchmarks / spec.folder).is_dir():
        pytest.skip(f"{benchmarks / spec.folder} not found: the {dataset} data is not present")
    result = evaluate(benchmarks, dataset, "test")
    assert result.overall.f1 >= FLOORS[dataset], result.rows()
