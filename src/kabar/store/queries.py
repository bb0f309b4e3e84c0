"""The store's read-only queries behind the commands: stories, articles, explanations, search."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from kabar.errors import NotFound, StoreError
from kabar.store.analyses import read_analyses, story_entities


class StoreQueries:
    """What `kabar stories`, `story`, `article`, `explain`, `export` and `search` read (the
    SQLite store mixes it in; `db` is its connection)."""

    db: sqlite3.Connection

    def stories(self, *, limit: int | None = None, min_articles: int = 1) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT id, title, article_count AS articles, outlet_count AS outlets, "
            "original_count AS originals, first_seen, last_seen FROM stories "
            "WHERE article_count >= ? "
            "ORDER BY article_count DESC, outlet_count DESC, first_seen, id LIMIT ?",
            (min_articles, -1 if limit is None else limit),
        )
        return [dict(row) for row in rows]

    def story(self, story_id: str) -> dict[str, Any]:
        row = self.db.execute("SELECT * FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None:
            moved = self.db.execute(
                "SELECT merged_into FROM story_merges WHERE story_id=?", (story_id,)
            ).fetchone()
            if moved is not None:  # merged away: its articles are in the story that took them
                return self.story(moved[0])
            raise NotFound(f"no story {story_id!r}; `kabar stories` lists them")
        articles = self.db.execute(
            "SELECT id, outlet, published, title, url, lang, duplicate_of, dateline, attributions "
            "FROM articles WHERE story_id=? ORDER BY outlet, published, seq",
            (story_id,),
        )
        story = {key: row[key] for key in ("id", "title", "first_seen", "last_seen")}
        story["originals"] = row["original_count"]
        story["articles"] = [_article_row(article) for article in articles]
        story["outlets"] = sorted({a["outlet"] for a in story["articles"] if a["outlet"]})
        analyses = read_analyses(self.db, (a["id"] for a in story["articles"]))
        for found in story["articles"]:
            found["analysis"] = analyses.get(found["id"])
        story["entities"] = story_entities(self.db, story_id)
        story["merged"] = [
            {"story": merged, "score": score, "features": json.loads(features)}
            for merged, score, features in self.db.execute(
                "SELECT story_id, score, features FROM story_merges WHERE merged_into=? "
                "ORDER BY story_id",
                (story_id,),
            )
        ]
        return story

    def article(self, article_id: str) -> dict[str, Any]:
        row = self.db.execute(
            "SELECT a.*, r.fmt, r.published_text, r.raw, s.story_id AS joined, s.new_story, "
            "s.score, s.candidates, s.features "
            "FROM articles a JOIN raw_documents r ON r.article_id = a.id "
            "LEFT JOIN assignments s ON s.article_id = a.id WHERE a.id=?",
            (article_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no article {article_id!r}")
        found = _article_row(row)
        found["analysis"] = read_analyses(self.db, [article_id]).get(article_id)
        return found

    def explanation(self, article_id: str) -> dict[str, Any]:
        """How an article got its story: the decision, candidates with scores, deciding signals."""
        article = self.article(article_id)
        found = {
            key: article.get(key)
            for key in (
                "id",
                "title",
                "outlet",
                "published",
                "story_id",
                "duplicate_of",
                "joined",
                "new_story",
                "score",
            )
        }
        found["features"] = article.get("features") or []
        titles = {}
        for story_id, _ in article.get("candidates") or []:
            row = self.db.execute(
                "SELECT title, first_seen, last_seen FROM stories WHERE id=?", (story_id,)
            ).fetchone()
            titles[story_id] = dict(row) if row else {}
        found["candidates"] = [
            {"story": story_id, "score": score, **titles.get(story_id, {})}
            for story_id, score in article.get("candidates") or []
        ]
        return found

    def export(self) -> Iterator[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT id, story_id AS story, duplicate_of, outlet, published, title, url, lang "
            "FROM articles ORDER BY published, seq"
        )
        for row in rows:
            yield dict(row)

    def rejections(self) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT origin, reason, detail, at, run_id FROM rejections ORDER BY id"
        )
        return [dict(row) for row in rows]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles, bodies and sources (attributions, dateline; FTS5).

        FTS5's syntax works ("Korea Utara", Korut OR Korea, Semeru*). A query it cannot parse,
        as people type words ("Al-Ghazali", "O'Brien", "banjir-besar"), is searched as plain
        words instead: each must be found, a word with a hyphen or apostrophe as a phrase."""
        try:
            return self._matching(query, limit)
        except sqlite3.OperationalError as error:
            words = [word for word in query.split() if any(c.isalnum() for c in word)]
            if not words:
                raise StoreError(f"bad search query {query!r}: no words") from error
            plain = " ".join('"' + word.replace('"', '""') + '"' for word in words)
            try:
                return self._matching(plain, limit)
            except sqlite3.OperationalError:
                raise StoreError(f"bad search query {query!r}: {error}") from error

    def _matching(self, match: str, limit: int) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT a.id, a.story_id AS story, a.outlet, a.published, a.title "
            "FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        )
        return [dict(row) for row in rows]

    def counts(self) -> dict[str, int]:
        tables = ("articles", "stories", "rejections", "runs")
        return {t: int(self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}


def _article_row(row: sqlite3.Row) -> dict[str, Any]:
    article = dict(row)
    article.pop("sources", None)  # the search index's copy of the attributions and dateline
    for key in ("dateline", "attributions", "removals", "candidates", "features"):
        if article.get(key):
            article[key] = json.loads(article[key])
    return article
