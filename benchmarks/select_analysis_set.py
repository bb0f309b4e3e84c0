"""Select the Indonesian analysis development set (quotes, quantities, dates) from 18 June 2025.

    python benchmarks/select_analysis_set.py [--out out/analysis-dev] [--size 40]

Drawn from the id-0618 slice (18 June 2025, 14:00-23:59 WIB, all six outlets of the daily feed;
development period only): articles of 800-6,000 cleaned characters, dealt round-robin over the
outlets in a seeded random order, so every outlet is present and no article is picked for what
an extractor does on it. Writes `<out>/articles.jsonl` (kabar's input form, with texts) and
`<out>/NN_<id>.txt`, the cleaned text each annotator reads, with character offsets every line
(offsets are into `Article.text`, the text `kabar analyze` reports offsets into). Texts stay in
`out/` (ignored); the annotations (offsets and words only) are committed under
src/kabar/evaluate/labels/analysis-0618.jsonl.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from kabar.clean.article import Defaults, prepare_article
from kabar.clean.dates import WIB
from kabar.evaluate.scrape import select
from kabar.ingest.records import record_to_document
from kabar.settings import load_settings

SEED = 20250618
MIN_CHARS, MAX_CHARS = 800, 6000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("out/analysis-dev"))
    parser.add_argument("--size", type=int, default=40)
    args = parser.parse_args()
    settings = load_settings()
    defaults = Defaults(outlet=None, published=None, now=datetime.now(UTC))
    by_outlet: dict[str, list[tuple[dict[str, str], str]]] = defaultdict(list)
    for record in select(settings.benchmarks, "id-0618"):
        raw = json.dumps(record, ensure_ascii=False)
        document = record_to_document(record, origin="select", fmt="jsonl", raw=raw, default_tz=WIB)
        article = prepare_article(document, defaults)
        if MIN_CHARS <= len(article.text) <= MAX_CHARS:
            by_outlet[article.outlet or "?"].append((record, article.text))
    rng = random.Random(SEED)
    for items in by_outlet.values():
        rng.shuffle(items)
    chosen: list[tuple[dict[str, str], str]] = []
    while len(chosen) < args.size and any(by_outlet.values()):
        for outlet in sorted(by_outlet):
            if by_outlet[outlet] and len(chosen) < args.size:
                chosen.append(by_outlet[outlet].pop())
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for record, _ in chosen:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    for number, (record, text) in enumerate(chosen, 1):
        lines = [
            f"# {record['id']} | {record['outlet']} | {record['published']}",
            record["title"],
            "",
        ]
        offset = 0
        for line in text.split("\n"):
            lines.append(f"[{offset}] {line}")
            offset += len(line) + 1
        (args.out / f"{number:02d}_{record['id']}.txt").write_text(
            "\n".join(lines), encoding="utf-8"
        )
    print(f"{len(chosen)} articles -> {args.out}")


if __name__ == "__main__":
    main()
