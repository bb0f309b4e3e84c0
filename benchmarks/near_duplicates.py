"""Measure near-duplicate detection (kabar.dedupe.minhash) on synthetic and real copies.

Data: ``<benchmarks>/indonesian-news-multioutlet-2025-06/``, where ``<benchmarks>`` is the
``KABAR_BENCHMARKS`` environment variable or ``../shared/benchmarks`` next to the repository.
Only the development files are read (``kabar.evaluate.scrape.development_rows``): the 19 and 20
June files are the held-out test period and are never opened. Bodies are cleaned with
``clean_text`` first, as the engine does; one article per URL, 30 words or more.

(a) synthetic: 1,000 articles, no two with a TF-IDF cosine above 0.7, are indexed; each gets one
    copy per edit kind (1-3 sentences dropped, inserted or replaced, a new dateline and first
    words, an extra paragraph, cut to 70%, and a wire-style mix). Negatives are unindexed
    articles: 1,000 random ones and hard ones (for each original, the article of the same day
    with the highest TF-IDF cosine to it, of its own outlet and of another). A query is right
    when `find` returns its own original; any other answer is a false positive.
(b) real copies: pairs with different URLs found without MinHash (TF-IDF cosine >= 0.8 over
    cleaned bodies, or the same first 300 normalised characters), and the pairs MinHash links
    when all articles are streamed in publication order (`find`, else `add`). A fifth of each
    (chosen by a hash of the pair, so the sample is stable) was read by hand: CHECKED below.
    Recall = checked copies among the candidates that a setting links; precision = copies
    among the checked pairs a setting links.

Run: ``.venv/bin/python benchmarks/near_duplicates.py [--review out/near-duplicates-review.md]``
(about two minutes; ``--review`` writes the sampled pairs side by side for reading, and a pair
with no verdict yet is reported as "unchecked"; ``--quick`` runs (a) with the defaults only).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from kabar.clean.boilerplate import clean_text
from kabar.clean.dates import parse_published
from kabar.clean.outlets import canonical_outlet
from kabar.dedupe.minhash import NearDuplicateIndex, shingles
from kabar.evaluate.scrape import (
    BODY_COLUMNS,
    DATE_COLUMNS,
    OUTLET_COLUMNS,
    TITLE_COLUMNS,
    URL_COLUMNS,
    development_rows,
    first_of,
)
from kabar.model import content_hash

SEED = 20250618
THRESHOLDS = (0.4, 0.45, 0.5, 0.6, 0.7, 0.8)
SHINGLE_SIZES = (3, 5)
REAL_COSINE = 0.8  # candidate real copies: TF-IDF cosine at least this
SAMPLE_RATE = 0.2  # share of the real pairs read by hand
HARD_NEGATIVE_MAX = 0.7  # a hard negative above this may be a real copy: kept out of (a)
DEFAULT = (0.45, 5)  # (threshold, k) of NearDuplicateIndex()
RANDOM, HARD_SAME, HARD_OTHER = "random negative", "hard: same outlet", "hard: other outlet"
_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z0-9“\"(])|\n+")
_DATELINES = (
    "JAKARTA, KOMPAS.com - ",
    "Liputan6.com, Jakarta - ",
    "Jakarta (ANTARA) - ",
    "TRIBUNNEWS.COM, SURABAYA - ",
    "SINDOnews.com - ",
    "Jakarta, CNN Indonesia -- ",
)

# Hand-read verdicts on the sampled real pairs (pair id: hash of the two URLs) -> verdict[: note].
# copy: one reproduces the other sentence by sentence, verbatim or lightly edited (a new lede or
#   title, words changed, sentences added or dropped, a live update, the same press release or
#   group syndication, or the whole article re-posted inside a "Terpopuler" roundup);
# rewrite: the same event in rewritten text (a follow-up, a new angle) sharing some sentences;
# different: different events in shared wording (daily templates: prayer times, prices, game
#   answers, regional budgets, recurring announcements).
CHECKED: dict[str, str] = {
    "751db090a1": "copy",
    "d7aecb061e": "different: same template, other holiday",
    "0785f0b6be": "different: game-answer template",
    "4b3870b524": "rewrite",
    "da994443b0": "copy",
    "9c68f5859b": "copy",
    "9b31ad8e3f": "rewrite",
    "01b9cb495d": "different: another eruption",
    "541a1a8ae6": "rewrite: daily roundup",
    "d046287ea0": "rewrite",
    "b5da7facd6": "copy: heavily edited",
    "dc51784319": "different: game-answer template",
    "874b8da3fd": "copy: expanded re-post",
    "63391e0fd8": "copy: press release",
    "8376d3ce95": "copy",
    "65273803a2": "rewrite",
    "3fa4fd223c": "copy",
    "d2911b838c": "copy",
    "0eca9ab067": "different: budget template",
    "44c7bb4349": "rewrite: follow-up",
    "38efd0fb4a": "copy: edited",
    "eb580c85d3": "copy",
    "7982124fa7": "different: daily prayer-times template",
    "c0265c7b36": "different: game-answer template",
    "5825306f6f": "copy: press release",
    "1e5d497b9a": "rewrite: roundup quoting it",
    "b1a89a5219": "copy: re-posted inside a roundup",
    "46acf73de1": "copy",
    "f37ea0ce8b": "rewrite",
    "213a20a2e0": "rewrite",
    "998c72c6b1": "copy: heavily edited",
    "3967d0a471": "copy",
    "fe1ef716ee": "copy",
    "82a3b557f7": "different: same template, other holiday",
    "2358c064bb": "different: daily prayer-times template",
    "bb80d3da1c": "copy",
    "32d050df87": "copy: edited",
    "70cb6e7c05": "copy: edited",
    "1a5913d552": "rewrite",
    "916d75cc33": "different: another eruption",
    "38f2f44f73": "copy: edited",
    "32d9759b23": "different: daily prayer-times template",
    "74d7c31cd3": "copy: edited",
    "b587be8f9c": "different: game-answer template",
    "da3b7a4b22": "copy: edited",
    "ced4ab1b33": "copy: expanded",
    "88f09889d3": "rewrite: follow-up reusing part of it",
    "502a222f8e": "copy: updated version",
    "0d9d6f4725": "copy: edited",
    "952e80372d": "rewrite",
    "d9a84a4d00": "rewrite",
    "9608c40fef": "copy",
    "8fa0f40c9d": "copy: updated version",
    "c1c57a9e97": "rewrite: follow-up reusing part of it",
    "e56e98541a": "rewrite: follow-up reusing part of it",
    "e7e7e92db2": "different: TV promo template",
    "630718ef0d": "copy: advertorial",
    "64f241e841": "rewrite: roundup quoting it",
    "ca2d116b83": "copy: press release, edited",
    "013a7b88aa": "rewrite",
    "639f2f6f98": "different: budget template",
    "8a4500cb39": "copy",
    "e6bf2311d8": "copy",
    "794883e674": "copy: updated version",
    "2bc606bd1f": "copy: edited",
    "c0bc1b2fb4": "different: daily price template",
    "5388072d6c": "rewrite",
    "6ee7f6efe0": "rewrite",
    "6adc9df0ba": "copy: edited",
    "948d401f75": "copy: syndicated opinion piece",
    "adc5e68c91": "rewrite",
    "10db1347de": "copy: edited",
    "178c9807e2": "copy: edited",
    "eaa7651441": "copy: advertorial",
    "78d3154555": "copy: edited",
    "6e4e89b16c": "copy: re-posted inside a roundup",
    "6c44e41cc1": "copy: edited",
    "dcedb8f17f": "copy: press release",
    "125ee08505": "rewrite",
    "9fc3d76fd7": "copy: updated version",
    "f2aa98bee6": "copy: expanded with a new lede",
    "449f3f9c44": "rewrite",
    "18c0fa862b": "rewrite: reworded press release",
    "e0301aa216": "copy: re-post",
    "62173fd526": "copy: updated version",
    "bb21a887cc": "copy: syndicated in the group",
    "f9d22d3f20": "copy",
    "0ab16833f3": "copy: advertorial",
    "37f0457bba": "rewrite",
    "9c2742cab7": "copy: edited",
    "20acef7c76": "rewrite",
    "0751ae27d8": "copy: edited",
    "1cd1f3167e": "rewrite: follow-up reusing part of it",
    "0dc45f0947": "different: daily price template",
    "0e9d8ae9dc": "rewrite",
    "1929155f22": "different: another story with this one pasted under it",
    "0ec90bb397": "different: daily weather template",
    "31cd1ed463": "copy: edited",
    "05d66d1957": "copy: edited",
    "14dee53d0d": "rewrite: follow-up",
    "16f34fa8f2": "copy",
    "098a94bac1": "different: game-answer template",
    "0ed4204589": "copy: edited",
    "21e2659296": "copy: edited",
    "12f049dbc3": "copy: heavily edited",
    "326989c5e1": "copy: new lede",
    "25e8a97e80": "copy",
    "075a4355fe": "copy: expanded with a new lede",
    "2e2277a507": "copy: edited",
    "2db1198614": "copy: edited",
    "2309255a7a": "different: budget template",
    "0a755e15d9": "different: budget template",
    "2226e68da8": "rewrite",
    "02cd32b4d3": "copy: edited",
    "03346950b4": "copy: edited",
    "2f5df4cd10": "different: shop promo template",
    "314824228a": "copy: edited",
    "1fb93faf65": "copy: press release",
    "02c7737f50": "rewrite",
    "236c154b6b": "copy: edited",
    "1c3cfccab3": "copy: updated version",
    "15045febc9": "copy: updated version",
    "0207f5bff9": "copy: expanded with a new lede",
    "1721239884": "rewrite: reworded press release",
    "12bb135366": "copy: updated version",
    "193afeb85d": "copy: edited",
    "10e7a8311d": "different: TV promo template",
    "03f78e31ba": "copy: press release",
    "0f9503da7c": "rewrite: same case, another development",
    "2ce698164f": "rewrite: reworded press release",
    "2275b474e4": "rewrite",
    "2071d496b6": "rewrite: roundup quoting it",
    "0bf695c844": "different: horoscope template",
    "1468474754": "copy: edited",
    "2f4dc608c7": "different: budget template",
    "27f952c2cd": "rewrite: later live report",
    "0590772ea0": "rewrite",
    "1b69af8cc1": "rewrite",
    "2dec69f938": "copy: expanded with a new lede",
    "307b2a5472": "copy: re-posted inside a roundup",
    "3046320018": "rewrite",
    "1807382b52": "rewrite: follow-up reusing part of it",
}


@dataclass(frozen=True, slots=True)
class Doc:
    """One development article, cleaned."""

    url: str
    outlet: str
    title: str
    text: str
    published: datetime | None
    day: str  # publication day, or the file name when the date is unreadable


def benchmarks_root() -> Path:
    env = os.environ.get("KABAR_BENCHMARKS")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared/benchmarks"


def load_docs(root: Path) -> list[Doc]:
    """One cleaned article per URL, in publication order (undated last, then by URL)."""
    docs: dict[str, Doc] = {}
    for name, row in development_rows(root):
        url = first_of(row, URL_COLUMNS).strip()
        body = first_of(row, BODY_COLUMNS)
        if not url or url in docs or not body.strip():
            continue
        text = clean_text(body).text
        if len(text.split()) < 30:
            continue
        published = parse_published(first_of(row, DATE_COLUMNS), time_text=row.get("time") or None)
        outlet = canonical_outlet(first_of(row, OUTLET_COLUMNS) or None, url) or "?"
        day = published.date().isoformat() if published else name
        docs[url] = Doc(url, outlet, first_of(row, TITLE_COLUMNS), text, published, day)
    return sorted(
        docs.values(), key=lambda d: (d.published is None, d.published or datetime.min, d.url)
    )


def tfidf_neighbours(docs: list[Doc], floor: float) -> dict[tuple[int, int], float]:
    """(i, j) with i < j -> cosine, for every pair of bodies with TF-IDF cosine >= floor."""
    matrix = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform([d.text for d in docs])
    pairs: dict[tuple[int, int], float] = {}
    for start in range(0, len(docs), 500):
        block = (matrix[start : start + 500] @ matrix.T).toarray()
        for row, col in zip(*np.nonzero(block >= floor), strict=True):
            i = start + int(row)
            if i < int(col):
                pairs[(i, int(col))] = float(block[row, col])
    return pairs


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


# --- (a) synthetic copies ---------------------------------------------------------------------


def _replace_some(rng: random.Random, parts: list[str], donor: list[str], n: int) -> list[str]:
    out = list(parts)
    for i in rng.sample(range(1, len(out)), min(n, len(out) - 1)):
        out[i] = rng.choice(donor)
    return out


def _insert_some(rng: random.Random, parts: list[str], donor: list[str], n: int) -> list[str]:
    out = list(parts)
    for sentence in rng.sample(donor, min(n, len(donor))):
        out.insert(rng.randrange(1, len(out) + 1), sentence)
    return out


def _drop_some(rng: random.Random, parts: list[str], n: int) -> list[str]:
    gone = set(rng.sample(range(len(parts)), min(n, len(parts) - 2)))
    return [s for i, s in enumerate(parts) if i not in gone]


def _new_dateline(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    return rng.choice(_DATELINES) + " ".join(words[rng.randint(2, 6) :])


def _truncate(text: str, share: float = 0.7) -> str:
    return text[: int(len(text) * share)].rsplit(" ", 1)[0]


def make_copy(kind: str, text: str, donor: str, rng: random.Random) -> str:
    """A copy of `text` with one kind of edit; `donor` (another article) supplies new sentences."""
    parts, extra = sentences(text), sentences(donor)
    n = rng.randint(1, 3)
    if kind == "drop 1-3":
        return "\n".join(_drop_some(rng, parts, n))
    if kind == "insert 1-3":
        return "\n".join(_insert_some(rng, parts, extra, n))
    if kind == "replace 1-3":
        return "\n".join(_replace_some(rng, parts, extra, n))
    if kind == "dateline":
        return _new_dateline(rng, text)
    if kind == "append paragraph":
        return text + "\n" + " ".join(extra[: rng.randint(2, 4)])
    if kind == "truncate 70%":
        return _truncate(text)
    if kind == "wire mix":  # new dateline, one sentence replaced, one dropped, a closing line
        edited = _drop_some(rng, _replace_some(rng, parts, extra, 1), 1)
        return _new_dateline(rng, "\n".join(edited)) + "\n" + extra[-1]
    raise ValueError(kind)


KINDS = (
    "drop 1-3",
    "insert 1-3",
    "replace 1-3",
    "dateline",
    "append paragraph",
    "truncate 70%",
    "wire mix",
)


@dataclass(frozen=True, slots=True)
class Query:
    kind: str  # an edit kind or a kind of negative
    text: str
    expected: str | None  # the original's key, None for a negative


def _close(near: dict[tuple[int, int], float], floor: float) -> dict[int, set[int]]:
    linked: dict[int, set[int]] = defaultdict(set)
    for (i, j), cosine in near.items():
        if cosine > floor:
            linked[i].add(j)
            linked[j].add(i)
    return linked


def pick_originals(
    docs: list[Doc], near: dict[tuple[int, int], float], size: int, rng: random.Random
) -> tuple[list[int], set[int]]:
    """`size` articles no two of which have a cosine above 0.7, and every article that close."""
    too_close = _close(near, HARD_NEGATIVE_MAX)
    eligible = [i for i, doc in enumerate(docs) if len(sentences(doc.text)) >= 6]
    rng.shuffle(eligible)
    chosen: list[int] = []
    blocked: set[int] = set()
    for i in eligible:
        if i not in blocked and len(chosen) < size:
            chosen.append(i)
            blocked |= too_close[i] | {i}
    return chosen, blocked


def hard_negatives(
    docs: list[Doc], chosen: list[int], blocked: set[int], near: dict[tuple[int, int], float]
) -> dict[str, dict[int, tuple[float, int]]]:
    """Per kind, original -> (cosine, article): the unindexed article most like it that day."""
    best: dict[str, dict[int, tuple[float, int]]] = {HARD_SAME: {}, HARD_OTHER: {}}
    chosen_set = set(chosen)
    for (i, j), cosine in near.items():
        for mine, other in ((i, j), (j, i)):
            if mine not in chosen_set or other in blocked or docs[mine].day != docs[other].day:
                continue
            kind = HARD_SAME if docs[mine].outlet == docs[other].outlet else HARD_OTHER
            if cosine > best[kind].get(mine, (0.0, -1))[0]:
                best[kind][mine] = (cosine, other)
    return best


def synthetic_queries(
    docs: list[Doc], near: dict[tuple[int, int], float], size: int
) -> tuple[list[int], list[Query], dict[str, list[float]]]:
    """Indexed originals (doc numbers), the queries, and the hard negatives' cosines by kind."""
    rng = random.Random(SEED)
    chosen, blocked = pick_originals(docs, near, size, rng)
    donors = [i for i in range(len(docs)) if len(sentences(docs[i].text)) >= 6]
    queries = [
        Query(kind, make_copy(kind, docs[i].text, docs[rng.choice(donors)].text, rng), str(i))
        for i in chosen
        for kind in KINDS
    ]
    outside = sorted(set(range(len(docs))) - blocked)
    queries += [Query(RANDOM, docs[i].text, None) for i in rng.sample(outside, len(chosen))]
    cosines: dict[str, list[float]] = {}
    for kind, found in hard_negatives(docs, chosen, blocked, near).items():
        queries += [Query(kind, docs[other].text, None) for _, other in found.values()]
        cosines[kind] = [cosine for cosine, _ in found.values()]
    return chosen, queries, cosines


