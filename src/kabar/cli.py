"""Command line: `kabar ingest`, `stories`, `story`, `article`, `export`, `rejections`, `report`."""

from __future__ import annotations

import json
import math
import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from kabar.errors import KabarError
from kabar.settings import CONFIG_ENV, Settings, describe_settings, load_settings

console = Console(stderr=True, width=None if sys.stderr.isatty() else 120)
# Piped output (files, CI logs) gets a wide table instead of rich's default 80 columns.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
FORMATS = click.Choice(["table", "json"])
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?")


def _settings(ctx: click.Context, **ingest: Any) -> Settings:
    overrides: dict[str, Any] = {"db": ctx.obj.get("db")}
    given = {key: value for key, value in ingest.items() if value not in (None, {}, ())}
    if given:
        overrides["ingest"] = given
    return load_settings(**overrides)


def _store(ctx: click.Context):  # type: ignore[no-untyped-def]
    from kabar.store.sqlite import SqliteStore

    settings = _settings(ctx)
    if not settings.db.exists():
        raise KabarError(f"no store at {settings.db}: run `kabar ingest PATH` first (or pass --db)")
    return SqliteStore(settings.db)


def _emit(
    rows: list[dict[str, Any]] | dict[str, Any], fmt: str, columns: list[str], title: str
) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
    for column in columns:
        wide = column in ("title", "detail", "origin", "description")
        table.add_column(column, overflow="fold", no_wrap=not wide, min_width=20 if wide else None)
    for row in rows if isinstance(rows, list) else [rows]:
        table.add_row(*(_cell(row.get(column)) for column in columns))
    out.print(table)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, str) and _ISO_TIME.fullmatch(value):
        return value[:16].replace("T", " ")  # tables show minutes in UTC; JSON keeps it all
    return str(value)


class KabarGroup(click.Group):
    """Turns kabar's own errors into one clear line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KabarError as error:
            console.print(f"[red]error[/red] ({error.code}): {error}")
            sys.exit(2)


@click.group(cls=KabarGroup)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="KABAR_DB",
    help="SQLite store (default kabar.db; env KABAR_DB).",
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Settings file (default ./kabar.toml when present; env KABAR_CONFIG).",
)
@click.version_option(package_name="kabar")
@click.pass_context
def main(ctx: click.Context, db: Path | None, config: Path | None) -> None:
    """kabar: news articles in, stories out."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if config is not None:
        os.environ[CONFIG_ENV] = str(config)  # read by every settings load in this process


def _parse_map(values: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for value in values:
        for pair in value.split(","):
            field, sep, column = pair.partition("=")
            if not sep or not field.strip() or not column.strip():
                raise click.BadParameter(f"{pair!r}: expected FIELD=COLUMN", param_hint="--map")
            mapping[field.strip()] = column.strip()
    return mapping


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--outlet", help="Outlet for inputs that name none.")
@click.option("--published", help="Publication time for inputs that give none.")
@click.option("--timezone", help="Zone for dates printed without one (default Asia/Jakarta).")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=COLUMN[,...]",
    help="CSV columns for kabar fields, e.g. title=judul,text=isi_berita.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[str, ...],
    outlet: str | None,
    published: str | None,
    timezone: str | None,
    mapping: tuple[str, ...],
    quiet: bool,
) -> None:
    """Read PATHS (files, folders, feed URLs, - for JSONL on stdin), store and cluster them."""
    from kabar.engine import ingest as run_ingest

    settings = _settings(
        ctx, outlet=outlet, published=published, timezone=timezone, csv_map=_parse_map(mapping)
    )
    now = datetime.now(UTC)
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=False,
    ) as bar:
        task = bar.add_task("ingest", total=None, rate="")
        started = datetime.now(UTC)

        def progress(count: int) -> None:
            if count % 50 == 0:
                seconds = max((datetime.now(UTC) - started).total_seconds(), 1e-6)
                bar.update(task, completed=count, rate=f"{count / seconds:,.0f}/s")

        report = run_ingest(paths, settings, now=now, progress=progress)
        bar.update(task, completed=report.seen, total=report.seen)
    stories_made = _count(report.new_stories, "new story", "new stories")
    console.print(
        f"added {report.added} articles ({report.duplicates} duplicates), "
        f"{report.unchanged} already stored, {stories_made}, "
        f"{len(report.rejections)} rejected -> {settings.db}"
    )
    for rejection in report.rejections[:10]:
        console.print(
            f"  [yellow]rejected[/yellow] {rejection.origin}: "
            f"{rejection.reason}: {rejection.detail}"
        )
    if len(report.rejections) > 10:
        console.print(f"  ... and {len(report.rejections) - 10} more: `kabar rejections`")
    if not report.ok:
        sys.exit(1)


