"""Check analysis annotations against the texts they point into: offsets, fields and values.

    python tools/check_analysis_labels.py LABELS.jsonl [--articles out/analysis-dev/articles.jsonl]

Every quote, quantity and date must have `text[start:end]` equal to its words (`content` for a
quote, `text` otherwise) in the cleaned text kabar builds from the article, and the fields the
guideline (docs/annotating-analysis.md) asks for. Prints each problem and exits 1 if any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kabar.evaluate.analysis_set import prepared
from kabar.evaluate.datasets import jsonl_records

FIELDS = {
    "quotes": ("content", "start", "end", "kind", "cue", "speaker", "speaker_mention", "denial"),
    "quantities": ("text", "start", "end", "value", "unit", "noun"),
    "dates": ("text", "start", "end", "value", "relative"),
}


def cleaned_texts(path: Path) -> dict[str, str]:
    """The cleaned text of each article in a JSONL file, as `kabar analyze` reports offsets into."""
    return {record["id"]: prepared(record).text for record in jsonl_records(path)}


def problems(label: dict[str, Any], text: str) -> list[str]:
    found = []
    for group, fields in FIELDS.items():
        for number, item in enumerate(label.get(group, [])):
            where = f"{label['id']} {group}[{number}]"
            missing = [name for name in fields if name not in item]
            if missing:
                found.append(f"{where}: missing {missing}")
                continue
            words = item["content" if group == "quotes" else "text"]
            if text[item["start"] : item["end"]] != words:
                found.append(
                    f"{where}: text[{item['start']}:{item['end']}] is "
                    f"{text[item['start'] : item['end']]!r}, not {words!r}"
                )
            if group == "quotes" and item["kind"] not in ("direct", "indirect"):
                found.append(f"{where}: kind {item['kind']!r}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("labels", type=Path)
    parser.add_argument("--articles", type=Path, default=Path("out/analysis-dev/articles.jsonl"))
    args = parser.parse_args()
    texts = cleaned_texts(args.articles)
    found = []
    for label in jsonl_records(args.labels):
        if label["id"] not in texts:
            found.append(f"{label['id']}: not in {args.articles}")
            continue
        found.extend(problems(label, texts[label["id"]]))
    print("\n".join(found) or "ok")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