def score_synthetic(
    docs: list[Doc], chosen: list[int], queries: list[Query], threshold: float, k: int
) -> dict[str, tuple[int, int, int]]:
    """kind -> (queries, right finds, wrong finds)."""
    index = NearDuplicateIndex(threshold=threshold, k=k)
    for i in chosen:
        index.add(str(i), docs[i].text)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for n, query in enumerate(queries):
        found = index.find(f"q{n}", query.text)
        tally = counts[query.kind]
        tally[0] += 1
        if found is not None:
            tally[1 if found[0] == query.expected else 2] += 1
    return {kind: (c[0], c[1], c[2]) for kind, c in counts.items()}


def report_synthetic(
    docs: list[Doc], near: dict[tuple[int, int], float], size: int, grid: list[tuple[float, int]]
) -> None:
    chosen, queries, cosines = synthetic_queries(docs, near, size)
    print(f"\n## (a) synthetic: {len(chosen)} originals indexed, {len(queries)} queries\n")
    for kind, values in cosines.items():
        print(
            f"- {kind}: {len(values)}, TF-IDF cosine to the original median "
            f"{statistics.median(values):.2f}, max {max(values):.2f}"
        )
    negatives = (RANDOM, HARD_SAME, HARD_OTHER)
    print("\nRecall per edit kind (its original found); per negative kind, the share found:\n")
    print("| k | threshold | " + " | ".join((*KINDS, *negatives)) + " | precision | recall |")
    print("|---|---|" + "---|" * (len(KINDS) + len(negatives) + 2))
    for t, k in grid:
        counts = score_synthetic(docs, chosen, queries, t, k)
        cells = [f"{counts[kind][1] / counts[kind][0]:.3f}" for kind in KINDS]
        cells += [f"{counts[kind][2] / counts[kind][0]:.3f}" for kind in negatives]
        right = sum(c[1] for c in counts.values())
        wrong = sum(c[2] for c in counts.values())
        positives = sum(counts[kind][0] for kind in KINDS)
        precision = right / (right + wrong) if right + wrong else 1.0
        print(f"| {k} | {t} | {' | '.join(cells)} | {precision:.4f} | {right / positives:.3f} |")


