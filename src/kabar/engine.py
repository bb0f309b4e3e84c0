"""The whole flow: read, clean, drop what is stored, cluster in time order, store once per batch."""

from __future__ import annotations

import contextlib
import functools
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kabar.clean.article import Defaults
from kabar.cluster.signals import count_article
from kabar.cluster.state import StoryState
from kabar.dedupe.minhash import text_signature
from kabar.errors import RejectReason
from kabar.ingest.sources import list_inputs, read_inputs
from kabar.model import (
    Analysis,
    Article,
    Assignment,
    Merge,
    RawDocument,
    Rejection,
    survivors,
)
from kabar.placing import Precomputed, Row, open_stories
from kabar.settings import Settings
from kabar.steps import analyze_one, collect_analyses, prepare_one, reading
from kabar.store.lock import writer_lock
from kabar.store.sqlite import SqliteStore

Progress = Callable[[int], None]  # input items read so far


@dataclass(slots=True)
class IngestReport:
    """What one ingest did; `ok` is False only when nothing at all could be taken."""

    run_id: int = 0
    seen: int = 0  # input items: documents read plus inputs rejected while reading
    read: int = 0
    added: int = 0
    unchanged: int = 0
    duplicates: int = 0
    new_stories: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.added + self.unchanged > 0 or not self.rejections


def ingest(
    targets: Iterable[str],
    settings: Settings,
    *,
    now: datetime,
    progress: Progress | None = None,
    batch_size: int = 20_000,
) -> IngestReport:
    """Ingest every target into the store in settings.db; see IngestReport."""
    defaults, options = reading(settings, now)
    inputs = list_inputs(targets)
    report = IngestReport()
    with writer_lock(settings.db), SqliteStore(settings.db) as store:
        report.run_id = store.start_run(settings.to_json(), [i.name for i in inputs], now)
        items = _counted(read_inputs(inputs, options, now=now), progress)
        sizes = batch_sizes(batch_size)
        with _worker_pool(settings.ingest.workers) as pool:

            def read_next() -> _Submitted:
                batch = list(itertools.islice(items, next(sizes)))
                return _submit(batch, defaults, pool, settings)

            # One batch ahead: the workers clean batch k+1 while this process clusters batch k.
            queued = read_next()
            while queued.batch:
                queued = _ingest_batch(queued, read_next, store, settings, defaults, report, pool)
        store.finish_run(report.run_id, now, report.added, report.unchanged, len(report.rejections))
    return report


FIRST_BATCH = 2_000


def batch_sizes(largest: int) -> Iterator[int]:
    """How many input items each batch reads: FIRST_BATCH, then twice the last, up to `largest`.

    Nothing can be clustered before the first batch is cleaned, so it is small; from then on the
    workers clean each batch while this process clusters the one before, and a batch twice the
    last takes them about as long as the last takes to cluster.
    """
    size = min(FIRST_BATCH, largest)
    while True:
        yield size
        size = min(2 * size, largest)


def analyze(
    targets: Iterable[str], settings: Settings, *, now: datetime, batch_size: int = 512
) -> Iterator[tuple[Article, Analysis] | Rejection]:
    """Clean and analyse every document of the targets, in input order; nothing is stored."""
    defaults, options = reading(settings, now)
    items = read_inputs(list_inputs(targets), options, now=now)
    work = functools.partial(_prepare_and_analyze, defaults=defaults)
    with _worker_pool(settings.ingest.workers) as pool:
        while batch := list(itertools.islice(items, batch_size)):
            documents = [item for item in batch if isinstance(item, RawDocument)]
            done = (
                map(work, documents)
                if pool is None or len(documents) < _POOL_MIN
                else pool.map(work, documents, chunksize=8)
            )
            for item in batch:
                yield item if isinstance(item, Rejection) else next(done)


def _prepare_and_analyze(
    raw: RawDocument, defaults: Defaults
) -> tuple[Article, Analysis] | Rejection:
    prepared = prepare_one(raw, defaults)
    if isinstance(prepared, Rejection):
        return prepared
    analysis = analyze_one(prepared)
    if isinstance(analysis, str):
        return Rejection(raw.origin, RejectReason.INTERNAL.value, analysis, defaults.now)
    return prepared, analysis


_POOL_MIN = 256  # fewer documents than this are cleaned in-process: a pool costs more to start


def _prepare_signed(
    raw: RawDocument, defaults: Defaults, sign: bool, count: int | None
) -> tuple[Article, Precomputed] | Rejection:
    """Clean one document and, when asked, sign its body for near-duplicate search (MinHash of
    word 5-shingles, the index's default parameters) and count its terms for the learned
    clusterer (hashed into `count` features)."""
    prepared = prepare_one(raw, defaults)
    if isinstance(prepared, Rejection):
        return prepared
    return prepared, Precomputed(
        text_signature(prepared.text) if sign else None,
        None if count is None else count_article(prepared, count),
    )


def _prepare_all(
    documents: list[RawDocument], defaults: Defaults, pool: Executor | None, settings: Settings
) -> Iterator[tuple[Article, Precomputed] | Rejection]:
    """Cleaning and language ID of a batch, in input order, on every core the settings allow.

    Cleaning is per-document and a quarter of the cost, so it runs on the other core(s) while
    clustering, which must see articles one by one in order, stays in this process.
    """
    learned = settings.cluster.method == "learned"
    prepare = functools.partial(
        _prepare_signed,
        defaults=defaults,
        sign=settings.dedupe.near,
        count=settings.cluster.max_features if learned else None,
    )
    if pool is None or len(documents) < _POOL_MIN:
        return map(prepare, documents)
    return pool.map(prepare, documents, chunksize=64)


