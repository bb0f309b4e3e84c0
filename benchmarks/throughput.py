"""Throughput, streaming latency and memory of ingest -> stories on a replicated June scrape.

The product question: "runs ingest to stories on the June scrape replicated to 100,000 articles
(shifted dates, light edits). On these 2 cores: at least 200 articles per second end to end, p95
per-article latency in streaming mode under 50 ms with 100k stored, memory bounded by the time
window, not by the archive. Report per-stage cost and how cost grows from 10k to 100k. Use both
cores."

Data: the development files of ``<benchmarks>/indonesian-news-multioutlet-2025-06/`` read through
``kabar.evaluate.scrape.development_rows`` (the 19 and 20 June files are never opened), where
``<benchmarks>`` is ``KABAR_BENCHMARKS`` or ``../shared/benchmarks`` next to the repository.

Corpus: the dated articles of the base period (1-18 June 2025, 18 days) in publication order;
copy r of every article is shifted by r x 18 days, so the copies follow each other as one long
stream (100k articles are about 11 months), with a unique id and URL and light edits (two
sentences swapped or one dropped, a figure changed, one short line appended) so no copy is an
exact duplicate of another. Written once to ``<out>/corpus-N.jsonl`` (each smaller size is a
prefix of it), plus ``<out>/stream-N.jsonl``: the articles that follow, fed one at a time.

Each measurement runs in its own process (peak RSS is per measurement):

batch      ``kabar.engine.ingest([corpus], settings)`` into a fresh SQLite store: wall and CPU
           seconds, articles/s, peak RSS, store size, seconds per stage (timers wrapped around the
           stage functions: the engine itself is unchanged), cost per article as the store grows.
stream     with that store filled, ``kabar.engine.ingest([one-article.jsonl])`` per article: what
           a caller that ingests each article as it arrives pays today (p50/p95/p99).
resident   the same articles, one JSONL line at a time, through ``kabar.follow.ResidentIngester``
           (what ``kabar ingest --follow`` runs: one store connection, clusterer and
           near-duplicate index kept between articles, each article committed before the next)
           on a copy of that store; analysis at ingest as the settings say.
parallel   ``prepare_article`` (cleaning and language ID) over the first 10k documents, serially
           and in a pool of 2 processes: what moving it off the main process would give.

Run: ``.venv/bin/python benchmarks/throughput.py`` (10k and 100k, about half an hour on 2 cores;
``--quick`` for a 2,000-article smoke run; ``--only resident`` to measure only the resident
stream, on the store a batch run left, reading the other results back). The report goes to
``<out>/report.md`` and the standard output, the plot to ``<out>/cost-per-article.png`` (needs
matplotlib, optional).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BASE_START = "2025-06-01T00:00:00+07:00"
BASE_DAYS = 18  # 1-18 June: the development period of the scrape; each copy is shifted by this
SAMPLE_EVERY = 1000  # articles between samples of cost, open stories and RSS
CORPUS_VERSION = 2  # bump when the corpus recipe changes: cached corpora are rebuilt

# ---- the corpus --------------------------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'])")
_NUMBER = re.compile(r"(?<![\w.,])\d{2,}(?![\w])")
_APPENDED = (
    "Hingga pukul {h}.{m:02d} WIB, petugas masih berada di lokasi.",
    "Informasi ini diperbarui pukul {h}.{m:02d} WIB dengan keterangan {n} saksi.",
    "Sebanyak {n} warga disebut mengikuti perkembangan peristiwa tersebut.",
    "Pihak terkait berjanji memberi keterangan lanjutan dalam {n} hari ke depan.",
)


def benchmarks_path() -> Path:
    return Path(os.environ.get("KABAR_BENCHMARKS") or REPO.parent / "shared" / "benchmarks")


def base_articles(benchmarks: Path) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The dated articles of the base period in publication order, and what was left out."""
    from kabar.clean.dates import parse_published
    from kabar.evaluate.scrape import (
        BODY_COLUMNS,
        DATE_COLUMNS,
        OUTLET_COLUMNS,
        TITLE_COLUMNS,
        URL_COLUMNS,
        development_rows,
        first_of,
    )

    start = datetime.fromisoformat(BASE_START)
    end = start + timedelta(days=BASE_DAYS)
    kept: list[dict[str, Any]] = []
    from kabar.cluster.signals import significant_numbers

    left_out = {
        "rows": 0,
        "no_body_or_url": 0,
        "no_date": 0,
        "outside_period": 0,
        "crashes_clusterer": 0,
    }
    for _name, row in development_rows(benchmarks):
        left_out["rows"] += 1
        body, url = first_of(row, BODY_COLUMNS), first_of(row, URL_COLUMNS).strip()
        if not body.strip() or not url:
            left_out["no_body_or_url"] += 1
            continue
        published = parse_published(first_of(row, DATE_COLUMNS), time_text=row.get("time") or None)
        if published is None:
            left_out["no_date"] += 1
            continue
        if not start <= published < end:
            left_out["outside_period"] += 1
            continue
        try:
            significant_numbers(f"{first_of(row, TITLE_COLUMNS)}\n{body}")
        except ValueError:
            # A figure with a superscript digit ("60⁰") stops the whole ingest in
            # kabar.cluster.signals.significant_numbers (int() of "60⁰"): left out and counted.
            left_out["crashes_clusterer"] += 1
            continue
        kept.append(
            {
                "url": url,
                "outlet": first_of(row, OUTLET_COLUMNS),
                "published": published,
                "title": first_of(row, TITLE_COLUMNS),
                "text": body,
            }
        )
    kept.sort(key=lambda article: (article["published"], article["url"]))
    return kept, left_out


def _edit(text: str, rng: random.Random, copy: int) -> str:
    """Light edits: swap two sentences or drop one, change a figure, append a short line."""
    paragraphs = text.split("\n")
    longest = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]))
    sentences = _SENTENCE.split(paragraphs[longest])
    if len(sentences) >= 3:
        at = rng.randrange(1, len(sentences) - 1)
        if rng.random() < 0.6:
            sentences[at], sentences[at + 1] = sentences[at + 1], sentences[at]
        else:
            del sentences[at]
        paragraphs[longest] = " ".join(sentences)
    edited = "\n".join(paragraphs)
    figures = list(_NUMBER.finditer(edited))
    if figures and rng.random() < 0.7:
        figure = rng.choice(figures)
        value = str(int(figure.group(0)) + rng.randint(1, 9))
        edited = edited[: figure.start()] + value + edited[figure.end() :]
    line = rng.choice(_APPENDED).format(
        h=rng.randint(7, 23), m=rng.randint(0, 59), n=rng.randint(2, 500) + copy
    )
    return f"{edited}\n{line}"


