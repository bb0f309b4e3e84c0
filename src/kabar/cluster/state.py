"""The stored form of a story as a clusterer sees it: its vector and its time span."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt


@dataclass(slots=True)
class StoryState:
    """Mutable while a batch is clustered; written back to the store once per batch."""

    id: str
    title: str
    first_seen: datetime
    last_seen: datetime
    article_count: int
    outlets: set[str] = field(default_factory=set)
    indices: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros(0, np.int32))
    values: npt.NDArray[np.float32] = field(default_factory=lambda: np.zeros(0, np.float32))

    def vector_bytes(self) -> bytes:
        """Sparse vector as bytes: count, then indices, then values."""
        count = np.array([len(self.indices)], dtype=np.int32)
        return (
            count.tobytes()
            + self.indices.astype(np.int32).tobytes()
            + self.values.astype(np.float32).tobytes()
        )

    @staticmethod
    def vector_from_bytes(
        blob: bytes | None,
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
        """Inverse of `vector_bytes`; an empty vector for None."""
        if not blob:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        count = int(np.frombuffer(blob[:4], dtype=np.int32)[0])
        indices = np.frombuffer(blob[4 : 4 + 4 * count], dtype=np.int32).copy()
        values = np.frombuffer(blob[4 + 4 * count :], dtype=np.float32).copy()
        return indices, values
