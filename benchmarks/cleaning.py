"""Measure boilerplate left in cleaned bodies and article sentences lost, on development articles.

The product question: "on 200 articles from the development period, count the listed boilerplate
left in bodies (goal 0) and article sentences lost (goal 0)".

Data: the development files of the June 2025 scrape, read by
``kabar.evaluate.scrape.development_rows`` from the ``benchmarks`` setting (``KABAR_BENCHMARKS``).
The 19 and 20 June files are a held-out test period and are never opened.

Measures:

(a) boilerplate left: a detector that is separate from the cleaning rules (plain marker regexes,
    one per listed kind) counts what is still in the cleaned bodies.
(b) sentences lost: every removed span is split into sentences; a removed sentence of 6+ words
    that is not itself a listed boilerplate form is a *candidate* loss. Candidates go to the
    ``--review`` file to be read by hand. Mechanically, every sentence of the normalised input must
    be in the cleaned text or inside a recorded removal ("unrecorded vanishings", goal 0).

Run: ``.venv/bin/python benchmarks/cleaning.py --review out/cleaning-review.md``
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from rich.progress import track

from kabar.clean.boilerplate import clean_text, load_rules, normalise_text
from kabar.evaluate.scrape import BODY_COLUMNS, SCRAPE, development_rows, first_of
from kabar.model import CleanedText
from kabar.settings import load_settings

OUTLETS = (
    "liputan6",
    "detik",
    "kompas",
    "okezone",
    "tempo",
    "tribun",
    "sindonews",
    "republika",
    "kapanlagi",
    "posmetro",
)

# (a) The detector: one marker per listed kind of boilerplate. Deliberately independent of
# lang/id/boilerplate.toml, so a rule that misses a form is caught here.
DETECTOR: dict[str, re.Pattern[str]] = {
    "baca juga": re.compile(r"(?i)\bbaca\s+(?:ini\s+)?juga(?![a-z])"),
    "simak juga": re.compile(r"(?im)^simak\s+juga\b|\bsimak\s+juga\s*(?::|\[|video\b)"),
    "tonton juga": re.compile(r"(?i)\btonton\s+juga\b"),
    "lihat juga": re.compile(r"(?im)(?:^|[.!?]\s*)lihat\s+juga\b"),
    "ADVERTISEMENT": re.compile(r"(?i)^advertisement$|\bADVERTISEMENT\b", re.MULTILINE),
    "SCROLL TO CONTINUE": re.compile(r"(?i)scroll\s+to\s+continue"),
    "Pewarta:": re.compile(r"(?im)^pewarta\s*:"),
    "Editor:": re.compile(r"(?im)^editor\s*:|[a-z]editor\s*:"),
    "Penulis:": re.compile(r"(?im)^penulis\s*:"),
    "copyright": re.compile(r"(?i)(?<!Ã)©|\bcopyright\b"),
    "Sumber : line": re.compile(r"(?im)^sumber\s*:"),
    "leading dateline": re.compile(
        r"\A(?:[A-Z][\w.]*(?: [A-Z][\w.]*)*\s*\([A-Z][A-Za-z]+\)\s*[-–—]"
        r"|[\w-]+\.(?:com|co\.id|co|id|COM|CO\.ID|CO|ID)\b\s*[,\-–—]"
        r"|[A-Z]{3,}(?: [A-Z]{3,})*\s*(?:,\s*[A-Z0-9][A-Z0-9 .]{0,30})?\s*[-–—]"
        r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?\s*(?:,\s*[A-Z][\w. ]+)?\s*(?:--|\n-))"
    ),
    # Not in the product issue's list, but the same kind of thing; reported apart.
    "extra: embed marker": re.compile(r"\[Gambas:|View this post on Instagram"),
    "extra: video promo": re.compile(r"(?im)^(?:simak|tonton|lihat)\s+(?:juga\s+)?video\b"),
    "extra: channel promo": re.compile(r"(?i)\b(?:ikuti|akses)\b.{0,80}\b(?:whatsapp|google news)"),
    "extra: trailing initials": re.compile(r"\n\([a-z0-9]{2,6}/[a-z0-9]{2,6}\)\Z"),
}
LISTED = [kind for kind in DETECTOR if not kind.startswith("extra")]

SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])[\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
MIN_WORDS = 6


@dataclass(frozen=True, slots=True)
class Body:
    """One development article body and where it came from."""

    id: str
    outlet: str
    text: str


def outlet_of(name: str, row: dict[str, str]) -> str:
    named = row.get("sumber") if "scrapping_news" in name else Path(name).stem
    key = (named or "").lower()
    return next((outlet for outlet in OUTLETS if outlet in key), key or "unknown")


def read_bodies(root: Path) -> list[Body]:
    """Every non-empty development body, deduplicated by text."""
    seen: set[str] = set()
    bodies: list[Body] = []
    for name, rows in groupby(development_rows(root), key=lambda item: item[0]):
        stem = Path(name).stem
        for index, (_, row) in enumerate(rows):
            text = first_of(row, BODY_COLUMNS)
            if text.strip() and text not in seen:
                seen.add(text)
                bodies.append(Body(f"{stem}#{index}", outlet_of(name, row), text))
    return bodies


def stratified_sample(bodies: list[Body], n: int, seed: int) -> list[Body]:
    """``n`` bodies spread as evenly as the outlets allow, with a fixed seed."""
    rng = random.Random(seed)
    by_outlet: dict[str, list[Body]] = defaultdict(list)
    for body in bodies:
        by_outlet[body.outlet].append(body)
    pools = {outlet: rng.sample(items, len(items)) for outlet, items in sorted(by_outlet.items())}
    sample: list[Body] = []
    while len(sample) < n and any(pools.values()):
        for pool in pools.values():
            if pool and len(sample) < n:
                sample.append(pool.pop())
    return sample


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a text (lines, then sentence ends)."""
    spans, pos = [], 0
    for match in [*SENTENCE_SPLIT.finditer(text), None]:
        end = match.start() if match else len(text)
        if text[pos:end].strip():
            spans.append((pos, end))
        pos = match.end() if match else end
    return spans


