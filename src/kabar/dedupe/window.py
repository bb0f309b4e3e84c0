"""The originals of the last few days, kept in a MinHash index so copies of them are found."""

from __future__ import annotations

import heapq
import json
import struct
from datetime import datetime, timedelta

from kabar.dedupe.minhash import NearDuplicateIndex, Signature
from kabar.model import Article


class RecentOriginals:
    """Near-duplicate lookup against originals published within `window` of the newest article.

    Copies (wire re-posts, updated versions) arrive within days of their original; keeping older
    originals would only grow memory and the chance of template look-alikes matching.
    """

    def __init__(self, window: timedelta, threshold: float) -> None:
        self.window = window
        self.index = NearDuplicateIndex(threshold=threshold)
        self.added: dict[str, datetime] = {}
        # Keys by publication time, oldest first, so eviction looks only at what leaves.
        self._order: list[tuple[datetime, str]] = []

    def find(
        self, article: Article, signature: Signature | None = None
    ) -> tuple[str, float] | None:
        """The earliest recent original this article copies, with its estimated Jaccard."""
        return self.index.find(article.id, article.text, signature)

    def add(self, article: Article, signature: Signature | None = None) -> None:
        """Index an original (never a duplicate: copies point at their original)."""
        if article.id not in self.added:
            self.index.add(article.id, article.text, signature)
            self.added[article.id] = article.published
            heapq.heappush(self._order, (article.published, article.id))
        self._evict(article.published)

    def _evict(self, newest: datetime) -> None:
        horizon = newest - self.window
        while self._order and self._order[0][0] < horizon:
            _, key = heapq.heappop(self._order)
            if key in self.added:
                self.index.remove(key)
                del self.added[key]

    def to_bytes(self) -> bytes:
        times = json.dumps({key: moment.isoformat() for key, moment in self.added.items()})
        encoded = times.encode("utf-8")
        return struct.pack("<I", len(encoded)) + encoded + self.index.to_bytes()

    def load_bytes(self, data: bytes) -> None:
        """Resume from `to_bytes`; an unreadable state starts empty (it is only a cache)."""
        try:
            (length,) = struct.unpack("<I", data[:4])
            times = json.loads(data[4 : 4 + length].decode("utf-8"))
            index = NearDuplicateIndex.from_bytes(data[4 + length :])
        except (ValueError, KeyError, struct.error):
            return
        if index.threshold == self.index.threshold:
            self.index = index
            self.added = {key: datetime.fromisoformat(value) for key, value in times.items()}
            self._order = sorted((moment, key) for key, moment in self.added.items())
