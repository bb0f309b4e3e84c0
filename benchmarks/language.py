"""Language identification on real text: the development scrape (Indonesian) and MEANTIME.

    python benchmarks/language.py

Prints a markdown table: per set, how many texts and the share given each language code.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from kabar.clean.language import detect_language
from kabar.evaluate.scrape import BODY_COLUMNS, TITLE_COLUMNS, development_rows, first_of
from kabar.settings import load_settings

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    sets: dict[str, list[tuple[str, str]]] = {"June scrape, development files (id)": []}
    for _name, row in development_rows(load_settings().benchmarks):
        body = first_of(row, BODY_COLUMNS)
        if body.strip():
            text = f"{first_of(row, TITLE_COLUMNS)}\n{body}"
            sets["June scrape, development files (id)"].append(("id", text))
    for line in (REPO / "examples/meantime/meantime.jsonl").read_text("utf-8").splitlines():
        doc = json.loads(line)
        sets.setdefault(f"MEANTIME ({doc['lang']})", []).append(
            (doc["lang"], f"{doc['title']}\n{doc['text']}")
        )
    print("| set | texts | correct | other codes given | ms per text |")
    print("|---|---|---|---|---|")
    for name, items in sets.items():
        started = time.perf_counter()
        codes = Counter(detect_language(text).code for _, text in items)
        elapsed = (time.perf_counter() - started) * 1000 / len(items)
        expected = items[0][0]
        others = ", ".join(
            f"{code} {count}" for code, count in codes.most_common() if code != expected
        )
        share = codes[expected] / len(items)
        print(f"| {name} | {len(items)} | {share:.4f} | {others or '-'} | {elapsed:.2f} |")


if __name__ == "__main__":
    main()
