"""The analysis development set: 40 articles of 18 June 2025 and their quote/number/date labels."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kabar.clean.article import Defaults, prepare_article
from kabar.clean.dates import WIB
from kabar.evaluate.datasets import jsonl_records
from kabar.evaluate.scrape import select
from kabar.ingest.records import record_to_document
from kabar.model import Article

NAME = "analysis-0618"
LABELS = Path(__file__).resolve().parent / "labels"
SEED = 20250618
MIN_CHARS, MAX_CHARS = 800, 6000


def prepared(record: dict[str, Any]) -> Article:
    """The article kabar builds from a JSONL record: its text is what offsets index."""
    raw = json.dumps(record, ensure_ascii=False)
    document = record_to_document(record, origin=NAME, fmt="jsonl", raw=raw, default_tz=WIB)
    return prepare_article(document, Defaults(outlet=None, published=None, now=datetime.now(UTC)))


def select_analysis(benchmarks: Path, size: int = 40) -> list[tuple[dict[str, str], Article]]:
    """The set's articles: id-0618 articles of 800-6,000 cleaned characters, dealt round-robin
    over the outlets in a seeded random order, so every outlet is present and no article is
    picked for what an extractor does on it."""
    by_outlet: dict[str, list[tuple[dict[str, str], Article]]] = defaultdict(list)
    for record in select(benchmarks, "id-0618"):
        article = prepared(record)
        if MIN_CHARS <= len(article.text) <= MAX_CHARS:
            by_outlet[article.outlet or "?"].append((record, article))
    rng = random.Random(SEED)
    for items in by_outlet.values():
        rng.shuffle(items)
    chosen: list[tuple[dict[str, str], Article]] = []
    while len(chosen) < size and any(by_outlet.values()):
        for outlet in sorted(by_outlet):
            if by_outlet[outlet] and len(chosen) < size:
                chosen.append(by_outlet[outlet].pop())
    return chosen


def analysis_articles(benchmarks: Path, articles: Path | None = None) -> dict[str, Article]:
    """The set's articles by id: from a JSONL file of them when given, else from the scrape."""
    if articles is not None:
        if not articles.is_file():
            raise FileNotFoundError(
                f"{articles} not found: write it with `python benchmarks/select_analysis_set.py`"
            )
        built = [prepared(record) for record in jsonl_records(articles)]
    else:
        built = [article for _, article in select_analysis(benchmarks)]
    return {article.id: article for article in built}


def analysis_labels(name: str = NAME) -> list[dict[str, Any]]:
    """The labels, one dict per article: the merged file, else the annotators' parts."""
    merged = LABELS / f"{name}.jsonl"
    paths = [merged] if merged.is_file() else sorted(LABELS.glob(f"{name}.part*.jsonl"))
    if not paths:
        raise FileNotFoundError(f"no {name} labels in {LABELS}")
    found: dict[str, dict[str, Any]] = {}
    for path in paths:
        for label in jsonl_records(path):
            found.setdefault(label["id"], label)
    return list(found.values())
