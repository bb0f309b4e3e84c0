"""Score the quantity and date finders against annotated mentions (spans, values, units, nouns)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from kabar.errors import KabarError
from kabar.evaluate.analysis_set import analysis_articles, analysis_labels, prepared
from kabar.evaluate.datasets import REPO_EXAMPLES

LABELS = Path(__file__).resolve().parent / "labels"
SEEDS_PUBLISHED = "2024-10-22T16:00:00+07:00"  # as kabar.evaluate.datasets.seeds


@dataclass(frozen=True, slots=True)
class Sample:
    """One article's cleaned text, publication time and gold mentions (dicts as annotated)."""

    id: str
    text: str
    published: datetime
    gold: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Result:
    """Span scores and field accuracies of one finder on one dataset."""

    kind: str  # quantities or dates
    dataset: str
    articles: int
    gold: int
    predicted: int
    matched: int
    accuracy: dict[str, float]  # field -> share of matched mentions where it agrees
    seconds: float
    errors: tuple[str, ...] = field(default=(), repr=False)  # misses, extras, wrong fields

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def rows(self) -> list[dict[str, str]]:
        """{metric, value} rows for printing (a table, or JSON)."""
        pairs = [
            ("dataset", self.dataset),
            ("articles", str(self.articles)),
            ("gold / predicted / matched", f"{self.gold} / {self.predicted} / {self.matched}"),
            ("span precision", f"{self.precision:.3f}"),
            ("span recall", f"{self.recall:.3f}"),
            ("span F1", f"{self.f1:.3f}"),
        ]
        pairs += [(f"{name} accuracy", f"{value:.3f}") for name, value in self.accuracy.items()]
        rate = self.articles / self.seconds if self.seconds else 0.0
        pairs.append(("articles/s", f"{rate:.0f}"))
        return [{"metric": metric, "value": value} for metric, value in pairs]


# -- loading ---------------------------------------------------------------------------------


def annotated(kind: str, benchmarks: Path, articles: Path | None = None) -> list[Sample]:
    """Articles of the analysis set that carry `kind` labels, with their cleaned texts."""
    labels = {row["id"]: row for row in analysis_labels() if kind in row}
    built = analysis_articles(benchmarks, articles)
    return [
        Sample(key, built[key].text, built[key].published, labels[key][kind])
        for key in sorted(labels)
        if key in built
    ]


def _locate(text: str, words: str, within: str, occurrence: int) -> tuple[int, int]:
    """Offsets of `words` inside the `occurrence`-th copy of the phrase `within`."""
    start = -1
    for _ in range(occurrence):
        start = text.index(within, start + 1)
    start += within.index(words)
    return start, start + len(words)


def seed_samples(kind: str) -> list[Sample]:
    """The two seed articles with the mentions written down from reading them (SEED_GOLD)."""
    records = [
        {"id": path.stem, "text": path.read_text(encoding="utf-8"), "published": SEEDS_PUBLISHED}
        for path in sorted((REPO_EXAMPLES / "seeds").glob("*.txt"))
    ]
    samples = []
    for record in records:
        article = prepared(record)
        key, text, published = record["id"], article.text, article.published
        gold = []
        for item in SEED_GOLD[key][kind]:
            within = item.get("within", item["text"])
            start, end = _locate(text, item["text"], within, item.get("occurrence", 1))
            gold.append({**item, "start": start, "end": end})
        samples.append(Sample(key, text, published, gold))
    return samples


# The seeds' mentions, by words and occurrence (offsets follow the cleaning), per the guideline.
SEED_GOLD: dict[str, dict[str, list[dict[str, Any]]]] = {
    "000_0d9f100de0b6cd99": {
        "quantities": [
            {
                "text": "12.000",
                "value": 12000,
                "unit": None,
                "noun": "tentara",
                "approximate": True,
            },
            {"text": "1.500", "value": 1500, "unit": None, "noun": "tentara", "approximate": True},
        ],
        "dates": [
            {"text": "Selasa (22/10)", "value": "2024-10-22", "relative": True},
            {"text": "Juni", "value": "2024-06", "relative": True},
        ],
    },
    "002_92ba8621ba4eeae2": {
        "quantities": [
            {"text": "1.500", "value": 1500, "unit": None, "noun": "tentara", "approximate": False},
            {
                "text": "dua",
                "within": "antara dua negara",
                "value": 2,
                "unit": None,
                "noun": "negara",
                "approximate": False,
            },
        ],
        "dates": [
            {"text": "Selasa", "value": "2024-10-22", "relative": True, "occurrence": 1},
            {"text": "Senin", "value": "2024-10-21", "relative": True, "occurrence": 1},
            {"text": "Selasa", "value": "2024-10-22", "relative": True, "occurrence": 2},
            {"text": "Senin malam", "value": "2024-10-21", "relative": True},
            {"text": "Senin", "value": "2024-10-21", "relative": True, "occurrence": 3},
            {"text": "tahun 2022", "value": "2022", "relative": False},
        ],
    },
}


