"""Placing one article: exact, same-URL and near copies inherit their original's story, the rest
go to the clusterer. Batch ingest (kabar.engine) makes one placer per batch; the resident ingester
(kabar.follow) keeps one for as long as it runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from kabar.cluster import StoryClusterer, make_clusterer
from kabar.cluster.signals import ArticleCounts
from kabar.dedupe.minhash import Signature
from kabar.dedupe.window import RecentOriginals
from kabar.errors import RejectReason
from kabar.model import Article, Assignment, RawDocument, Rejection
from kabar.settings import Settings
from kabar.store.sqlite import SqliteStore

if TYPE_CHECKING:
    from kabar.engine import IngestReport


@dataclass(frozen=True, slots=True)
class Precomputed:
    """Per-article work done in a worker beside cleaning, so the clustering process only looks
    it up: the MinHash signature of the body and the clusterer's hashed counts (both pure
    functions of the cleaned article)."""

    signature: Signature | None = None
    counts: ArticleCounts | None = None


Row = tuple[Article, RawDocument, str | None, str | None]  # article, raw, story, duplicate_of


@dataclass(slots=True)
class StoryPlacer:
    """Puts articles in stories: the clusterer, the near-duplicate index, and stored originals.

    Batch ingest makes one per batch; the resident ingester (kabar.follow) keeps one for as long
    as it runs and looks the originals up again for each article.
    """

    clusterer: StoryClusterer
    near: RecentOriginals | None
    by_hash: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    by_url: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)

    def look_up(self, store: SqliteStore, articles: list[Article]) -> None:
        """Stored originals sharing a URL or a body with these articles, before placing them."""
        self.by_hash = store.originals_by_hash(article.content_hash for article in articles)
        self.by_url = store.originals_by_url(article.url for article in articles if article.url)
        self.story_of = {}

    def place(
        self,
        article: Article,
        raw: RawDocument,
        precomputed: Precomputed | None,
        store: SqliteStore,
        report: IngestReport,
        now: datetime,
    ) -> tuple[Row, Assignment | None] | Rejection:
        """The article's row (a duplicate inherits its original's story) and its assignment."""
        signature = None if precomputed is None else precomputed.signature
        # The same URL under another id is a re-post or an updated version; the same body is a
        # copy. Either way it is kept (its id must come back in exports) as a duplicate.
        original = (self.by_url.get(article.url) if article.url else None) or self.by_hash.get(
            article.content_hash
        )
        if original is None and self.near is not None:
            copied = self.near.find(article, signature)
            if copied is not None:
                story = self.story_of.get(copied[0]) or store.story_of(copied[0])
                original = (copied[0], story)
        if original is not None:
            report.duplicates += 1
            return (article, raw, original[1], original[0]), None
        try:
            assignment = self.clusterer.assign(
                article, None if precomputed is None else precomputed.counts
            )
        except Exception as error:  # a bug met on one article must not lose the batch
            detail = f"clustering failed: {type(error).__name__}: {error}"
            return Rejection(article.origin, RejectReason.INTERNAL.value, detail, now)
        report.new_stories += int(assignment.new_story)
        self.by_hash[article.content_hash] = (article.id, assignment.story_id)
        if article.url:
            self.by_url[article.url] = (article.id, assignment.story_id)
        self.story_of[article.id] = assignment.story_id
        if self.near is not None:
            self.near.add(article, signature)
        return (article, raw, assignment.story_id, None), assignment

    def snapshots(self, settings: Settings) -> list[tuple[str, bytes]]:
        """Whole-state snapshots to store: the clusterer's statistics, the near-duplicate index."""
        states = [(settings.cluster.method, self.clusterer.global_state())]
        if self.near is not None:
            states.append((_NEAR_STATE, self.near.to_bytes()))
        return states


def open_stories(store: SqliteStore, settings: Settings, since: datetime | None) -> StoryPlacer:
    """A placer resumed from the store: stories last seen at or after `since` (none for None),
    the clusterer's statistics and the near-duplicate index."""
    clusterer = make_clusterer(settings.cluster)
    stories = [] if since is None else store.active_stories(since)
    clusterer.load(stories, store.clusterer_state(settings.cluster.method))
    return StoryPlacer(clusterer, _recent_originals(store, settings))


_NEAR_STATE = "near-duplicates"


def _recent_originals(store: SqliteStore, settings: Settings) -> RecentOriginals | None:
    """The near-duplicate index of recent originals, resumed from the store (None if disabled)."""
    if not settings.dedupe.near:
        return None
    near = RecentOriginals(timedelta(hours=settings.dedupe.window_hours), settings.dedupe.threshold)
    saved = store.clusterer_state(_NEAR_STATE)
    if saved:
        near.load_bytes(saved)
    return near
