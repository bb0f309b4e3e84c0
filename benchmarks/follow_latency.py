"""Per-article latency of `kabar ingest --follow -` measured from outside, through the real CLI.

Starts `kabar --db COPY ingest --follow -` as a subprocess on a copy of a store that already holds
N articles, writes the JSONL lines that follow that store's corpus one at a time, and waits for
each answer line before writing the next. Reports the follower's own "ms" (line read to article
committed) and the round trip seen by the caller (write, then the answer read back), p50, p95,
p99 and max, leaving out the first `--warmup` articles (the first loads the open stories' window).

Defaults use what `benchmarks/throughput.py --sizes 10000` leaves in out/throughput: the store
store-10000.db and stream-10000.jsonl (the lines after 10k). Settings come from the environment
as for any kabar command, e.g. KABAR_ANALYZE__AT_INGEST=false.

Run: ``.venv/bin/python benchmarks/follow_latency.py [--store DB] [--lines JSONL] [--count M]``
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "out" / "throughput"


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {
        "n": len(ordered),
        "mean": round(statistics.fmean(ordered), 2),
        "p50": round(at(0.50), 2),
        "p95": round(at(0.95), 2),
        "p99": round(at(0.99), 2),
        "max": round(ordered[-1], 2),
    }


def copy_store(store: Path, folder: Path) -> Path:
    copy = folder / "follow.db"
    with sqlite3.connect(store) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


def measure(store: Path, lines: list[str], warmup: int) -> dict[str, Any]:
    kabar = Path(sys.executable).with_name("kabar")
    with tempfile.TemporaryDirectory(prefix="kabar-follow-") as folder:
        db = copy_store(store, Path(folder))
        with sqlite3.connect(db) as check:
            stored = check.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(kabar), "--db", str(db), "ingest", "--follow", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdin is not None and process.stdout is not None
        own: list[float] = []
        round_trip: list[float] = []
        first_answer = 0.0
        answers: dict[str, int] = {}
        for number, line in enumerate(lines):
            sent = time.perf_counter()
            process.stdin.write(line.encode("utf-8") + b"\n")
            process.stdin.flush()
            answer = process.stdout.readline()
            back = time.perf_counter()
            if not answer:
                raise SystemExit(f"the follower stopped: {process.stderr.read().decode()}")
            found = json.loads(answer)
            kind = "rejected" if found.get("rejected") else "known" if found["known"] else "added"
            answers[kind] = answers.get(kind, 0) + 1
            if number == 0:
                first_answer = back - started
            if number >= warmup:
                own.append(found["ms"])
                round_trip.append(1000 * (back - sent))
        process.stdin.close()
        code = process.wait(timeout=120)
        summary = process.stderr.read().decode().strip()
    return {
        "stored_before": stored,
        "lines": len(lines),
        "warmup": warmup,
        "answers": answers,
        "start_to_first_answer_s": round(first_answer, 2),
        "follower_ms": percentiles(own),
        "round_trip_ms": percentiles(round_trip),
        "exit_code": code,
        "summary": " ".join(summary.split()),
        "analysis": os.environ.get("KABAR_ANALYZE__AT_INGEST", "(default: true)"),
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=OUT / "store-10000.db")
    parser.add_argument("--lines", type=Path, default=OUT / "stream-10000.jsonl")
    parser.add_argument(
        "--first",
        type=int,
        help="first line of --lines to send (0-based; default: the first whose id the store lacks)",
    )
    parser.add_argument("--count", type=int, default=300, help="lines to send")
    parser.add_argument("--warmup", type=int, default=1, help="first answers left out")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args()
    if not args.store.is_file() or not args.lines.is_file():
        parser.error(
            f"need {args.store} and {args.lines}: run benchmarks/throughput.py --sizes 10000 "
            "(or pass --store and --lines)"
        )
    with args.lines.open(encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle]
    first = args.first
    if first is None:  # the lines after those a throughput run already streamed into the store
        with sqlite3.connect(f"file:{args.store}?mode=ro", uri=True) as store:
            first = next(
                (
                    number
                    for number, line in enumerate(lines)
                    if not store.execute(
                        "SELECT 1 FROM articles WHERE id=?", (json.loads(line)["id"],)
                    ).fetchone()
                ),
                len(lines),
            )
    lines = lines[first : first + args.count]
    result = {"first_line": first, **measure(args.store, lines, args.warmup)}
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
