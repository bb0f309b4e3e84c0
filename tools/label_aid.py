"""Reading aids for people labelling a development set into stories (never the labels themselves).

    python tools/label_aid.py batches out/devset/id-0610 --batches 3
    python tools/label_aid.py pairs out/devset/id-0610 --batches 3
    python tools/label_aid.py audit out/devset/id-0610 \
        --labels src/kabar/evaluate/labels/id-0610.json

`batches` groups the set's articles into over-merged candidate groups (TF-IDF, average link at a
low similarity) and deals the groups into balanced batch_N.md files: id, outlet, time, title and
the cleaned lead of each article, so one annotator reads related articles side by side. `pairs`
reads the annotators' labels_N.json files and lists the most similar stories that ended up in
different batches, for the reviewer who reconciles them. `audit` lists the stories of a finished
labelling and, for a second reading against the guideline, the most similar pairs of its stories
(audit.md): a story that is a theme, or an article that is a reaction to another story's
occurrence, shows up there. Decisions are the annotators', made by
the guideline (STORY-GUIDELINE.md beside the scrape); these files only order the reading.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from kabar.clean.boilerplate import clean_text
from kabar.clean.dates import WIB
from kabar.cluster.vectors import tokens
from kabar.evaluate.datasets import jsonl_records

LEAD_CHARS = 350


def _records(folder: Path) -> dict[str, dict[str, Any]]:
    records = {}
    for record in jsonl_records(folder / "articles.jsonl"):
        record["clean"] = clean_text(record["text"]).text
        records[record["id"]] = record
    return records


def _line(record: dict[str, Any]) -> str:
    time = datetime.fromisoformat(record["published"]).astimezone(WIB).strftime("%H:%M")
    lead = " ".join(record["clean"].split())[:LEAD_CHARS]
    return f"- `{record['id']}` | {record['outlet']} | {time} | **{record['title']}**\n  {lead}\n"


def batches(folder: Path, count: int) -> None:
    records = _records(folder)
    ids = list(records)
    texts = [
        f"{records[i]['title']} {records[i]['title']} {records[i]['clean'][:1500]}" for i in ids
    ]
    matrix = TfidfVectorizer(analyzer=tokens, sublinear_tf=True).fit_transform(texts).toarray()
    grouping = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=0.93
    ).fit_predict(matrix)
    groups: dict[int, list[str]] = defaultdict(list)
    for article_id, group in zip(ids, grouping, strict=True):
        groups[int(group)].append(article_id)
    loads, dealt = [0] * count, [[] for _ in range(count)]  # type: ignore[var-annotated]
    for group, members in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        target = loads.index(min(loads))
        dealt[target].append((group, members))
        loads[target] += len(members)
    for number, batch in enumerate(dealt, start=1):
        size = sum(len(members) for _, members in batch)
        parts = [f"# Batch {number}: {size} articles in {len(batch)} candidate groups\n\n"]
        for group, members in batch:
            parts.append(f"## candidate group {group} ({len(members)} articles)\n\n")
            ordered = sorted(members, key=lambda i: records[i]["published"])
            parts.extend(_line(records[i]) for i in ordered)
            parts.append("\n")
        (folder / f"batch_{number}.md").write_text("".join(parts), encoding="utf-8")
    print(f"{len(ids)} articles, {len(groups)} candidate groups, batches of {loads}")


def _story_similarity(
    records: dict[str, dict[str, Any]], stories: dict[str, list[str]]
) -> tuple[list[str], np.ndarray]:
    """The story names, sorted, and the cosine of each two stories' titles and leads (TF-IDF)."""
    names = sorted(stories)
    texts = [
        " ".join(
            f"{records[i]['title']} {records[i]['title']} {records[i]['clean'][:800]}"
            for i in stories[name]
        )
        for name in names
    ]
    matrix = TfidfVectorizer(analyzer=tokens, sublinear_tf=True).fit_transform(texts)
    return names, (matrix @ matrix.T).toarray()


