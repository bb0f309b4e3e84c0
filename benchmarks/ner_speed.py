"""Tokens per second of the shipped entity tagger on one CPU core (NERP test text, cased news)."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from kabar.evaluate.ner import read_split
from kabar.extract.ner import load_tagger
from kabar.settings import load_settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dataset", default="nerp")
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best one is reported")
    parser.add_argument("--model", type=Path, default=None, help="model folder (default shipped)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, honestly
    sentences = [list(t) for t, _ in read_split(load_settings().benchmarks, args.dataset, "test")]
    started = time.perf_counter()
    tagger = load_tagger(args.model)
    print(f"load: {time.perf_counter() - started:.2f} s")
    tokens = sum(len(s) for s in sentences)
    best = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        tagger.tag_tokens(sentences)
        best = min(best, time.perf_counter() - started)
    print(f"{args.dataset} test: {tokens} tokens in {best:.2f} s = {tokens / best:,.0f} tokens/s")
    text = "\n".join(" ".join(s) for s in sentences)
    started = time.perf_counter()
    tagger.tag(text)
    seconds = time.perf_counter() - started
    print(f"tag(text) incl. tokenising: {tokens / seconds:,.0f} tokens/s")


if __name__ == "__main__":
    main()
