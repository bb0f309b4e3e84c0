"""SQLite schema migrations: small functions applied in order, tracked by PRAGMA user_version."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _v1_initial(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            settings TEXT NOT NULL,
            inputs TEXT NOT NULL,
            added INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            published TEXT NOT NULL,           -- UTC, ISO 8601
            published_estimated INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            lang TEXT NOT NULL,
            author TEXT,
            dateline TEXT,                     -- JSON {place, outlet, text}
            attributions TEXT NOT NULL,        -- JSON list
            removals TEXT NOT NULL,            -- JSON list: what cleaning took out, and why
            origin TEXT NOT NULL,
            story_id TEXT,
            duplicate_of TEXT REFERENCES articles(id),
            run_id INTEGER REFERENCES runs(id),
            seq INTEGER NOT NULL               -- arrival order, for stable listings
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_story ON articles(story_id);
        CREATE INDEX articles_hash ON articles(content_hash);
        CREATE INDEX articles_url ON articles(url);
        CREATE TABLE raw_documents (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            fmt TEXT NOT NULL,
            published_text TEXT,
            raw TEXT NOT NULL                  -- the input exactly as read
        );
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            article_count INTEGER NOT NULL,
            outlet_count INTEGER NOT NULL,
            state BLOB                         -- the clusterer's vector for this story
        );
        CREATE INDEX stories_last_seen ON stories(last_seen);
        CREATE TABLE assignments (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            story_id TEXT NOT NULL,
            new_story INTEGER NOT NULL,
            score REAL NOT NULL,
            candidates TEXT NOT NULL           -- JSON [[story_id, score], ...]
        );
        CREATE TABLE rejections (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            at TEXT NOT NULL,
            run_id INTEGER REFERENCES runs(id),
            UNIQUE (origin, reason, detail)
        );
        CREATE TABLE clusterer_state (
            name TEXT PRIMARY KEY,
            state BLOB NOT NULL
        );
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid', tokenize='unicode61'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        """
    )


def _v2_assignment_features(db: sqlite3.Connection) -> None:
    """What decided each assignment (the learned clusterer's per-signal weights), for explain."""
    db.execute("ALTER TABLE assignments ADD COLUMN features TEXT NOT NULL DEFAULT '[]'")


def _v3_story_originals(db: sqlite3.Connection) -> None:
    """Stories count independent originals apart from copies (wire re-posts, updated versions)."""
    db.execute("ALTER TABLE stories ADD COLUMN original_count INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "UPDATE stories SET original_count = (SELECT COUNT(*) FROM articles "
        "WHERE story_id = stories.id AND duplicate_of IS NULL)"
    )


def _v4_seq_index(db: sqlite3.Connection) -> None:
    """Every batch asks for the highest arrival number: without an index that scans the archive."""
    db.execute("CREATE INDEX IF NOT EXISTS articles_seq ON articles(seq)")


def _v5_analyses(db: sqlite3.Connection) -> None:
    """What each article says (entities, quotes, numbers, dates), and an index of who is named."""
    db.executescript(
        """
        CREATE TABLE analyses (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            version INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE TABLE entity_mentions (
            article_id TEXT NOT NULL REFERENCES articles(id),
            canonical TEXT NOT NULL,
            kind TEXT NOT NULL,
            mentions INTEGER NOT NULL,
            PRIMARY KEY (article_id, canonical, kind)
        );
        CREATE INDEX entity_mentions_canonical ON entity_mentions(canonical);
        """
    )


def _v6_story_merges(db: sqlite3.Connection) -> None:
    """Stories folded into another by the merge step: their ids stay findable, with the reason."""
    db.executescript(
        """
        CREATE TABLE story_merges (
            story_id TEXT PRIMARY KEY,          -- the story merged away
            merged_into TEXT NOT NULL,          -- the story holding its articles now
            score REAL NOT NULL,
            features TEXT NOT NULL,             -- JSON [[signal, value, push], ...]
            run_id INTEGER
        );
        CREATE INDEX story_merges_into ON story_merges(merged_into);
        """
    )


def _v7_run_index(db: sqlite3.Connection) -> None:
    """A follower restarted after a crash looks up the last articles of each unfinished run (their
    analyses may be missing): without an index that scans the archive."""
    db.execute("CREATE INDEX IF NOT EXISTS articles_run ON articles(run_id, seq)")


def _v8_search_sources(db: sqlite3.Connection) -> None:
    """Search finds an article by where its text came from ("Sumber : Yonhap-OANA", "Seoul
    (ANTARA)"): cleaning takes those lines out of the body, so the index gets a column of them.
    The index is rebuilt once: 15.6 s for a store of 100k articles."""
    db.executescript(
        """
        ALTER TABLE articles ADD COLUMN sources TEXT NOT NULL DEFAULT '';
        UPDATE articles SET sources = trim(
            coalesce((SELECT group_concat(json_extract(value, '$.text'), ' ')
                      FROM json_each(articles.attributions)), '')
            || ' ' || coalesce(json_extract(dateline, '$.text'), ''))
        WHERE attributions != '[]' OR dateline IS NOT NULL;
        DROP TRIGGER articles_fts_insert;
        DROP TRIGGER articles_fts_delete;
        DROP TABLE articles_fts;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, sources, content='articles', content_rowid='rowid', tokenize='unicode61'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text, sources)
            VALUES (new.rowid, new.title, new.text, new.sources);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text, sources)
            VALUES ('delete', old.rowid, old.title, old.text, old.sources);
        END;
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
        """
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_initial,
    _v2_assignment_features,
    _v3_story_originals,
    _v4_seq_index,
    _v5_analyses,
    _v6_story_merges,
    _v7_run_index,
    _v8_search_sources,
]


def migrate(db: sqlite3.Connection) -> int:
    """Apply every migration newer than the store's version; return the resulting version."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        with db:
            migration(db)
            db.execute(f"PRAGMA user_version = {number}")
    return len(MIGRATIONS)