@main.command()
@click.option("--limit", type=int, default=None, help="At most this many stories.")
@click.option("--min-articles", type=int, default=1, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def stories(ctx: click.Context, limit: int | None, min_articles: int, fmt: str) -> None:
    """Stories, biggest first: id, title, articles, outlets, originals, first and last seen."""
    with _store(ctx) as store:
        rows = store.stories(limit=limit, min_articles=min_articles)
    columns = ["id", "title", "articles", "outlets", "originals", "first_seen", "last_seen"]
    _emit(rows, fmt, columns, "stories")


@main.command()
@click.argument("story_id")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def story(ctx: click.Context, story_id: str, fmt: str) -> None:
    """One story: its articles by outlet and time."""
    with _store(ctx) as store:
        found = store.story(story_id)
    if fmt == "json":
        _emit(found, fmt, [], "")
        return
    out.print(f"{found['title']}  [{found['id']}]", markup=False)
    out.print(
        f"{len(found['articles'])} articles ({found['originals']} originals, the rest copies) "
        f"from {len(found['outlets'])} outlets, "
        f"{found['first_seen']} to {found['last_seen']}",
        markup=False,
    )
    _emit(
        found["articles"], fmt, ["outlet", "published", "title", "id", "duplicate_of"], "articles"
    )


@main.command()
@click.argument("article_id")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--raw", is_flag=True, help="Also print the input exactly as read.")
@click.pass_context
def article(ctx: click.Context, article_id: str, fmt: str, raw: bool) -> None:
    """One article: cleaned text, dateline, attributions, what cleaning removed and why."""
    with _store(ctx) as store:
        found = store.article(article_id)
    if not raw:
        found.pop("raw", None)
    if fmt == "json":
        _emit(found, fmt, [], "")
        return
    for key in (
        "id",
        "title",
        "outlet",
        "published",
        "url",
        "lang",
        "story_id",
        "duplicate_of",
        "dateline",
        "attributions",
    ):
        out.print(f"{key}: {found.get(key)}", markup=False)
    out.print("\n" + found["text"] + "\n", markup=False)
    for removal in found.get("removals") or []:
        out.print(
            f"removed [{removal['rule']}] {removal['text']!r} ({removal['reason']})", markup=False
        )
    if raw:
        out.print("\n--- raw ---\n" + found["raw"], markup=False)


@main.command()
@click.argument("article_id")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def explain(ctx: click.Context, article_id: str, fmt: str) -> None:
    """Why an article is in its story: candidates, scores and the signals that decided."""
    with _store(ctx) as store:
        found = store.explanation(article_id)
    if fmt == "json":
        _emit(found, fmt, [], "")
        return
    out.print(_explain_line(found), markup=False)
    _emit(found["candidates"], fmt, ["story", "score", "title", "last_seen"], "candidate stories")
    rows = [{"signal": n, "value": v, "push": p} for n, v, p in found["features"]]
    _emit(rows, fmt, ["signal", "value", "push"], "signals of the best candidate")


def _explain_line(found: dict[str, Any]) -> str:
    if found["duplicate_of"]:
        original, story = found["duplicate_of"], found["story_id"]
        return f"{found['id']}: a duplicate of {original}, so in its story {story}"
    values = {name: value for name, value, _ in found["features"]}
    signals = ", ".join(
        f"{name} {values[name]:.2f}" for name in ("terms", "title", "names") if name in values
    )
    if "hours" in values:
        signals += f", {math.expm1(values['hours']):.0f} h apart"
    verb = "started story" if found["new_story"] else f"joined story (p={found['score']:.2f})"
    return f"{found['id']} {verb} {found['story_id']}: {signals or 'no candidate story was open'}"


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.pass_context
def export(ctx: click.Context, fmt: str) -> None:
    """Every article as one JSON line: id, story, duplicate_of, outlet, published, title."""
    with _store(ctx) as store:
        for row in store.export():
            click.echo(json.dumps(row, ensure_ascii=False))


@main.command()
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def rejections(ctx: click.Context, fmt: str) -> None:
    """Inputs that could not be ingested, with the reason."""
    with _store(ctx) as store:
        rows = store.rejections()
    _emit(rows, fmt, ["origin", "reason", "detail", "at"], "rejections")


@main.command()
@click.argument("query")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, fmt: str) -> None:
    """Full-text search of titles and bodies (SQLite FTS5 syntax)."""
    with _store(ctx) as store:
        rows = store.search(query, limit)
    _emit(rows, fmt, ["id", "story", "outlet", "published", "title"], f"search: {query}")


