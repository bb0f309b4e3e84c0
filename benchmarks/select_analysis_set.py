"""Write the Indonesian analysis development set (quotes, quantities, dates) for annotators.

    python benchmarks/select_analysis_set.py [--out out/analysis-dev] [--size 40]

The selection is kabar.evaluate.analysis_set.select_analysis: id-0618 articles (18 June 2025,
14:00-23:59 WIB, all six outlets of the daily feed; development period only) of 800-6,000
cleaned characters, dealt round-robin over the outlets in a seeded random order. Writes
`<out>/articles.jsonl` (kabar's input form, with texts) and `<out>/NN_<id>.txt`, the cleaned
text each annotator reads, with the character offset of every line (offsets index
`Article.text`, what `kabar analyze` reports offsets into). Texts stay in `out/` (ignored); the
annotations (offsets and words only) are committed as
src/kabar/evaluate/labels/analysis-0618.part*.jsonl. `kabar eval` rebuilds the same articles
from the scrape itself, so it does not need these files.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kabar.evaluate.analysis_set import select_analysis
from kabar.settings import load_settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("out/analysis-dev"))
    parser.add_argument("--size", type=int, default=40)
    args = parser.parse_args()
    chosen = select_analysis(load_settings().benchmarks, args.size)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for record, _ in chosen:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    for number, (record, article) in enumerate(chosen, 1):
        head = f"# {record['id']} | {record['outlet']} | {record['published']}"
        lines = [head, record["title"], ""]
        offset = 0
        for line in article.text.split("\n"):
            lines.append(f"[{offset}] {line}")
            offset += len(line) + 1
        name = f"{number:02d}_{record['id']}.txt"
        (args.out / name).write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(chosen)} articles -> {args.out}")


if __name__ == "__main__":
    main()
