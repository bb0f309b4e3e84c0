"""The benchmark scripts still run against the code they measure (a refactor once broke one)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.benchmarkdata
def test_throughput_benchmark_runs_end_to_end(benchmarks: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "KABAR_BENCHMARKS": str(benchmarks),
        "KABAR_ANALYZE__AT_INGEST": "false",
    }
    command = [
        sys.executable,
        str(REPO / "benchmarks" / "throughput.py"),
        *("--articles", "300", "--sizes", "300", "--stream", "20", "--engine-stream", "5"),
        *("--parallel", "0", "--only", "batch,resident", "--out", str(tmp_path)),
    ]
    subprocess.run(command, cwd=REPO, env=env, check=True, timeout=600, capture_output=True)
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| 300 |" in report  # the batch row
    assert "resident ingester" in report  # the streaming row
    assert "| **end to end** |" in report  # the per-stage costs, every stage timed
