"""`kabar eval dates`: score find_dates on an annotated set (kabar.evaluate.mentions)."""

from __future__ import annotations

from pathlib import Path

from kabar.evaluate.mentions import Result, Sample, samples_for, score
from kabar.extract.dates import find_dates

__all__ = ["Result", "evaluate"]

CHECKS = {
    "value": ("value", lambda gold, found: gold == found),
    "relative": ("relative", lambda gold, found: bool(gold) == bool(found)),
}


def _find(sample: Sample) -> tuple[object, ...]:
    return find_dates(sample.text, sample.published)


def evaluate(benchmarks: Path, dataset: str, articles: Path | None = None) -> Result:
    """Span P/R/F1 and value/relative accuracy over matched date mentions.

    `dataset`: analysis-0618 (labels beside this module; its articles are rebuilt from the
    scrape under `benchmarks`, or read from `articles`, a JSONL file of them) or seeds.
    """
    return score(
        "dates", dataset, samples_for("dates", dataset, benchmarks, articles), _find, CHECKS
    )
