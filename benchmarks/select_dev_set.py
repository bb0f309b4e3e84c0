"""Select the Indonesian story-clustering development set from the June 2025 scrape.

    python benchmarks/select_dev_set.py [--out out/devset]

The set: every article of the 18 June daily scrape published on 18 June 2025 between 14:00 and
23:59 WIB (a contiguous slice of one news day that holds all six outlets: Kompas, Tempo and
Republika publish into that feed only in the evening), one per URL, non-empty bodies.
Development period only: the 19 and 20 June files are the held-out test period and are never
read. Writes `articles.jsonl` (kabar's input form, with texts: stays out of the repo, `out/` is
ignored) and prints the selection's size per outlet. The labels (URL and kabar id to story) live
in eval/labels/id-dev-2025-06-18.json; texts are never committed.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from datetime import datetime, time
from pathlib import Path

from kabar.clean.dates import WIB, parse_published
from kabar.evaluate.scrape import SCRAPE
from kabar.model import content_hash
from kabar.settings import load_settings

DAY_FILE = "daily-scrape-2025-06-18_20/scrapping_news_2025-06-18.csv"
START = datetime(2025, 6, 18, 14, 0, tzinfo=WIB)
END = datetime.combine(START.date(), time(23, 59, 59), tzinfo=WIB)


def select(benchmarks: Path) -> list[dict[str, str]]:
    """The development articles in publication order (ties by URL)."""
    csv.field_size_limit(2**31 - 1)
    chosen: dict[str, dict[str, str]] = {}
    with (benchmarks / SCRAPE / DAY_FILE).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            published = parse_published(row["tanggal_publikasi"])
            if published is None or not START <= published <= END:
                continue
            if not row["isi_berita"].strip() or row["url"] in chosen:
                continue
            chosen[row["url"]] = {
                "id": "u" + content_hash(row["url"].strip())[:15],  # kabar's own id for a URL
                "url": row["url"],
                "outlet": row["sumber"],
                "published": published.isoformat(),
                "title": row["judul"],
                "text": row["isi_berita"],
            }
    return sorted(chosen.values(), key=lambda record: (record["published"], record["url"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("out/devset"))
    args = parser.parse_args()
    records = select(load_settings().benchmarks)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} articles -> {args.out / 'articles.jsonl'}")
    for outlet, count in Counter(r["outlet"] for r in records).most_common():
        print(f"  {outlet}: {count}")


if __name__ == "__main__":
    main()