def replicas(base: list[dict[str, Any]]) -> Iterator[dict[str, str]]:
    """Copies 0, 1, 2, ... of the base period, each BASE_DAYS later: publication order."""
    for copy in range(10**6):
        shift = timedelta(days=BASE_DAYS * copy)
        for index, article in enumerate(base):
            rng = random.Random(copy * 1_000_003 + index)
            url = article["url"]
            if copy:
                url = f"{url}{'&' if '?' in url else '?'}salinan={copy}"
            yield {
                "id": f"r{copy:03d}-{index:05d}",
                "url": url,
                "outlet": article["outlet"],
                "published": (article["published"] + shift).isoformat(),
                "title": article["title"],
                "text": _edit(article["text"], rng, copy) if copy else article["text"],
            }


def build_corpus(out: Path, sizes: list[int], stream: int) -> dict[str, Any]:
    """Write corpus-S.jsonl (prefixes of one stream) and stream-S.jsonl (the `stream` articles
    that follow it) for every size S."""
    largest = max(sizes)
    meta_path = out / f"corpus-{largest}.meta.json"
    wanted = {"version": CORPUS_VERSION, "sizes": sizes, "stream": stream, "base_days": BASE_DAYS}
    corpora = {size: out / f"corpus-{size}.jsonl" for size in sizes}
    streams = {size: out / f"stream-{size}.jsonl" for size in sizes}
    paths = [*corpora.values(), *streams.values()]
    if meta_path.is_file() and all(path.is_file() for path in paths):
        meta = json.loads(meta_path.read_text())
        if all(meta.get(key) == value for key, value in wanted.items()):
            meta["reused"] = True
            return meta
    started = time.perf_counter()
    base, left_out = base_articles(benchmarks_path())
    corpus_files = {size: path.open("w", encoding="utf-8") for size, path in corpora.items()}
    stream_files = {size: path.open("w", encoding="utf-8") for size, path in streams.items()}
    published: list[str] = []
    for position, record in enumerate(replicas(base)):
        if position >= largest + stream:
            break
        line = json.dumps(record, ensure_ascii=False) + "\n"
        for size in sizes:
            if position < size:
                corpus_files[size].write(line)
            elif position < size + stream:
                stream_files[size].write(line)
        if position in (0, largest - 1, largest + stream - 1):
            published.append(record["published"])
    for handle in (*corpus_files.values(), *stream_files.values()):
        handle.close()
    meta = {
        **wanted,
        "first": published[0],
        "last": published[1],
        "stream_last": published[2],
        "base_articles": len(base),
        "left_out": left_out,
        "copies": -(-(largest + stream) // len(base)),
        "bytes": corpora[largest].stat().st_size,
        "seconds": round(time.perf_counter() - started, 1),
    }
    meta_path.write_text(json.dumps(meta, indent=2))
    meta["reused"] = False
    return meta


# ---- measuring inside a worker process ---------------------------------------------------------


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class Timers:
    """Wall and CPU seconds and calls per wrapped function (inclusive: nested stages are
    subtracted later). CPU seconds do not count time the process waits for a core, so they stay
    meaningful when other work shares the machine."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.samples: list[dict[str, float]] = []  # every SAMPLE_EVERY clustered articles
        self.prepare_samples: list[dict[str, float]] = []  # every SAMPLE_EVERY cleaned articles
        self.batches: list[dict[str, float]] = []  # one per engine batch (store write)
        self.loaded: list[int] = []  # stories loaded from the store, per batch
        self._chunk = {"prepare": 0.0, "assign": 0.0}
        self._prepared = 0
        self._assigned = 0
        self._last_batch = time.perf_counter()
        self._stored = 0
        self._main = self._owner = os.getpid()
        self.child_dir: Path | None = None

    def add(self, name: str, seconds: float, cpu: float) -> None:
        if os.getpid() != self._owner:  # a forked worker of the engine's pool: count afresh
            self._owner = os.getpid()
            self.seconds, self.cpu, self.calls = {}, {}, {}
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        self.cpu[name] = self.cpu.get(name, 0.0) + cpu
        self.calls[name] = self.calls.get(name, 0) + 1
        # Worker processes end without a hook: they leave their totals behind every 16 articles.
        folder = self.child_dir if self._owner != self._main else None
        if folder is not None and name == "prepare" and self.calls[name] % 16 == 0:
            totals = {"seconds": self.seconds, "cpu": self.cpu, "calls": self.calls}
            (folder / f"timers-{self._owner}.json").write_text(json.dumps(totals))

    def child_totals(self) -> dict[str, dict[str, float]]:
        """Totals the engine's worker processes left behind (stages run in parallel there)."""
        merged: dict[str, dict[str, float]] = {"seconds": {}, "cpu": {}, "calls": {}}
        if self.child_dir is None:
            return merged
        for path in self.child_dir.glob("timers-*.json"):
            totals = json.loads(path.read_text())
            for kind, values in totals.items():
                for name, value in values.items():
                    merged[kind][name] = merged[kind].get(name, 0.0) + value
        return merged

    def wrap(self, owner: Any, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                result = original(*args, **kwargs)
            finally:
                spent = time.perf_counter() - started
                self.add(name, spent, time.process_time() - cpu)
            self._after(name, args, kwargs, result, spent)
            return result

        setattr(owner, attribute, timed)

    def wrap_generator(self, owner: Any, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            # Called at once, not on the first item: a pool's work is submitted by the call.
            return timed_items(original(*args, **kwargs))

        def timed_items(items: Iterator[Any]) -> Iterator[Any]:
            while True:
                started, cpu = time.perf_counter(), time.process_time()
                try:
                    item = next(items)
                except StopIteration:
                    self.add(name, time.perf_counter() - started, time.process_time() - cpu)
                    return
                self.add(name, time.perf_counter() - started, time.process_time() - cpu)
                yield item

        setattr(owner, attribute, timed)

    def _after(
        self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], result: Any, spent: float
    ) -> None:
        if name == "active_stories":
            self.loaded.append(len(result))
        elif name == "write_batch":
            self.batch_done(len(kwargs["articles"]))
        elif name == "prepare":
            self._prepared += 1
            self._chunk["prepare"] += spent
            if self._prepared % SAMPLE_EVERY == 0:
                self.prepare_samples.append(
                    {
                        "articles": self._prepared,
                        "ms": 1000 * self._chunk["prepare"] / SAMPLE_EVERY,
                    }
                )
                self._chunk["prepare"] = 0.0
        elif name == "assign":
            self._assigned += 1
            self._chunk["assign"] += spent
            if self._assigned % SAMPLE_EVERY == 0:
                clusterer = args[0]
                self.samples.append(
                    {
                        "articles": self._assigned,
                        "ms": 1000 * self._chunk["assign"] / SAMPLE_EVERY,
                        "open_stories": len(clusterer.index.profiles),
                        "rss_mb": rss_bytes() / 2**20,
                    }
                )
                self._chunk["assign"] = 0.0

    def batch_done(self, articles: int) -> None:
        now = time.perf_counter()
        self.batches.append(
            {
                "stored_before": self._stored,
                "articles": articles,
                "seconds": now - self._last_batch,
                "loaded_stories": self.loaded[-1] if self.loaded else 0,
                "rss_mb": rss_bytes() / 2**20,
            }
        )
        self._stored += articles
        self._last_batch = now


def instrument() -> Timers:
    """Wrap the stage functions the engine calls; the engine itself is unchanged."""
    import kabar.clean.article as article_module
    import kabar.cluster.learned as learned_module
    import kabar.engine as engine
    import kabar.placing as placing
    import kabar.steps as steps
    from kabar.cluster.learned import LearnedClusterer
    from kabar.store.sqlite import SqliteStore

    timers = Timers()
    timers.wrap_generator(engine, "read_inputs", "read")
    if hasattr(engine, "_prepare_all"):  # cleaning in a process pool: the main process waits
        timers.wrap_generator(engine, "_prepare_all", "prepare_all")
    timers.wrap(steps, "prepare_article", "prepare")  # called by steps.prepare_one
    timers.wrap(article_module, "clean_text", "clean_text")
    timers.wrap(article_module, "detect_language", "detect_language")
    for method in ("known_ids", "originals_by_hash", "originals_by_url", "clusterer_state"):
        timers.wrap(SqliteStore, method, method)
    if hasattr(SqliteStore, "story_of"):
        timers.wrap(SqliteStore, "story_of", "story_of")
    if hasattr(placing, "_recent_originals"):  # near-duplicate detection (MinHash), when present
        from kabar.dedupe.window import RecentOriginals

        timers.wrap(placing, "_recent_originals", "near_load")
        timers.wrap(RecentOriginals, "find", "near_find")
        timers.wrap(RecentOriginals, "add", "near_add")
        timers.wrap(RecentOriginals, "to_bytes", "near_to_bytes")
    for method in ("load", "assign", "score", "changed_stories", "global_state", "_sweep"):
        timers.wrap(LearnedClusterer, method, method)
    timers.wrap(learned_module, "extract_signals", "extract_signals")
    for method in ("active_stories", "write_batch", "__init__", "start_run", "finish_run"):
        timers.wrap(SqliteStore, method, method)
    timers.wrap(placing, "make_clusterer", "make_clusterer")
    import kabar.extract.analysis as analysis_module  # imported by the engine when it analyses

    timers.wrap(analysis_module, "analyze_article", "analyze")
    return timers


PARTS = "  - "  # stages that are parts of the one above (and may run in worker processes)
STAGES: tuple[tuple[str, Callable[[dict[str, float]], float]], ...] = (
    ("read + decode (JSONL, validation, dates)", lambda s: s.get("read", 0.0)),
    (
        "clean + language ID, in the main process (or waiting for the pool)",
        lambda s: s.get("prepare_all", s.get("prepare", 0.0)),
    ),
    (PARTS + "clean (boilerplate)", lambda s: s.get("clean_text", 0.0)),
    (PARTS + "language ID", lambda s: s.get("detect_language", 0.0)),
    (
        PARTS + "prepare, rest (outlet, hash, id)",
        lambda s: s.get("prepare", 0.0) - s.get("clean_text", 0.0) - s.get("detect_language", 0.0),
    ),
    (
        "dedupe: known-id, URL, hash lookups",
        lambda s: (
            s.get("known_ids", 0.0)
            + s.get("originals_by_hash", 0.0)
            + s.get("originals_by_url", 0.0)
            + s.get("story_of", 0.0)
        ),
    ),
    (
        "dedupe: near-duplicates, find + add (MinHash)",
        lambda s: s.get("near_find", 0.0) + s.get("near_add", 0.0),
    ),
    (
        "dedupe: near-duplicate index load + save",
        lambda s: s.get("near_load", 0.0) + s.get("near_to_bytes", 0.0),
    ),
    (
        "cluster: load window from store",
        lambda s: s.get("active_stories", 0.0) + s.get("clusterer_state", 0.0) + s.get("load", 0.0),
    ),
    ("cluster: signals (TF-IDF, names)", lambda s: s.get("extract_signals", 0.0)),
    ("cluster: candidates + scoring", lambda s: s.get("score", 0.0)),
    (
        "cluster: update story + sweep",
        lambda s: s.get("assign", 0.0) - s.get("extract_signals", 0.0) - s.get("score", 0.0),
    ),
    (
        "cluster: serialize state",
        lambda s: s.get("changed_stories", 0.0) + s.get("global_state", 0.0),
    ),
    (
        "analysis (entities, quotes, numbers, dates), in the main process",
        lambda s: s.get("analyze", 0.0),
    ),
    ("store write (SQLite, FTS5)", lambda s: s.get("write_batch", 0.0)),
    (
        "store open + run records",
        lambda s: s.get("__init__", 0.0) + s.get("start_run", 0.0) + s.get("finish_run", 0.0),
    ),
    ("cluster: new clusterer", lambda s: s.get("make_clusterer", 0.0)),
)


def stage_seconds(seconds: dict[str, float], wall: float) -> dict[str, float]:
    stages = {name: max(0.0, part(seconds)) for name, part in STAGES}
    counted = sum(value for name, value in stages.items() if not name.startswith(PARTS))
    stages["engine rest (sort, list inputs, ...)"] = max(0.0, wall - counted)
    return stages


def _settings(db: Path) -> Any:
    from kabar.settings import load_settings

    return load_settings(db=db)


def _now(text: str) -> datetime:
    return datetime.fromisoformat(text)


def worker_batch(corpus: Path, db: Path, now: str, batch_size: int) -> dict[str, Any]:
    from kabar.engine import ingest

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    settings = _settings(db)
    timers = instrument()
    timers.child_dir = Path(tempfile.mkdtemp(prefix="kabar-timers-"))
    rss_start = rss_bytes()
    cpu_start, started = cpu_seconds(), time.perf_counter()
    children_start = cpu_seconds(resource.RUSAGE_CHILDREN)
    report = ingest([str(corpus)], settings, now=_now(now), batch_size=batch_size)
    wall = time.perf_counter() - started
    main_cpu = cpu_seconds() - cpu_start
    workers_cpu = cpu_seconds(resource.RUSAGE_CHILDREN) - children_start  # pool, once joined
    cpu = main_cpu + workers_cpu
    children = timers.child_totals()
    shutil.rmtree(timers.child_dir)
    seconds, cpu_by_name = dict(timers.seconds), dict(timers.cpu)
    for name in ("prepare", "clean_text", "detect_language"):
        # Stages that ran in worker processes count as their CPU time there (in parallel).
        seconds[name] = seconds.get(name, 0.0) + children["cpu"].get(name, 0.0)
        cpu_by_name[name] = cpu_by_name.get(name, 0.0) + children["cpu"].get(name, 0.0)
    db_bytes = sum(
        Path(f"{db}{suffix}").stat().st_size
        for suffix in ("", "-wal")
        if Path(f"{db}{suffix}").exists()
    )
    return {
        "articles": report.read,
        "added": report.added,
        "duplicates": report.duplicates,
        "new_stories": report.new_stories,
        "rejected": len(report.rejections),
        "wall": wall,
        "cpu": cpu,
        "main_cpu": main_cpu,
        "workers_cpu": workers_cpu,
        "workers": settings.ingest.workers if hasattr(settings.ingest, "workers") else 1,
        "rss_start_mb": rss_start / 2**20,
        "rss_end_mb": rss_bytes() / 2**20,
        "peak_rss_mb": peak_rss_bytes() / 2**20,
        "workers_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**10,
        "db_mb": db_bytes / 2**20,
        "seconds": seconds,
        "calls": timers.calls,
        "child_calls": children["calls"],
        "stages": stage_seconds(seconds, wall),
        "stages_cpu": stage_seconds(cpu_by_name, main_cpu),
        "load_average": os.getloadavg(),
        "samples": timers.samples,
        "prepare_samples": timers.prepare_samples,
        "batches": timers.batches,
    }


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {
        "n": len(ordered),
        "mean": statistics.fmean(ordered),
        "p50": at(0.50),
        "p95": at(0.95),
        "p99": at(0.99),
        "max": ordered[-1],
    }


def _stream_lines(stream: Path, first: int, count: int) -> list[str]:
    """Lines first .. first + count of the replicated stream, as JSON text. Split at newlines
    only, not with splitlines(): a text may hold U+2028, which splitlines() breaks at."""
    with stream.open(encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in itertools.islice(handle, first, first + count)]


def worker_stream(stream: Path, db: Path, now: str, first: int, count: int) -> dict[str, Any]:
    """Each article through kabar.engine.ingest on its own one-line JSONL file."""
    from kabar.engine import ingest

    settings = _settings(db)
    timers = instrument()
    lines = _stream_lines(stream, first, count)
    folder = Path(tempfile.mkdtemp(prefix="kabar-stream-"))
    paths = []
    for number, line in enumerate(lines):
        path = folder / f"article-{number:05d}.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        paths.append(path)
    warmup = min(5, len(paths) // 10)
    latencies: list[float] = []
    per_call: list[dict[str, float]] = []
    cpu_start, started = cpu_seconds(), time.perf_counter()
    for number, path in enumerate(paths):
        before = dict(timers.seconds)
        began = time.perf_counter()
        ingest([str(path)], settings, now=_now(now))
        spent = time.perf_counter() - began
        if number >= warmup:
            latencies.append(spent)
            after = timers.seconds
            per_call.append(stage_seconds({k: after[k] - before.get(k, 0.0) for k in after}, spent))
    wall = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_start
    shutil.rmtree(folder)
    mean_stages = {name: statistics.fmean(call[name] for call in per_call) for name in per_call[0]}
    calls = len(paths)
    per_function = {name: 1000 * seconds / calls for name, seconds in timers.seconds.items()}
    return {
        "mode": "engine.ingest per article",
        "warmup": warmup,
        "latency_ms": {k: v * 1000 for k, v in _percentiles(latencies).items()}
        | {"n": len(latencies)},
        "mean_stage_ms": {k: v * 1000 for k, v in mean_stages.items()},
        "mean_function_ms": per_function,
        "load_average": os.getloadavg(),
        "loaded_stories": _percentiles([float(b["loaded_stories"]) for b in timers.batches]),
        "wall": wall,
        "cpu": cpu,
        "rss_end_mb": rss_bytes() / 2**20,
        "peak_rss_mb": peak_rss_bytes() / 2**20,
    }


SNAPSHOTS = ("global_state", "near_to_bytes")  # whole-state serializations the engine writes


def _store_copy(db: Path) -> Path:
    """A copy of the filled store (SQLite backup), so the resident run can be repeated on it."""
    import sqlite3

    copy = db.with_name(f"{db.stem}-resident{db.suffix}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


def worker_resident(
    stream: Path, db: Path, now: str, first: int, count: int, pace: float = 0.0
) -> dict[str, Any]:
    """Each article as one JSONL line through the resident ingester (`kabar ingest --follow`),
    on a copy of the filled store; the first article loads the window and is reported apart.

    `pace` 0: each line as soon as the one before is answered. `pace` N: lines arrive N a second
    (a news stream's pace is far below one a second), and each latency runs from the line's
    arrival to its answer, so time waiting behind an earlier line counts."""
    from kabar.follow import ResidentIngester

    copy = _store_copy(db)
    settings = _settings(copy)
    timers = instrument()
    moment = _now(now)
    lines = _stream_lines(stream, first, count)
    latencies: list[float] = []
    without_snapshots: list[float] = []
    per_call: list[dict[str, float]] = []
    load_ms = 0.0
    loaded = 0
    rss_loaded = 0
    cpu_start, started = cpu_seconds(), time.perf_counter()
    with ResidentIngester(settings, inputs=[str(stream)], clock=lambda: moment) as ingester:
        open_ms = 1000 * (time.perf_counter() - started)
        arrivals = time.perf_counter()  # set again once the first article has loaded the window
        for number, line in enumerate(lines):
            due = arrivals + (number - 1) / pace if pace and number else 0.0
            while (ahead := due - time.perf_counter()) > 0:
                time.sleep(min(ahead, 0.05))
                ingester.idle()  # as `kabar ingest --follow` does while input waits
            before = dict(timers.seconds)
            began = time.perf_counter()
            ingester.take_line(f"{stream}:{first + number + 1}", line)
            spent = time.perf_counter() - (min(began, due) if pace and number else began)
            after = timers.seconds
            delta = {k: after[k] - before.get(k, 0.0) for k in after}
            if number == 0:  # loads the window from the store once: reported apart
                load_ms, loaded, rss_loaded = 1000 * spent, timers.loaded[-1], rss_bytes()
                arrivals = time.perf_counter()
                continue
            latencies.append(spent)
            without_snapshots.append(spent - sum(delta.get(name, 0.0) for name in SNAPSHOTS))
            per_call.append(stage_seconds(delta, spent) | {n: delta.get(n, 0.0) for n in SNAPSHOTS})
    wall = time.perf_counter() - started
    report = ingester.report
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    stages = {
        name: {
            "mean": 1000 * statistics.fmean(call[name] for call in per_call),
            "p95": 1000 * _percentiles([call[name] for call in per_call])["p95"],
        }
        for name in per_call[0]
    }
    analysis = ", analysis at ingest" if settings.analyze.at_ingest else ", no analysis"
    paced = f", {pace:g} articles/s" if pace else ""
    return {
        "mode": "resident ingester (ingest --follow)" + analysis + paced,
        "analysis": settings.analyze.at_ingest,
        "open_ms": open_ms,
        "loaded_stories": loaded,
        "load_ms": load_ms,
        "added": report.added,
        "duplicates": report.duplicates,
        "unchanged": report.unchanged,
        "rejected": ingester.rejected,
        "checkpoints": ingester.checkpoints,
        "latency_ms": {k: v * 1000 for k, v in _percentiles(latencies).items()}
        | {"n": len(latencies)},
        "latency_without_df_snapshot_ms": {
            k: v * 1000 for k, v in _percentiles(without_snapshots).items()
        }
        | {"n": len(without_snapshots)},
        "step_ms": stages,
        "wall": wall,
        "cpu": cpu_seconds() - cpu_start,
        "rss_loaded_mb": rss_loaded / 2**20,
        "rss_end_mb": rss_bytes() / 2**20,
        "peak_rss_mb": peak_rss_bytes() / 2**20,
    }


def _prepare_line(line: str) -> Any:
    """What a worker process would do: JSONL line -> validated record -> cleaned Article."""
    from kabar.clean.article import Defaults, prepare_article
    from kabar.errors import InputRejected
    from kabar.ingest.records import parse_json_line, record_to_document

    try:
        raw = record_to_document(
            parse_json_line(line), origin="-", fmt="jsonl", raw=line, default_tz=_ZONE
        )
        return prepare_article(raw, Defaults(None, None, _PARALLEL_NOW))
    except InputRejected:
        return None


_PARALLEL_NOW = datetime.fromisoformat(BASE_START)
_ZONE = _PARALLEL_NOW.tzinfo


def worker_parallel(corpus: Path, count: int) -> dict[str, Any]:
    """Read + clean + language ID of `count` JSONL lines serially, then in pools of 1 and 2
    processes (lines in, Articles out, order kept): the part of the pipeline that does not
    depend on the order of articles, so it can run beside the clusterer."""
    import multiprocessing
    import pickle
    from itertools import islice

    from kabar.clean.language import detect_language

    with corpus.open(encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in islice(handle, count)]
    detect_language("warm the language model up before timing")
    cpu, started = cpu_seconds(), time.perf_counter()
    serial = [_prepare_line(line) for line in lines]
    serial_seconds = time.perf_counter() - started
    results: dict[str, Any] = {
        "documents": len(lines),
        "serial_s": serial_seconds,
        "serial_cpu_s": cpu_seconds() - cpu,
        "pickled_article_bytes": statistics.fmean(len(pickle.dumps(a)) for a in serial if a),
        "load_average_before": os.getloadavg(),
    }
    context = multiprocessing.get_context("fork")
    for processes in (1, 2):
        started = time.perf_counter()
        with context.Pool(processes) as pool:
            parallel = list(pool.imap(_prepare_line, lines, chunksize=64))
        results[f"pool{processes}_s"] = time.perf_counter() - started
        assert [a and a.id for a in parallel] == [a and a.id for a in serial]
    results["load_average_after"] = os.getloadavg()
    return results


WORKERS: dict[str, Callable[..., dict[str, Any]]] = {
    "batch": worker_batch,
    "stream": worker_stream,
    "resident": worker_resident,
    "parallel": worker_parallel,
}


def run_worker(kind: str, out: Path, *, resume: bool = False, **kwargs: Any) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its JSON result comes back through a file."""
    result_path = out / f"result-{kind}-{kwargs.get('label', '')}.json"
    if resume and result_path.is_file():
        print(f"  {kind} {kwargs.get('label', '')}: reusing {result_path}", flush=True)
        return dict(json.loads(result_path.read_text()))
    arguments = {k: str(v) for k, v in kwargs.items() if k != "label"}
    command = [sys.executable, __file__, "--worker", kind, "--worker-args", json.dumps(arguments)]
    command += ["--worker-out", str(result_path)]
    print(f"  [{time.strftime('%H:%M:%S')}] {kind} {kwargs.get('label', '')} ...", flush=True)
    started = time.perf_counter()
    subprocess.run(command, check=True)
    result: dict[str, Any] = json.loads(result_path.read_text())
    print(
        f"  [{time.strftime('%H:%M:%S')}] done in {time.perf_counter() - started:.0f} s", flush=True
    )
    return result


def _worker_main(kind: str, raw_arguments: str, result_path: str) -> None:
    arguments: dict[str, Any] = json.loads(raw_arguments)
    converters: dict[str, Callable[[str], Any]] = {
        "corpus": Path,
        "stream": Path,
        "db": Path,
        "batch_size": int,
        "first": int,
        "count": int,
        "pace": float,
    }
    typed = {k: converters.get(k, str)(v) for k, v in arguments.items()}
    result = WORKERS[kind](**typed)
    Path(result_path).write_text(json.dumps(result, indent=1, default=str))


# ---- the report --------------------------------------------------------------------------------


def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def report(
    meta: dict[str, Any],
    batch: dict[int, dict[str, Any]],
    stream: dict[int, dict[str, Any]],
    resident: dict[int, dict[str, Any]],
    parallel: dict[str, Any] | None,
    args: argparse.Namespace,
) -> str:
    sizes = sorted(batch)
    small, large = sizes[0], sizes[-1]
    lines = [
        "# kabar throughput benchmark",
        "",
        f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
        f"run {time.strftime('%Y-%m-%d %H:%M')}. Command: "
        f"`{' '.join([Path(sys.executable).name, *sys.argv])}`"
        + (" (measurements read back from result-*.json)" if args.resume else ""),
        "",
        f"Corpus: {meta['base_articles']:,} dated articles of 1-18 June 2025 (development files; "
        f"left out: {meta['left_out']}), copied {meta['copies']} times, copy r shifted by "
        f"r x {BASE_DAYS} days with light edits; {meta['first']} .. {meta['last']}; "
        f"{meta['bytes'] / 2**20:,.0f} MiB of JSONL for {large:,} articles. "
        f"Engine batch size {args.batch_size:,}; cluster.window_hours 72 (default).",
        "",
        "## Batch mode: `kabar.engine.ingest([corpus])` into a fresh store",
        "",
        "| articles | wall s | articles/s | CPU s | articles per CPU s | CPU/wall | peak RSS MiB "
        "| RSS at end MiB | store MiB | stories | duplicates | load avg |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        b = batch[size]
        lines.append(
            f"| {b['articles']:,} | {_fmt(b['wall'])} | **{_fmt(b['articles'] / b['wall'])}** "
            f"| {_fmt(b['cpu'])} | {_fmt(b['articles'] / b['cpu'])} | {b['cpu'] / b['wall']:.2f} "
            f"| {_fmt(b['peak_rss_mb'], 0)} | {_fmt(b['rss_end_mb'], 0)} | {_fmt(b['db_mb'], 0)} "
            f"| {b['new_stories']:,} | {b['duplicates']:,} | {b['load_average'][0]:.2f} |"
        )
    lines += [
        "",
        "Goal: at least 200 articles/s end to end. Load avg: the machine's 1-minute load at the "
        "end of the run (above 1.0: other processes competed for the 2 cores).",
        "",
        "### Per-stage cost",
        "",
        "Wall seconds per stage, its share of the run, and milliseconds per article of wall and "
        "of CPU time (CPU time does not count waiting for a core while other work shares the "
        "machine). Growth: CPU ms per article at the largest size over the smallest. Rows "
        "starting with '-' are parts of the row above; when the engine cleans in a process pool "
        "they are CPU seconds in the workers, spent in parallel with the main process.",
        "",
        "| stage | "
        + " | ".join(f"{s // 1000}k s | share | ms/art | CPU ms/art" for s in sizes)
        + f" | growth {small // 1000}k->{large // 1000}k |",
        "|---|" + "---:|---:|---:|---:|" * len(sizes) + "---:|",
    ]

    def per_article(size: int, name: str) -> float:
        return 1000 * batch[size]["stages_cpu"][name] / batch[size]["articles"]

    for name in batch[large]["stages"]:
        cells = []
        for size in sizes:
            b = batch[size]
            seconds = b["stages"][name]
            cells.append(
                f"{_fmt(seconds)} | {100 * seconds / b['wall']:.1f}% "
                f"| {1000 * seconds / b['articles']:.2f} | {per_article(size, name):.2f}"
            )
        base = per_article(small, name)
        growth = f"x{per_article(large, name) / base:.2f}" if base > 1e-4 else "-"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth} |")
    totals = " | ".join(
        f"{_fmt(batch[s]['wall'])} | 100% | {1000 * batch[s]['wall'] / batch[s]['articles']:.2f} "
        f"| {1000 * batch[s]['cpu'] / batch[s]['articles']:.2f}"
        for s in sizes
    )
    cpu_growth = (batch[large]["cpu"] / batch[large]["articles"]) / (
        batch[small]["cpu"] / batch[small]["articles"]
    )
    lines.append(f"| **end to end** | {totals} | x{cpu_growth:.2f} |")
    samples, prepared = batch[large]["samples"], batch[large]["prepare_samples"]
    if len(samples) >= 4:
        tenth = max(1, len(samples) // 10)

        def mean(rows: list[dict[str, float]], key: str) -> float:
            return statistics.fmean(row[key] for row in rows)

        cleaning = (
            f"clean+language {mean(prepared[:tenth], 'ms'):.2f} -> "
            f"{mean(prepared[-tenth:], 'ms'):.2f} ms/article, "
            if len(prepared) >= 2 * tenth
            else ""
        )
        lines += [
            "",
            f"Within the {large:,} run, first vs last {tenth * SAMPLE_EVERY:,} articles: "
            f"{cleaning}clustering {mean(samples[:tenth], 'ms'):.2f} -> "
            f"{mean(samples[-tenth:], 'ms'):.2f} ms/article; open stories in the clusterer "
            f"{mean(samples[:tenth], 'open_stories'):,.0f} -> "
            f"{mean(samples[-tenth:], 'open_stories'):,.0f} "
            f"(max {max(row['open_stories'] for row in samples):,.0f}); RSS "
            f"{mean(samples[:tenth], 'rss_mb'):,.0f} -> {mean(samples[-tenth:], 'rss_mb'):,.0f} "
            "MiB.",
        ]
    lines += [
        "",
        f"Engine batches of the {large:,} run (stored before, articles, s, ms/article, stories "
        "loaded from the window, RSS MiB after):",
        "",
        "| stored before | articles | s | ms/article | stories loaded | RSS MiB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for row in batch[large]["batches"]:
        lines.append(
            f"| {int(row['stored_before']):,} | {int(row['articles']):,} | {row['seconds']:.1f} "
            f"| {1000 * row['seconds'] / max(1, row['articles']):.2f} "
            f"| {int(row['loaded_stories']):,} | {row['rss_mb']:,.0f} |"
        )
    lines += [
        "",
        "## Streaming: one article at a time, store already filled",
        "",
        "| stored | mode | n | p50 ms | p95 ms | p99 ms | max ms | mean ms | CPU/wall | RSS MiB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        for result in (stream.get(size), resident.get(size)):
            if not result:
                continue
            lat = result["latency_ms"]
            lines.append(
                f"| {size:,} | {result['mode']} | {lat['n']} | {lat['p50']:.1f} "
                f"| **{lat['p95']:.1f}** | {lat['p99']:.1f} | {lat['max']:.1f} "
                f"| {lat['mean']:.1f} | {result['cpu'] / result['wall']:.2f} "
                f"| {result['rss_end_mb']:,.0f} |"
            )
            if "latency_without_df_snapshot_ms" in result:
                alt = result["latency_without_df_snapshot_ms"]
                lines.append(
                    f"| {size:,} | resident, minus whole-state snapshots (IDF counts, MinHash) "
                    f"| {alt['n']} | {alt['p50']:.1f} | **{alt['p95']:.1f}** | {alt['p99']:.1f} "
                    f"| {alt['max']:.1f} | {alt['mean']:.1f} | | |"
                )
    lines += ["", "Goal: p95 under 50 ms with 100k stored.", ""]
    for size in sizes:
        if size in stream:
            stages = stream[size]["mean_stage_ms"]
            parts = ", ".join(
                f"{name} {ms:.1f}" for name, ms in sorted(stages.items(), key=lambda kv: -kv[1])
            )
            loaded = stream[size]["loaded_stories"]
            functions = stream[size]["mean_function_ms"]
            top = sorted(functions.items(), key=lambda kv: -kv[1])[:10]
            lines.append(
                f"- engine per article, {size:,} stored: mean ms per call of the timed functions "
                "(inclusive): " + ", ".join(f"`{name}` {ms:.1f}" for name, ms in top) + "."
            )
            lines.append(
                f"- engine per article, {size:,} stored: mean ms per stage: {parts}. Stories "
                f"loaded from the store per call: p50 {loaded.get('p50', 0):,.0f}, "
                f"max {loaded.get('max', 0):,.0f}."
            )
        if size in resident:
            steps = resident[size]["step_ms"]
            parts = ", ".join(
                f"{name} {v['mean']:.1f} (p95 {v['p95']:.1f})"
                for name, v in sorted(steps.items(), key=lambda kv: -kv[1]["mean"])
                if v["mean"] >= 0.05
            )
            lines.append(
                f"- resident, {size:,} stored: mean ms per stage (p95): {parts}. Of these, "
                "whole-state snapshots: `global_state` = IDF counts, `near_to_bytes` = MinHash "
                "index. Window loaded once, on the first article: "
                f"{resident[size]['loaded_stories']:,} stories in "
                f"{resident[size]['load_ms']:,.0f} ms, RSS {resident[size]['rss_loaded_mb']:,.0f} "
                "MiB after loading."
            )
    lines += [
        "",
        "## Memory",
        "",
        "| stored | batch peak RSS MiB | batch RSS at end MiB | resident stream RSS MiB "
        "| max open stories |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        b = batch[size]
        open_max = max((row["open_stories"] for row in b["samples"]), default=0)
        resident_rss = resident[size]["rss_end_mb"] if size in resident else float("nan")
        lines.append(
            f"| {size:,} | {b['peak_rss_mb']:,.0f} | {b['rss_end_mb']:,.0f} "
            f"| {resident_rss:,.0f} | {open_max:,.0f} |"
        )
    lines += [
        "",
        "## Cores",
        "",
        "CPU seconds (user + system, all threads of the process) over wall seconds: 1.0 is one "
        "core busy, 2.0 both.",
        "",
    ]
    for size in sizes:
        b = batch[size]
        workers = b.get("workers_cpu", 0.0)
        lines.append(
            f"- batch {size:,} (ingest.workers={b.get('workers', 1)}): {b['cpu']:.1f} CPU s "
            f"(main process {b.get('main_cpu', b['cpu']):.1f}, cleaning workers {workers:.1f}) "
            f"over {b['wall']:.1f} wall s = {b['cpu'] / b['wall']:.2f} cores; workers' peak RSS "
            f"{b.get('workers_peak_rss_mb', 0):,.0f} MiB."
        )
    if parallel:
        serial = parallel["serial_s"]
        documents = parallel["documents"]
        lines += [
            f"- read + clean + language ID (JSONL line -> Article) of {documents:,} lines: "
            f"serial {serial:.1f} s ({documents / serial:,.0f}/s, "
            f"{1000 * parallel['serial_cpu_s'] / documents:.2f} CPU ms each); pool of 1 process "
            f"{parallel['pool1_s']:.1f} s; pool of 2 processes {parallel['pool2_s']:.1f} s "
            f"({documents / parallel['pool2_s']:,.0f}/s, x{serial / parallel['pool2_s']:.2f}); "
            f"an Article pickles to {parallel['pickled_article_bytes']:,.0f} bytes; load "
            f"average {parallel['load_average_before'][0]:.2f} before, "
            f"{parallel['load_average_after'][0]:.2f} after.",
        ]
    return "\n".join(lines) + "\n"


def plot(
    batch: dict[int, dict[str, Any]],
    stream: dict[int, dict[str, Any]],
    resident: dict[int, dict[str, Any]],
    path: Path,
) -> str:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "plot skipped: matplotlib is not installed (.venv/bin/pip install matplotlib)"
    largest = batch[max(batch)]
    figure, (cost, latency, memory) = plt.subplots(1, 3, figsize=(18, 4.8))
    samples, prepared = largest["samples"], largest["prepare_samples"]
    xs = [row["articles"] for row in samples]
    cost.plot(
        [row["articles"] for row in prepared],
        [row["ms"] for row in prepared],
        marker=".",
        label="clean + language ID (per 1,000)",
    )
    cost.plot(xs, [row["ms"] for row in samples], marker=".", label="clustering (per 1,000)")
    batches = largest["batches"]
    cost.plot(
        [row["stored_before"] + row["articles"] / 2 for row in batches],
        [1000 * row["seconds"] / max(1, row["articles"]) for row in batches],
        marker="o",
        label="end to end (per engine batch)",
    )
    cost.axhline(5.0, color="grey", linestyle=":", label="5 ms = 200 articles/s")
    cost.set_xlabel("articles stored")
    cost.set_ylabel("wall ms per article")
    cost.set_title(f"Batch ingest of {max(batch):,}: cost per article")
    highest = max(
        [row["ms"] for row in (*samples, *prepared)]
        + [1000 * row["seconds"] / max(1, row["articles"]) for row in batches]
        + [5.0]
    )
    cost.set_ylim(0, highest * 1.5)
    cost.legend(fontsize=8, ncol=2, loc="upper left")
    sizes = sorted(batch)
    for label, results in (("engine.ingest per article", stream), ("resident", resident)):
        shown = [size for size in sizes if size in results]
        for quantile, style in (("p50", "--"), ("p95", "-")):
            latency.plot(
                shown,
                [results[size]["latency_ms"][quantile] for size in shown],
                style,
                marker="o",
                label=f"{label} {quantile}",
            )
        if label == "resident":
            latency.plot(
                shown,
                [results[size]["latency_without_df_snapshot_ms"]["p95"] for size in shown],
                ":",
                marker="o",
                label="resident p95 without whole-state snapshots",
            )
    latency.axhline(50.0, color="grey", linestyle=":", label="50 ms goal")
    if any(size in stream or size in resident for size in sizes):
        latency.set_xscale("log")
        latency.set_yscale("log")
    else:  # only the batch run was measured (--only batch)
        latency.text(0.5, 0.5, "no streaming run", ha="center", transform=latency.transAxes)
    latency.set_xlabel("articles stored")
    latency.set_ylabel("ms per article")
    latency.set_title("Streaming latency vs stored count")
    latency.legend(fontsize=8)
    memory.plot(xs, [row["rss_mb"] for row in samples], marker=".", label="RSS MiB")
    memory.set_xlabel("articles stored")
    memory.set_ylabel("RSS MiB")
    memory.set_ylim(bottom=0)
    twin = memory.twinx()
    twin.plot(
        xs, [row["open_stories"] for row in samples], color="C3", marker=".", label="open stories"
    )
    twin.set_ylabel("open stories (clusterer)")
    twin.set_ylim(bottom=0)
    memory.set_title("Batch ingest: memory and open stories")
    memory.legend(loc="lower left", fontsize=8)
    twin.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    return f"plot: {path}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="largest corpus size")
    parser.add_argument("--sizes", default="10000,100000", help="store sizes to measure")
    parser.add_argument(
        "--stream", type=int, default=500, help="articles fed one at a time (resident)"
    )
    parser.add_argument(
        "--engine-stream", type=int, default=100, help="of those, fed through engine.ingest"
    )
    parser.add_argument(
        "--pace",
        type=float,
        default=0.0,
        help="articles a second arriving at the resident ingester (0: each as soon as the one "
        "before is answered); latency then counts from each article's arrival",
    )
    parser.add_argument("--out", type=Path, default=REPO / "out" / "throughput")
    parser.add_argument("--db", type=Path, help="store path (default <out>/store.db); -SIZE added")
    parser.add_argument("--batch-size", type=int, default=20_000, help="engine batch size")
    parser.add_argument("--parallel", type=int, default=10_000, help="documents for the pool test")
    parser.add_argument("--quick", action="store_true", help="2,000 articles, sizes 1k and 2k")
    parser.add_argument(
        "--resume", action="store_true", help="reuse measurements already in <out>/result-*.json"
    )
    parser.add_argument(
        "--only",
        metavar="KINDS",
        help="measure only these (comma-separated: batch, stream, resident, parallel); the "
        "others are read back from <out>/result-*.json when there, else left out; batch runs "
        "anyway when its store is missing",
    )
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--worker-args", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker_main(args.worker, args.worker_args, args.worker_out)
        return
    if args.quick:
        args.articles, args.sizes, args.parallel = 2_000, "1000,2000", 1_000
        args.stream, args.engine_stream = 100, 50
    sizes = sorted({int(size) for size in args.sizes.split(",") if size} | {args.articles})
    sizes = [size for size in sizes if size <= args.articles]
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    db_template: Path = args.db or out / "store.db"
    print(f"corpus: {sizes} + {2 * args.stream} streamed -> {out}", flush=True)
    meta = build_corpus(out, sizes, 2 * args.stream)
    print(f"  {'reused' if meta['reused'] else 'built'}: {json.dumps(meta)}", flush=True)
    now = meta["stream_last"]
    batch: dict[int, dict[str, Any]] = {}
    stream: dict[int, dict[str, Any]] = {}
    resident: dict[int, dict[str, Any]] = {}
    engine_count = min(args.engine_stream, args.stream)
    only = set(args.only.split(",")) if args.only else set(WORKERS)
    if only - set(WORKERS):
        parser.error(f"--only: unknown {sorted(only - set(WORKERS))}; known {sorted(WORKERS)}")
    from kabar.settings import load_settings

    analysis = load_settings().analyze.at_ingest

    def measure(kind: str, label: Any, **kwargs: Any) -> dict[str, Any] | None:
        if kind in only:
            return run_worker(kind, out, resume=args.resume, label=label, **kwargs)
        saved = out / f"result-{kind}-{label}.json"
        if saved.is_file():
            print(f"  {kind} {label}: read back from {saved}", flush=True)
            return dict(json.loads(saved.read_text()))
        return None

    for size in sizes:
        db = db_template.with_name(f"{db_template.stem}-{size}{db_template.suffix}")
        corpus = out / f"corpus-{size}.jsonl"
        if not db.is_file() or not (out / f"result-batch-{size}.json").is_file():
            only.add("batch")  # the streaming measurements need the filled store
        found = measure("batch", size, corpus=corpus, db=db, now=now, batch_size=args.batch_size)
        assert found is not None
        batch[size] = found
        b = batch[size]
        print(f"    {b['articles'] / b['wall']:.1f} articles/s", flush=True)
        # The articles that follow this corpus, in order: the first ones through the engine, one
        # file each, the next `--stream` through the resident ingester (on a copy of the store).
        common = {"stream": out / f"stream-{size}.jsonl", "db": db, "now": now}
        if found := measure("stream", size, first=0, count=engine_count, **common):
            stream[size] = found
        label = f"{size}-analysis" if analysis else str(size)
        label += f"-pace{args.pace:g}" if args.pace else ""
        paced = {"pace": args.pace} if args.pace else {}
        if found := measure(
            "resident", label, first=engine_count, count=args.stream, **common, **paced
        ):
            resident[size] = found
    parallel = None
    if args.parallel:
        parallel = measure(
            "parallel",
            "prepare",
            corpus=out / f"corpus-{max(sizes)}.jsonl",
            count=args.parallel,
        )
    text = report(meta, batch, stream, resident, parallel, args)
    (out / "report.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    print(plot(batch, stream, resident, out / "cost-per-article.png"))
    print(f"report: {out / 'report.md'}")


if __name__ == "__main__":
    main()