# --- (b) real copies in the scrape ------------------------------------------------------------


def stream(docs: list[Doc], threshold: float, k: int) -> dict[int, int]:
    """Articles in publication order through `find`, else `add`: duplicate -> its original."""
    index = NearDuplicateIndex(threshold=threshold, k=k)
    links: dict[int, int] = {}
    for i, doc in enumerate(docs):
        found = index.find(str(i), doc.text)
        if found is None:
            index.add(str(i), doc.text)
        else:
            links[i] = int(found[0])
    return links


def pair_id(docs: list[Doc], pair: tuple[int, int]) -> str:
    return content_hash(*sorted(docs[i].url for i in pair))[:10]


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def candidate_pairs(docs: list[Doc], near: dict[tuple[int, int], float]) -> set[tuple[int, int]]:
    """Copies found without MinHash: cosine >= 0.8, or the same first 300 characters."""
    pairs = {pair for pair, cosine in near.items() if cosine >= REAL_COSINE}
    by_start: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        start = _normalised(doc.text)[:300]
        if len(start) == 300:
            by_start[start].append(i)
    for group in by_start.values():
        pairs |= {(i, j) for a, i in enumerate(group) for j in group[a + 1 :]}
    return pairs


def _sampled(docs: list[Doc], pair: tuple[int, int]) -> bool:
    # A pair is read by hand when its id falls in the first SAMPLE_RATE of the hash range: the
    # same pair stays in (or out of) the sample whatever else changes, so verdicts stay valid.
    return int(pair_id(docs, pair), 16) < SAMPLE_RATE * 16**10