# -- scoring ---------------------------------------------------------------------------------


def match(gold: Sequence[tuple[int, int]], found: Sequence[tuple[int, int]]) -> dict[int, int]:
    """One-to-one pairs (gold index -> found index) of overlapping spans, largest overlap first."""
    pairs = []
    for i, (gs, ge) in enumerate(gold):
        for j, (fs, fe) in enumerate(found):
            overlap = min(ge, fe) - max(gs, fs)
            if overlap > 0:
                pairs.append((-overlap, i, j))
    pairs.sort()
    used_gold: dict[int, int] = {}
    used_found: set[int] = set()
    for _, i, j in pairs:
        if i not in used_gold and j not in used_found:
            used_gold[i] = j
            used_found.add(j)
    return used_gold


def same_number(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) <= 1e-6 * max(abs(float(a)), 1.0)


def same_head(a: Any, b: Any) -> bool:
    """Whether two nouns share their first word ("unit rumah" / "unit"; both None agrees)."""
    if a is None or b is None:
        return a is b
    return str(a).lower().split()[:1] == str(b).lower().split()[:1]


def same_words(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return " ".join(str(a).lower().split()) == " ".join(str(b).lower().split())


Finder = Callable[[Sample], Sequence[Any]]
# label -> (the field compared, the test); labels may differ from fields ("noun head").
Checks = dict[str, tuple[str, Callable[[Any, Any], bool]]]


def score(kind: str, dataset: str, samples: list[Sample], finder: Finder, checks: Checks) -> Result:
    """Run `finder` over the samples and compare with the gold, field by field."""
    gold_n = found_n = matched = 0
    agree = dict.fromkeys(checks, 0)
    errors: list[str] = []
    seconds = 0.0
    for sample in samples:
        started = time.perf_counter()
        found = list(finder(sample))
        seconds += time.perf_counter() - started
        spans = [(g["start"], g["end"]) for g in sample.gold]
        pairs = match(spans, [(f.start, f.end) for f in found])
        gold_n, found_n, matched = gold_n + len(spans), found_n + len(found), matched + len(pairs)
        for i, item in enumerate(sample.gold):
            if i not in pairs:
                errors.append(f"{sample.id} missed {item['text']!r} @{item['start']}")
                continue
            guess = found[pairs[i]]
            for label, (name, same) in checks.items():
                if same(item.get(name), getattr(guess, name)):
                    agree[label] += 1
                elif label == name:
                    errors.append(
                        f"{sample.id} {name} of {item['text']!r}: "
                        f"{getattr(guess, name)!r}, gold {item.get(name)!r}"
                    )
        hit = set(pairs.values())
        errors += [f"{sample.id} extra {f.text!r} @{f.start}" for j, f in found_extra(found, hit)]
    accuracy = {name: (count / matched if matched else 0.0) for name, count in agree.items()}
    return Result(
        kind, dataset, len(samples), gold_n, found_n, matched, accuracy, seconds, tuple(errors)
    )


def found_extra(found: Sequence[Any], hit: set[int]) -> list[tuple[int, Any]]:
    return [(j, f) for j, f in enumerate(found) if j not in hit]


def samples_for(
    kind: str, dataset: str, benchmarks: Path, articles: Path | None = None
) -> list[Sample]:
    if dataset == "seeds":
        return seed_samples(kind)
    if dataset == "analysis-0618":
        return annotated(kind, benchmarks, articles)
    raise KabarError(f"unknown dataset {dataset!r} for {kind}; known: analysis-0618, seeds")
