"""Core: assign articles to stories, one at a time, in publication order.

A clusterer is anything with the `StoryClusterer` protocol; the engine picks one by name from
settings (`cluster.method`) through `make_clusterer`, so a better one can replace the first
version without touching the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from kabar.errors import SettingsError

if TYPE_CHECKING:
    from kabar.cluster.signals import ArticleCounts
    from kabar.cluster.state import StoryState
    from kabar.model import Article, Assignment, Merge
    from kabar.settings import ClusterSettings


class StoryClusterer(Protocol):
    """Online story assignment: no look-ahead, deterministic for the same input order."""

    def load(self, stories: list[StoryState], global_state: bytes | None) -> None:
        """Resume from stored state: recent stories and the clusterer's own statistics."""

    def assign(self, article: Article, counts: ArticleCounts | None = None) -> Assignment:
        """Put the article in the best recent story or a new one, and say why (`counts`: the
        article's hashed counts when a worker computed them already; a clusterer may ignore
        them)."""

    def changed_stories(self) -> list[StoryState]:
        """Stories created or updated since `load`, to be written back."""

    def global_state(self) -> bytes:
        """The clusterer's own statistics (e.g. document frequencies), to be stored."""

    def merges(self) -> list[Merge]:
        """Stories folded into others since `load` (or `mark_written`), in order."""

    def mark_written(self) -> None:
        """The changed stories and merges are stored: forget them (a resident ingester calls
        this after each write; batch ingest makes a new clusterer per batch)."""


def make_clusterer(settings: ClusterSettings) -> StoryClusterer:
    """The clusterer named by `settings.method`."""
    if settings.method == "tfidf-online":
        from kabar.cluster.tfidf import OnlineTfidfClusterer

        return OnlineTfidfClusterer(settings)
    if settings.method == "learned":
        from kabar.cluster.learned import LearnedClusterer

        return LearnedClusterer(settings)
    known = "'learned', 'tfidf-online'"
    raise SettingsError(f"cluster.method={settings.method!r}: known methods are {known}")
