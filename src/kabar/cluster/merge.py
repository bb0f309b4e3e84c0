"""The merge step: two open stories that turn out to tell one event become one.

A story's first articles decide what it is about, and an event told two ways at first (a verdict
and the reactions to it, worded unlike each other) can start two stories that later converge. Each
time a story's core changes (its first CORE_SIZE articles: after that its profile is fixed), the
story itself is scored against the other open stories with the same model that scores articles,
the story standing in for an article (its summed terms, titles, names and figures). Above the
model's merge threshold, chosen on the training streams like the join threshold, the younger story
is folded into the older one: its articles move, its id is kept as a pointer for links.
"""

from __future__ import annotations

import numpy as np

from kabar.cluster.profile import (
    CORE_SIZE,
    TERMS_KEPT,
    TITLE_TERMS_KEPT,
    StoryProfile,
    _add,
    _arrays,
    _norm,
)
from kabar.cluster.signals import ArticleSignals, Vector


def _unit(vector: dict[int, float]) -> Vector:
    indices, weights = _arrays(vector)
    norm = float(np.linalg.norm(weights))
    return indices, weights / norm if norm else weights


def story_signals(story_id: str, profile: StoryProfile) -> ArticleSignals:
    """A story as if it were one article: its core's terms, titles, names and figures."""
    core = min(profile.size, CORE_SIZE) or 1
    return ArticleSignals(
        id=story_id,
        terms=_unit(profile.terms),
        title=_unit(profile.title),
        names={name: weight / core for name, weight in sorted(profile.names.items())},
        numbers=frozenset(profile.numbers),
        lang=min(profile.langs, key=lambda lang: (-profile.langs[lang], lang)),
        outlet=None,
        published=profile.last_seen,
        quantities=frozenset(profile.quantities),
    )


def absorb(kept: StoryProfile, dropped: StoryProfile) -> None:
    """Fold one profile into another (both cores' terms and names, all counts and times)."""
    for mine, theirs, limit in (
        ("terms", dropped.terms, TERMS_KEPT),
        ("title", dropped.title, TITLE_TERMS_KEPT),
    ):
        indices, weights = _arrays(theirs)
        setattr(kept, mine, _add(getattr(kept, mine), (indices, weights), limit))
    kept.names.update(dropped.names)
    kept.names_mass = sum(kept.names.values())
    kept.fixtures.update(dropped.fixtures)
    kept.quantities.update(dropped.quantities)
    kept.numbers.update(dropped.numbers)
    kept.langs.update(dropped.langs)
    kept.outlets.update(dropped.outlets)
    kept.size += dropped.size
    kept.first_seen = min(kept.first_seen, dropped.first_seen)
    kept.last_seen = max(kept.last_seen, dropped.last_seen)
    kept.terms_arrays = kept.title_arrays = None
    kept.terms_norm, kept.title_norm = _norm(kept.terms), _norm(kept.title)
