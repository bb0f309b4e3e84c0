"""Commands that read the store: stories, story, article, explain, export, rejections, search."""

from __future__ import annotations

import json
import math
from typing import Any

import click

from kabar.cli_common import FORMATS, emit, open_store, out


@click.command()
@click.option("--limit", type=int, default=None, help="At most this many stories.")
@click.option("--min-articles", type=int, default=1, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def stories(ctx: click.Context, limit: int | None, min_articles: int, fmt: str) -> None:
    """Stories, biggest first: id, title, articles, outlets, originals, first and last seen."""
    with open_store(ctx) as store:
        rows = store.stories(limit=limit, min_articles=min_articles)
    columns = ["id", "title", "articles", "outlets", "originals", "first_seen", "last_seen"]
    emit(rows, fmt, columns, "stories")


@click.command()
@click.argument("story_id")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def story(ctx: click.Context, story_id: str, fmt: str) -> None:
    """One story: its articles by outlet and time."""
    with open_store(ctx) as store:
        found = store.story(story_id)
    if fmt == "json":
        emit(found, fmt, [], "")
        return
    out.print(f"{found['title']}  [{found['id']}]", markup=False)
    out.print(
        f"{len(found['articles'])} articles ({found['originals']} originals, the rest copies) "
        f"from {len(found['outlets'])} outlets, "
        f"{found['first_seen']} to {found['last_seen']}",
        markup=False,
    )
    if story_id != found["id"]:
        out.print(f"({story_id} was merged into this story)", markup=False)
    for merged in found.get("merged") or []:
        out.print(f"merged in: story {merged['story']} (p={merged['score']:.2f})", markup=False)
    emit(found["articles"], fmt, ["outlet", "published", "title", "id", "duplicate_of"], "articles")
    if found.get("entities"):
        emit(found["entities"], fmt, ["canonical", "kind", "articles", "mentions"], "who and what")
    _print_said(found["articles"])


def _print_said(articles: list[dict[str, Any]]) -> None:
    """Per original article: its quotes with speakers, its numbers and its dates, side by side."""
    for item in articles:
        analysis = item.get("analysis")
        if not analysis or item.get("duplicate_of"):
            continue
        said = analysis["quotes"]
        numbers = [q for q in analysis["quantities"] if q.get("noun") or q.get("unit")]
        if not said and not numbers:
            continue
        out.print(f"\n{item['outlet'] or '?'}: {item['title']}", markup=False)
        for quote in said:
            flag = " [denial]" if quote["denial"] else ""
            marks = "“{}”" if quote["kind"] == "direct" else "{}"
            content = marks.format(quote["content"])
            out.print(f"  {quote['speaker'] or '?'}{flag}: {content}", markup=False)
        for quantity in numbers:
            what = quantity.get("noun") or quantity.get("unit") or ""
            out.print(f"  number: {quantity['text']} {what}".rstrip(), markup=False)
        dates = ", ".join(f"{d['text']} = {d['value']}" for d in analysis["dates"] if d["value"])
        if dates:
            out.print(f"  dates: {dates}", markup=False)


@click.command()
@click.argument("article_id")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--raw", is_flag=True, help="Also print the input exactly as read.")
@click.pass_context
def article(ctx: click.Context, article_id: str, fmt: str, raw: bool) -> None:
    """One article: cleaned text, dateline, attributions, what cleaning removed and why."""
    with open_store(ctx) as store:
        found = store.article(article_id)
    if not raw:
        found.pop("raw", None)
    if fmt == "json":
        emit(found, fmt, [], "")
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


@click.command()
@click.argument("article_id")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def explain(ctx: click.Context, article_id: str, fmt: str) -> None:
    """Why an article is in its story: candidates, scores and the signals that decided."""
    with open_store(ctx) as store:
        found = store.explanation(article_id)
    if fmt == "json":
        emit(found, fmt, [], "")
        return
    out.print(_explain_line(found), markup=False)
    if found["candidates"]:  # none for a duplicate, or the first article of its kind
        columns = ["story", "score", "title", "last_seen"]
        emit(found["candidates"], fmt, columns, "candidate stories")
    rows = [{"signal": n, "value": v, "push": p} for n, v, p in found["features"]]
    if rows:
        emit(rows, fmt, ["signal", "value", "push"], "signals of the best candidate")


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
    if "fixture_clash" in values:
        signals += "; the closest story is another match (vetoed)"
    elif "figure_clash" in values:
        signals += "; the closest story gives another figure in its titles (vetoed)"
    verb = "started story" if found["new_story"] else f"joined story (p={found['score']:.2f})"
    joined, story = found.get("joined") or found["story_id"], found["story_id"]
    merged = f" (since merged into {story})" if joined != story else ""
    return f"{found['id']} {verb} {joined}{merged}: {signals or 'no candidate story was open'}"


@click.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.pass_context
def export(ctx: click.Context, fmt: str) -> None:
    """Every article as one JSON line: id, story, duplicate_of, outlet, published, title."""
    with open_store(ctx) as store:
        for row in store.export():
            click.echo(json.dumps(row, ensure_ascii=False))


@click.command()
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def rejections(ctx: click.Context, fmt: str) -> None:
    """Inputs that could not be ingested, with the reason."""
    with open_store(ctx) as store:
        rows = store.rejections()
    emit(rows, fmt, ["origin", "reason", "detail", "at"], "rejections")


@click.command()
@click.argument("query")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, fmt: str) -> None:
    """Full-text search of titles, bodies and sources (attribution lines, dateline; FTS5)."""
    with open_store(ctx) as store:
        rows = store.search(query, limit)
    emit(rows, fmt, ["id", "story", "outlet", "published", "title"], f"search: {query}")
