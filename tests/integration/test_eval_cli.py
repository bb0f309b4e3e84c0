"""`kabar eval ner|quotes|quantities|dates`: each prints its figures as a table and as JSON rows."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kabar.cli import main
from kabar.evaluate.ner import DATASETS
from kabar.extract.ner import MODEL_FILE, MODELS


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("KABAR_")]:
        monkeypatch.delenv(name)


def run(*args: str, benchmarks: Path | None = None) -> str:
    env = None if benchmarks is None else {"KABAR_BENCHMARKS": str(benchmarks)}
    result = CliRunner(env=env).invoke(main, ["eval", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    ("name", "measure"),
    [("quotes", "direct P/R/F1"), ("quantities", "span F1"), ("dates", "span F1")],
)
def test_the_seed_articles_are_scored_as_a_table_and_as_json(name: str, measure: str) -> None:
    """The seeds ship with kabar: their labelled quotes, numbers and dates are found in full."""
    assert measure in run(name, "--dataset", "seeds")
    rows = json.loads(run(name, "--dataset", "seeds", "--format", "json"))
    found = {row["metric"]: row["value"] for row in rows}
    assert found[measure].startswith("1.000")


@pytest.mark.benchmarkdata
@pytest.mark.skipif(not (MODELS / MODEL_FILE).is_file(), reason="no shipped NER model")
def test_ner_is_scored_per_type_with_its_speed(benchmarks: Path) -> None:
    folder = benchmarks / DATASETS["nerp"].folder
    if not folder.is_dir():
        pytest.skip(f"{folder} not found: the NERP data is not present")
    assert "ALL" in run("ner", "--dataset", "nerp", benchmarks=benchmarks)
    rows = json.loads(run("ner", "--dataset", "nerp", "--format", "json", benchmarks=benchmarks))
    overall = rows[0]
    assert overall["type"] == "ALL" and float(overall["F1"]) >= 0.78
    assert {"PPL", "PLC", "IND"} <= {row["type"] for row in rows}
    assert rows[-1]["type"] == "tokens/s" and float(rows[-1]["F1"]) > 0
