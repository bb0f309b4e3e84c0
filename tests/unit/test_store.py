"""The SQLite store: migrations, WAL, one atomic write per batch, full-text search."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kabar.cluster.state import StoryState
from kabar.errors import NotFound, StoreError
from kabar.model import (
    Article,
    Assignment,
    Attribution,
    Dateline,
    RawDocument,
    Rejection,
    content_hash,
)
from kabar.store.migrations import MIGRATIONS, migrate
from kabar.store.sqlite import SqliteStore

NOW = datetime(2025, 6, 18, 9, tzinfo=UTC)


def _article(number: int, text: str) -> tuple[Article, RawDocument]:
    article = Article(
        id=f"a{number}",
        content_hash=content_hash(text),
        title=f"Judul {number}",
        text=text,
        lang="id",
        published=NOW,
        outlet="Liputan6",
    )
    raw = RawDocument(origin=f"test:{number}", fmt="jsonl", raw='{"raw": true}', text=text)
    return article, raw


def _write(store: SqliteStore, number: int, text: str) -> None:
    article, raw = _article(number, text)
    story = StoryState(id="s1", title="Judul", first_seen=NOW, last_seen=NOW, article_count=1)
    store.write_batch(
        run_id=store.start_run("{}", ["test"], NOW),
        articles=[(article, raw, "s1", None)],
        assignments=[Assignment(article.id, "s1", True, 0.0, ())],
        stories=[story],
        rejections=[Rejection("bad.txt", "empty", "no content", NOW)],
        states=[("tfidf-online", b"state")],
    )


def test_migrates_once_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    with SqliteStore(path) as store:
        assert store.version == len(MIGRATIONS)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with SqliteStore(path) as store:  # reopening applies nothing twice
        assert int(store.db.execute("PRAGMA user_version").fetchone()[0]) == len(MIGRATIONS)


def test_batch_is_stored_with_raw_input_and_searchable(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "k.db") as store:
        _write(store, 1, "Gunung Semeru erupsi dengan tinggi letusan satu kilometer.")
        assert store.counts()["articles"] == 1
        found = store.article("a1")
        assert found["raw"] == '{"raw": true}'
        assert found["story_id"] == "s1"
        assert [row["id"] for row in store.search("Semeru")] == ["a1"]
        assert store.clusterer_state("tfidf-online") == b"state"
        assert store.stories()[0]["articles"] == 1


def test_search_finds_where_the_text_came_from(tmp_path: Path) -> None:
    """Cleaning takes the "Sumber :" line and the dateline out of the body; search still finds
    the article by them, in a new store and in one made before they were indexed."""
    article, raw = _article(1, "Korea Utara mengirim 12.000 tentara ke Rusia.")
    dateline = Dateline("Seoul", "ANTARA", "Seoul (ANTARA) -")
    article = dataclasses.replace(
        article,
        attributions=(Attribution("sumber", "Yonhap-OANA", "Sumber : Yonhap-OANA"),),
        dateline=dateline,
    )
    story = StoryState(id="s1", title="Judul", first_seen=NOW, last_seen=NOW, article_count=1)
    for name, upgraded in (("new.db", False), ("old.db", True)):
        path = tmp_path / name
        if upgraded:  # a store of the migration before: the article written, then migrated
            db = sqlite3.connect(path)
            db.execute("PRAGMA user_version = 0")
            for number, migration in enumerate(MIGRATIONS[:-1], start=1):
                migration(db)
                db.execute(f"PRAGMA user_version = {number}")
            db.execute(
                "INSERT INTO articles (id, content_hash, published, title, text, lang, dateline,"
                " attributions, removals, origin, seq) VALUES (?, ?, ?, ?, ?, 'id', ?, ?, '[]',"
                " 'test', 1)",
                (
                    article.id,
                    article.content_hash,
                    NOW.isoformat(),
                    article.title,
                    article.text,
                    json.dumps(dataclasses.asdict(dateline)),
                    json.dumps([dataclasses.asdict(a) for a in article.attributions]),
                ),
            )
            db.commit()
            assert not db.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Yonhap'"
            ).fetchall()
            assert migrate(db) == len(MIGRATIONS)
            db.commit()
            db.close()
        with SqliteStore(path) as store:
            if not upgraded:
                store.write_batch(
                    run_id=store.start_run("{}", ["test"], NOW),
                    articles=[(article, raw, "s1", None)],
                    assignments=[],
                    stories=[story],
                    rejections=[],
                )
                assert "sources" not in store.article("a1")  # the index's copy, not shown
            for query in ("Yonhap", "ANTARA", "Seoul", "tentara"):
                assert [row["id"] for row in store.search(query)] == ["a1"], (name, query)


def test_rewriting_the_same_batch_changes_nothing(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "k.db") as store:
        _write(store, 1, "Teks berita pertama.")
        before = (list(store.export()), store.rejections())
        _write(store, 1, "Teks berita pertama.")
        assert (list(store.export()), store.rejections()) == before


def test_unknown_ids_raise_not_found(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "k.db") as store:
        with pytest.raises(NotFound):
            store.story("nope")
        with pytest.raises(NotFound):
            store.article("nope")


def test_search_takes_words_as_people_type_them(tmp_path: Path) -> None:
    """FTS5 reads "Al-Ghazali" as a column filter and "O'Brien" as a syntax error; a query it
    cannot parse is searched as plain words, and its syntax still works where it parses."""
    with SqliteStore(tmp_path / "k.db") as store:
        _write(store, 1, "Pernikahan Al-Ghazali dihadiri O'Brien, banjir besar di Jakarta.")
        for query in ("Al-Ghazali", "O'Brien", "banjir-besar", '"Jakarta', "Jakarta:"):
            assert [row["id"] for row in store.search(query)] == ["a1"], query
        assert store.search("Al-Ghazali Surabaya") == []  # every word must be found
        assert [row["id"] for row in store.search("Surabaya OR Jakarta")] == ["a1"]
        assert [row["id"] for row in store.search("Jakar*")] == ["a1"]
        assert store.search('"besar banjir"') == []  # a phrase, in its order


def test_a_query_with_no_words_is_a_store_error(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "k.db") as store:
        for query in ("", "   ", "("):
            with pytest.raises(StoreError):
                store.search(query)


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        SqliteStore(path)
