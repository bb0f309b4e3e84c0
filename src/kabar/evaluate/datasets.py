"""Labelled clustering sets as kabar input records plus gold story labels.

Each loader reads from the evaluation folder (settings.benchmarks, never shipped) and returns
records in kabar's JSONL input form (id, outlet, url, published, title, text) in publication
order, and the gold label of each id. The examples folder's MEANTIME copy and the seeds ship
with kabar, so those two sets work on any clone.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kabar.errors import KabarError

REPO_EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@dataclass(frozen=True, slots=True)
class LabelledSet:
    """Input records in publication order and the gold story of each record id."""

    name: str
    records: list[dict[str, Any]]
    gold: dict[str, str]


def in_order(labelled: LabelledSet, seed: int) -> LabelledSet:
    """An undated set (every record at one time, like ECB+) as one seeded order of its records,
    a second apart. A streaming clusterer's stories depend on the order its articles come in, and
    an undated set has no order of its own: its loader's (the ids') is one among many, and ECB+'s
    ids interleave its two events of each topic one by one (`36_1ecb`, `36_1ecbplus`, ...). A set
    with publication times keeps them: their order is the stream's."""
    times = {record.get("published") for record in labelled.records}
    if times == {None}:
        raise KabarError(
            f"{labelled.name} gives no publication times: kabar reads them from the texts, and "
            "the stream's order is theirs"
        )
    if len(times) != 1:
        raise KabarError(f"{labelled.name} has publication times: its stream order is theirs")
    start = datetime.fromisoformat(str(times.pop()))
    records = list(labelled.records)
    random.Random(seed).shuffle(records)
    reordered = [
        {**record, "published": (start + timedelta(seconds=number)).isoformat()}
        for number, record in enumerate(records)
    ]
    return LabelledSet(f"{labelled.name}@{seed}", reordered, labelled.gold)


