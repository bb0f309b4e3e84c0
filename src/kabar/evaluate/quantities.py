"""`kabar eval quantities`: score find_quantities on an annotated set (kabar.evaluate.mentions)."""

from __future__ import annotations

from pathlib import Path

from kabar.evaluate.mentions import (
    Result,
    Sample,
    same_head,
    same_number,
    same_words,
    samples_for,
    score,
)
from kabar.extract.quantities import find_quantities

__all__ = ["Result", "evaluate"]

CHECKS = {
    "value": ("value", same_number),
    "unit": ("unit", same_words),
    "noun": ("noun", same_words),
    "noun head": ("noun", same_head),  # first word only: "unit rumah" vs "unit"
    "approximate": ("approximate", lambda gold, found: gold is None or bool(gold) == bool(found)),
}


def _find(sample: Sample) -> tuple[object, ...]:
    return find_quantities(sample.text)


def evaluate(benchmarks: Path, dataset: str, articles: Path | None = None) -> Result:
    """Span P/R/F1 and value/unit/noun/approximate accuracy over matched quantities.

    `dataset`: analysis-0618 (labels beside this module; its articles are rebuilt from the
    scrape under `benchmarks`, or read from `articles`, a JSONL file of them) or seeds.
    """
    return score(
        "quantities",
        dataset,
        samples_for("quantities", dataset, benchmarks, articles),
        _find,
        CHECKS,
    )
