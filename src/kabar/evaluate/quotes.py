"""Score kabar's quotes against labelled sets: analysis-0618 and seeds (Indonesian), PolNeAR."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kabar.evaluate.quotes_gold import (
    Document,
    Gold,
    analysis_documents,
    polnear_documents,
    seed_documents,
)
from kabar.extract.quotes import find_quotes, speaker_key
from kabar.model import Quote

LABELS = Path(__file__).parent / "labels"
_WORD = re.compile(r"\w+", re.UNICODE)
KINDS = ("direct", "indirect")


@dataclass
class Tally:
    """Counts of one kind: found (matched) predictions, predictions, gold quotes."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def scores(self) -> tuple[float, float, float]:
        precision = self.matched / self.predicted if self.predicted else 1.0
        recall = self.matched / self.gold if self.gold else 1.0
        f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
        return precision, recall, f1


@dataclass
class QuoteResult:
    """Scores of one run on one labelled set."""

    dataset: str
    documents: int
    kinds: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    speakers_right: int = 0
    speakers_judged: int = 0
    denials_gold: int = 0
    denials_found: int = 0
    denials_predicted: int = 0
    denials_right: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (doc, what, words)

    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.speakers_judged if self.speakers_judged else 1.0

    def denial_recall(self) -> float:
        return self.denials_found / self.denials_gold if self.denials_gold else 1.0

    def denial_precision(self) -> float:
        return self.denials_right / self.denials_predicted if self.denials_predicted else 1.0

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for kind, tally in self.kinds.items():
            precision, recall, f1 = tally.scores()
            rows.append(
                _row(
                    f"{kind} P/R/F1",
                    f"{precision:.3f} / {recall:.3f} / {f1:.3f}",
                    f"{tally.matched} of {tally.predicted} found, {tally.gold} labelled",
                )
            )
        rows.append(
            _row(
                "speaker accuracy",
                f"{self.speaker_accuracy():.3f}",
                f"{self.speakers_right} of {self.speakers_judged} matched quotes",
            )
        )
        rows.append(
            _row(
                "denial recall",
                f"{self.denial_recall():.3f}",
                f"{self.denials_found} of {self.denials_gold} labelled denials",
            )
        )
        rows.append(
            _row(
                "denial precision",
                f"{self.denial_precision():.3f}",
                f"{self.denials_right} of {self.denials_predicted} predicted",
            )
        )
        rows.append(_row("documents", str(self.documents), self.dataset))
        return rows


def _row(metric: str, value: str, detail: str) -> dict[str, Any]:
    return {"metric": metric, "value": value, "detail": detail}


def evaluate(
    benchmarks: Path,
    dataset: str,
    articles: Path | None = None,
    split: str = "test",
    entities: bool = True,
) -> QuoteResult:
    """Run find_quotes over a labelled set and score it (see score_documents).

    By default each text first goes through the entity pipeline, as `kabar analyze` does, so the
    figures are what users get. `entities=False`, or a dataset name ending in ":plain"
    ("analysis-0618:plain", "polnear:test:plain"), scores find_quotes alone for comparison.
    """
    name, *options = dataset.split(":")
    if "plain" in options:
        options.remove("plain")
        entities = False
    if name == "analysis-0618":
        documents = analysis_documents(benchmarks, articles)
    elif name == "seeds":
        documents = seed_documents()
    elif name == "polnear":
        documents = polnear_documents(benchmarks, options[0] if options else split)
    else:
        raise ValueError(f"unknown dataset {dataset!r}; known: analysis-0618, seeds, polnear")
    label = dataset if entities else f"{name} without entities"
    return score_documents(label, documents, with_entities if entities else None)


def with_entities(document: Document) -> tuple[Quote, ...]:
    """find_quotes after the entity pipeline `kabar analyze` runs (NER, then aliases.resolve)."""
    from kabar.extract.analysis import entities_of

    return find_quotes(document.text, entities_of(document.text), lang=document.lang)