def jsonl_records(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSONL file, one per non-blank line. Lines end at newlines only (a file
    handle's lines), never at the U+2028 and the like a text may hold, where str.splitlines()
    would cut a record in two."""
    if not path.is_file():
        raise KabarError(f"{path} not found: set KABAR_BENCHMARKS (or `benchmarks` in kabar.toml)")
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _split_title(text: str) -> tuple[str, str]:
    first, _, rest = text.partition("\n")
    return first, rest


def ecbplus(benchmarks: Path, split: str = "test", *, as_given: bool = False) -> LabelledSet:
    """ECB+ documents of one split. The corpus gives no publication times: by default every
    document is put at one fixed time (id order), so only the words tell the two similar events
    of a topic apart. With `as_given` the records carry no time, as the corpus gives them, and
    kabar reads the date line a document prints at its head (100 of the 121 test documents of
    the ECB+ half print one, 2007-2013; the ECB half print none and take the run's time)."""
    records, gold = [], {}
    for doc in sorted(
        jsonl_records(benchmarks / "ecbplus-event-clusters/documents.jsonl"), key=lambda d: d["id"]
    ):
        if split != "all" and doc["split"] != split:
            continue
        title, body = _split_title(doc["text"])
        record = {
            "id": doc["id"],
            "url": doc.get("url"),
            "outlet": None,
            "title": title,
            "text": body or title,
            "lang": "en",
        }
        if not as_given:
            record["published"] = "2020-01-01T00:00:00+00:00"
        records.append(record)
        gold[doc["id"]] = doc["event_cluster"]
    return LabelledSet(f"ecbplus-{split}{'-as-given' if as_given else ''}", records, gold)


def meantime(benchmarks: Path) -> LabelledSet:
    """MEANTIME, 4 languages, from the copy in examples/ (CC BY 4.0)."""
    records, gold = [], {}
    for doc in jsonl_records(REPO_EXAMPLES / "meantime/meantime.jsonl"):
        records.append(
            {key: doc[key] for key in ("id", "url", "outlet", "published", "title", "text", "lang")}
        )
        gold[doc["id"]] = doc["meantime_cluster"]
    return LabelledSet("meantime", records, gold)


def newswcl50(benchmarks: Path) -> LabelledSet:
    """NewsWCL50: 10 events x 5 US outlets, April 2018 (dates from URLs where present)."""
    records, gold = [], {}
    docs = list(jsonl_records(benchmarks / "newswcl50-event-clusters/documents.jsonl"))
    for doc in sorted(docs, key=lambda d: (d.get("date_from_url") or "2018-04-15", d["id"])):
        title, body = _split_title(doc["text"])
        records.append(
            {
                "id": doc["id"],
                "url": doc.get("url"),
                "outlet": doc["outlet"],
                "title": title,
                "text": body or title,
                "published": (doc.get("date_from_url") or "2018-04-15") + "T12:00:00+00:00",
                "lang": "en",
            }
        )
        gold[doc["id"]] = str(doc["event_cluster"])
    return LabelledSet("newswcl50", records, gold)


def basil(benchmarks: Path) -> LabelledSet:
    """BASIL: 100 events x 3 outlets, 2010-2019, dated."""
    records, gold = [], {}
    docs = list(jsonl_records(benchmarks / "basil-event-triplets/documents.jsonl"))
    for doc in sorted(docs, key=lambda d: (d["date"], d["id"])):
        _, body = _split_title(doc["text"])
        records.append(
            {
                "id": doc["id"],
                "url": doc.get("url"),
                "outlet": doc["source"],
                "title": doc["title"],
                "text": body or doc["title"],
                "published": doc["date"] + "T12:00:00+00:00",
                "lang": "en",
            }
        )
        gold[doc["id"]] = doc["event_cluster"]
    return LabelledSet("basil", records, gold)


def seeds(benchmarks: Path) -> LabelledSet:
    """The two seed articles: one story."""
    records, gold = [], {}
    for path in sorted((REPO_EXAMPLES / "seeds").glob("*.txt")):
        records.append(
            {
                "id": path.stem,
                "text": path.read_text(encoding="utf-8"),
                "published": "2024-10-22T16:00:00+07:00",
            }
        )
        gold[path.stem] = "seed-story"
    return LabelledSet("seeds", records, gold)


LABELS = Path(__file__).resolve().parent / "labels"


def indonesian(benchmarks: Path, name: str) -> LabelledSet:
    """A labelled development slice of the June 2025 scrape: texts from the benchmarks folder,
    story labels from the file shipped beside this module (labels only, never texts)."""
    from kabar.evaluate.scrape import select

    labels = json.loads((LABELS / f"{name}.json").read_text(encoding="utf-8"))["labels"]
    records = select(benchmarks, name)
    missing = [record["id"] for record in records if record["id"] not in labels]
    if missing:
        raise KabarError(
            f"{name}: {len(missing)} selected articles have no label, e.g. {missing[0]}"
        )
    return LabelledSet(name, records, {record["id"]: labels[record["id"]] for record in records})


DATASETS: dict[str, Callable[[Path], LabelledSet]] = {
    "id-0618": lambda path: indonesian(path, "id-0618"),
    "id-0618am": lambda path: indonesian(path, "id-0618am"),
    "id-0610": lambda path: indonesian(path, "id-0610"),
    "id-0610am": lambda path: indonesian(path, "id-0610am"),
    "id-0609": lambda path: indonesian(path, "id-0609"),
    "id-0607": lambda path: indonesian(path, "id-0607"),
    "seeds": seeds,
    "ecbplus": ecbplus,
    "ecbplus-dev": lambda path: ecbplus(path, "dev"),
    "ecbplus-train": lambda path: ecbplus(path, "train"),
    "ecbplus-as-given": lambda path: ecbplus(path, as_given=True),
    "meantime": meantime,
    "newswcl50": newswcl50,
    "basil": basil,
}
