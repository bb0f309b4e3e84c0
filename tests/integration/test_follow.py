"""`kabar ingest --follow`: a resident ingest that takes articles one at a time and gives the
stories a batch ingest gives, stores each article before it answers, and leaves a store a later
batch ingest continues."""

from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from click.testing import CliRunner, Result

from kabar.cli import main
from kabar.errors import StoreError
from kabar.follow import ResidentIngester
from kabar.settings import load_settings

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "examples" / "seeds"
MEANTIME = REPO / "examples" / "meantime" / "meantime.jsonl"
WAIT = 60.0  # seconds a subprocess may take to answer (start-up loads the models)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No kabar.toml or KABAR_* variable of the machine running the tests leaks in."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("KABAR_")]:
        monkeypatch.delenv(name)


def cli(db: Path, *args: str, input: str | bytes | None = None, **env: str) -> Result:
    return CliRunner(env=env or None).invoke(
        main, ["--db", str(db), *args], input=input, catch_exceptions=False
    )


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def articles() -> list[dict[str, Any]]:
    """MEANTIME articles of 2004-2005 in publication order (ties by id, as a batch sorts them),
    then the two seeds: one story of two articles."""
    rows = [json.loads(line) for line in MEANTIME.read_text(encoding="utf-8").splitlines()[:40]]
    rows.sort(key=lambda row: (row["published"], row["id"]))
    seeds = [
        {"id": f"seed-{n}", "published": "2024-10-22T16:00:00+07:00", "text": p.read_text("utf-8")}
        for n, p in enumerate(sorted(SEEDS.iterdir()))
    ]
    return rows + seeds


def followed(db: Path, text: str | bytes) -> list[dict[str, Any]]:
    result = cli(db, "ingest", "--follow", "-", input=text)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def state(db: Path) -> dict[str, Any]:
    """What the store says: every article's place, the stories, the rejections."""
    found = {}
    for command in (
        ["export"],
        ["stories", "--format", "json"],
        ["rejections", "--format", "json"],
    ):
        result = cli(db, *command)
        assert result.exit_code == 0, result.output
        found[command[0]] = result.stdout
    found["rejections"] = [
        {k: v for k, v in row.items() if k not in ("at", "run_id")}
        for row in json.loads(found["rejections"])
    ]
    return found


def test_following_stdin_gives_the_stories_of_a_batch_ingest(tmp_path: Path) -> None:
    records = articles()
    source = tmp_path / "articles.jsonl"
    source.write_text(jsonl(records), encoding="utf-8")
    batch = tmp_path / "batch.db"
    assert cli(batch, "ingest", "--quiet", str(source)).exit_code == 0

    resident = tmp_path / "follow.db"
    answers = followed(resident, source.read_text(encoding="utf-8"))
    assert [answer["id"] for answer in answers] == [record["id"] for record in records]
    assert all(set(answer) >= {"story_id", "new_story", "duplicate_of", "ms"} for answer in answers)
    assert state(resident)["export"] == state(batch)["export"]
    assert state(resident)["stories"] == state(batch)["stories"]
    seeds = [answer for answer in answers if answer["id"].startswith("seed-")]
    assert [seed["new_story"] for seed in seeds] == [True, False]
    assert seeds[0]["story_id"] == seeds[1]["story_id"]
    # The analysis is stored as batch ingest stores it.
    story = json.loads(cli(resident, "story", seeds[0]["story_id"], "--format", "json").stdout)
    assert all(article["analysis"]["entities"] for article in story["articles"])
    with sqlite3.connect(resident) as db:  # the run is recorded and finished
        runs = db.execute("SELECT inputs, finished, added FROM runs").fetchall()
    assert [(json.loads(inputs), bool(done), added) for inputs, done, added in runs] == [
        (["-"], True, len(records))
    ]


