"""Golden tests: the seed articles clean to the recorded expectations in seed_cleaning/."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from kabar.clean.boilerplate import clean_text, normalise_text
from kabar.model import CleanedText

REPO = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).with_name("seed_cleaning")
SEED_DIRS = (REPO / "examples" / "seeds", REPO.parent / "shared" / "seeds")
SEED_000 = "000_0d9f100de0b6cd99.txt"
SEED_002 = "002_92ba8621ba4eeae2.txt"


def read_seed(name: str) -> str:
    """The seed text from examples/seeds, else ../shared/seeds; skip when neither has it."""
    for folder in SEED_DIRS:
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    pytest.skip(f"seed {name} not found in {' or '.join(str(d) for d in SEED_DIRS)}")


def as_record(result: CleanedText) -> dict[str, Any]:
    dateline = result.dateline
    return {
        "text": result.text,
        "dateline": None if dateline is None else [dateline.place, dateline.outlet, dateline.text],
        "attributions": [[a.kind, a.value, a.text] for a in result.attributions],
        "removals": [[r.rule, r.text, r.start, r.end] for r in result.removals],
    }


def check_golden(name: str, result: CleanedText) -> None:
    """Compare with seed_cleaning/<name>.json; KABAR_UPDATE_GOLDEN=1 rewrites the file."""
    path = EXPECTED / f"{Path(name).stem}.json"
    record = as_record(result)
    if os.environ.get("KABAR_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert record == json.loads(path.read_text(encoding="utf-8"))


def test_seed_000_antara_article() -> None:
    raw = read_seed(SEED_000)
    result = clean_text(raw)
    lines = result.text.split("\n")

    assert not any("baca juga" in line.lower() for line in lines)
    assert result.dateline is not None
    assert (result.dateline.place, result.dateline.outlet) == ("Seoul", "ANTARA")
    assert [(a.kind, a.value) for a in result.attributions] == [("sumber", "Yonhap-OANA")]

    # The nine article paragraphs (before "Sumber :") come through whole and in order.
    paragraphs = [p.strip() for p in raw.split("Sumber :")[0].split("\n\n") if p.strip()]
    paragraphs[0] = paragraphs[0].removeprefix("Seoul (ANTARA) - ")
    assert len(paragraphs) == 9
    assert lines == paragraphs

    check_golden(SEED_000, result)


def test_seed_002_loses_nothing() -> None:
    raw = read_seed(SEED_002)
    result = clean_text(raw)
    assert result.removals == ()
    assert result.dateline is None
    assert result.text == normalise_text(raw)
    check_golden(SEED_002, result)


def test_seeds_clean_idempotently() -> None:
    for name in (SEED_000, SEED_002):
        once = clean_text(read_seed(name)).text
        assert clean_text(once).text == once
