"""The June 2025 Indonesian scrape: development files and the labelled development slices."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kabar.clean.dates import WIB, parse_published
from kabar.model import content_hash

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


URL_COLUMNS = ("url", "Link")
OUTLET_COLUMNS = ("sumber", "source", "Sumber")
DATE_COLUMNS = ("tanggal_publikasi", "Tanggal", "date")


@dataclass(frozen=True)
class Slice:
    files: str  # substring of the file names to read
    start: datetime
    end: datetime


SETS = {
    "id-0618": Slice(
        "scrapping_news_2025-06-18",
        datetime(2025, 6, 18, 14, 0, tzinfo=WIB),
        datetime(2025, 6, 18, 23, 59, 59, tzinfo=WIB),
    ),
    "id-0618am": Slice(
        "scrapping_news_2025-06-18",
        datetime(2025, 6, 18, 0, 0, tzinfo=WIB),
        datetime(2025, 6, 18, 13, 59, 59, tzinfo=WIB),
    ),
    "id-0610": Slice(
        "berita_",
        datetime(2025, 6, 10, 15, 0, tzinfo=WIB),
        datetime(2025, 6, 10, 21, 59, 59, tzinfo=WIB),
    ),
    "id-0610am": Slice(
        "berita_",
        datetime(2025, 6, 10, 0, 0, tzinfo=WIB),
        datetime(2025, 6, 10, 14, 59, 59, tzinfo=WIB),
    ),
    "id-0609": Slice(
        "berita_",
        datetime(2025, 6, 9, 15, 0, tzinfo=WIB),
        datetime(2025, 6, 9, 21, 59, 59, tzinfo=WIB),
    ),
    "id-0607": Slice(
        "berita_",
        datetime(2025, 6, 7, 0, 0, tzinfo=WIB),
        datetime(2025, 6, 8, 23, 59, 59, tzinfo=WIB),
    ),
}


def _records(benchmarks: Path, chosen: Slice) -> Iterator[dict[str, str]]:
    for name, row in development_rows(benchmarks):
        if chosen.files not in name:
            continue
        published = parse_published(first_of(row, DATE_COLUMNS), time_text=row.get("time") or None)
        body, url = first_of(row, BODY_COLUMNS), first_of(row, URL_COLUMNS).strip()
        if published is None or not chosen.start <= published <= chosen.end:
            continue
        if not body.strip() or not url:
            continue
        yield {
            "id": "u" + content_hash(url)[:15],  # kabar's own id for an article with a URL
            "url": url,
            "outlet": first_of(row, OUTLET_COLUMNS),
            "published": published.isoformat(),
            "title": first_of(row, TITLE_COLUMNS),
            "text": body,
        }


def select(benchmarks: Path, name: str) -> list[dict[str, str]]:
    """The set's articles in publication order (ties by URL), first row of each URL."""
    chosen: dict[str, dict[str, str]] = {}
    for record in _records(benchmarks, SETS[name]):
        chosen.setdefault(record["url"], record)
    return sorted(chosen.values(), key=lambda record: (record["published"], record["url"]))