def test_a_bad_line_is_rejected_and_the_lines_after_it_are_stored(tmp_path: Path) -> None:
    first, second, third = articles()[-3:]
    lines = [
        jsonl([first]).encode(),
        b"not json\n",
        jsonl([{"id": "no-text", "title": "Tanpa isi"}]).encode(),
        b"\x00\xff\xfe binary \x00\x01\n",
        jsonl(
            [{"id": "ad", "title": "Iklan", "text": "ADVERTISEMENT\nBaca juga: Banjir"}]
        ).encode(),
        b"\n",  # a blank line is skipped, as batch ingest skips it
        jsonl([second, third]).encode(),
    ]
    db = tmp_path / "kabar.db"
    answers = followed(db, b"".join(lines))
    rejected = [(a["origin"], a["reason"]) for a in answers if a.get("rejected")]
    assert rejected == [
        ("stdin:2", "malformed"),
        ("stdin:3", "missing_field"),
        ("stdin:4", "binary"),
        ("stdin:5", "empty"),
    ]
    stored = [a["id"] for a in answers if not a.get("rejected")]
    assert stored == [first["id"], second["id"], third["id"]]
    assert {json.loads(line)["id"] for line in state(db)["export"].splitlines()} == set(stored)
    assert [(r["origin"], r["reason"]) for r in state(db)["rejections"]] == rejected


def test_refeeding_the_same_lines_changes_nothing(tmp_path: Path) -> None:
    text = jsonl(articles()[-6:]) + "{broken\n"
    db = tmp_path / "kabar.db"
    first = followed(db, text)
    before = state(db)
    again = followed(db, text)
    assert state(db) == before
    assert [a.get("known") for a in again] == [True] * 6 + [None]
    placed = ("id", "story_id", "duplicate_of")
    assert [[a.get(k) for k in placed] for a in again] == [
        [a.get(k) for k in placed] for a in first
    ]
    # A batch ingest of the same lines agrees: nothing to add.
    source = tmp_path / "same.jsonl"
    source.write_text(text, encoding="utf-8")
    result = cli(db, "ingest", str(source))
    assert "added 0 articles" in result.output and "6 already stored" in result.output
    assert state(db)["export"] == before["export"]


def test_batch_ingest_after_the_follower_continues_its_stories(tmp_path: Path) -> None:
    records = articles()
    head, tail = records[:-1], records[-1:]  # the second seed comes after the follower exits
    (tmp_path / "head.jsonl").write_text(jsonl(head), encoding="utf-8")
    (tmp_path / "tail.jsonl").write_text(jsonl(tail), encoding="utf-8")

    resident = tmp_path / "follow.db"
    followed(resident, jsonl(head))
    assert cli(resident, "ingest", "--quiet", str(tmp_path / "tail.jsonl")).exit_code == 0
    batch = tmp_path / "batch.db"
    for part in ("head", "tail"):
        assert cli(batch, "ingest", "--quiet", str(tmp_path / f"{part}.jsonl")).exit_code == 0

    assert state(resident)["export"] == state(batch)["export"]
    rows = {row["id"]: row for row in map(json.loads, state(resident)["export"].splitlines())}
    assert rows["seed-1"]["story"] == rows["seed-0"]["story"]


def test_follower_stores_each_article_before_answering_and_checkpoints(tmp_path: Path) -> None:
    """The library form: pending story changes are written with each article, whole-state
    snapshots every N articles and on close; a crash keeps what was answered."""
    records = articles()[-8:]
    for method in ("learned", "tfidf-online"):
        db = tmp_path / f"{method}.db"
        settings = load_settings(db=db, cluster={"method": method}, analyze={"at_ingest": False})
        ingester = ResidentIngester(settings, inputs=["test"], checkpoint_articles=3, warm_up=False)
        answers = []
        for number, record in enumerate(records, start=1):
            answers.append(ingester.take_line(f"test:{number}", json.dumps(record)))
            # Written: nothing of this article is pending in the clusterer any more.
            assert ingester.placer.clusterer.changed_stories() == []
            assert ingester.placer.clusterer.merges() == []
            with sqlite3.connect(db) as check:
                stored = check.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                snapshots = check.execute("SELECT COUNT(*) FROM clusterer_state").fetchone()[0]
            assert stored == number
            assert snapshots == (0 if number < 3 else 2)  # IDF counts + near-duplicate index
        assert ingester.checkpoints == 2
        ingester.close(clean=False)  # as a crash: no last checkpoint, the run left unfinished
        with sqlite3.connect(db) as check:
            assert check.execute("SELECT finished FROM runs").fetchone()[0] is None
        # A batch ingest resumes from what was stored: the articles are known, stories go on.
        source = tmp_path / f"{method}.jsonl"
        source.write_text(jsonl(records + articles()[:2]), encoding="utf-8")
        result = cli(db, "ingest", "--quiet", str(source), KABAR_CLUSTER__METHOD=method)
        assert "8 already stored" in result.output and "added 2 articles" in result.output
        rows = {r["id"]: r for r in map(json.loads, state(db)["export"].splitlines())}
        assert {a.id: a.story_id for a in answers if a} == {
            key: rows[key]["story"] for key in (r["id"] for r in records)
        }


