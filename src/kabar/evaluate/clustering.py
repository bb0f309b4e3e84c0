"""Run a labelled set through the real ingest path and score the stories it gets."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kabar.engine import ingest
from kabar.errors import KabarError
from kabar.evaluate.datasets import DATASETS, LabelledSet, in_order
from kabar.evaluate.metrics import Scores, bcubed, interval, pairwise, story_bootstrap
from kabar.settings import Settings
from kabar.store.sqlite import SqliteStore


@dataclass(frozen=True, slots=True)
class ClusteringResult:
    """Scores of one run on one labelled set."""

    dataset: str
    documents: int
    gold_stories: int
    predicted_stories: int
    pairwise: Scores
    bcubed: Scores
    seconds: float
    # 90% intervals of the two F1s over resamples of the gold stories (`story_bootstrap`): how
    # much the figure owes to which stories the set happens to have.
    pairwise_interval: tuple[float, float] = (0.0, 0.0)
    bcubed_interval: tuple[float, float] = (0.0, 0.0)


def evaluate_clustering(
    name: str, settings: Settings, order: int | None = None
) -> ClusteringResult:
    """Ingest the set into a fresh temporary store (as a user would), export, and score; with
    `order`, an undated set in that seeded order (`in_order`)."""
    if name not in DATASETS:
        raise KabarError(f"unknown dataset {name!r}; known: {', '.join(sorted(DATASETS))}")
    labelled = DATASETS[name](settings.benchmarks)
    if order is not None:
        labelled = in_order(labelled, order)
    return score_labelled(labelled, settings)


def score_labelled(labelled: LabelledSet, settings: Settings) -> ClusteringResult:
    with tempfile.TemporaryDirectory(prefix="kabar-eval-") as folder:
        source = Path(folder) / f"{labelled.name}.jsonl"
        source.write_text(
            "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in labelled.records),
            encoding="utf-8",
        )
        # Stories do not depend on the analysis (entities, quotes): skip it, it is the slow part.
        analyze = settings.analyze.model_copy(update={"at_ingest": False})
        run_settings = settings.model_copy(
            update={"db": Path(folder) / "eval.db", "analyze": analyze}
        )
        started = datetime.now(UTC)
        ingest([str(source)], run_settings, now=started)
        seconds = (datetime.now(UTC) - started).total_seconds()
        with SqliteStore(run_settings.db) as store:
            predicted = {row["id"]: row["story"] for row in store.export()}
    wanted = {key: value for key, value in predicted.items() if key in labelled.gold}
    resampled = story_bootstrap(labelled.gold, wanted)
    return ClusteringResult(
        dataset=labelled.name,
        documents=len(labelled.gold),
        gold_stories=len(set(labelled.gold.values())),
        predicted_stories=len(set(wanted.values())),
        pairwise=pairwise(labelled.gold, wanted),
        bcubed=bcubed(labelled.gold, wanted),
        seconds=seconds,
        pairwise_interval=interval(resampled[:, 0]),
        bcubed_interval=interval(resampled[:, 1]),
    )
