"""Where benchmark scripts find evaluation data: KABAR_BENCHMARKS, else ../shared/benchmarks."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRAPE = "indonesian-news-multioutlet-2025-06"
# The development period only: 19 and 20 June are the held-out test period.
DEVELOPMENT_FILES = (
    "outlet-scrape-2025-06-07_10/*.csv",
    "daily-scrape-2025-06-18_20/scrapping_news_2025-06-18.csv",
)
BODY_COLUMNS = ("isi_berita", "content", "Isi")
TITLE_COLUMNS = ("judul", "title", "Judul")


def benchmarks_dir() -> Path:
    return Path(os.environ.get("KABAR_BENCHMARKS", REPO.parent / "shared" / "benchmarks"))


def development_rows() -> Iterator[tuple[str, dict[str, str]]]:
    """(file name, row) for every row of the development files of the June scrape."""
    csv.field_size_limit(2**31 - 1)
    root = benchmarks_dir() / SCRAPE
    for pattern in DEVELOPMENT_FILES:
        for path in sorted(root.glob(pattern)):
            assert "06-19" not in path.name and "06-20" not in path.name
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    yield path.name, row


def first_of(row: dict[str, str], columns: tuple[str, ...]) -> str:
    return next((row[c] for c in columns if row.get(c)), "")
