"""Storing and reading article analyses: one JSON row per article plus an index of names."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from kabar.extract.analysis import ANALYSIS_VERSION, to_record
from kabar.model import Analysis


def write_analyses(db: sqlite3.Connection, analyses: Sequence[Analysis]) -> None:
    """Insert analyses inside the caller's transaction; an article analysed before keeps its row."""
    db.executemany(
        "INSERT OR IGNORE INTO analyses (article_id, version, data) VALUES (?, ?, ?)",
        [
            (a.article_id, ANALYSIS_VERSION, json.dumps(to_record(a), ensure_ascii=False))
            for a in analyses
        ],
    )
    rows: list[tuple[str, str, str, int]] = []
    for analysis in analyses:
        named = Counter((entity.canonical, entity.kind) for entity in analysis.entities)
        rows.extend(
            (analysis.article_id, name, kind, count) for (name, kind), count in named.items()
        )
    db.executemany("INSERT OR IGNORE INTO entity_mentions VALUES (?, ?, ?, ?)", rows)


def read_analyses(db: sqlite3.Connection, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored analysis records of these articles (articles without one are left out)."""
    ids = list(article_ids)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        query = f"SELECT article_id, data FROM analyses WHERE article_id IN ({marks})"
        for article_id, data in db.execute(query, chunk):
            found[article_id] = json.loads(data)
    return found


def story_entities(db: sqlite3.Connection, story_id: str, limit: int = 15) -> list[dict[str, Any]]:
    """The names a story's articles mention most, with how many articles name each."""
    rows = db.execute(
        "SELECT m.canonical, m.kind, COUNT(DISTINCT m.article_id) AS articles, "
        "SUM(m.mentions) AS mentions FROM entity_mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE a.story_id = ? GROUP BY m.canonical, m.kind "
        "ORDER BY articles DESC, mentions DESC, m.canonical LIMIT ?",
        (story_id, limit),
    )
    names = ("canonical", "kind", "articles", "mentions")
    return [dict(zip(names, row, strict=True)) for row in rows]