@main.command()
@click.option(
    "--out",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="HTML file to write (default report.path setting).",
)
@click.option("--min-articles", type=int, default=None)
@click.pass_context
def report(ctx: click.Context, path: Path | None, min_articles: int | None) -> None:
    """Write a static HTML report of the stories."""
    from kabar.report.html import write_report

    settings = _settings(ctx)
    target = path or settings.report.path
    with _store(ctx) as store:
        count = write_report(store, target, min_articles or settings.report.min_articles)
    console.print(f"wrote {count} stories to {target}")


@main.group("eval")
def eval_group() -> None:
    """Score kabar against labelled data (read from the `benchmarks` setting)."""


@eval_group.command("clustering")
@click.option(
    "--dataset",
    "datasets",
    multiple=True,
    required=True,
    help="seeds, ecbplus (test split), ecbplus-dev, ecbplus-train, meantime, newswcl50, "
    "basil; repeat for several.",
)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def eval_clustering(ctx: click.Context, datasets: tuple[str, ...], fmt: str) -> None:
    """Pairwise and B-cubed precision, recall and F1 of the stories kabar builds."""
    from kabar.evaluate.clustering import evaluate_clustering

    settings = _settings(ctx)
    rows = []
    for name in datasets:
        result = evaluate_clustering(name, settings)
        rows.append(
            {
                "dataset": result.dataset,
                "docs": result.documents,
                "gold": result.gold_stories,
                "stories": result.predicted_stories,
                "pair_p": round(result.pairwise.precision, 3),
                "pair_r": round(result.pairwise.recall, 3),
                "pair_f1": round(result.pairwise.f1, 3),
                "b3_p": round(result.bcubed.precision, 3),
                "b3_r": round(result.bcubed.recall, 3),
                "b3_f1": round(result.bcubed.f1, 3),
                "seconds": round(result.seconds, 1),
            }
        )
    _emit(rows, fmt, list(rows[0]), "clustering")


@main.group("train")
def train_group() -> None:
    """Fit kabar's models on labelled data (read from the `benchmarks` setting)."""


@train_group.command("clustering")
@click.option(
    "--dataset",
    "datasets",
    multiple=True,
    default=("id-0618", "id-0610", "ecbplus-train"),
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

    settings = _settings(ctx)
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
    model, curve = tune(streams, fit(replays), settings.cluster)
    path.write_text(
        model.to_json(trained_on=list(datasets), threshold_curve=curve) + "\n", encoding="utf-8"
    )
    weights = ", ".join(f"{n} {w:+.2f}" for n, w in zip(model.features, model.weights, strict=True))
    console.print(
        f"threshold {model.threshold} (mean pairwise F1 {curve[model.threshold]:.3f}); "
        f"weights: {weights} -> {path}"
    )


@main.command("settings")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def settings_command(ctx: click.Context, fmt: str) -> None:
    """Every setting: its value now, its default, and what it does.

    Set them in kabar.toml (or --config FILE), KABAR_* variables (KABAR_CLUSTER__THRESHOLD for
    cluster.threshold) or command options, each overriding the one before.
    """
    current = json.loads(_settings(ctx).to_json())
    rows = []
    for name, default, description in describe_settings():
        value: Any = current
        for part in name.split("."):
            value = value[part]
        rows.append(
            {
                "setting": name,
                "value": json.dumps(value),
                "default": default,
                "description": description,
            }
        )
    _emit(rows, fmt, ["setting", "value", "default", "description"], "settings")


if __name__ == "__main__":
    main()
