"""The whole June 2025 Indonesian scrape ingests without a crash, with progress reported.

Only counts are checked here: the 19-20 June files are a held-out test period, so no result
for any single article of theirs is looked at.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kabar.engine import ingest
from kabar.settings import load_settings
from kabar.store.sqlite import SqliteStore

SCRAPE = "indonesian-news-multioutlet-2025-06"


@pytest.mark.benchmarkdata
def test_whole_june_scrape_ingests(benchmarks: Path, tmp_path: Path) -> None:
    folder = benchmarks / SCRAPE
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    settings = load_settings(db=tmp_path / "june.db")
    calls: list[int] = []
    report = ingest(
        [str(folder)],
        settings,
        now=datetime(2025, 7, 1, tzinfo=UTC),
        progress=calls.append,
    )
    assert report.ok
    assert calls and calls[-1] == report.seen > report.read
    with SqliteStore(settings.db) as store:
        counts = store.counts()
    # 3,698 unique URLs in the daily files and 4,152 per-outlet rows, minus empty bodies.
    assert counts["articles"] > 7000
    assert counts["stories"] > 1000
    reasons = {rejection.reason for rejection in report.rejections}
    # Only inputs that really are unusable: empty bodies, the original .xlsx files, README/guide.
    assert reasons <= {"missing_field", "empty", "unsupported"}, reasons