def squash(text: str) -> str:
    return "".join(text.split())


def is_listed_form(sentence: str) -> bool:
    return any(DETECTOR[kind].search(sentence) for kind in DETECTOR)


def loss_candidates(body: Body, result: CleanedText) -> list[tuple[str, str, str]]:
    """(rule, sentence, removed span) for removed sentences that may be article text."""
    found = []
    for removal in result.removals:
        for start, end in sentences(removal.text):
            sentence = " ".join(removal.text[start:end].split())
            if len(sentence.split()) >= MIN_WORDS and not is_listed_form(sentence):
                found.append((removal.rule, sentence, removal.text))
    return found


def vanished(norm: str, result: CleanedText) -> list[str]:
    """Sentences of the normalised input found neither in the output nor in a removal."""
    covered = bytearray(len(norm))
    for removal in result.removals:
        covered[removal.start : removal.end] = b"\x01" * (removal.end - removal.start)
    out = squash(result.text)
    lost = []
    for start, end in sentences(norm):
        kept = "".join(ch for i, ch in enumerate(norm[start:end], start) if not covered[i])
        if squash(kept) and squash(kept) not in out:
            lost.append(norm[start:end])
    kept_all = "".join(ch for i, ch in enumerate(norm) if not covered[i])
    if squash(kept_all) != out:
        lost.append("<cleaned text differs from input minus removals>")
    return lost


def write_review(path: Path, rows: list[tuple[Body, str, str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(f"# Removed sentences of {MIN_WORDS}+ words to review by hand\n\n")
        for number, (body, rule, sentence, span) in enumerate(rows, 1):
            context = " / ".join(span.split("\n"))[:400]
            handle.write(f"{number}. [{body.id} {body.outlet}] `{rule}`\n")
            handle.write(f"   - sentence: {sentence}\n   - removed: {context}\n\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="articles to sample (default 200)")
    parser.add_argument("--seed", type=int, default=20250607)
    parser.add_argument("--all", action="store_true", help="use every development article")
    parser.add_argument("--review", type=Path, help="write loss candidates here")
    parser.add_argument("--left", type=Path, help="write the boilerplate found left here")
    args = parser.parse_args(argv)

    root = load_settings().benchmarks
    if not (root / SCRAPE).is_dir():
        print(f"no data at {root / SCRAPE} (set KABAR_BENCHMARKS)", file=sys.stderr)
        return 2
    bodies = read_bodies(root)
    sample = bodies if args.all else stratified_sample(bodies, args.n, args.seed)
    rules = load_rules("id")

    started = time.perf_counter()
    results = [clean_text(b.text, rules) for b in track(sample, description="cleaning")]
    seconds = time.perf_counter() - started

    left: Counter[str] = Counter()
    left_rows: list[str] = []
    candidates: list[tuple[Body, str, str, str]] = []
    vanishings: list[tuple[Body, str]] = []
    for body, result in zip(sample, results, strict=True):
        for kind, pattern in DETECTOR.items():
            hits = list(pattern.finditer(result.text))
            left[kind] += len(hits)
            left_rows += [
                f"{body.id} {body.outlet} [{kind}] {_around(result.text, h)}" for h in hits
            ]
        candidates += [(body, *c) for c in loss_candidates(body, result)]
        vanishings += [(body, s) for s in vanished(normalise_text(body.text), result)]

    if args.review:
        write_review(args.review, candidates)
    if args.left:
        args.left.write_text("\n".join(left_rows) + "\n", encoding="utf-8")
    for body, sentence in vanishings[:20]:
        print(f"VANISHED {body.id}: {sentence[:200]!r}", file=sys.stderr)
    print_table(sample, results, left, candidates, vanishings, seconds)
    return 0


def _around(text: str, match: re.Match[str]) -> str:
    return " ".join(text[max(0, match.start() - 60) : match.end() + 60].split())


def print_table(
    sample: list[Body],
    results: list[CleanedText],
    left: Counter[str],
    candidates: list[tuple[Body, str, str, str]],
    vanishings: list[tuple[Body, str]],
    seconds: float,
) -> None:
    outlets = Counter(body.outlet for body in sample)
    print(
        f"\nArticles: {len(sample)} ({', '.join(f'{o} {n}' for o, n in sorted(outlets.items()))})"
    )
    print("\n| boilerplate kind | left in cleaned bodies |\n| --- | ---: |")
    for kind in DETECTOR:
        print(f"| {kind} | {left[kind]} |")
    print(f"| **listed kinds, total** | **{sum(left[k] for k in LISTED)}** |")
    removals = sum(len(r.removals) for r in results)
    datelines = sum(r.dateline is not None for r in results)
    print("\n| measure | value |\n| --- | ---: |")
    print(f"| removals recorded | {removals} |")
    print(f"| datelines found | {datelines} |")
    print(f"| removed sentences of {MIN_WORDS}+ words, not a listed form | {len(candidates)} |")
    print(f"| unrecorded vanishings | {len(vanishings)} |")
    print(f"| cleaning speed | {len(sample) / seconds:,.0f} articles/s |")


if __name__ == "__main__":
    raise SystemExit(main())
