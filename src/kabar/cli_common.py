"""What every kabar command shares: consoles, settings and store opening, table or JSON output."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.table import Table

from kabar.errors import KabarError
from kabar.settings import Settings, load_settings

console = Console(stderr=True, width=None if sys.stderr.isatty() else 120)
# Piped output (files, CI logs) gets a wide table instead of rich's default 80 columns.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
FORMATS = click.Choice(["table", "json"])
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?")


def settings_of(ctx: click.Context, **ingest: Any) -> Settings:
    overrides: dict[str, Any] = {"db": ctx.obj.get("db")}
    given = {key: value for key, value in ingest.items() if value not in (None, {}, ())}
    if given:
        overrides["ingest"] = given
    return load_settings(**overrides)


def open_store(ctx: click.Context):  # type: ignore[no-untyped-def]
    from kabar.store.sqlite import SqliteStore

    settings = settings_of(ctx)
    if not settings.db.exists():
        raise KabarError(f"no store at {settings.db}: run `kabar ingest PATH` first (or pass --db)")
    return SqliteStore(settings.db)


def emit(
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
        table.add_row(*(cell(row.get(column)) for column in columns))
    out.print(table)


def plural(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def cell(value: Any) -> str:
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
