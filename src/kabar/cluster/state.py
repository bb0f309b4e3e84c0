"""A story as a clusterer sees it: time span, size, and the clusterer's own opaque state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class StoryState:
    """Mutable while a batch is clustered; written back to the store once per batch.

    `state` is the clusterer's own summary of the story (vectors, names, numbers), opaque to the
    store: each clusterer reads back what it wrote.
    """

    id: str
    title: str
    first_seen: datetime
    last_seen: datetime
    article_count: int
    outlets: set[str] = field(default_factory=set)
    state: bytes = b""
