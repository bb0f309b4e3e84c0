"""The merge step through the real path: stories that converge become one in the store, over
batches and in the resident ingester, and the merged id still leads to the story."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kabar.cli import main
from kabar.cluster.learned import shipped_model

QUAKE = [
    ("Gempa Magnitudo 5,0 Guncang Pangandaran", "Gempa bumi magnitudo 5,0 mengguncang laut "
     "tenggara Pangandaran, Jawa Barat. BMKG menyebut gempa terasa hingga Garut dan Tasikmalaya, "
     "tidak berpotensi tsunami."),
    ("BMKG: Gempa Pangandaran Tidak Berpotensi Tsunami", "Badan Meteorologi, Klimatologi, dan "
     "Geofisika (BMKG) memastikan gempa magnitudo 5,0 di laut Pangandaran tidak berpotensi "
     "tsunami. Guncangan terasa di Garut dan Tasikmalaya."),
]  # fmt: skip


def _records() -> list[dict[str, Any]]:
    """One quake told two ways, each twice: two stories until the fourth article."""
    rows = []
    for number, (telling, extra, hour) in enumerate(
        [(0, "", 8), (0, " Warga panik.", 8.5), (1, "", 9), (1, " Warga tenang.", 9.5)]
    ):
        title, text = QUAKE[telling]
        rows.append(
            {
                "id": f"quake-{number}",
                "outlet": f"outlet{number}",
                "published": f"2025-06-18T{int(hour):02d}:{int(hour % 1 * 60):02d}:00+07:00",
                "title": title,
                "text": text + extra,
            }
        )
    return rows


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A strict join threshold and a model that merges at 0.5 (near-duplicate detection off: the
    second article of each telling is its first plus a sentence); nothing of the machine leaks
    in. The join model stands in as the merge model: the test is of the merge step's path, not
    of the learned merge weights, which every training refits."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("KABAR_")]:
        monkeypatch.delenv(name)
    model = tmp_path / "model.json"
    shipped = shipped_model()
    assert shipped.merge is not None
    merge = dataclasses.replace(shipped, merge=None, single=None, threshold=0.5)
    merging = dataclasses.replace(shipped, merge=merge, single=None)
    model.write_text(merging.to_json())
    return {
        "KABAR_CLUSTER__MODEL": str(model),
        "KABAR_CLUSTER__THRESHOLD": "0.99",
        "KABAR_DEDUPE__NEAR": "false",
    }


def cli(db: Path, env: dict[str, str], *args: str, input: str | None = None) -> Result:
    result = CliRunner(env=env).invoke(main, ["--db", str(db), *args], input=input)
    assert result.exit_code == 0, result.output
    return result


def _jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows)


def _check_merged(db: Path, env: dict[str, str]) -> None:
    exported = [json.loads(line) for line in cli(db, env, "export").stdout.splitlines()]
    assert len(exported) == 4 and len({row["story"] for row in exported}) == 1
    kept = exported[0]["story"]
    stories = json.loads(cli(db, env, "stories", "--format", "json").stdout)
    assert [(s["id"], s["articles"], s["outlets"]) for s in stories] == [(kept, 4, 4)]
    explained = json.loads(cli(db, env, "explain", "quake-2", "--format", "json").stdout)
    dropped = explained["joined"]  # the story quake-2 started, since merged away
    assert explained["story_id"] == kept and dropped != kept
    story = json.loads(cli(db, env, "story", dropped, "--format", "json").stdout)
    assert story["id"] == kept
    assert [merge["story"] for merge in story["merged"]] == [dropped]
    assert story["merged"][0]["score"] >= 0.5


def test_stories_merge_across_batches(tmp_path: Path, env: dict[str, str]) -> None:
    db = tmp_path / "kabar.db"
    rows = _records()
    (tmp_path / "first.jsonl").write_text(_jsonl(rows[:3]))
    (tmp_path / "second.jsonl").write_text(_jsonl(rows[3:]))
    cli(db, env, "ingest", "--quiet", str(tmp_path / "first.jsonl"))
    before = [json.loads(line) for line in cli(db, env, "export").stdout.splitlines()]
    assert len({row["story"] for row in before}) == 2  # not converged yet
    cli(db, env, "ingest", "--quiet", str(tmp_path / "second.jsonl"))
    _check_merged(db, env)
    cli(db, env, "ingest", "--quiet", str(tmp_path / "second.jsonl"))  # again: nothing changes
    _check_merged(db, env)


def test_stories_merge_in_one_batch_and_in_the_follower(
    tmp_path: Path, env: dict[str, str]
) -> None:
    batch, followed = tmp_path / "batch.db", tmp_path / "followed.db"
    (tmp_path / "all.jsonl").write_text(_jsonl(_records()))
    cli(batch, env, "ingest", "--quiet", str(tmp_path / "all.jsonl"))
    _check_merged(batch, env)
    answers = cli(followed, env, "ingest", "--follow", "-", input=_jsonl(_records())).stdout
    assert (
        json.loads(answers.splitlines()[-1])["story_id"]
        == json.loads(answers.splitlines()[0])["story_id"]
    )
    _check_merged(followed, env)
    assert cli(batch, env, "export").stdout == cli(followed, env, "export").stdout
