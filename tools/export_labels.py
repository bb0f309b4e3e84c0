"""Turn a reviewed labelling (out/devset/<set>/labels_final.json) into the shipped labels file.

    python tools/export_labels.py id-0618

The shipped file (src/kabar/evaluate/labels/<set>.json) holds, per article, kabar's id, its URL
and its story label, plus a one-line description of each multi-article story. No text.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from kabar.evaluate.datasets import jsonl_records

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("name")
    parser.add_argument("--work", type=Path, default=REPO / "out" / "devset")
    args = parser.parse_args()
    folder = args.work / args.name
    labels = json.loads((folder / "labels_final.json").read_text(encoding="utf-8"))
    stories = json.loads((folder / "stories_final.json").read_text(encoding="utf-8"))
    urls = {}
    for record in jsonl_records(folder / "articles.jsonl"):
        urls[record["id"]] = record["url"]
    assert set(labels) == set(urls), "labels and selected articles differ"
    sizes = Counter(labels.values())
    shipped = {
        "set": args.name,
        "selection": "benchmarks/select_dev_set.py (kabar.evaluate.scrape.SETS)",
        "guideline": "indonesian-news-multioutlet-2025-06/STORY-GUIDELINE.md, plus the "
        "consistency rules in docs/labelling.md",
        "articles": len(labels),
        "stories": len(sizes),
        "multi_article_stories": sum(1 for size in sizes.values() if size > 1),
        "labels": dict(sorted(labels.items())),
        "urls": dict(sorted(urls.items())),
        "descriptions": dict(sorted(stories.items())),
    }
    target = REPO / "src" / "kabar" / "evaluate" / "labels" / f"{args.name}.json"
    target.write_text(json.dumps(shipped, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.name}: {len(labels)} articles, {len(sizes)} stories -> {target}")


if __name__ == "__main__":
    main()
