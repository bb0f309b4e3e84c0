"""`kabar eval` and `kabar train`: score kabar against labelled data and fit its models."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kabar.cli_common import FORMATS, console, emit, settings_of

if TYPE_CHECKING:
    from kabar.evaluate.clustering import ClusteringResult


@click.group("eval")
def eval_group() -> None:
    """Score kabar against labelled data (read from the `benchmarks` setting)."""


@eval_group.command("clustering")
@click.option(
    "--dataset",
    "datasets",
    multiple=True,
    required=True,
    help="id-0618, id-0618am, id-0610, id-0610am, id-0609, id-0607 (Indonesian development "
    "sets), seeds, ecbplus (test split, every document at one time), ecbplus-as-given (test "
    "split undated, as the corpus gives it: kabar reads date lines), ecbplus-dev, ecbplus-train, "
    "meantime, newswcl50, basil; repeat for several.",
)
@click.option(
    "--orders",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Undated sets (the ecbplus splits, seeds) only: also score N seeded orders of the "
    "articles, and their mean (a stream's stories depend on its order; such a set has none).",
)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def eval_clustering(ctx: click.Context, datasets: tuple[str, ...], orders: int, fmt: str) -> None:
    """Pairwise and B-cubed precision, recall and F1 of the stories kabar builds."""
    from kabar.evaluate.clustering import evaluate_clustering

    settings = settings_of(ctx)
    rows = []
    for name in datasets:
        rows.append(_row(evaluate_clustering(name, settings)))
        if orders:
            ordered = [
                _row(evaluate_clustering(name, settings, seed)) for seed in range(1, orders + 1)
            ]
            rows.extend(ordered)
            rows.append(_mean(f"{name} mean of {orders} orders", ordered))
    emit(rows, fmt, list(rows[0]), "clustering")


def _mean(label: str, rows: list[dict[str, object]]) -> dict[str, object]:
    """The mean of each figure of `rows` (counts and seconds too), under `label`; an interval
    column stays empty (the orders' spread is in their rows)."""
    mean: dict[str, object] = {"dataset": label}
    for key in rows[0]:
        if key.endswith("_90"):
            mean[key] = ""
        elif key != "dataset":
            values = [float(row[key]) for row in rows]  # type: ignore[arg-type]
            mean[key] = round(
                sum(values) / len(values), 3 if key.endswith(("_p", "_r", "_f1")) else 1
            )
    return mean


def _row(result: ClusteringResult) -> dict[str, object]:
    return {
        "dataset": result.dataset,
        "docs": result.documents,
        "gold": result.gold_stories,
        "stories": result.predicted_stories,
        "pair_p": round(result.pairwise.precision, 3),
        "pair_r": round(result.pairwise.recall, 3),
        "pair_f1": round(result.pairwise.f1, 3),
        "pair_f1_90": "{:.3f}-{:.3f}".format(*result.pairwise_interval),
        "b3_p": round(result.bcubed.precision, 3),
        "b3_r": round(result.bcubed.recall, 3),
        "b3_f1": round(result.bcubed.f1, 3),
        "b3_f1_90": "{:.3f}-{:.3f}".format(*result.bcubed_interval),
        "seconds": round(result.seconds, 1),
    }


@click.group("train")
def train_group() -> None:
    """Fit kabar's models on labelled data (read from the `benchmarks` setting)."""


@train_group.command("clustering")
@click.option(
    "--dataset",
    "datasets",
    multiple=True,
    default=("id-0618", "id-0618am", "id-0610", "id-0609", "ecbplus-train"),
    show_default=True,
    help="Labelled sets to learn from; repeat for several.",
)
@click.option(
    "--out",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("src/kabar/cluster/model.json"),
    show_default=True,
)
@click.pass_context
def train_clustering(ctx: click.Context, datasets: tuple[str, ...], path: Path) -> None:
    """Learn how the clustering signals combine, and the join threshold."""
    from kabar.evaluate.datasets import DATASETS
    from kabar.evaluate.training import articles_of, fit, replay, tune

    settings = settings_of(ctx)
    streams, replays = [], []
    for name in datasets:
        labelled = DATASETS[name](settings.benchmarks)
        articles = articles_of(labelled, settings)
        streams.append((articles, labelled.gold))
        replays.append(replay(articles, labelled.gold, settings.cluster))
        found = replays[-1]
        console.print(
            f"{name}: {len(found.labels)} pairs, gold story retrieved "
            f"{found.retrieved}/{found.gold_open}"
        )
    tuning = tune(streams, fit(replays), settings.cluster)
    model, curve = tuning.model, tuning.rejoin or tuning.join
    path.write_text(
        model.to_json(trained_on=list(datasets), **tuning.curves()) + "\n", encoding="utf-8"
    )
    weights = ", ".join(f"{n} {w:+.2f}" for n, w in zip(model.features, model.weights, strict=True))
    console.print(
        f"threshold {model.threshold} ((pairwise + B-cubed F1) / 2: {curve[model.threshold]:.3f}), "
        f"merge threshold {model.merge.threshold if model.merge else None} "
        f"((pairwise + B-cubed F1) / 2: {max(tuning.merge.values(), default=0.0):.3f}), "
        f"single threshold {model.single.threshold if model.single else None} "
        f"({max(tuning.single.values(), default=0.0):.3f}); "
        f"weights: {weights} -> {path}"
    )


# name -> (module with `evaluate(benchmarks, dataset)`, its datasets, what it measures)
_ANALYSIS_EVALS = {
    "ner": ("kabar.evaluate.ner", "nerp, nergrit, idner-news-2k, indolem-nerugm, indolem-nerui"),
    "quotes": ("kabar.evaluate.quotes", "analysis-0618, seeds, polnear"),
    "quantities": ("kabar.evaluate.quantities", "analysis-0618, seeds"),
    "dates": ("kabar.evaluate.dates", "analysis-0618, seeds"),
}


def _analysis_eval(name: str, module: str, datasets_help: str) -> click.Command:
    @click.command(name)
    @click.option("--dataset", "datasets", multiple=True, required=True, help=datasets_help)
    @click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
    @click.pass_context
    def command(ctx: click.Context, datasets: tuple[str, ...], fmt: str) -> None:
        import importlib

        evaluate = importlib.import_module(module).evaluate
        settings = settings_of(ctx)
        for dataset in datasets:
            try:
                rows = evaluate(settings.benchmarks, dataset).rows()
            except FileNotFoundError as error:
                raise click.ClickException(str(error)) from error
            emit(rows, fmt, list(rows[0]) if rows else [], f"{name}: {dataset}")

    command.help = f"Precision, recall and F1 of kabar's {name} against labelled data."
    return command


for _name, (_module, _help) in _ANALYSIS_EVALS.items():
    eval_group.add_command(_analysis_eval(_name, _module, _help))


@train_group.command("ner")
@click.option(
    "--out",
    "path",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("src/kabar/extract/models"),
    show_default=True,
    help="Folder to write the model into (the default is the one kabar ships).",
)
@click.pass_context
def train_ner(ctx: click.Context, path: Path) -> None:
    """Train the named-entity model from the NER training splits under `benchmarks`."""
    from kabar.extract.ner_train import train

    settings = settings_of(ctx)
    summary = train(settings.benchmarks, path, progress=True)
    for key, value in summary.items():
        console.print(f"{key}: {value}", markup=False)