def test_follow_takes_exactly_one_jsonl_path(tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    two = cli(db, "ingest", "--follow", "a.jsonl", "b.jsonl")
    assert two.exit_code == 2 and "exactly one PATH" in two.output
    csv = cli(db, "ingest", "--follow", "rows.csv")
    assert csv.exit_code == 2 and "JSONL" in csv.output
    missing = cli(db, "ingest", "--follow", str(tmp_path / "absent.jsonl"))
    assert missing.exit_code == 2 and "no such file" in missing.output


# ---- the real process: stdin as a pipe, a file followed, signals ---------------------------------


class Follower:
    """`kabar ingest --follow` in a subprocess, its output lines read as they come."""

    def __init__(self, db: Path, source: str, cwd: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KABAR_")}
        env["KABAR_ANALYZE__AT_INGEST"] = "false"  # quicker start; analysis is tested above
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kabar.cli", "--db", str(db), "ingest", "--follow", source],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        self.lines: queue.Queue[bytes] = queue.Queue()
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        for line in stream:
            self.lines.put(line)

    def answers(self, count: int) -> list[dict[str, Any]]:
        found = []
        for _ in range(count):
            try:
                found.append(json.loads(self.lines.get(timeout=WAIT)))
            except queue.Empty:
                self.process.kill()
                raise AssertionError(f"no answer; stderr: {self.stderr()}") from None
        return found

    def write(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def finish(self, how: signal.Signals | None = None) -> int:
        if how is not None:
            self.process.send_signal(how)
        elif self.process.stdin is not None:
            self.process.stdin.close()
        return self.process.wait(timeout=WAIT)

    def stderr(self) -> str:
        assert self.process.stderr is not None
        if self.process.poll() is None:
            return "(still running)"
        return " ".join(self.process.stderr.read().decode().split())  # unwrapped

    def __enter__(self) -> Follower:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def records() -> Iterator[list[dict[str, Any]]]:
    yield articles()[-6:]


def test_stdin_lines_are_answered_as_they_come(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    db = tmp_path / "kabar.db"
    with Follower(db, "-", tmp_path) as follower:
        for record in records[:3]:  # each answered while stdin is still open
            follower.write(jsonl([record]).encode())
            [answer] = follower.answers(1)
            assert answer["id"] == record["id"]
        last = jsonl([records[3]]).encode()
        follower.write(last[:20])  # half a line: no answer until the rest comes
        follower.write(last[20:])
        assert follower.answers(1)[0]["id"] == records[3]["id"]
        assert follower.finish() == 0  # end of input: a clean exit
        assert "followed stdin: added 4 articles" in follower.stderr()
    with sqlite3.connect(db) as check:
        assert check.execute("SELECT COUNT(*) FROM clusterer_state").fetchone()[0] == 2
        assert check.execute("SELECT finished FROM runs").fetchone()[0] is not None


def test_a_followed_file_picks_up_appended_lines(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    db = tmp_path / "kabar.db"
    source = tmp_path / "feed.jsonl"
    source.write_text(jsonl(records[:2]), encoding="utf-8")
    with Follower(db, str(source), tmp_path) as follower:
        assert [a["id"] for a in follower.answers(2)] == [r["id"] for r in records[:2]]
        with source.open("ab") as feed:  # appended while the follower runs
            feed.write(jsonl(records[2:4]).encode() + b"{broken\n")
            feed.flush()
            answers = follower.answers(3)
            assert [a.get("id") for a in answers] == [records[2]["id"], records[3]["id"], None]
            assert answers[2]["origin"] == f"{source}:5" and answers[2]["reason"] == "malformed"
            line = jsonl([records[4]]).encode()
            feed.write(line[:30])  # a line being written: waited for
            feed.flush()
            time.sleep(1.0)
            assert follower.lines.empty()
            feed.write(line[30:])
            feed.flush()
            assert follower.answers(1)[0]["id"] == records[4]["id"]
        assert follower.finish(signal.SIGTERM) == 0  # stops cleanly, with a checkpoint
        assert "added 5 articles" in follower.stderr()
    exported = [json.loads(line)["id"] for line in state(db)["export"].splitlines()]
    assert sorted(exported) == sorted(r["id"] for r in records[:5])
    with sqlite3.connect(db) as check:
        assert check.execute("SELECT COUNT(*) FROM clusterer_state").fetchone()[0] == 2


def test_after_a_crash_what_was_answered_is_stored_and_ingest_resumes(
    tmp_path: Path, records: list[dict[str, Any]]
) -> None:
    db = tmp_path / "kabar.db"
    with Follower(db, "-", tmp_path) as follower:
        follower.write(jsonl(records[:5]).encode())  # up to the first seed
        answers = follower.answers(5)
        follower.process.kill()  # SIGKILL: no checkpoint, the run left unfinished
        follower.process.wait()
    rows = {r["id"]: r for r in map(json.loads, state(db)["export"].splitlines())}
    assert {a["id"]: a["story_id"] for a in answers} == {k: r["story"] for k, r in rows.items()}
    source = tmp_path / "all.jsonl"
    source.write_text(jsonl(records), encoding="utf-8")
    result = cli(db, "ingest", str(source))
    assert result.exit_code == 0, result.output
    assert "added 1 article " in result.output and "5 already stored" in result.output
    rows = {r["id"]: r for r in map(json.loads, state(db)["export"].splitlines())}
    assert rows["seed-1"]["story"] == rows["seed-0"]["story"] == answers[4]["story_id"]


def test_one_writer_per_store(tmp_path: Path) -> None:
    """While a follower holds the store, a batch ingest (or a second follower) is refused with a
    clear error and changes nothing; once the follower has stopped, batch ingest works."""
    db = tmp_path / "kabar.db"
    settings = load_settings(db=db, analyze={"at_ingest": False})
    records = articles()
    (tmp_path / "more.jsonl").write_text(jsonl(records[1:3]), encoding="utf-8")
    with ResidentIngester(settings, inputs=["test"], warm_up=False) as ingester:
        ingester.take_line("test:1", json.dumps(records[0]))
        refused = CliRunner().invoke(
            main, ["--db", str(db), "ingest", str(tmp_path / "more.jsonl")]
        )
        assert refused.exit_code != 0
        assert "one writer per store" in " ".join(refused.output.split())
        with pytest.raises(StoreError, match="one writer per store"):
            ResidentIngester(settings, inputs=["second"], warm_up=False)
    assert len(cli(db, "export").stdout.splitlines()) == 1
    assert cli(db, "ingest", "--quiet", str(tmp_path / "more.jsonl")).exit_code == 0
    assert len(cli(db, "export").stdout.splitlines()) == 3


def _analysed(db: Path) -> set[str]:
    with sqlite3.connect(db) as check:
        return {row[0] for row in check.execute("SELECT article_id FROM analyses")}


def test_analysis_runs_beside_the_follower_and_is_stored_by_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With two cores an article is answered once it is in its story; its analysis, done in a
    worker, goes in with a later article, and all of them by a clean close. The backlog of
    analyses in flight stays bounded."""
    monkeypatch.setattr("kabar.follow.ANALYSIS_BACKLOG", 2)
    records = articles()[-6:]
    db = tmp_path / "kabar.db"
    settings = load_settings(db=db, ingest={"workers": 2})
    ingester = ResidentIngester(settings, inputs=["test"], warm_up=False)
    assert ingester._analyst is not None
    ids = []
    for number, record in enumerate(records, start=1):
        taken = ingester.take_line(f"test:{number}", json.dumps(record))
        assert taken is not None and taken.id is not None
        ids.append(taken.id)
        assert len(ingester._analysing) <= 2
        # What is stored is analysed (or still in the worker): nothing in between is lost.
        in_flight = {article.id for article, _ in ingester._analysing}
        assert _analysed(db) | in_flight == set(ids)
    ingester.close()
    assert _analysed(db) == set(ids)
    with sqlite3.connect(db) as check:
        assert check.execute("SELECT finished FROM runs").fetchone()[0] is not None


def test_a_dead_analysing_worker_costs_analyses_never_articles(tmp_path: Path) -> None:
    records = articles()[-4:]
    db = tmp_path / "kabar.db"
    settings = load_settings(db=db, ingest={"workers": 2})
    with ResidentIngester(settings, inputs=["test"], warm_up=False) as ingester:
        assert ingester.take_line("test:1", json.dumps(records[0])) is not None
        analyst = ingester._analyst
        assert analyst is not None
        for process in list(analyst._processes.values()):  # as the OOM killer would
            assert process.pid is not None
            os.kill(process.pid, signal.SIGKILL)
            process.join()
        for number, record in enumerate(records[1:], start=2):
            taken = ingester.take_line(f"test:{number}", json.dumps(record))
            assert taken is not None and not taken.rejected
    with sqlite3.connect(db) as check:
        stored = {row[0] for row in check.execute("SELECT id FROM articles")}
        reasons = [row[0] for row in check.execute("SELECT detail FROM rejections")]
    assert len(stored) == len(records)
    # Each analysis is stored, or its failure recorded with a reason; the articles after the
    # worker died are analysed in the follower's own process.
    assert len(_analysed(db)) + len(reasons) == len(records)
    assert all("analysis failed (article kept)" in reason for reason in reasons)
    assert ingester._analyst is None


@pytest.mark.parametrize("workers", [2, 1])
def test_a_restarted_follower_analyses_what_a_crash_left_unanalysed(
    tmp_path: Path, workers: int
) -> None:
    """A crash between an article's answer and its analysis's write leaves the analysis missing;
    the next follower on the store analyses it before taking input. A crashed run that did not
    analyse at ingest is left as it was."""
    records = articles()
    db = tmp_path / "kabar.db"
    plain = load_settings(db=db, analyze={"at_ingest": False})
    ingester = ResidentIngester(plain, inputs=["no analysis"], warm_up=False)
    ingester.take_line("plain:1", json.dumps(records[0]))
    ingester.close(clean=False)  # unfinished, but it never analysed: nothing to repair
    settings = load_settings(db=db, ingest={"workers": 2})
    crashed = ResidentIngester(settings, inputs=["crashed"], warm_up=False)
    ids = []
    for number, record in enumerate(records[1:5], start=1):
        taken = crashed.take_line(f"crashed:{number}", json.dumps(record))
        assert taken is not None and taken.id is not None
        ids.append(taken.id)
    crashed.close(clean=False)  # as after kill -9: what was in flight is not written
    missing = set(ids) - _analysed(db)
    assert ids[-1] in missing  # handed to the worker after its article was stored
    again = load_settings(db=db, ingest={"workers": workers})
    with ResidentIngester(again, inputs=["restarted"], warm_up=False) as restarted:
        assert restarted.repaired == len(missing)
    assert _analysed(db) == set(ids)  # the plain run's article stays without one
    with ResidentIngester(again, inputs=["once more"], warm_up=False) as clean:
        assert clean.repaired == 0
