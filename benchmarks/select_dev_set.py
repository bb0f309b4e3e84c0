"""Select the Indonesian story-clustering development sets from the June 2025 scrape.

    python benchmarks/select_dev_set.py [--set NAME] [--out out/devset]

Two sets, each a contiguous evening slice of one news day, one article per URL, non-empty bodies,
development period only (the 19 and 20 June files are the held-out test period, never read):

- `id-0618`: the 18 June daily scrape, published 18 June 2025 14:00-23:59 WIB. The slice holds
  all six outlets of that feed (Kompas, Tempo and Republika publish into it only in the evening),
  like the hidden 19 June test. Used to fit the clusterer.
- `id-0610`: the per-outlet scrapes of 7-10 June, published 10 June 2025 15:00-21:59 WIB, nine
  outlets. Used to check the fitted clusterer on other days, outlets and stories.

Writes `<out>/<set>/articles.jsonl` in kabar's input form, with texts: it stays out of the repo
(`out/` is ignored). Labels (kabar id and URL to story) are committed under
src/kabar/evaluate/labels/; texts never are.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kabar.clean.dates import WIB, parse_published
from kabar.evaluate.scrape import BODY_COLUMNS, TITLE_COLUMNS, development_rows, first_of
from kabar.model import content_hash
from kabar.settings import load_settings

URL_COLUMNS = ("url", "Link")
OUTLET_COLUMNS = ("sumber", "source", "Sumber")
DATE_COLUMNS = ("tanggal_publikasi", "Tanggal", "date")


@dataclass(frozen=True)
class Slice:
    files: str  # substring of the file names to read
    start: datetime
    end: datetime


SETS = {
    "id-0618": Slice(
        "scrapping_news_2025-06-18",
        datetime(2025, 6, 18, 14, 0, tzinfo=WIB),
        datetime(2025, 6, 18, 23, 59, 59, tzinfo=WIB),
    ),
    "id-0610": Slice(
        "berita_",
        datetime(2025, 6, 10, 15, 0, tzinfo=WIB),
        datetime(2025, 6, 10, 21, 59, 59, tzinfo=WIB),
    ),
}


def _records(benchmarks: Path, chosen: Slice) -> Iterator[dict[str, str]]:
    for name, row in development_rows(benchmarks):
        if chosen.files not in name:
            continue
        published = parse_published(first_of(row, DATE_COLUMNS), time_text=row.get("time") or None)
        body, url = first_of(row, BODY_COLUMNS), first_of(row, URL_COLUMNS).strip()
        if published is None or not chosen.start <= published <= chosen.end:
            continue
        if not body.strip() or not url:
            continue
        yield {
            "id": "u" + content_hash(url)[:15],  # kabar's own id for an article with a URL
            "url": url,
            "outlet": first_of(row, OUTLET_COLUMNS),
            "published": published.isoformat(),
            "title": first_of(row, TITLE_COLUMNS),
            "text": body,
        }


def select(benchmarks: Path, name: str) -> list[dict[str, str]]:
    """The set's articles in publication order (ties by URL), first row of each URL."""
    chosen: dict[str, dict[str, str]] = {}
    for record in _records(benchmarks, SETS[name]):
        chosen.setdefault(record["url"], record)
    return sorted(chosen.values(), key=lambda record: (record["published"], record["url"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", dest="names", action="append", choices=sorted(SETS))
    parser.add_argument("--out", type=Path, default=Path("out/devset"))
    args = parser.parse_args()
    for name in args.names or sorted(SETS):
        records = select(load_settings().benchmarks, name)
        folder = args.out / name
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "articles.jsonl").open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        outlets = Counter(r["outlet"] for r in records).most_common()
        print(f"{name}: {len(records)} articles -> {folder / 'articles.jsonl'}")
        print("  " + ", ".join(f"{outlet} {count}" for outlet, count in outlets))


if __name__ == "__main__":
    main()
