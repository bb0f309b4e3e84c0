"""Resident ingest (`kabar ingest --follow`): one process keeps the store open and the clusterer,
with its open stories, and the near-duplicate index loaded, and takes articles one at a time.

Each article goes through the steps of batch ingest (kabar.engine), in-process: read the line
(the JSONL field rules), clean, drop it if it is stored already (re-ingesting changes nothing),
look for an exact, same-URL or near copy, assign a story, then store it in one transaction: its
row and raw input, its assignment, the stories it changed (their profiles and counts) and any
rejection met on the way. An article is acknowledged (its line printed) only once that
transaction is committed.

Its analysis (when `analyze.at_ingest`: entities, quotes, figures, dates; about 25 ms of CPU, four
times what placing it costs) runs beside, in a worker process on another core, and is stored
with a later article's transaction (or on its own while input is idle, and at every checkpoint
and clean exit). So an article is answered as soon as it is in its story, and its analysis
follows within about one article's time. When analyses fall ANALYSIS_BACKLOG behind (input
faster than one core analyses), the follower waits for the oldest before taking more: the
backlog is bounded, and so is what a crash can leave unanalysed. With one core (`ingest.workers
= 1`) the analysis runs in-process, before the article is stored, as before.

Whole-state snapshots, the clusterer's statistics (IDF document counts) and the near-duplicate
index (MinHash signatures of the recent originals), take milliseconds each to serialise and grow
with the window, so they are written at checkpoints instead: every CHECKPOINT_ARTICLES stored
articles, after CHECKPOINT_SECONDS when an article is waiting to be counted (also while input is
idle), and on every clean exit (end of input, Ctrl-C, SIGTERM, a broken output pipe).

What survives a crash (kill -9, out of memory, power loss): every acknowledged article with its
assignment and its story's profile and counts; the analyses of the last ANALYSIS_BACKLOG
acknowledged articles at most may be missing (derived data: the articles and their raw input
are stored; `kabar story` shows them without one until the next follower, which analyses them
when it starts: it looks at the last articles of every run that analysed at ingest and never
finished). The IDF counts and the near-duplicate
index lag by at most one checkpoint: the articles stored since it do not count in the document
frequencies, and near copies of them are not recognised (copies by URL or by exact body still
are, through the store). Nothing else needs repair: a later `kabar ingest`, or follower, resumes
from the store as it does after any batch, loading the open stories of its first article's window.

Stories come out as a batch ingest of the same lines would make them when the lines arrive in
publication order (batch ingest sorts each batch; a follower takes articles as they come). One
writer at a time: do not run `kabar ingest` on the store while a follower runs, as the follower's
open stories in memory would not see what the batch changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from kabar.clean.article import article_id
from kabar.engine import IngestReport, yield_to_main
from kabar.errors import InputRejected, RejectReason
from kabar.ingest.readers import read_jsonl_line
from kabar.ingest.tail import POLL_SECONDS, STDIN, follow_lines
from kabar.model import Analysis, Article, Assignment, RawDocument, Rejection
from kabar.placing import Row, StoryPlacer, open_stories
from kabar.settings import Settings
from kabar.steps import analyze_one, collect_analyses, prepare_one, reading
from kabar.store.lock import writer_lock
from kabar.store.sqlite import SqliteStore

CHECKPOINT_ARTICLES = 500
CHECKPOINT_SECONDS = 30.0
ANALYSIS_BACKLOG = 32  # analyses in flight before the follower waits for the oldest
_WARM_UP = (
    "Jakarta (ANTARA) - Presiden Joko Widodo meresmikan Bendungan Karian di Lebak, Banten, pada "
    'Senin (5/6). "Bendungan ini mengairi 22.000 hektare sawah," kata Presiden.'
)


def _analyst_starts() -> None:
    """The analysing worker yields the core to the follower, and leaves Ctrl-C to it: the
    follower stores what is analysed and exits cleanly."""
    yield_to_main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclasses.dataclass(frozen=True, slots=True)
class Taken:
    """What became of one input line: where the article went, or why it was rejected."""

    origin: str
    id: str | None = None
    story_id: str | None = None
    new_story: bool = False
    duplicate_of: str | None = None
    known: bool = False  # stored before: nothing changed
    reason: str | None = None  # set when the line was rejected
    detail: str | None = None
    ms: float = 0.0  # from the line read to the article stored (and a checkpoint when one fell due)

    @property
    def rejected(self) -> bool:
        return self.reason is not None

    def to_json(self) -> dict[str, Any]:
        """The line `kabar ingest --follow` prints for it."""
        ms = round(self.ms, 2)
        if self.reason is not None:
            return {
                "origin": self.origin,
                "rejected": True,
                "reason": self.reason,
                "detail": self.detail,
                "ms": ms,
            }
        return {
            "id": self.id,
            "story_id": self.story_id,
            "new_story": self.new_story,
            "duplicate_of": self.duplicate_of,
            "known": self.known,
            "ms": ms,
        }


class ResidentIngester:
    """One store connection, clusterer and near-duplicate index, kept between articles.

    Use as a context manager; `take_line` or `take` per input, `idle` while input waits. The run is
    recorded (settings, inputs, counts) as a batch ingest records it; see the module docstring for
    checkpoints and what a crash keeps.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        inputs: Sequence[str],
        clock: Callable[[], datetime] = _utc_now,
        checkpoint_articles: int = CHECKPOINT_ARTICLES,
        checkpoint_seconds: float = CHECKPOINT_SECONDS,
        warm_up: bool = True,
    ) -> None:
        self.settings = settings
        self._clock = clock
        now = clock()
        self._defaults, self.options = reading(settings, now)
        self._window = timedelta(hours=settings.cluster.window_hours)
        self._every, self._seconds = checkpoint_articles, checkpoint_seconds
        self.report = IngestReport()
        self.rejected = 0
        self.checkpoints = 0
        self.repaired = 0  # articles a crashed run left unanalysed, analysed again at start
        # Every stored story last seen at or after the floor is in the clusterer (None: none yet;
        # the first article loads its window, as a batch starting with it would).
        self._floor: datetime | None = None
        self._newest: datetime | None = None
        self._unsaved = 0  # articles stored since the last checkpoint
        self._saved_at = time.monotonic()
        self._busy = False  # between changing the clusterer and storing the article
        self._closed = False
        # Analyses running in the worker, oldest first, each with the article it is of.
        self._analysing: deque[tuple[Article, Future[Analysis | str]]] = deque()
        self._analyst: ProcessPoolExecutor | None = None
        self._held = contextlib.ExitStack()
        self._held.enter_context(writer_lock(settings.db))  # released by close()
        try:
            self.store = SqliteStore(settings.db, durable=True)  # acknowledged: on disk
            self._held.callback(self.store.close)
            self.report.run_id = self.store.start_run(settings.to_json(), list(inputs), now)
            self.placer = open_stories(self.store, settings, None)
            cores = settings.ingest.workers or os.cpu_count() or 1
            if settings.analyze.at_ingest and cores > 1:
                # fork: the worker starts with what this process has loaded (cleaning rules, not
                # the entity model: only the worker loads that, in the warm-up below).
                self._analyst = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=_analyst_starts,
                )
                # Runs before the store closes (callbacks run last registered first).
                self._held.callback(self._analyst.shutdown, wait=True, cancel_futures=True)
        except BaseException:
            self._held.close()
            raise
        try:
            if warm_up:
                self._warm_up()
            if settings.analyze.at_ingest:
                self._catch_up()
        except BaseException:
            self._held.close()
            raise

    # ---- one input ------------------------------------------------------------------------------

    def take_line(self, where: str, line: bytes | str) -> Taken | None:
        """One JSONL line (origin `where`); None for a blank line."""
        started = time.perf_counter()
        now = self._clock()
        try:
            raw = read_jsonl_line(where, line, self.options)
        except InputRejected as rejection:
            self.report.seen += 1
            found = Rejection(where, rejection.reason.value, rejection.detail, now)
            return self._reject(found, started)
        except Exception as error:  # a reader bug met on one line must not stop the follower
            self.report.seen += 1
            detail = f"reader failed: {type(error).__name__}: {error}"
            return self._reject(
                Rejection(where, RejectReason.MALFORMED.value, detail, now), started
            )
        if raw is None:
            return None
        return self.take(raw, now=now, started=started)

    def take(
        self, raw: RawDocument, *, now: datetime | None = None, started: float | None = None
    ) -> Taken:
        """Clean, place and store one document; the Taken is returned once it is committed."""
        started = time.perf_counter() if started is None else started
        now = self._clock() if now is None else now
        self.report.seen += 1
        self.report.read += 1
        # The input's own id, or one from its URL, is known before cleaning: a line seen before
        # (a restarted follower reading its file again) costs a lookup, not a cleaning.
        if raw.external_id or raw.url:
            known = self._known(article_id(raw, ""), raw.origin, started)
            if known is not None:
                return known
        try:
            prepared = prepare_one(raw, dataclasses.replace(self._defaults, now=now))
        except Exception as error:  # a cleaning bug met on one article must not stop the follower
            detail = f"cleaning failed: {type(error).__name__}: {error}"
            prepared = Rejection(raw.origin, RejectReason.INTERNAL.value, detail, now)
        if isinstance(prepared, Rejection):
            return self._reject(prepared, started)
        known = self._known(prepared.id, raw.origin, started)
        if known is not None:
            return known
        placer = self._placer_for(prepared.published)
        placer.look_up(self.store, [prepared])
        self._busy = True
        placed = placer.place(prepared, raw, None, self.store, self.report, now)
        if isinstance(placed, Rejection):
            self._busy = False
            return self._reject(placed, started)
        row, assignment = placed
        analyses: list[Analysis] = []
        failed: list[Rejection] = []
        if self._analyst is not None:  # earlier articles' analyses go in with this one
            analyses, failed = self._analysed(wait=len(self._analysing) >= ANALYSIS_BACKLOG)
        elif self.settings.analyze.at_ingest:
            results = [analyze_one(prepared)]
            analyses, failed = collect_analyses([prepared], results, {prepared.id}, now)
        self._store(row, assignment, failed, analyses)
        self._busy = False
        if self._analyst is not None:
            self._analyse_beside(prepared)
        self._newest = max(self._newest or prepared.published, prepared.published)
        # Stories last seen before the newest article's window may have been swept out of memory.
        self._floor = max(self._floor or self._newest, self._newest - self._window)
        self.report.added += 1
        self.rejected += len(failed)
        self._unsaved += 1
        if self._unsaved >= self._every or self._overdue():
            self.checkpoint()
        return Taken(
            raw.origin,
            id=prepared.id,
            story_id=row[2],
            new_story=assignment is not None and assignment.new_story,
            duplicate_of=row[3],
            ms=1000 * (time.perf_counter() - started),
        )

    def idle(self) -> None:
        """Called while no input waits: finished analyses are stored, and a checkpoint falls due
        by time even when nothing comes."""
        if any(future.done() for _, future in self._analysing):
            self._store_analyses(wait=False)
        if self._overdue():
            self.checkpoint()

    def checkpoint(self) -> None:
        """Store the whole-state snapshots: the clusterer's statistics, the near-duplicate index
        (and the analyses finished by then)."""
        if self._unsaved:
            self._store_analyses(wait=False, states=self.placer.snapshots(self.settings))
            self.checkpoints += 1
        self._unsaved = 0
        self._saved_at = time.monotonic()

    def _analysed(
        self, *, wait: bool, every: bool = False
    ) -> tuple[list[Analysis], list[Rejection]]:
        """The analyses finished in the worker, in article order, and a rejection for each that
        failed; `wait`: the oldest at least (`every`: all of them)."""
        finished: list[Article] = []
        results: list[Analysis | str] = []
        while self._analysing and (wait or every or self._analysing[0][1].done()):
            article, future = self._analysing.popleft()
            finished.append(article)
            try:
                results.append(future.result())
            except Exception as error:  # the worker died (killed, out of memory): keep going
                results.append(f"analysis failed (article kept): {type(error).__name__}: {error}")
            wait = False
        stored = {article.id for article in finished}
        return collect_analyses(finished, results, stored, self._clock())

    def _analyse_beside(self, article: Article) -> None:
        """Hand the article to the worker; if the worker is gone (killed, out of memory), or
        there is none (one core), analyse it here (and, with no worker, every later article
        too, before it is stored)."""
        future: Future[Analysis | str] = Future()
        try:
            if self._analyst is not None:
                future = self._analyst.submit(analyze_one, article)
        except BrokenProcessPool:
            self._analyst = None
        if self._analyst is None:
            future.set_result(analyze_one(article))
        self._analysing.append((article, future))

    def _store_analyses(
        self, *, wait: bool, every: bool = False, states: Sequence[tuple[str, bytes]] = ()
    ) -> None:
        """Store the finished analyses (see `_analysed`), with `states` when given."""
        analyses, failed = self._analysed(wait=wait, every=every)
        self.rejected += len(failed)
        if analyses or failed or states:
            self.store.write_batch(
                run_id=self.report.run_id,
                articles=[],
                assignments=[],
                stories=[],
                rejections=failed,
                states=states,
                analyses=analyses,
            )

    # ---- the end --------------------------------------------------------------------------------

    def close(self, *, clean: bool = True) -> None:
        """Checkpoint and record the run as finished (when `clean`), then close the store.

        Not clean (the store failed, or an interrupt came between changing the clusterer and
        storing the article): nothing more is written, as after a crash. Closing again does
        nothing.
        """
        if self._closed:
            return
        self._closed = True
        try:
            if clean and not self._busy:
                self._store_analyses(wait=True, every=True)
                self.checkpoint()
                self.store.finish_run(
                    self.report.run_id,
                    self._clock(),
                    self.report.added,
                    self.report.unchanged,
                    self.rejected,
                )
        finally:
            self._held.close()  # the store, then the writer lock

    def __enter__(self) -> ResidentIngester:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close(clean=kind is None or issubclass(kind, KeyboardInterrupt))

    # ---- helpers --------------------------------------------------------------------------------

    def _placer_for(self, published: datetime) -> StoryPlacer:
        """The placer, with every stored story an article published then could join loaded.

        The first article loads its window, as a batch starting with it would; an article older
        than what is loaded (out of order, or before stories swept out of memory) loads the
        stories of the stretch it reaches back to.
        """
        since = published - self._window
        if self._floor is None or since < self._floor:
            self.placer.clusterer.load(self.store.active_stories(since, self._floor), None)
            self._floor = since
        return self.placer

    def _store(
        self,
        row: Row,
        assignment: Assignment | None,
        rejections: list[Rejection],
        analyses: list[Analysis],
    ) -> None:
        clusterer = self.placer.clusterer
        self.store.write_batch(
            run_id=self.report.run_id,
            articles=[row],
            assignments=[] if assignment is None else [assignment],
            stories=clusterer.changed_stories(),
            rejections=rejections,
            analyses=analyses,
            merges=clusterer.merges(),  # stories this article made one: their articles move
        )
        clusterer.mark_written()  # the next article writes only its own

    def _known(self, article: str, origin: str, started: float) -> Taken | None:
        placement = self.store.placement(article)
        if placement is None:
            return None
        self.report.unchanged += 1
        ms = 1000 * (time.perf_counter() - started)
        story, original = placement
        return Taken(origin, article, story, duplicate_of=original, known=True, ms=ms)

    def _reject(self, rejection: Rejection, started: float) -> Taken:
        self.store.write_batch(
            run_id=self.report.run_id,
            articles=[],
            assignments=[],
            stories=[],
            rejections=[rejection],
        )
        self.rejected += 1
        ms = 1000 * (time.perf_counter() - started)
        return Taken(rejection.origin, reason=rejection.reason, detail=rejection.detail, ms=ms)

    def _overdue(self) -> bool:
        return self._unsaved > 0 and time.monotonic() - self._saved_at >= self._seconds

    def _catch_up(self) -> None:
        """Analyse what a crashed follower stored without its analysis (at most its last
        ANALYSIS_BACKLOG articles), beside as new articles are, or here with one core."""
        missing = self.store.unanalysed(before_run=self.report.run_id, last=2 * ANALYSIS_BACKLOG)
        self.repaired = len(missing)
        for article in missing:
            if len(self._analysing) >= ANALYSIS_BACKLOG:
                self._store_analyses(wait=True)
            self._analyse_beside(article)
        if self._analyst is None:  # analysed here: nothing later drains the queue
            self._store_analyses(wait=False, every=True)

    def _warm_up(self) -> None:
        """Load the language and entity models now, not on the first article (the entity model
        in the process that analyses)."""
        raw = RawDocument(origin="warm-up", fmt="jsonl", raw="", text=_WARM_UP)
        article = prepare_one(raw, self._defaults)
        if not self.settings.analyze.at_ingest or isinstance(article, Rejection):
            return
        if self._analyst is not None:
            # A worker that cannot start is met again by the first article, which then falls
            # back to analysing here.
            with contextlib.suppress(BrokenProcessPool):
                self._analyst.submit(analyze_one, article).result()
        else:
            analyze_one(article)


