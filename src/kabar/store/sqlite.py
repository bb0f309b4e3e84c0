"""The embedded store: one SQLite file in WAL mode, one writer, migrations, FTS5 search."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from kabar.cluster.state import StoryState
from kabar.errors import StoreError
from kabar.model import (
    Analysis,
    Article,
    Assignment,
    Merge,
    RawDocument,
    Rejection,
    survivors,
)
from kabar.store.analyses import write_analyses
from kabar.store.migrations import migrate
from kabar.store.queries import StoreQueries


def to_text(moment: datetime) -> str:
    """UTC ISO 8601 text: sorts as time does."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text)


class SqliteStore(StoreQueries):
    """Articles, raw inputs, stories, assignments and rejections in one SQLite database."""

    def __init__(self, path: Path | str, *, durable: bool = False) -> None:
        """`durable`: each commit is synced to disk before it returns (synchronous=FULL), so it
        survives a power loss too; by default (NORMAL, WAL) it survives a crash of the process,
        and a power loss may take back the last commits."""
        self.path = Path(path)
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=10000")
            self.version = migrate(self.db)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open store {path}: {error}") from error

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- runs ---------------------------------------------------------------------------------

    def start_run(self, settings_json: str, inputs: Sequence[str], now: datetime) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs (started, settings, inputs) VALUES (?, ?, ?)",
            (to_text(now), settings_json, json.dumps(list(inputs))),
        )
        return int(cursor.lastrowid or 0)

    def finish_run(
        self, run_id: int, now: datetime, added: int, unchanged: int, rejected: int
    ) -> None:
        self.db.execute(
            "UPDATE runs SET finished=?, added=?, unchanged=?, rejected=? WHERE id=?",
            (to_text(now), added, unchanged, rejected, run_id),
        )

    # ---- what the engine reads once per batch -------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return self._present("SELECT id FROM articles WHERE id IN ({})", list(ids))

    def originals_by_hash(self, hashes: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """content hash -> (earliest original article id, its story) for hashes already stored."""
        return self._originals("content_hash", hashes)

    def originals_by_url(self, urls: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """URL -> (earliest original article id, its story) for URLs already stored."""
        return self._originals("url", urls)

    def _originals(self, column: str, values: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        found: dict[str, tuple[str, str | None]] = {}
        for chunk in _chunks(sorted(set(values))):
            rows = self.db.execute(
                f"SELECT {column}, id, story_id FROM articles WHERE duplicate_of IS NULL "
                f"AND {column} IN ({','.join('?' * len(chunk))}) ORDER BY published, seq",
                chunk,
            )
            for row in rows:
                found.setdefault(row[column], (row["id"], row["story_id"]))
        return found

    def _present(self, query: str, values: list[str]) -> set[str]:
        present: set[str] = set()
        for chunk in _chunks(values):
            rows = self.db.execute(query.format(",".join("?" * len(chunk))), chunk)
            present.update(row[0] for row in rows)
        return present

    def active_stories(self, since: datetime, until: datetime | None = None) -> list[StoryState]:
        """Stories whose last article is at or after `since` (and before `until`, when given),
        with their clusterer vectors."""
        span = "s.last_seen >= ?" + ("" if until is None else " AND s.last_seen < ?")
        bounds = (to_text(since),) if until is None else (to_text(since), to_text(until))
        rows = self.db.execute(
            f"SELECT * FROM stories s WHERE {span} ORDER BY id", bounds
        ).fetchall()
        outlets: dict[str, set[str]] = {row["id"]: set() for row in rows}
        # One query for all stories' outlets (not one per story: the window holds thousands).
        found = self.db.execute(
            # CROSS JOIN keeps the open stories as the outer loop (SQLite would otherwise scan
            # every article): 15-22 ms instead of 400 ms with 100k stored.
            "SELECT DISTINCT a.story_id, a.outlet FROM stories s CROSS JOIN articles a "
            f"ON a.story_id = s.id WHERE {span} AND a.outlet IS NOT NULL",
            bounds,
        )
        for story_id, outlet in found:
            outlets.setdefault(story_id, set()).add(outlet)
        states = []
        for row in rows:
            states.append(
                StoryState(
                    id=row["id"],
                    title=row["title"],
                    first_seen=from_text(row["first_seen"]),
                    last_seen=from_text(row["last_seen"]),
                    article_count=row["article_count"],
                    outlets=outlets[row["id"]],
                    state=bytes(row["state"] or b""),
                )
            )
        return states

    def unanalysed(self, *, before_run: int, last: int) -> list[Article]:
        """Articles left without an analysis by runs that never finished (a crashed follower
        stores its last analyses after their articles) and that analysed at ingest: of each such
        run before `before_run`, the `last` articles it stored, those with no analysis row."""
        runs = self.db.execute(
            "SELECT id, settings FROM runs WHERE finished IS NULL AND id < ? ORDER BY id",
            (before_run,),
        ).fetchall()
        found: list[Article] = []
        for run_id, settings in runs:
            try:
                at_ingest = bool(json.loads(settings)["analyze"]["at_ingest"])
            except (ValueError, KeyError, TypeError):  # settings of an older kabar: look anyway
                at_ingest = True
            if not at_ingest:
                continue
            rows = self.db.execute(
                "SELECT * FROM (SELECT * FROM articles WHERE run_id = ? ORDER BY seq DESC LIMIT ?)"
                " AS a WHERE NOT EXISTS (SELECT 1 FROM analyses WHERE article_id = a.id)"
                " ORDER BY seq",
                (run_id, last),
            )
            found.extend(_stored_article(row) for row in rows)
        return found

    def placement(self, article_id: str) -> tuple[str | None, str | None] | None:
        """(story id, duplicate_of) of a stored article; None when it is not stored."""
        row = self.db.execute(
            "SELECT story_id, duplicate_of FROM articles WHERE id=?", (article_id,)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def story_of(self, article_id: str) -> str | None:
        found = self.placement(article_id)
        return None if found is None else found[0]

    def clusterer_state(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT state FROM clusterer_state WHERE name=?", (name,)).fetchone()
        return None if row is None else bytes(row[0])

    # ---- the one write per batch --------------------------------------------------------------

    def write_batch(
        self,
        *,
        run_id: int,
        articles: Sequence[tuple[Article, RawDocument, str | None, str | None]],
        assignments: Sequence[Assignment],
        stories: Sequence[StoryState],
        rejections: Sequence[Rejection],
        states: Sequence[tuple[str, bytes]] = (),
        analyses: Sequence[Analysis] = (),
        merges: Sequence[Merge] = (),
    ) -> None:
        """Store a batch atomically: (article, raw, story id, duplicate_of) rows and the rest.

        Story ids in `articles` are final (after the batch's merges); `merges` move the articles
        stored earlier and drop the merged stories."""
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                seq = int(
                    self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
                )
                for offset, (article, raw, story_id, duplicate_of) in enumerate(articles, start=1):
                    self._insert_article(article, raw, story_id, duplicate_of, run_id, seq + offset)
                self.db.executemany(
                    "INSERT OR REPLACE INTO assignments "
                    "(article_id, story_id, new_story, score, candidates, features) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (
                            a.article_id,
                            a.story_id,
                            int(a.new_story),
                            a.score,
                            json.dumps(a.candidates),
                            json.dumps(a.features),
                        )
                        for a in assignments
                    ],
                )
                for story in stories:
                    self._upsert_story(story)
                self._merge(merges, run_id)
                touched = {story_id for _, _, story_id, _ in articles if story_id}
                self._recount(touched | set(survivors(list(merges)).values()))
                self.db.executemany(
                    "INSERT OR IGNORE INTO rejections (origin, reason, detail, at, run_id) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(r.origin, r.reason, r.detail, to_text(r.at), run_id) for r in rejections],
                )
                self.db.executemany("INSERT OR REPLACE INTO clusterer_state VALUES (?, ?)", states)
                write_analyses(self.db, analyses)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot write to store {self.path}: {error}") from error

    def _insert_article(
        self,
        article: Article,
        raw: RawDocument,
        story_id: str | None,
        duplicate_of: str | None,
        run_id: int,
        seq: int,
    ) -> None:
        dateline = (
            json.dumps(asdict(article.dateline), ensure_ascii=False) if article.dateline else None
        )
        self.db.execute(
            "INSERT OR IGNORE INTO articles (id, content_hash, url, outlet, published, "
            "published_estimated, title, text, lang, author, dateline, attributions, removals, "
            "origin, story_id, duplicate_of, run_id, seq, sources) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.content_hash,
                article.url,
                article.outlet,
                to_text(article.published),
                int(article.published_estimated),
                article.title,
                article.text,
                article.lang,
                article.author,
                dateline,
                json.dumps([asdict(a) for a in article.attributions], ensure_ascii=False),
                json.dumps([asdict(r) for r in article.removals], ensure_ascii=False),
                article.origin,
                story_id,
                duplicate_of,
                run_id,
                seq,
                _sources_of(article),
            ),
        )
        self.db.execute(
            "INSERT OR IGNORE INTO raw_documents VALUES (?, ?, ?, ?)",
            (article.id, raw.fmt, raw.published_text, raw.raw),
        )

    def _merge(self, merges: Sequence[Merge], run_id: int) -> None:
        final = survivors(list(merges))
        for merge in merges:
            kept = final[merge.dropped]
            self.db.execute(
                "UPDATE articles SET story_id=? WHERE story_id=?", (kept, merge.dropped)
            )
            self.db.execute(
                "UPDATE story_merges SET merged_into=? WHERE merged_into=?", (kept, merge.dropped)
            )
            self.db.execute(
                "INSERT OR REPLACE INTO story_merges VALUES (?, ?, ?, ?, ?)",
                (merge.dropped, kept, merge.score, json.dumps(merge.features), run_id),
            )
            self.db.execute("DELETE FROM stories WHERE id=?", (merge.dropped,))

    def _recount(self, story_ids: set[str]) -> None:
        """Article and outlet counts of stories a batch touched (duplicates included)."""
        self.db.executemany(
            "UPDATE stories SET article_count=(SELECT COUNT(*) FROM articles WHERE story_id=?), "
            "outlet_count=(SELECT COUNT(DISTINCT outlet) FROM articles WHERE story_id=?), "
            "original_count=(SELECT COUNT(*) FROM articles WHERE story_id=? "
            "AND duplicate_of IS NULL) WHERE id=?",
            [(story_id, story_id, story_id, story_id) for story_id in sorted(story_ids)],
        )

    def _upsert_story(self, story: StoryState) -> None:
        self.db.execute(
            "INSERT INTO stories (id, title, first_seen, last_seen, article_count, outlet_count, "
            "state) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "title=excluded.title, first_seen=excluded.first_seen, last_seen=excluded.last_seen, "
            "state=excluded.state",
            (
                story.id,
                story.title,
                to_text(story.first_seen),
                to_text(story.last_seen),
                story.article_count,
                len(story.outlets),
                story.state,
            ),
        )


def _sources_of(article: Article) -> str:
    """What search reads of where the text came from: the attribution lines and the dateline
    that cleaning took out of the body ("Sumber : Yonhap-OANA Seoul (ANTARA)")."""
    parts = [attribution.text for attribution in article.attributions]
    if article.dateline is not None:
        parts.append(article.dateline.text)
    return " ".join(parts)


def _stored_article(row: sqlite3.Row) -> Article:
    """What analysis reads of a stored article (its text, language, date; not its provenance)."""
    return Article(
        id=row["id"],
        content_hash=row["content_hash"],
        title=row["title"],
        text=row["text"],
        lang=row["lang"],
        published=from_text(row["published"]),
        outlet=row["outlet"],
        url=row["url"],
        origin=row["origin"],
    )


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
