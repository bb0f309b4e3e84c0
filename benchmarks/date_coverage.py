"""Measure how many publication dates in the June 2025 Indonesian scrape parse_published reads.

Reads only the development files named by `kabar.evaluate.scrape` (`SCRAPE`, `DEVELOPMENT_FILES`;
the 19 and 20 June files are held out and never opened here), one file at a time so each is
reported on its own. The benchmarks folder is the `benchmarks` setting ($KABAR_BENCHMARKS).

Usage: python benchmarks/date_coverage.py
"""

from __future__ import annotations

import csv
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from kabar.clean.dates import parse_published
from kabar.evaluate.scrape import DEVELOPMENT_FILES, SCRAPE
from kabar.settings import load_settings

MAX_EXAMPLES = 5


def development_files(dataset: Path) -> list[Path]:
    """The paths of the development files: development_rows gives rows, not paths."""
    files = [path for pattern in DEVELOPMENT_FILES for path in sorted(dataset.glob(pattern))]
    for path in files:  # belt and braces: never touch the held-out days
        if "06-19" in path.name or "06-20" in path.name:
            raise SystemExit(f"refusing to read held-out file {path}")
    return files


def has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


@dataclass
class FileCoverage:
    name: str
    columns: str
    total: int = 0
    parsed: int = 0
    no_date: int = 0  # the text holds no digit at all: "Tidak Ditemukan", "Scroll ke bawah..."
    unparsed: list[str] = field(default_factory=list)  # has digits but did not parse
    no_date_examples: list[str] = field(default_factory=list)

    @property
    def parseable(self) -> int:
        return self.total - self.no_date


def date_fields(row: dict[str, str], fieldnames: list[str]) -> tuple[str, str | None] | None:
    """(date text, separate time text or None) of one row, by the columns the file has."""
    if "tanggal_publikasi" in fieldnames:
        return row.get("tanggal_publikasi") or "", None
    if "date" in fieldnames:
        return row.get("date") or "", (row.get("time") or None) if "time" in fieldnames else None
    if "Tanggal" in fieldnames:
        return row.get("Tanggal") or "", None
    return None


def measure(path: Path) -> FileCoverage | None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames = list(reader.fieldnames or [])
        columns = [c for c in ("tanggal_publikasi", "date", "time", "Tanggal") if c in fieldnames]
        coverage = FileCoverage(path.name, " + ".join(columns))
        for row in reader:
            fields = date_fields(row, fieldnames)
            if fields is None:
                return None
            text, time_text = fields
            coverage.total += 1
            if parse_published(text, time_text=time_text) is not None:
                coverage.parsed += 1
            elif not has_digit(text):
                coverage.no_date += 1
                if text not in coverage.no_date_examples:
                    coverage.no_date_examples.append(text)
            else:
                coverage.unparsed.append(text)
    return coverage


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def main() -> int:
    csv.field_size_limit(sys.maxsize)
    dataset = load_settings().benchmarks / SCRAPE
    if not dataset.is_dir():
        print(f"dataset not found: {dataset} (set KABAR_BENCHMARKS)", file=sys.stderr)
        return 2
    total = parsed = no_date = 0
    started = time.perf_counter()
    for path in development_files(dataset):
        coverage = measure(path)
        if coverage is None:
            print(f"{path.name}: no date column, skipped")
            continue
        total += coverage.total
        parsed += coverage.parsed
        no_date += coverage.no_date
        print(
            f"{path.parent.name}/{coverage.name} [{coverage.columns}]: "
            f"{coverage.total} date strings, {coverage.parsed} parsed "
            f"({percent(coverage.parsed, coverage.total)}), "
            f"{coverage.no_date} no date in text, "
            f"{len(coverage.unparsed)} unparsed; "
            f"coverage of strings holding a date {percent(coverage.parsed, coverage.parseable)}"
        )
        for example in coverage.no_date_examples[:MAX_EXAMPLES]:
            print(f"    no date in text: {example!r}")
        for example in coverage.unparsed[:MAX_EXAMPLES]:
            print(f"    unparsed: {example!r}")
    elapsed = time.perf_counter() - started
    print(
        f"TOTAL: {total} date strings, {parsed} parsed ({percent(parsed, total)}), "
        f"{no_date} no date in text, {total - parsed - no_date} unparsed; "
        f"coverage of strings holding a date {percent(parsed, total - no_date)} "
        f"({elapsed:.2f} s including CSV reading)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
