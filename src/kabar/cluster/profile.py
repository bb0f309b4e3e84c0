"""Stories as the learned clusterer sees them, an index to find candidates, and pair features."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from kabar.cluster.signals import ArticleSignals, Vector

Floats = npt.NDArray[np.float64]

CORE_SIZE = 8
TERMS_KEPT = 400  # a story keeps its strongest terms: bounded memory, and drift stays small
TITLE_TERMS_KEPT = 120
RETRIEVAL_TERMS = 40  # the article's strongest terms look up candidate stories
SHORTLIST = 25  # candidates scored in full, from terms
NAME_SHORTLIST = 15  # more candidates from shared names: the bridge across languages

FEATURES = (
    "terms",  # cosine of article and story TF-IDF
    "title",  # cosine of the title with the story's titles
    "names",  # IDF-weighted share of the article's names found in the story
    "story_names",  # share of the story's name mentions found in the article
    "numbers",  # share of the article's significant figures found in the story
    "hours",  # log1p of hours between the article and the story's nearest end
    "size",  # log1p of the story's article count
    "same_outlet",  # the outlet already has an article in the story
)


def _add(target: dict[int, float], vector: Vector, kept: int) -> dict[int, float]:
    for index, weight in zip(vector[0].tolist(), vector[1].tolist(), strict=True):
        target[index] = target.get(index, 0.0) + weight
    if len(target) > kept:
        # The `kept` strongest, strongest first, ties by index.
        indices, weights = _columns(target)
        strongest = np.lexsort((indices, -weights))[:kept]
        target = dict(zip(indices[strongest].tolist(), weights[strongest].tolist(), strict=True))
    return target


def _norm(vector: dict[int, float]) -> float:
    return math.sqrt(sum(value * value for value in vector.values())) or 1.0


def _columns(vector: dict[int, float]) -> Vector:
    """A story vector's indices and weights as arrays, in the vector's order."""
    indices = np.fromiter(vector.keys(), dtype=np.int32, count=len(vector))
    weights = np.fromiter(vector.values(), dtype=np.float64, count=len(vector))
    return indices, weights


def _arrays(vector: dict[int, float]) -> Vector:
    """A story vector as sorted index and weight arrays, for products done in numpy."""
    indices, weights = _columns(vector)
    order = np.argsort(indices)
    return indices[order], weights[order]


def _cosines(vector: Vector, stories: list[Vector], norms: npt.NDArray[np.float64]) -> Floats:
    """Cosines of a unit article vector with several story vectors (of the given norms), in one
    pass: every story's terms are looked up in the article's sorted terms at once."""
    indices, weights = vector
    if not stories or len(indices) == 0:
        return np.zeros(len(stories))
    order = np.argsort(indices, kind="stable")
    indices, weights = indices[order], weights[order]
    theirs = np.concatenate([story[0] for story in stories])
    if len(theirs) == 0:
        return np.zeros(len(stories))
    their_weights = np.concatenate([story[1] for story in stories])
    owner = np.repeat(np.arange(len(stories)), [len(story[0]) for story in stories])
    position = np.minimum(np.searchsorted(indices, theirs), len(indices) - 1)
    hit = indices[position] == theirs
    products = their_weights[hit] * weights[position[hit]]
    dots: Floats = np.bincount(owner[hit], weights=products, minlength=len(stories)) / norms
    return dots


@dataclass(slots=True)
class StoryProfile:
    """What a story's articles have in common, summed as they join."""

    first_seen: datetime
    last_seen: datetime
    size: int = 0
    terms: dict[int, float] = field(default_factory=dict)
    title: dict[int, float] = field(default_factory=dict)
    names: Counter[str] = field(default_factory=Counter)
    numbers: Counter[str] = field(default_factory=Counter)
    langs: Counter[str] = field(default_factory=Counter)
    outlets: Counter[str] = field(default_factory=Counter)
    terms_norm: float = 1.0
    title_norm: float = 1.0
    fixtures: Counter[str] = field(default_factory=Counter)  # "a|b" of the core's titles
    quantities: Counter[str] = field(default_factory=Counter)  # "unit|value" of the core's titles
    names_mass: float = 0.0  # sum of `names`, kept as they change: every candidate scoring reads it
    # The core as arrays, rebuilt only when the core changes (its first CORE_SIZE articles).
    terms_arrays: Vector | None = None
    title_arrays: Vector | None = None

    def add(self, signals: ArticleSignals) -> None:
        self.size += 1
        self.first_seen = min(self.first_seen, signals.published)
        self.last_seen = max(self.last_seen, signals.published)
        if self.size <= CORE_SIZE:
            # Only a story's first articles shape what it is about: later ones would let it drift
            # along its theme (a match, then the draw, then the next match) and pull those in.
            self.terms = _add(self.terms, signals.terms, TERMS_KEPT)
            self.title = _add(self.title, signals.title, TITLE_TERMS_KEPT)
            self.terms_arrays = self.title_arrays = None
            self.names.update(signals.names)
            self.names_mass = sum(self.names.values())
            if signals.fixture:
                self.fixtures["|".join(sorted(signals.fixture))] += 1
            self.quantities.update(signals.quantities)
            self.terms_norm, self.title_norm = _norm(self.terms), _norm(self.title)
        self.numbers.update(signals.numbers)
        self.langs[signals.lang] += 1
        if signals.outlet:
            self.outlets[signals.outlet] += 1

    def to_bytes(self) -> bytes:
        data = {
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "size": self.size,
            "terms": sorted(self.terms.items()),
            "title": sorted(self.title.items()),
            "names": self.names,
            "numbers": self.numbers,
            "langs": self.langs,
            "outlets": self.outlets,
            "fixtures": self.fixtures,
            "quantities": self.quantities,
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")

    @staticmethod
    def from_bytes(blob: bytes) -> StoryProfile:
        data = json.loads(blob)
        profile = StoryProfile(
            first_seen=datetime.fromisoformat(data["first_seen"]),
            last_seen=datetime.fromisoformat(data["last_seen"]),
            size=data["size"],
            terms={int(i): w for i, w in data["terms"]},
            title={int(i): w for i, w in data["title"]},
            names=Counter(data["names"]),
            numbers=Counter(data["numbers"]),
            langs=Counter(data["langs"]),
            outlets=Counter(data["outlets"]),
            fixtures=Counter(data.get("fixtures", {})),
            quantities=Counter(data.get("quantities", {})),
        )
        profile.terms_norm, profile.title_norm = _norm(profile.terms), _norm(profile.title)
        profile.names_mass = sum(profile.names.values())
        return profile


def fixture_clash(fixture: frozenset[str], story: StoryProfile) -> bool:
    """The article names a match none of whose sides is in any match the story's titles name:
    another match of the same competition, however alike the words."""
    if not fixture or not story.fixtures:
        return False
    sides = {side for key in story.fixtures for side in key.split("|")}
    return not fixture & sides


def figure_clash(quantities: frozenset[str], story: StoryProfile) -> bool:
    """The title gives a length of time in a unit the story's titles also give, and none of the
    story's values of that unit: "Divonis 3 Tahun" against a story of "Divonis 16 Tahun" is
    another verdict, however alike the words."""
    if not quantities or not story.quantities:
        return False
    units = {key.partition("|")[0] for key in story.quantities}
    mine = [key for key in quantities if key.partition("|")[0] in units]
    return bool(mine) and not any(key in story.quantities for key in mine)


def vetoed(signals: ArticleSignals, story: StoryProfile) -> str | None:
    """Why the article can never join the story (a rule, not a weight), or None."""
    if fixture_clash(signals.fixture, story):
        return "fixture_clash"
    if figure_clash(signals.quantities, story):
        return "figure_clash"
    return None


def pair_features_many(signals: ArticleSignals, stories: list[StoryProfile]) -> Floats:
    """The FEATURES of the article with each story, one row per story: the word cosines of all
    stories are computed together (this runs for every candidate of every article)."""
    rows = np.zeros((len(stories), len(FEATURES)))
    name_weight = sum(signals.names.values())
    article_names = signals.names.keys()
    position = {name: order for order, name in enumerate(signals.names)}.__getitem__
    same_lang: list[int] = []
    for row, story in enumerate(stories):
        # Summed in the article's order of names, whatever the order the sets give.
        shared = sorted(article_names & story.names.keys(), key=position)
        names = sum(signals.names[name] for name in shared) / name_weight if name_weight else 0.0
        mentions = story.names_mass
        story_names = sum(story.names[name] for name in shared) / mentions if mentions else 0.0
        numbers = (
            len(signals.numbers & story.numbers.keys()) / len(signals.numbers)
            if signals.numbers
            else 0.0
        )
        if story.first_seen <= signals.published <= story.last_seen:
            gap = 0.0
        else:
            nearest = story.last_seen if signals.published > story.last_seen else story.first_seen
            gap = abs((signals.published - nearest).total_seconds()) / 3600.0
        outlet = 1.0 if signals.outlet and story.outlets[signals.outlet] else 0.0
        # Across languages words cannot match, so word cosines say nothing; the shared names are
        # the language-independent counterpart of shared words, and stand in for them (replaced
        # below for stories in the article's language). No training set has cross-language pairs
        # to learn separate weights from.
        rows[row] = (
            names,
            story_names,
            names,
            story_names,
            numbers,
            math.log1p(gap),
            math.log1p(story.size),
            outlet,
        )
        if story.langs[signals.lang]:
            same_lang.append(row)
    if same_lang:
        chosen = [stories[row] for row in same_lang]
        for story in chosen:
            if story.terms_arrays is None or story.title_arrays is None:
                story.terms_arrays, story.title_arrays = _arrays(story.terms), _arrays(story.title)
        rows[same_lang, 0] = _cosines(
            signals.terms,
            [story.terms_arrays for story in chosen],  # type: ignore[misc]
            np.array([story.terms_norm for story in chosen]),
        )
        rows[same_lang, 1] = _cosines(
            signals.title,
            [story.title_arrays for story in chosen],  # type: ignore[misc]
            np.array([story.title_norm for story in chosen]),
        )
    return rows


class StoryIndex:
    """Open stories with inverted indexes on terms and names; finds an article's candidates."""

    def __init__(self, window: timedelta) -> None:
        self.window = window
        self.profiles: dict[str, StoryProfile] = {}
        # term -> {story: the story's weight of it}: the candidate search reads the weights here
        # rather than through each story's profile.
        self._by_term: dict[int, dict[str, float]] = defaultdict(dict)
        self._by_name: dict[str, set[str]] = defaultdict(set)
        # What each story is indexed under now (its terms with their weights, and its names):
        # profiles change in place, so the index keeps its own copy to know what changed.
        self._indexed: dict[str, tuple[dict[int, float], frozenset[str]]] = {}

    def put(self, story_id: str, profile: StoryProfile, *, reindex: bool = False) -> None:
        """Insert or re-index a story (after its profile changed; `reindex` after a merge)."""
        if profile.size > CORE_SIZE and story_id in self._indexed and not reindex:
            # Past its core a story's terms and names no longer change: nothing to re-index.
            self.profiles[story_id] = profile
            return
        old_terms, old_names = self._indexed.get(story_id, ({}, frozenset()))
        names = frozenset(profile.names)
        for term in old_terms.keys() - profile.terms.keys():
            self._by_term[term].pop(story_id, None)
        for term, weight in profile.terms.items() - old_terms.items():  # new terms, new weights
            self._by_term[term][story_id] = weight
        for name in old_names - names:
            self._by_name[name].discard(story_id)
        for name in names - old_names:
            self._by_name[name].add(story_id)
        self._indexed[story_id] = (dict(profile.terms), names)
        self.profiles[story_id] = profile

    def _unindex(self, story_id: str) -> None:
        terms, names = self._indexed.pop(story_id, ({}, frozenset()))
        for term in terms:
            self._by_term[term].pop(story_id, None)
        for name in names:
            self._by_name[name].discard(story_id)

    def remove(self, story_id: str) -> StoryProfile:
        self._unindex(story_id)
        return self.profiles.pop(story_id)

    def closed_before(self, moment: datetime) -> list[str]:
        horizon = moment - self.window
        return [sid for sid, profile in self.profiles.items() if profile.last_seen < horizon]

    def _open(self, story_id: str, moment: datetime) -> bool:
        profile = self.profiles[story_id]
        return (
            profile.last_seen >= moment - self.window and profile.first_seen <= moment + self.window
        )

    def candidates(self, signals: ArticleSignals) -> list[str]:
        """Open stories sharing the article's strongest terms or its names, best first."""
        indices, weights = signals.terms
        strongest = np.argsort(-weights, kind="stable")[:RETRIEVAL_TERMS]
        partial: dict[str, float] = {}
        score = partial.get
        for term, weight in zip(
            indices[strongest].tolist(), weights[strongest].tolist(), strict=True
        ):
            for story_id, story_weight in self._by_term.get(term, {}).items():
                partial[story_id] = score(story_id, 0.0) + weight * story_weight
        shared: dict[str, float] = {}
        count = shared.get
        for name, weight in signals.names.items():
            for story_id in self._by_name.get(name, ()):
                shared[story_id] = count(story_id, 0.0) + weight
        found = dict.fromkeys(_best(partial, SHORTLIST) + _best(shared, NAME_SHORTLIST))
        return [sid for sid in found if self._open(sid, signals.published)]


def _best(scores: dict[str, float], kept: int) -> list[str]:
    """The `kept` highest-scoring ids, ties by id. Only those at or above the kept-th score are
    sorted: an article meets hundreds of stories and keeps a few dozen."""
    if len(scores) > kept:
        values = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
        least = float(np.partition(values, len(values) - kept)[len(values) - kept])
        scores = {sid: value for sid, value in scores.items() if value >= least}
    return sorted(scores, key=lambda sid: (-scores[sid], sid))[:kept]