def _verdict(docs: list[Doc], pair: tuple[int, int]) -> str:
    return CHECKED.get(pair_id(docs, pair), "unchecked").split(":")[0]


def report_real(
    docs: list[Doc],
    near: dict[tuple[int, int], float],
    grid: list[tuple[float, int]],
    review: Path | None,
) -> None:
    same = {i: _normalised(doc.text) for i, doc in enumerate(docs)}
    candidates = candidate_pairs(docs, near)
    identical = sorted(p for p in candidates if same[p[0]] == same[p[1]])
    close = sorted(p for p in candidates if same[p[0]] != same[p[1]])
    streams = {config: stream(docs, *config) for config in grid}
    hits = {
        config: {(min(d, o), max(d, o)) for d, o in links.items() if same[d] != same[o]}
        for config, links in streams.items()
    }
    checked_close = [p for p in close if _sampled(docs, p)]
    checked_hits = [p for p in sorted(set().union(*hits.values())) if _sampled(docs, p)]
    copies = [p for p in checked_close if _verdict(docs, p) == "copy"]
    print(f"\n## (b) real copies: {len(docs)} articles, one per URL\n")
    print(f"Candidates without MinHash: {len(identical)} pairs with the same normalised text,")
    print(f"{len(close)} more with cosine >= {REAL_COSINE} or the same start. Checked by hand: ")
    print(
        f"{len(checked_close)} of those ({dict(Counter(_verdict(docs, p) for p in checked_close))})"
    )
    print(f"and {len(checked_hits)} of the pairs any setting below links (not identical text).\n")
    print(
        "| k | threshold | links | identical linked | close linked | checked copies linked "
        "| checked links: copy / rewrite / different | precision |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for (t, k), links in streams.items():

        def linked(pair: tuple[int, int], links: dict[int, int] = links) -> bool:
            return links.get(pair[0], pair[0]) == links.get(pair[1], pair[1])

        verdicts = Counter(_verdict(docs, p) for p in checked_hits if p in hits[(t, k)])
        judged = verdicts["copy"] + verdicts["rewrite"] + verdicts["different"]
        print(
            f"| {k} | {t} | {len(hits[(t, k)])} | {sum(map(linked, identical))}/{len(identical)} "
            f"| {sum(map(linked, close))}/{len(close)} | {sum(map(linked, copies))}/{len(copies)} "
            f"| {verdicts['copy']} / {verdicts['rewrite']} / {verdicts['different']} "
            f"| {verdicts['copy'] / judged if judged else float('nan'):.3f} |"
        )
    if review:
        write_review(review, docs, near, streams, checked_close, checked_hits)


def write_review(
    path: Path,
    docs: list[Doc],
    near: dict[tuple[int, int], float],
    streams: dict[tuple[float, int], dict[int, int]],
    checked_close: list[tuple[int, int]],
    checked_hits: list[tuple[int, int]],
) -> None:
    """Each sampled pair: both articles, the sentences they share and those only one has."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for title, pairs in (("Close candidates", checked_close), ("MinHash links", checked_hits)):
        lines.append(f"# {title}\n")
        for i, j in pairs:
            a, b = docs[i], docs[j]
            sa, sb = sentences(a.text), sentences(b.text)
            shared = set(sa) & set(sb)
            jaccard = [_jaccard(shingles(a.text, k), shingles(b.text, k)) for k in SHINGLE_SIZES]
            linking = [
                f"k{k}@{t}"
                for (t, k), links in streams.items()
                if links.get(i, i) == links.get(j, j)
            ]
            lines += [
                f"## {pair_id(docs, (i, j))}: {CHECKED.get(pair_id(docs, (i, j)), 'unchecked')}",
                f"cosine {near.get((i, j), 0.0):.2f}, Jaccard k=3 {jaccard[0]:.2f} k=5 "
                f"{jaccard[1]:.2f}, shared sentences {len(shared)} of {len(sa)} / {len(sb)}, "
                f"linked by {' '.join(linking) or 'none'}",
                f"- A {a.outlet} {a.published} {a.url}\n  {a.title}",
                f"- B {b.outlet} {b.published} {b.url}\n  {b.title}",
                "A only: " + " | ".join(s[:160] for s in sa if s not in shared)[:1500],
                "B only: " + " | ".join(s[:160] for s in sb if s not in shared)[:1500],
                "",
            ]
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"\nreview -> {path}")


def _jaccard(left: set[str], right: set[str]) -> float:
    return len(left & right) / len(left | right) if left | right else 1.0


# --- speed --------------------------------------------------------------------------------------


def _stream_seconds(texts: list[str], index: NearDuplicateIndex) -> float:
    """Seconds to run the engine's pattern over the texts: find, and add when nothing is found."""
    start = time.perf_counter()
    for n, text in enumerate(texts):
        if index.find(str(n), text) is None:
            index.add(str(n), text)
    return time.perf_counter() - start


def report_speed(docs: list[Doc]) -> None:
    middle = [d.text for d in docs if 2000 <= len(d.text) <= 3000]
    runs = [_stream_seconds(middle, NearDuplicateIndex()) * 1000 / len(middle) for _ in range(5)]
    texts = [d.text for d in docs]
    index = NearDuplicateIndex()
    whole = _stream_seconds(texts, index) * 1000 / len(texts)
    start = time.perf_counter()
    data = index.to_bytes()
    saved = time.perf_counter() - start
    start = time.perf_counter()
    NearDuplicateIndex.from_bytes(data)
    loaded = time.perf_counter() - start
    mean_chars = sum(map(len, texts)) / len(texts)
    print("\n## speed (find, then add when nothing is found; defaults)\n")
    print(f"- {len(middle)} bodies of 2,000-3,000 characters, fresh index, 5 runs: median ")
    print(f"  {statistics.median(runs):.3f} ms, best {min(runs):.3f} ms per article")
    print(f"- all {len(texts)} bodies (mean {mean_chars:,.0f} characters) through one index: ")
    print(f"  {whole:.3f} ms per article, {len(index)} originals indexed at the end")
    print(f"- that index: to_bytes {saved * 1000:.0f} ms, {len(data) / 1024:,.0f} KiB; ")
    print(f"  from_bytes {loaded * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--review", type=Path, help="write the sampled real pairs here")
    parser.add_argument("--size", type=int, default=1000, help="originals in (a)")
    parser.add_argument("--quick", action="store_true", help="the defaults only")
    args = parser.parse_args()
    docs = load_docs(benchmarks_root())
    print(f"{len(docs)} development articles, {len({d.outlet for d in docs})} outlets")
    report_speed(docs)
    near = tfidf_neighbours(docs, 0.3)
    grid = [(t, k) for k in SHINGLE_SIZES for t in THRESHOLDS]
    report_synthetic(docs, near, args.size, [DEFAULT] if args.quick else grid)
    report_real(docs, near, grid, args.review)


if __name__ == "__main__":
    main()