def follow(
    source: str,
    settings: Settings,
    *,
    emit: Callable[[Taken], None],
    stop: Callable[[], bool] = lambda: False,
    poll: float = POLL_SECONDS,
    clock: Callable[[], datetime] = _utc_now,
    checkpoint_articles: int = CHECKPOINT_ARTICLES,
    checkpoint_seconds: float = CHECKPOINT_SECONDS,
) -> ResidentIngester:
    """Ingest the JSONL lines of `source` (`-`: standard input, until it ends; a file: its lines,
    then lines appended to it, until `stop()`), calling `emit` once each line is stored.

    Returns the closed ingester: its `report`, `rejected` and `checkpoints` say what it did.
    """
    origin = "stdin" if source == STDIN else source
    opened: list[ResidentIngester] = []

    def idle() -> None:
        for ingester in opened:
            ingester.idle()

    # Opened first: a file that is not there is an error before any run is recorded.
    lines = follow_lines(
        source, max_bytes=settings.ingest.max_bytes, stop=stop, idle=idle, poll=poll
    )
    with ResidentIngester(
        settings,
        inputs=[source],
        clock=clock,
        checkpoint_articles=checkpoint_articles,
        checkpoint_seconds=checkpoint_seconds,
    ) as ingester:
        opened.append(ingester)
        for number, line in lines:
            taken = ingester.take_line(f"{origin}:{number}", line)
            if taken is not None:
                emit(taken)
            if stop():
                break
    return ingester
