"""Re-ingesting is a no-op and the same input gives the same stories, whatever the file order."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kabar.cli import main
from kabar.engine import ingest
from kabar.settings import load_settings

NOW = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=3)

_WORD_LIST = (
    "gempa banjir harga beras cabai presiden menteri pasar jakarta bandung cianjur bekasi "
    "pemilu komisi sekolah rumah sakit warga petani nelayan kapal pesawat bandara jalan tol "
    "kebakaran hutan sawit listrik bendungan polisi tersangka sidang hakim timnas stadion"
)
WORDS = tuple(_WORD_LIST.split())
OUTLETS = ["Kompas", "Tempo", "ANTARA", "detikNews", "CNN Indonesia", None]

sentence = st.lists(st.sampled_from(WORDS), min_size=4, max_size=10).map(
    lambda words: " ".join(words).capitalize() + "."
)
body = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
moment = st.integers(min_value=0, max_value=6 * 24 * 60).map(
    lambda minutes: datetime(2025, 6, 20, tzinfo=UTC) + timedelta(minutes=minutes)
)


@st.composite
def records(draw: st.DrawFn, number: int) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": f"art-{number:03d}",
        "title": draw(sentence).rstrip("."),
        "text": draw(body),
    }
    if outlet := draw(st.sampled_from(OUTLETS)):
        record["outlet"] = outlet
    if draw(st.booleans()):  # now and then the URL of an earlier article: already stored
        record["url"] = f"https://berita.contoh/{draw(st.sampled_from([number, 0]))}"
    if published := draw(st.none() | moment):
        record["published"] = published.isoformat()
    return record


@st.composite
def corpora(draw: st.DrawFn) -> list[list[dict[str, Any]]]:
    """Articles with unique ids spread over 1 to 3 JSONL files; some bodies repeat exactly."""
    count = draw(st.integers(min_value=1, max_value=8))
    items = [draw(records(number)) for number in range(count)]
    for item in items[1:]:
        if draw(st.integers(0, 4)) == 0:  # an exact re-post of an earlier body
            item["text"] = draw(st.sampled_from(items[: items.index(item)]))["text"]
    files = draw(st.integers(min_value=1, max_value=min(3, count)))
    spread: list[list[dict[str, Any]]] = [[] for _ in range(files)]
    for number, item in enumerate(items):  # every file gets at least one article
        spread[number if number < files else draw(st.integers(0, files - 1))].append(item)
    return spread


def write_files(folder: Path, spread: list[list[dict[str, Any]]], order: list[int]) -> list[str]:
    """The files in the given order (names sort in that order), lines as given."""
    folder.mkdir(parents=True)
    paths = []
    for position, index in enumerate(order):
        path = folder / f"{position:02d}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in spread[index]), encoding="utf-8")
        paths.append(str(path))
    return paths


def snapshot(db: Path) -> tuple[list[str], Any, dict[str, Any]]:
    """export lines, `stories` JSON and every story in full: what a user sees."""
    runner = CliRunner()
    exported = runner.invoke(main, ["--db", str(db), "export"], catch_exceptions=False)
    listed = runner.invoke(
        main, ["--db", str(db), "stories", "--format", "json"], catch_exceptions=False
    )
    assert exported.exit_code == 0 and listed.exit_code == 0
    stories = json.loads(listed.stdout)
    full = {}
    for story in stories:
        shown = runner.invoke(main, ["--db", str(db), "story", story["id"], "--format", "json"])
        assert shown.exit_code == 0, shown.output
        full[story["id"]] = json.loads(shown.stdout)
    return exported.stdout.splitlines(), stories, full


PROPERTY = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(spread=corpora(), data=st.data())
def test_reingest_in_another_order_changes_nothing(
    spread: list[list[dict[str, Any]]], data: st.DataObject
) -> None:
    total = sum(len(part) for part in spread)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings_ = load_settings(db=root / "kabar.db")
        first = ingest(
            write_files(root / "a", spread, list(range(len(spread)))), settings_, now=NOW
        )
        assert first.read == total and not first.rejections
        assert first.added + first.unchanged == total
        # Every distinct id is stored: a repeated URL or body is kept as a duplicate, not dropped.
        assert first.unchanged == 0 and first.added == total
        before = snapshot(root / "kabar.db")
        assert len(before[0]) == first.added
        assert sum(story["articles"] for story in before[1]) == first.added

        order = data.draw(st.permutations(range(len(spread))))
        shuffled = [data.draw(st.permutations(part)) for part in spread]
        again = ingest(write_files(root / "b", shuffled, order), settings_, now=LATER)
        assert again.added == 0 and again.new_stories == 0
        assert again.unchanged == total and not again.rejections
        assert snapshot(root / "kabar.db") == before


@PROPERTY
@given(spread=corpora(), data=st.data())
def test_same_input_in_any_order_gives_the_same_stories(
    spread: list[list[dict[str, Any]]], data: st.DataObject
) -> None:
    order = data.draw(st.permutations(range(len(spread))))
    shuffled = [data.draw(st.permutations(part)) for part in spread]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        one, two = root / "one.db", root / "two.db"
        in_order = write_files(root / "a", spread, list(range(len(spread))))
        ingest(in_order, load_settings(db=one), now=NOW)
        ingest(write_files(root / "b", shuffled, order), load_settings(db=two), now=NOW)
        first, second = snapshot(one), snapshot(two)
        assert first == second
        # Story ids come from content, not from the order or the run.
        assert [s["id"] for s in first[1]] == [s["id"] for s in second[1]]
