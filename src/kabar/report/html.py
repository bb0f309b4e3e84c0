"""Render the stories of a store as one static HTML page (all untrusted text escaped)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from kabar.store.sqlite import SqliteStore


def _environment() -> Environment:
    # Autoescape is on for every template: article text and titles come from untrusted inputs.
    return Environment(
        loader=PackageLoader("kabar.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


def render_report(stories: list[dict[str, Any]], generated: datetime) -> str:
    """HTML for stories (each with its `articles`)."""
    template = _environment().get_template("report.html.j2")
    return template.render(stories=stories, generated=generated.isoformat(timespec="seconds"))


def write_report(store: SqliteStore, path: Path, min_articles: int = 1) -> int:
    """Write the report to `path`; return the number of stories in it."""
    stories = [store.story(row["id"]) for row in store.stories(min_articles=min_articles)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(stories, datetime.now(UTC)), encoding="utf-8")
    return len(stories)
