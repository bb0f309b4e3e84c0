"""The learned story clusterer: several signals per candidate story, combined by a trained model."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from kabar.cluster.merge import absorb, story_signals
from kabar.cluster.profile import (
    CORE_SIZE,
    FEATURES,
    StoryIndex,
    StoryProfile,
    figure_clash,
    fixture_clash,
    pair_features_many,
    vetoed,
)
from kabar.cluster.signals import ArticleCounts, ArticleSignals, extract_signals
from kabar.cluster.state import StoryState
from kabar.cluster.vectors import OnlineTfidf
from kabar.errors import SettingsError
from kabar.model import Article, Assignment, Merge, content_hash
from kabar.settings import ClusterSettings

_CANDIDATES_KEPT = 3
STANDARD_CLIP = 6.0
_SWEEP_EVERY = 256  # articles between sweeps of closed stories out of memory
# How a veto (a fixture or figure clash) shows among a candidate's signals in `kabar explain`: a
# veto, not a weight (no other signal can make up for it).
_VETO_PUSH = -99.0


@dataclass(frozen=True, slots=True)
class ScoringModel:
    """Logistic regression over FEATURES: P(article belongs to story)."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float  # least probability to join the best story
    means: tuple[float, ...]
    scales: tuple[float, ...]
    # Scores two open stories as one event (same features, its own weights; its threshold is
    # the least probability to merge them). None: stories never merge.
    merge: ScoringModel | None = None
    # Scores a story whose core changed against an open single-article story: the article that
    # started a story of its own may turn out to belong to one that has grown since. A model of
    # its own, as a lone article against a story is another kind of pair than two stories.
    # None: single-article stories are folded in only by `merge` (never, today).
    single: ScoringModel | None = None
    _means: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)
    _scales: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)
    _weights: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Arrays built once: probability() runs for every candidate of every article.
        object.__setattr__(self, "_means", np.asarray(self.means))
        object.__setattr__(self, "_scales", np.asarray(self.scales))
        object.__setattr__(self, "_weights", np.asarray(self.weights))

    def _standard(self, row: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        # Clipped: a value the training data hardly varied on must not swamp the rest.
        standard = (row - self._means) / self._scales
        clipped: npt.NDArray[np.float64] = np.clip(standard, -STANDARD_CLIP, STANDARD_CLIP)
        return clipped

    def probabilities(self, rows: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """P(join) of each row of features at once."""
        logits = self._standard(rows) @ self._weights + self.intercept
        found: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-logits))
        return found

    def explain(self, row: npt.NDArray[np.float64]) -> tuple[tuple[str, float, float], ...]:
        """(feature, value, push on the log-odds) for each feature, strongest push first."""
        standard = self._standard(row)
        pushes = standard * self._weights
        found = [
            (name, round(float(value), 3), round(float(push), 3))
            for name, value, push in zip(self.features, row, pushes, strict=True)
        ]
        return tuple(sorted(found, key=lambda item: -abs(item[2])))

    def to_dict(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "weights": list(self.weights),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "means": list(self.means),
            "scales": list(self.scales),
            "merge": None if self.merge is None else self.merge.to_dict(),
            "single": None if self.single is None else self.single.to_dict(),
        }

    def to_json(self, **extra: object) -> str:
        return json.dumps({**self.to_dict(), **extra}, indent=2, ensure_ascii=False)


def read_model(text: str) -> ScoringModel:
    return _model_of(json.loads(text))


def _model_of(data: dict[str, Any]) -> ScoringModel:
    if tuple(data["features"]) != FEATURES:
        raise SettingsError("clustering model was trained on other features: retrain it")
    return ScoringModel(
        features=tuple(data["features"]),
        weights=tuple(data["weights"]),
        intercept=float(data["intercept"]),
        threshold=float(data["threshold"]),
        means=tuple(data["means"]),
        scales=tuple(data["scales"]),
        merge=_model_of(data["merge"]) if data.get("merge") else None,
        single=_model_of(data["single"]) if data.get("single") else None,
    )


@cache
def shipped_model() -> ScoringModel:
    """The model trained by `kabar train clustering` and shipped in the package."""
    return read_model(resources.files("kabar.cluster").joinpath("model.json").read_text("utf-8"))


def load_model(path: Path | None) -> ScoringModel:
    return shipped_model() if path is None else read_model(path.read_text(encoding="utf-8"))