def _analyze_all(
    fresh: list[tuple[Article, RawDocument]], pool: Executor | None
) -> Iterator[Analysis | str]:
    """Entities, quotes, quantities and dates of new articles, in their order.

    With a pool the work is submitted at once and runs on the other cores while this process
    clusters; results are read after. Without one it runs lazily when read.
    """
    articles = [article for article, _ in fresh]
    if pool is None or len(articles) < _POOL_MIN:
        return map(analyze_one, articles)
    return pool.map(analyze_one, articles, chunksize=16)


@contextlib.contextmanager
def _worker_pool(workers: int) -> Iterator[Executor | None]:
    count = workers or os.cpu_count() or 1
    if count <= 1:
        yield None
        return
    # fork: the workers inherit the loaded rules and models instead of importing them again.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=yield_to_main
    ) as pool:
        yield pool


_WORKER_NICENESS = 5


def yield_to_main() -> None:
    """Workers run at a lower priority: this process clusters one article after another and
    is the pipeline's critical path, so on a busy machine the cleaning of the next batch takes
    the cycles clustering leaves."""
    with contextlib.suppress(OSError):
        os.nice(_WORKER_NICENESS)


def _counted(
    items: Iterator[RawDocument | Rejection], progress: Progress | None
) -> Iterator[RawDocument | Rejection]:
    for count, item in enumerate(items, start=1):
        if progress is not None:
            progress(count)
        yield item


@dataclass(slots=True)
class _Submitted:
    """A batch read from the inputs whose cleaning is under way (on the workers when a pool
    takes it, else lazily when its results are read)."""

    batch: list[RawDocument | Rejection]
    documents: list[RawDocument]
    results: Iterator[tuple[Article, Precomputed] | Rejection]


def _submit(
    batch: list[RawDocument | Rejection],
    defaults: Defaults,
    pool: Executor | None,
    settings: Settings,
) -> _Submitted:
    documents = [item for item in batch if isinstance(item, RawDocument)]
    return _Submitted(batch, documents, _prepare_all(documents, defaults, pool, settings))


def _ingest_batch(
    submitted: _Submitted,
    read_next: Callable[[], _Submitted],
    store: SqliteStore,
    settings: Settings,
    defaults: Defaults,
    report: IngestReport,
    pool: Executor | None,
) -> _Submitted:
    """Store one batch; the next one is read and handed to the workers (`read_next`) once this
    one's cleaning is in and its analysis queued, so it is cleaned while this one clusters.
    Returns the next batch (empty at the end of the inputs)."""
    prepared: list[tuple[Article, RawDocument]] = []
    rejections = [item for item in submitted.batch if isinstance(item, Rejection)]
    documents = submitted.documents
    report.seen += len(submitted.batch)
    report.read += len(documents)
    precomputed: dict[str, Precomputed] = {}
    for raw, result in zip(documents, submitted.results, strict=True):
        if isinstance(result, Rejection):
            rejections.append(result)
        else:
            prepared.append((result[0], raw))
            precomputed[result[0].id] = result[1]
    fresh = _drop_known(prepared, store, report)
    pending = _analyze_all(fresh, pool) if settings.analyze.at_ingest else iter(())
    following = read_next()
    rows, assignments, stories, states, merges = _cluster(
        fresh, store, settings, report, rejections, defaults.now, precomputed
    )
    analyses: list[Analysis] = []
    if settings.analyze.at_ingest:
        stored = {row[0].id for row in rows}
        analyses, failed = collect_analyses(
            [article for article, _ in fresh], pending, stored, defaults.now
        )
        rejections.extend(failed)
    store.write_batch(
        run_id=report.run_id,
        articles=rows,
        assignments=assignments,
        stories=stories,
        rejections=rejections,
        states=states,
        analyses=analyses,
        merges=merges,
    )
    report.added += len(rows)
    report.rejections.extend(rejections)
    return following


def _drop_known(
    prepared: list[tuple[Article, RawDocument]], store: SqliteStore, report: IngestReport
) -> list[tuple[Article, RawDocument]]:
    """Articles not stored yet, first of each id, in publication order (ties by id)."""
    known = store.known_ids(article.id for article, _ in prepared)
    fresh: dict[str, tuple[Article, RawDocument]] = {}
    for article, raw in prepared:
        if article.id in known or article.id in fresh:
            report.unchanged += 1
        else:
            fresh[article.id] = (article, raw)
    return sorted(fresh.values(), key=lambda pair: (pair[0].published, pair[0].id))


def _cluster(
    fresh: list[tuple[Article, RawDocument]],
    store: SqliteStore,
    settings: Settings,
    report: IngestReport,
    rejections: list[Rejection],
    now: datetime,
    precomputed: dict[str, Precomputed],
) -> tuple[list[Row], list[Assignment], list[StoryState], list[tuple[str, bytes]], list[Merge]]:
    """Assign stories in publication order; a duplicate inherits its original's story."""
    if not fresh:
        return [], [], [], [], []
    window_start = fresh[0][0].published - timedelta(hours=settings.cluster.window_hours)
    placer = open_stories(store, settings, window_start)
    placer.look_up(store, [article for article, _ in fresh])
    rows: list[Row] = []
    assignments: list[Assignment] = []
    for article, raw in fresh:
        placed = placer.place(article, raw, precomputed.get(article.id), store, report, now)
        if isinstance(placed, Rejection):
            rejections.append(placed)
            continue
        rows.append(placed[0])
        if placed[1] is not None:
            assignments.append(placed[1])
    merges = placer.clusterer.merges()
    moved = survivors(merges)  # articles placed before their story merged into another
    rows = [(a, raw, moved.get(s, s) if s else s, dup) for a, raw, s, dup in rows]
    stories = placer.clusterer.changed_stories()
    return rows, assignments, stories, placer.snapshots(settings), merges