def pairs(folder: Path, count: int, floor: float = 0.12) -> None:
    records = _records(folder)
    labels: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for number in range(1, count + 1):
        for article_id, label in json.loads((folder / f"labels_{number}.json").read_text()).items():
            labels[article_id] = f"b{number}:{label}"
        stories_file = json.loads((folder / f"stories_{number}.json").read_text())
        descriptions.update({f"b{number}:{k}": v for k, v in stories_file.items()})
    stories: dict[str, list[str]] = defaultdict(list)
    for article_id, label in labels.items():
        stories[label].append(article_id)
    names, similarity = _story_similarity(records, stories)
    found = []
    for a, first in enumerate(names):
        for b in np.argsort(-similarity[a])[:8]:
            second = names[b]
            if b > a and first.split(":")[0] != second.split(":")[0] and similarity[a, b] >= floor:
                found.append((float(similarity[a, b]), first, second))
    found.sort(reverse=True)

    def show(name: str) -> str:
        members = stories[name]
        lines = [f"  {name} ({len(members)}): {descriptions.get(name, 'singleton')}"]
        for i in members[:4]:
            time = records[i]["published"][11:16]
            lines.append(f"    - `{i}` {records[i]['outlet']} {time} | {records[i]['title']}")
        if len(members) > 4:
            lines.append(f"    - ... {len(members) - 4} more")
        return "\n".join(lines)

    parts = [
        f"# {len(found)} cross-batch story pairs with similarity >= {floor}, most similar first\n\n"
    ]
    for number, (score, first, second) in enumerate(found, start=1):
        parts.append(
            f"## pair {number} (similarity {score:.2f})\n{show(first)}\n{show(second)}\n\n"
        )
    (folder / "cross_batch_pairs.md").write_text("".join(parts), encoding="utf-8")
    print(f"{len(found)} cross-batch pairs, {len(stories)} stories, {len(labels)} articles")


def _similar_stories(
    records: dict[str, dict[str, Any]], stories: dict[str, list[str]], floor: float, keep: int
) -> list[tuple[float, str, str]]:
    """Pairs of stories whose articles' words are alike (TF-IDF of titles and leads), most
    similar first, each story's `keep` nearest at most."""
    names, similarity = _story_similarity(records, stories)
    found = set()
    for a in range(len(names)):
        for b in np.argsort(-similarity[a])[: keep + 1]:
            if b != a and similarity[a, b] >= floor:
                first, second = sorted((names[a], names[int(b)]))
                found.add((round(float(similarity[a, b]), 4), first, second))
    return sorted(found, key=lambda item: (-item[0], item[1], item[2]))


def audit(folder: Path, labels_file: Path, floor: float = 0.15) -> None:
    records = _records(folder)
    shipped = json.loads(labels_file.read_text(encoding="utf-8"))
    descriptions: dict[str, str] = shipped.get("descriptions", {})
    stories: dict[str, list[str]] = defaultdict(list)
    for article_id, label in shipped["labels"].items():
        if article_id in records:
            stories[label].append(article_id)
    for members in stories.values():
        members.sort(key=lambda i: records[i]["published"])
    parts = [f"# Audit of {labels_file.name}: {len(records)} articles, {len(stories)} stories\n\n"]
    parts.append("## Part A: every story of two or more articles\n\n")
    multi = sorted((n for n in stories if len(stories[n]) > 1), key=lambda n: -len(stories[n]))
    for name in multi:
        parts.append(f"### {name} ({len(stories[name])}): {descriptions.get(name, '')}\n\n")
        parts.extend(_line(records[i]) for i in stories[name])
        parts.append("\n")
    found = _similar_stories(records, stories, floor, keep=3)
    parts.append(f"## Part B: {len(found)} pairs of alike stories (>= {floor}), closest first\n\n")

    def show(name: str) -> str:
        members = stories[name]
        head = descriptions.get(name, "singleton") if len(members) > 1 else "singleton"
        lines = [f"  {name} ({len(members)}): {head}"]
        for i in members[:3]:
            lead = " ".join(records[i]["clean"].split())[:160]
            time = datetime.fromisoformat(records[i]["published"]).astimezone(WIB)
            lines.append(
                f"    - `{i}` {records[i]['outlet']} {time:%d/%m %H:%M} | {records[i]['title']}"
                f" | {lead}"
            )
        if len(members) > 3:
            lines.append(f"    - ... {len(members) - 3} more")
        return "\n".join(lines)

    for number, (score, first, second) in enumerate(found, start=1):
        parts.append(f"### pair {number} ({score:.2f})\n{show(first)}\n{show(second)}\n\n")
    (folder / "audit.md").write_text("".join(parts), encoding="utf-8")
    print(f"{len(multi)} multi-article stories, {len(found)} pairs -> {folder / 'audit.md'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["batches", "pairs", "audit"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--labels", type=Path, help="audit: the shipped labels file")
    args = parser.parse_args()
    if args.action == "audit":
        if args.labels is None:
            parser.error("audit needs --labels")
        audit(args.folder, args.labels)
    else:
        (batches if args.action == "batches" else pairs)(args.folder, args.batches)


if __name__ == "__main__":
    main()
