"""Speed of the quantity and date finders on one core, on the 18 June development slice.

    python benchmarks/mention_speed.py [--repeat 3]

Cleans the id-0618 articles (development period only) once, then times find_quantities and
find_dates together over every cleaned text in this one process (one core), best of `--repeat`
runs. Prints articles/s, characters/s and the rate scaled to a 3,000-character article, the
target being at least 200 articles/s for 3,000-character articles.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime

from kabar.clean.article import Defaults, prepare_article
from kabar.clean.dates import WIB
from kabar.evaluate.scrape import select
from kabar.extract.dates import find_dates
from kabar.extract.quantities import find_quantities
from kabar.ingest.records import record_to_document
from kabar.settings import load_settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    defaults = Defaults(outlet=None, published=None, now=datetime.now(UTC))
    articles = []
    for record in select(load_settings().benchmarks, "id-0618"):
        raw = json.dumps(record, ensure_ascii=False)
        document = record_to_document(record, origin="speed", fmt="jsonl", raw=raw, default_tz=WIB)
        article = prepare_article(document, defaults)
        articles.append((article.text, article.published))
    find_quantities(articles[0][0])  # build the patterns outside the timing
    find_dates(articles[0][0], articles[0][1])
    best = float("inf")
    mentions = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        mentions = sum(len(find_quantities(t)) + len(find_dates(t, p)) for t, p in articles)
        best = min(best, time.perf_counter() - started)
    chars = sum(len(text) for text, _ in articles)
    print(f"articles        {len(articles)} ({chars / len(articles):,.0f} characters on average)")
    print(f"mentions        {mentions}")
    print(f"seconds         {best:.3f} (best of {args.repeat})")
    print(f"articles/s      {len(articles) / best:,.0f}")
    print(f"characters/s    {chars / best:,.0f}")
    print(f"3,000-char articles/s  {chars / best / 3000:,.0f}")


if __name__ == "__main__":
    main()