def score_documents(
    name: str,
    documents: Sequence[Document],
    extract: Callable[[Document], Sequence[Quote]] | None = None,
) -> QuoteResult:
    """Match predictions to gold one-to-one by at least half of the gold words, per kind.

    `extract` gives a document's quotes (default: find_quotes without entities).
    """
    result = QuoteResult(dataset=name, documents=len(documents))
    for document in documents:
        predicted = extract(document) if extract else find_quotes(document.text, lang=document.lang)
        _score_one(result, document, list(predicted))
    return result


def _score_one(result: QuoteResult, document: Document, predicted: list[Quote]) -> None:
    words = [m.span() for m in _WORD.finditer(document.text)]
    pairs: list[tuple[Gold, Quote]] = []
    for kind in KINDS:
        gold = [g for g in document.gold if g.kind == kind]
        mine = [q for q in predicted if q.kind == kind]
        tally = result.kinds[kind]
        tally.gold += len(gold)
        tally.predicted += len(mine)
        matched = _match(gold, mine, words)
        tally.matched += len(matched)
        pairs.extend(matched)
        found_gold = {id(g) for g, _ in matched}
        found_mine = {id(q) for _, q in matched}
        result.misses.extend(
            (document.id, f"missed {kind}", document.text[g.start : g.end][:120])
            for g in gold
            if id(g) not in found_gold
        )
        result.misses.extend(
            (document.id, f"extra {kind}", q.content[:120]) for q in mine if id(q) not in found_mine
        )
    for gold_quote, quote in pairs:
        if gold_quote.speaker is not None or quote.speaker is not None:
            result.speakers_judged += 1
            right = _same_speaker(gold_quote, quote)
            result.speakers_right += right
            if not right:
                result.misses.append(
                    (document.id, "speaker", f"{gold_quote.speaker} != {quote.speaker}")
                )
    _score_denials(result, document, predicted, words)


def _score_denials(
    result: QuoteResult, document: Document, predicted: list[Quote], words: list[tuple[int, int]]
) -> None:
    matched = _match(list(document.gold), predicted, words)
    result.denials_gold += sum(g.denial for g in document.gold)
    result.denials_found += sum(g.denial and q.denial for g, q in matched)
    result.denials_predicted += sum(q.denial for q in predicted)
    result.denials_right += sum(g.denial and q.denial for g, q in matched)


def _same_speaker(gold: Gold, quote: Quote) -> bool:
    wanted = speaker_key(gold.speaker or "")
    said = {speaker_key(quote.speaker or ""), speaker_key(quote.speaker_mention or "")}
    if gold.mention is not None:
        # PolNeAR marks the source as written, often with its apposition ("Ed Rendell, who
        # served as …"): right when it is our mention or speaker, or holds our speaker's last word
        wanted = speaker_key(gold.mention)
        heads = {key.split()[-1] for key in said if key}
        return bool(wanted) and (wanted in said or bool(heads & set(wanted.split())))
    return bool(wanted) and wanted in said


def _match(
    gold: list[Gold], predicted: list[Quote], words: list[tuple[int, int]]
) -> list[tuple[Gold, Quote]]:
    """One-to-one pairs, best overlap first, each covering at least half of the gold words."""
    candidates = []
    for g in gold:
        inside = [(a, b) for a, b in words if a < g.end and g.start < b]
        if not inside:
            continue
        for q in predicted:
            shared = sum(1 for a, b in inside if a < q.end and q.start < b)
            if shared * 2 >= len(inside):
                candidates.append((shared / len(inside), id(g), id(q), g, q))
    candidates.sort(key=lambda item: -item[0])
    used_gold: set[int] = set()
    used_mine: set[int] = set()
    pairs = []
    for _, gid, qid, g, q in candidates:
        if gid in used_gold or qid in used_mine:
            continue
        used_gold.add(gid)
        used_mine.add(qid)
        pairs.append((g, q))
    return pairs
