"""`kabar train clustering` fits a model that `cluster.model` then uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kabar.cli import main
from kabar.cluster.profile import FEATURES
from kabar.evaluate.training import best_join, rejoin_threshold


@pytest.mark.benchmarkdata
def test_train_writes_a_usable_model(
    benchmarks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KABAR_BENCHMARKS", str(benchmarks))
    model = tmp_path / "model.json"
    runner = CliRunner()
    trained = runner.invoke(
        main, ["train", "clustering", "--dataset", "ecbplus-dev", "--out", str(model)]
    )
    assert trained.exit_code == 0, trained.output
    data = json.loads(model.read_text())
    assert data["features"] == list(FEATURES)
    assert data["trained_on"] == ["ecbplus-dev"]
    assert 0 < data["threshold"] < 1
    assert data["weights"][FEATURES.index("terms")] > 0  # shared words must pull together
    # Merging stories, then folding in single-article stories, each tuned on its own curve.
    assert "merge_threshold_curve" in data and "single_threshold_curve" in data
    for step in ("merge", "single"):
        assert data[step] is None or data[step]["features"] == list(FEATURES)
    # With a step in place the join threshold is chosen again, on a curve of its own.
    if data["merge"] or data["single"]:
        first = best_join({float(key): value for key, value in data["threshold_curve"].items()})
        rejoin = {float(key): value for key, value in data["rejoin_threshold_curve"].items()}
        assert data["threshold"] == rejoin_threshold(first, rejoin)
    else:
        assert data["rejoin_threshold_curve"] == {}
    monkeypatch.setenv("KABAR_CLUSTER__MODEL", str(model))
    scored = runner.invoke(main, ["eval", "clustering", "--dataset", "seeds", "--format", "json"])
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.stdout)[0]["pair_f1"] == 1.0
