"""Shared test helpers: repository paths and the evaluation-data path (skipped when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SEEDS = EXAMPLES / "seeds"


def benchmarks_dir() -> Path:
    """The evaluation data folder: KABAR_BENCHMARKS, else ../shared/benchmarks beside the repo."""
    return Path(os.environ.get("KABAR_BENCHMARKS", REPO.parent / "shared" / "benchmarks"))


@pytest.fixture
def benchmarks() -> Path:
    path = benchmarks_dir()
    if not path.is_dir():
        pytest.skip(
            f"evaluation data not found at {path}: set KABAR_BENCHMARKS to the shared benchmarks "
            "folder (it is never shipped with kabar)"
        )
    return path
