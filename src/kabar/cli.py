"""Command line: the `kabar` group with `ingest`, `report` and `settings`; the rest in cli_*.py."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from kabar.cli_analysis import analyze
from kabar.cli_common import (
    FORMATS,
    KabarGroup,
    console,
    emit,
    open_store,
    plural,
    settings_of,
)
from kabar.cli_eval import eval_group, train_group
from kabar.cli_stories import article, explain, export, rejections, search, stories, story
from kabar.settings import CONFIG_ENV, Settings, describe_settings


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
@click.option(
    "--published", help="Publication time for inputs that give none and print no date line."
)
@click.option("--timezone", help="Zone for dates printed without one (default Asia/Jakarta).")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=COLUMN[,...]",
    help="CSV columns for kabar fields, e.g. title=judul,text=isi_berita.",
)
@click.option("--quiet", is_flag=True, help="No progress bar (with --follow: no summary).")
@click.option(
    "--follow",
    is_flag=True,
    help="Stay resident and take JSONL articles one at a time from PATH (one JSONL file, "
    "followed like tail -f until interrupted, or - for stdin until it ends); print one JSON "
    "line per article once it is stored.",
)
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[str, ...],
    outlet: str | None,
    published: str | None,
    timezone: str | None,
    mapping: tuple[str, ...],
    quiet: bool,
    follow: bool,
) -> None:
    """Read PATHS (files, folders, feed URLs, - for JSONL on stdin), store and cluster them."""
    from kabar.engine import ingest as run_ingest

    settings = settings_of(
        ctx, outlet=outlet, published=published, timezone=timezone, csv_map=_parse_map(mapping)
    )
    if follow:
        if len(paths) != 1:
            raise click.UsageError(
                "--follow takes exactly one PATH: a JSONL file, or - for standard input"
            )
        _follow(paths[0], settings, quiet)
        return
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
    stories_made = plural(report.new_stories, "new story", "new stories")
    console.print(
        f"added {plural(report.added, 'article', 'articles')} "
        f"({plural(report.duplicates, 'duplicate', 'duplicates')}), "
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


def _follow(source: str, settings: Settings, quiet: bool) -> None:
    """`ingest --follow`: one JSON line per input line on stdout, a summary on stderr."""
    from kabar.follow import Taken, follow

    if source != "-" and Path(source).suffix.lower() in _NOT_JSONL:
        raise click.UsageError(f"--follow reads JSONL, not {Path(source).suffix} files")
    stopping = threading.Event()

    def stop(signum: int, frame: object) -> None:
        stopping.set()  # the article in hand is finished and stored, then a checkpoint
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl-C: at once
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def emit(taken: Taken) -> None:
        try:
            click.echo(json.dumps(taken.to_json(), ensure_ascii=False))
            sys.stdout.flush()
        except BrokenPipeError:  # the reader went away: stop cleanly, print nothing more
            stopping.set()
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {number: signal.signal(number, stop) for number in _STOP_SIGNALS}
    try:
        ingester = follow(source, settings, emit=emit, stop=stopping.is_set)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    report = ingester.report
    origin = "stdin" if source == "-" else source
    if not quiet:
        stories_made = plural(report.new_stories, "new story", "new stories")
        console.print(
            f"followed {origin}: added {plural(report.added, 'article', 'articles')} "
            f"({plural(report.duplicates, 'duplicate', 'duplicates')}), "
            f"{report.unchanged} already stored, {stories_made}, {ingester.rejected} rejected, "
            f"{plural(ingester.checkpoints, 'checkpoint', 'checkpoints')} -> {settings.db}"
        )
    if report.added + report.unchanged == 0 and ingester.rejected:
        sys.exit(1)


_NOT_JSONL = {".csv", ".txt", ".html", ".htm", ".rss", ".atom", ".xml"}
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


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

    settings = settings_of(ctx)
    target = path or settings.report.path
    with open_store(ctx) as store:
        count = write_report(store, target, min_articles or settings.report.min_articles)
    console.print(f"wrote {count} stories to {target}")


@main.command("settings")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def settings_command(ctx: click.Context, fmt: str) -> None:
    """Every setting: its value now, its default, and what it does.

    Set them in kabar.toml (or --config FILE), KABAR_* variables (KABAR_CLUSTER__THRESHOLD for
    cluster.threshold) or command options, each overriding the one before.
    """
    current = json.loads(settings_of(ctx).to_json())
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
    emit(rows, fmt, ["setting", "value", "default", "description"], "settings")


main.add_command(eval_group)
main.add_command(train_group)
main.add_command(analyze)
for _command in (stories, story, article, explain, export, rejections, search):
    main.add_command(_command)

if __name__ == "__main__":
    main()
