"""The June 2025 Indonesian scrape: its development files, read from the benchmarks folder."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

SCRAPE = "indonesian-news-multioutlet-2025-06"
# The development period only: 19 and 20 June are the held-out test period, never read here.
DEVELOPMENT_FILES = (
    "outlet-scrape-2025-06-07_10/*.csv",
    "daily-scrape-2025-06-18_20/scrapping_news_2025-06-18.csv",
)
BODY_COLUMNS = ("isi_berita", "content", "Isi")
TITLE_COLUMNS = ("judul", "title", "Judul")


def development_rows(benchmarks: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """(file name, row) for every row of the development files of the June scrape."""
    csv.field_size_limit(2**31 - 1)
    root = benchmarks / SCRAPE
    if not root.is_dir():
        raise FileNotFoundError(f"{root} not found: set KABAR_BENCHMARKS or `benchmarks`")
    for pattern in DEVELOPMENT_FILES:
        for path in sorted(root.glob(pattern)):
            if "06-19" in path.name or "06-20" in path.name:
                raise AssertionError(f"{path.name} is in the held-out test period")
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    yield path.name, row


def first_of(row: dict[str, str], columns: tuple[str, ...]) -> str:
    """The first non-empty value among the columns (outlets name their columns differently)."""
    return next((row[c] for c in columns if row.get(c)), "")
