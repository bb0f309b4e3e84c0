"""Named-entity evaluation: the labelled Indonesian NER sets, exact-span micro P/R/F1 and speed."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# One sentence: its tokens and IOB tags in the dataset's own tag set.
Sentence = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class NerDataset:
    """Where one labelled set lives and how its tags map to kabar's kinds and back."""

    name: str
    folder: str
    splits: Mapping[str, str]  # split -> file name inside folder
    kinds: Mapping[str, str | None]  # dataset type -> kabar kind (None: not an entity for kabar)
    cased: bool = True

    def back(self, kind: str) -> str | None:
        """The dataset's type for a kabar kind (None: the dataset has no such type)."""
        for theirs, ours in self.kinds.items():
            if ours == kind:
                return theirs
        return _EXTRA_BACK.get((self.name, kind))


# Kinds a dataset folds into a type it already has (NERP's IND is organisation/product/brand).
_EXTRA_BACK = {("nerp", "PRODUCT"): "IND"}

_INDOLEM = {"train": "train.01.tsv", "valid": "dev.01.tsv", "test": "test.01.tsv"}
_INDONLU = {
    "train": "train_preprocess.txt",
    "valid": "valid_preprocess.txt",
    "test": "test_preprocess.txt",
}
_PER_ORG_LOC = {"PERSON": "PERSON", "ORGANIZATION": "ORG", "LOCATION": "PLACE"}

DATASETS: dict[str, NerDataset] = {
    d.name: d
    for d in (
        NerDataset(
            "nerp",
            "indonlu-ner/nerp_ner-prosa",
            _INDONLU,
            {"PPL": "PERSON", "PLC": "PLACE", "IND": "ORG", "EVT": "EVENT", "FNB": "FOOD"},
            cased=False,
        ),
        NerDataset(
            "nergrit",
            "indonlu-ner/nergrit_ner-grit",
            _INDONLU,
            {"PERSON": "PERSON", "PLACE": "PLACE", "ORGANISATION": "ORG"},
        ),
        NerDataset(
            "idner-news-2k",
            "idner-news-2k",
            {"train": "train.txt", "valid": "dev.txt", "test": "test.txt"},
            {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"},
        ),
        # IndoLEM ships five folds; fold 1 is used. NER-UGM's TIME and QUANTITY are not kabar
        # entity kinds (dates and numbers have their own extractors), so they are dropped.
        NerDataset(
            "indolem-nerugm",
            "indolem-ner/nerugm",
            _INDOLEM,
            {**_PER_ORG_LOC, "TIME": None, "QUANTITY": None},
        ),
        NerDataset("indolem-nerui", "indolem-ner/nerui", _INDOLEM, _PER_ORG_LOC),
    )
}


def dataset_path(benchmarks: Path, dataset: str, split: str) -> Path:
    """The file of one split, with a clear error when the data or the name is missing."""
    if dataset not in DATASETS:
        raise ValueError(f"unknown NER dataset {dataset!r}; choose from {', '.join(DATASETS)}")
    spec = DATASETS[dataset]
    if split not in spec.splits:
        raise ValueError(f"unknown split {split!r}; choose from {', '.join(spec.splits)}")
    path = benchmarks / spec.folder / spec.splits[split]
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} not found: NER evaluation needs the shared benchmarks folder "
            "(set KABAR_BENCHMARKS or `benchmarks` in kabar.toml)"
        )
    return path


def read_conll(path: Path) -> Iterator[Sentence]:
    """Sentences of a token-per-line file: the first column is the token, the last the tag."""
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\r\n")
            if not line.strip():
                if tokens:
                    yield tuple(tokens), tuple(tags)
                tokens, tags = [], []
                continue
            parts = line.split("\t") if "\t" in line else line.split(" ")
            tokens.append(parts[0])
            tags.append(parts[-1])
    if tokens:
        yield tuple(tokens), tuple(tags)


