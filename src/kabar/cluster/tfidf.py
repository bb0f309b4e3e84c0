"""First story clusterer: each article joins the most similar recent story by TF-IDF cosine."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import numpy as np
import numpy.typing as npt

from kabar.cluster.state import StoryState
from kabar.cluster.vectors import OnlineTfidf
from kabar.model import Article, Assignment, Merge, content_hash
from kabar.settings import ClusterSettings

_CENTROID_TERMS = 400  # a story keeps its strongest terms only: bounded memory and index size
# The F1-best point on ECB+ train (docs/benchmarks.md); the seed pair scores 0.26.
DEFAULT_THRESHOLD = 0.2
_CANDIDATES_KEPT = 3  # explanations keep the best few candidates
_RETRIEVAL_TERMS = 40  # article features used to find candidate stories
_SHORTLIST = 25  # candidates scored exactly


class OnlineTfidfClusterer:
    """Streaming, single-pass assignment against stories active in a time window.

    Candidates come from an inverted index (feature -> stories holding it), so the cost of an
    article depends on its own features and the stories sharing them, not on the archive size.
    Story vectors are the sum of their members' unit vectors, truncated to the strongest terms.
    """

    def __init__(self, settings: ClusterSettings) -> None:
        self.threshold = DEFAULT_THRESHOLD if settings.threshold is None else settings.threshold
        self.window = timedelta(hours=settings.window_hours)
        self.vectorizer = OnlineTfidf(settings.max_features)
        self._stories: dict[str, StoryState] = {}
        self._vectors: dict[str, dict[int, float]] = {}
        self._norms: dict[str, float] = {}
        self._index: dict[int, set[str]] = defaultdict(set)
        self._changed: set[str] = set()
        self._expired: dict[str, StoryState] = {}  # changed in this batch, then out of the window
        self._assigned = 0

    def load(self, stories: list[StoryState], global_state: bytes | None) -> None:
        if global_state:
            self.vectorizer.load_bytes(global_state)
        for story in stories:
            self._remember(story, _vector_from_bytes(story.state))

    def _remember(self, story: StoryState, vector: dict[int, float]) -> None:
        old = self._vectors.get(story.id, {})
        for feature in old.keys() - vector.keys():
            self._index[feature].discard(story.id)
        for feature in vector.keys() - old.keys():
            self._index[feature].add(story.id)
        self._stories[story.id] = story
        self._vectors[story.id] = vector
        self._norms[story.id] = float(np.sqrt(sum(value * value for value in vector.values())))

    def _forget(self, story_id: str) -> None:
        if story_id in self._changed:
            self._expired[story_id] = self._finalised(story_id)
            self._changed.discard(story_id)
        for feature in self._vectors.pop(story_id, {}):
            self._index[feature].discard(story_id)
        self._norms.pop(story_id, None)
        self._stories.pop(story_id, None)

    def _expire(self, article: Article) -> None:
        """Drop stories whose window closed before this article: memory follows the window."""
        horizon = article.published - self.window
        for story_id in [sid for sid, s in self._stories.items() if s.last_seen < horizon]:
            self._forget(story_id)

    def _scores(
        self, indices: npt.NDArray[np.int32], weights: npt.NDArray[np.float64], article: Article
    ) -> list[tuple[str, float]]:
        """Exact cosine with the stories that share the article's strongest features.

        Retrieval looks only at the article's top features: their posting lists are short (rare
        words weigh most), so cost does not grow with the number of open stories; the shortlist is
        then scored exactly over all features.
        """
        order = np.argsort(-weights, kind="stable")[:_RETRIEVAL_TERMS]
        partial: dict[str, float] = defaultdict(float)
        for position in order.tolist():
            feature, weight = int(indices[position]), float(weights[position])
            for story_id in self._index.get(feature, ()):
                partial[story_id] += weight * self._vectors[story_id][feature]
        shortlist = sorted(partial, key=lambda sid: (-partial[sid], sid))[:_SHORTLIST]
        pairs = list(zip(indices.tolist(), weights.tolist(), strict=True))
        scored = []
        for story_id in shortlist:
            story = self._stories[story_id]
            if article.published - story.last_seen > self.window:
                continue  # closed: the sweep in `_expire` runs only now and then
            if story.first_seen - article.published > self.window:
                continue  # a story that starts long after this (out-of-order) article
            vector = self._vectors[story_id]
            dot = sum(weight * vector.get(feature, 0.0) for feature, weight in pairs)
            scored.append((story_id, dot / self._norms[story_id]))
        # Deterministic: best score first, then the older story, then the id.
        scored.sort(key=lambda item: (-item[1], self._stories[item[0]].first_seen, item[0]))
        return scored

    def assign(self, article: Article, counts: object = None) -> Assignment:
        """See StoryClusterer.assign; `counts` (the learned clusterer's) are not used here."""
        self._assigned += 1
        if self._assigned % 256 == 0:
            self._expire(article)
        indices, weights = self.vectorizer.vector(article)
        scored = self._scores(indices, weights, article)
        candidates = tuple((sid, round(score, 4)) for sid, score in scored[:_CANDIDATES_KEPT])
        best = scored[0] if scored and scored[0][1] >= self.threshold else None
        if best is None:
            story = StoryState(
                id="s" + content_hash(article.id)[:15],
                title=article.title,
                first_seen=article.published,
                last_seen=article.published,
                article_count=0,
            )
            vector: dict[int, float] = {}
        else:
            story = self._stories[best[0]]
            vector = dict(self._vectors[story.id])
        for feature, weight in zip(indices.tolist(), weights.tolist(), strict=True):
            vector[feature] = vector.get(feature, 0.0) + weight
        if len(vector) > _CENTROID_TERMS:
            kept = sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:_CENTROID_TERMS]
            vector = dict(kept)
        story.article_count += 1
        story.first_seen = min(story.first_seen, article.published)
        story.last_seen = max(story.last_seen, article.published)
        if article.outlet:
            story.outlets.add(article.outlet)
        self._remember(story, vector)
        self._changed.add(story.id)
        self.vectorizer.observe(indices)
        return Assignment(
            article_id=article.id,
            story_id=story.id,
            new_story=best is None,
            score=0.0 if best is None else round(best[1], 4),
            candidates=candidates,
        )

    def _finalised(self, story_id: str) -> StoryState:
        story = self._stories[story_id]
        story.state = _vector_bytes(self._vectors[story_id])
        return story

    def changed_stories(self) -> list[StoryState]:
        changed = dict(self._expired)
        changed.update((story_id, self._finalised(story_id)) for story_id in self._changed)
        return [changed[story_id] for story_id in sorted(changed)]

    def merges(self) -> list[Merge]:
        """This clusterer never merges stories."""
        return []

    def mark_written(self) -> None:
        self._changed.clear()
        self._expired.clear()

    def global_state(self) -> bytes:
        return self.vectorizer.to_bytes()


def _vector_bytes(vector: dict[int, float]) -> bytes:
    """A sparse vector as bytes: count, sorted indices, values."""
    ordered = sorted(vector)
    count = np.array([len(ordered)], dtype=np.int32)
    indices = np.array(ordered, dtype=np.int32)
    values = np.array([vector[feature] for feature in ordered], dtype=np.float32)
    return count.tobytes() + indices.tobytes() + values.tobytes()


def _vector_from_bytes(blob: bytes) -> dict[int, float]:
    """Inverse of `_vector_bytes`; empty for no state."""
    if not blob:
        return {}
    count = int(np.frombuffer(blob[:4], dtype=np.int32)[0])
    indices = np.frombuffer(blob[4 : 4 + 4 * count], dtype=np.int32)
    values = np.frombuffer(blob[4 + 4 * count :], dtype=np.float32)
    return dict(zip(indices.tolist(), values.tolist(), strict=True))
