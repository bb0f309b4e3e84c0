"""`kabar analyze`: what each article says (entities, quotes, quantities, dates) as JSON lines."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

import click

from kabar.cli_common import console, settings_of
from kabar.model import Rejection


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--outlet", help="Outlet for inputs that name none.")
@click.option("--published", help="Publication time for inputs that give none.")
@click.option("--timezone", help="Zone for dates printed without one (default Asia/Jakarta).")
@click.option("--text/--no-text", default=True, show_default=True, help="Include the cleaned text.")
@click.pass_context
def analyze(
    ctx: click.Context,
    paths: tuple[str, ...],
    outlet: str | None,
    published: str | None,
    timezone: str | None,
    text: bool,
) -> None:
    """Analyse PATHS (as `ingest` reads them; - for JSONL on stdin) without storing anything.

    Prints one JSON line per article: id, title, published, lang, the cleaned text, and
    entities, quotes, quantities and dates with character offsets into that text. Inputs that
    cannot be read are reported on stderr with their reason.
    """
    from kabar.engine import analyze as run_analyze
    from kabar.extract.analysis import to_record

    settings = settings_of(ctx, outlet=outlet, published=published, timezone=timezone)
    done = rejected = 0
    for result in run_analyze(paths, settings, now=datetime.now(UTC)):
        if isinstance(result, Rejection):
            rejected += 1
            console.print(
                f"[yellow]rejected[/yellow] {result.origin}: {result.reason}: {result.detail}"
            )
            continue
        article, analysis = result
        record = {
            "id": article.id,
            "title": article.title,
            "outlet": article.outlet,
            "published": article.published.isoformat(),
            "lang": article.lang,
        }
        if text:
            record["text"] = article.text
        record.update({k: v for k, v in to_record(analysis).items() if k != "id"})
        click.echo(json.dumps(record, ensure_ascii=False))
        done += 1
    console.print(f"analysed {done} articles, {rejected} rejected")
    if done == 0 and rejected:
        sys.exit(1)