def read_split(benchmarks: Path, dataset: str, split: str) -> list[Sentence]:
    """All sentences of one split of one dataset."""
    return list(read_conll(dataset_path(benchmarks, dataset, split)))


def spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) chunks of an IOB tag row, conlleval style (a stray I- opens a chunk)."""
    from kabar.extract.ner import iob_spans

    return set(iob_spans(list(tags)))


def to_dataset_tags(tags: Sequence[str], spec: NerDataset) -> list[str]:
    """Kabar-kind IOB tags rewritten in a dataset's tag set (kinds it lacks become O)."""
    out = []
    for tag in tags:
        prefix, _, kind = tag.partition("-")
        theirs = spec.back(kind) if kind else None
        out.append(f"{prefix}-{theirs}" if theirs else "O")
    return out


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one entity type (or all of them)."""

    kind: str
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class NerResult:
    """Scores of the shipped tagger on one split of one dataset."""

    dataset: str
    split: str
    overall: Score
    per_kind: tuple[Score, ...]
    tokens: int
    seconds: float

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0

    def rows(self) -> list[dict[str, str]]:
        """One row per type (all types first: type, gold, precision, recall, F1), then speed."""
        rows = [
            {
                "type": s.kind,
                "gold": str(s.gold),
                "precision": f"{s.precision:.4f}",
                "recall": f"{s.recall:.4f}",
                "F1": f"{s.f1:.4f}",
            }
            for s in (self.overall, *self.per_kind)
        ]
        rows.append(
            {
                "type": "tokens/s",
                "gold": str(self.tokens),
                "precision": "",
                "recall": "",
                "F1": f"{self.tokens_per_second:.0f}",
            }
        )
        return rows


def score(
    gold_rows: Sequence[Sequence[str]], predicted_rows: Sequence[Sequence[str]]
) -> list[Score]:
    """Micro scores over exact spans: the overall one ("ALL") first, then one per gold type."""
    gold: Counter[str] = Counter()
    pred: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for g_tags, p_tags in zip(gold_rows, predicted_rows, strict=True):
        g, p = spans(g_tags), spans(p_tags)
        gold.update(k for *_, k in g)
        pred.update(k for *_, k in p)
        hit.update(k for *_, k in g & p)
    kinds = sorted(set(gold) | set(pred))
    overall = Score("ALL", sum(gold.values()), sum(pred.values()), sum(hit.values()))
    return [overall, *(Score(k, gold[k], pred[k], hit[k]) for k in kinds)]


def _kept(rows: Sequence[Sequence[str]], spec: NerDataset) -> list[list[str]]:
    # Types kabar drops (NER-UGM TIME, QUANTITY) are left out of gold and predictions alike.
    return [[t if t == "O" or spec.kinds.get(t[2:]) else "O" for t in row] for row in rows]


def evaluate(
    benchmarks: Path, dataset: str, split: str = "test", model: Path | None = None
) -> NerResult:
    """Tag one split with the shipped tagger (or the one in `model`) and score it.

    The tagger has one output head per training set; each set is scored through its own head,
    in its own tag set. A set without a head is scored through the kabar kinds, mapped back.
    """
    from kabar.extract.ner import load_tagger

    sentences = read_split(benchmarks, dataset, split)
    spec = DATASETS[dataset]
    tagger = load_tagger(model)
    token_rows = [list(tokens) for tokens, _ in sentences]
    start = time.perf_counter()
    if dataset in tagger.heads:
        predicted = tagger.tag_head(token_rows, dataset)
    else:
        predicted = [to_dataset_tags(t, spec) for t in tagger.tag_tokens(token_rows)]
    seconds = time.perf_counter() - start
    gold = _kept([tags for _, tags in sentences], spec)
    overall, *per_kind = score(gold, _kept(predicted, spec))
    tokens = sum(len(r) for r in token_rows)
    return NerResult(dataset, split, overall, tuple(per_kind), tokens, seconds)