class LearnedClusterer:
    """Streaming assignment: each article joins its most probable open story, or starts one."""

    def __init__(self, settings: ClusterSettings, model: ScoringModel | None = None) -> None:
        self.model = model or load_model(settings.model)
        self.threshold = self.model.threshold if settings.threshold is None else settings.threshold
        self.vectorizer = OnlineTfidf(settings.max_features)
        self.index = StoryIndex(timedelta(hours=settings.window_hours))
        self._stories: dict[str, StoryState] = {}
        self._changed: set[str] = set()
        self._finished: dict[str, StoryState] = {}
        self._merges: list[Merge] = []
        self._seen = 0

    def load(self, stories: list[StoryState], global_state: bytes | None) -> None:
        if global_state:
            self.vectorizer.load_bytes(global_state)
        for story in stories:
            if story.state:
                self._stories[story.id] = story
                self.index.put(story.id, StoryProfile.from_bytes(story.state))

    def score(
        self, signals: ArticleSignals
    ) -> list[tuple[str, float, npt.NDArray[np.float64], str | None]]:
        """(story id, probability, features, veto) of each candidate, most probable first. A
        candidate the rules rule out is vetoed (its probability is 0, whatever the words say):
        its titles name another match than the article's ("Indonesia vs Jepang" against "China vs
        Bahrain": `fixture_clash`), or another figure in the same unit ("Divonis 3 Tahun" against
        "Divonis 16 Tahun": `figure_clash`)."""
        found = self.index.candidates(signals)
        if not found:
            return []
        rows = pair_features_many(signals, [self.index.profiles[story_id] for story_id in found])
        probabilities = self.model.probabilities(rows).tolist()
        scored = []
        for row, story_id in enumerate(found):
            veto = vetoed(signals, self.index.profiles[story_id])
            scored.append((story_id, 0.0 if veto else probabilities[row], rows[row], veto))
        scored.sort(key=lambda item: (-item[1], self.index.profiles[item[0]].first_seen, item[0]))
        return scored

    def _why_new(
        self, scored: list[tuple[str, float, npt.NDArray[np.float64], str | None]]
    ) -> tuple[tuple[str, float, float], ...]:
        """Why an article started a story: the signals of the candidate the model liked best,
        with the veto first when that candidate was ruled out."""
        closest = scored[0]  # the most probable unless a vetoed one scored higher by the model
        ruled_out = [candidate for candidate in scored if candidate[3]]
        if ruled_out:
            model = self.model.probabilities(np.vstack([candidate[2] for candidate in ruled_out]))
            if model.max() > closest[1] or closest[3]:
                closest = ruled_out[int(np.argmax(model))]
        explained = self.model.explain(closest[2])
        return ((closest[3], 1.0, _VETO_PUSH), *explained) if closest[3] else explained

    def assign(self, article: Article, counts: ArticleCounts | None = None) -> Assignment:
        self._seen += 1
        if self._seen % _SWEEP_EVERY == 0:
            self._sweep(article)
        signals = extract_signals(article, self.vectorizer, counts)
        scored = self.score(signals)
        best = scored[0] if scored and not scored[0][3] and scored[0][1] >= self.threshold else None
        if best is None:
            story_id = "s" + content_hash(article.id)[:15]
            story = StoryState(story_id, article.title, article.published, article.published, 0)
            profile = StoryProfile(first_seen=article.published, last_seen=article.published)
            self._stories[story_id] = story
        else:
            story_id = best[0]
            story, profile = self._stories[story_id], self.index.profiles[story_id]
        profile.add(signals)
        self.index.put(story_id, profile)
        story.article_count += 1
        story.first_seen, story.last_seen = profile.first_seen, profile.last_seen
        if article.outlet:
            story.outlets.add(article.outlet)
        self._changed.add(story_id)
        self.vectorizer.observe(signals.terms[0])
        story_id = self._merge_converging(story_id)
        if best is not None:
            features = self.model.explain(best[2])
        else:
            # Why the closest candidate was not good enough (or was vetoed).
            features = self._why_new(scored) if scored else ()
        return Assignment(
            article_id=article.id,
            story_id=story_id,
            new_story=best is None,
            score=0.0 if best is None else round(best[1], 4),
            candidates=tuple((c[0], round(c[1], 4)) for c in scored[:_CANDIDATES_KEPT]),
            features=features,
        )

    def _partners(self, story_id: str) -> tuple[ArticleSignals, list[str]] | None:
        """The story as one article and the open stories its index finds (None while the story
        is a single article or past its core: its profile is settled)."""
        profile = self.index.profiles[story_id]
        if not 2 <= profile.size <= CORE_SIZE:
            return None
        signals = story_signals(story_id, profile)
        return signals, [other for other in self.index.candidates(signals) if other != story_id]

    def converging(
        self,
        story_id: str,
        *,
        singles: bool = False,
        partners: tuple[ArticleSignals, list[str]] | None = None,
    ) -> tuple[list[str], npt.NDArray[np.float64]] | None:
        """The open stories the merge step compares a story with, and the features of each pair:
        stories of 2+ articles, or with `singles` the single-article ones (`partners`: the
        story's `_partners`, when already looked up)."""
        found = self._partners(story_id) if partners is None else partners
        if found is None:
            return None
        signals, candidates = found
        others = [o for o in candidates if (self.index.profiles[o].size == 1) == singles]
        if not others:
            return None
        return others, pair_features_many(signals, [self.index.profiles[o] for o in others])

    def _merge_converging(self, story_id: str) -> str:
        """Merge the story with the open story most likely to tell the same event, if the merge
        model is sure enough; else fold in the single-article story most likely to belong to it,
        if the single model is. The id the article's story has afterwards."""
        steps = [
            (model, singles)
            for model, singles in ((self.model.merge, False), (self.model.single, True))
            if model is not None
        ]
        partners = self._partners(story_id) if steps else None
        if partners is None:
            return story_id
        for model, singles in steps:
            found = self.converging(story_id, singles=singles, partners=partners)
            if found is None:
                continue
            merged = self._merge_best(story_id, model, *found)
            if merged is not None:
                return merged
        return story_id

    def _merge_best(
        self,
        story_id: str,
        merge: ScoringModel,
        others: list[str],
        rows: npt.NDArray[np.float64],
    ) -> str | None:
        """Merge the story with the most probable of `others` above the model's threshold (the
        younger folded into the older); the surviving id, or None when none is probable enough."""
        probabilities = merge.probabilities(rows).tolist()
        own = self.index.profiles[story_id]
        fixtures = [frozenset(key.split("|")) for key in own.fixtures]
        quantities = frozenset(own.quantities)
        for row, other in enumerate(others):
            profile = self.index.profiles[other]
            if any(fixture_clash(fixture, profile) for fixture in fixtures):
                probabilities[row] = 0.0  # two different matches never merge
            elif figure_clash(quantities, profile):
                probabilities[row] = 0.0  # nor two verdicts of different lengths
        best = max(range(len(others)), key=lambda row: (probabilities[row], -row))
        if probabilities[best] < merge.threshold:
            return None
        other = others[best]
        mine, theirs = (
            (self.index.profiles[story_id].first_seen, story_id),
            (self.index.profiles[other].first_seen, other),
        )
        kept, dropped = (story_id, other) if mine <= theirs else (other, story_id)
        absorb(self.index.profiles[kept], self.index.profiles[dropped])
        self.index.remove(dropped)
        self.index.put(kept, self.index.profiles[kept], reindex=True)
        gone = self._stories.pop(dropped)
        self._changed.discard(dropped)
        story = self._stories[kept]
        story.article_count += gone.article_count
        story.outlets |= gone.outlets
        story.first_seen = self.index.profiles[kept].first_seen
        story.last_seen = self.index.profiles[kept].last_seen
        self._changed.add(kept)
        self._merges.append(
            Merge(dropped, kept, round(probabilities[best], 4), merge.explain(rows[best]))
        )
        return kept

    def merges(self) -> list[Merge]:
        """Stories merged since `load` (or `mark_written`), in the order it happened."""
        return list(self._merges)

    def mark_written(self) -> None:
        self._changed.clear()
        self._finished.clear()
        self._merges.clear()

    def _sweep(self, article: Article) -> None:
        for story_id in self.index.closed_before(article.published):
            profile = self.index.remove(story_id)
            story = self._stories.pop(story_id)
            if story_id in self._changed:
                story.state = profile.to_bytes()
                self._finished[story_id] = story
                self._changed.discard(story_id)

    def changed_stories(self) -> list[StoryState]:
        changed = dict(self._finished)
        for story_id in self._changed:
            story = self._stories[story_id]
            story.state = self.index.profiles[story_id].to_bytes()
            changed[story_id] = story
        return [changed[story_id] for story_id in sorted(changed)]

    def global_state(self) -> bytes:
        return self.vectorizer.to_bytes()
