"""Golden tests: what `kabar analyze` must read out of the two seed articles (issue 4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kabar.cli import main
from kabar.extract.aliases import load_aliases

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "examples" / "seeds"
PUBLISHED = "2024-10-22T15:00:00+07:00"  # both seeds tell the news of Tuesday 22 October 2024


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """`kabar analyze` on the seeds as JSONL on stdin, keyed by seed number."""
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        record = {"id": path.stem[:3], "outlet": "seed", "published": PUBLISHED}
        record["text"] = path.read_text(encoding="utf-8")
        lines.append(json.dumps(record, ensure_ascii=False))
    result = CliRunner().invoke(main, ["analyze", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {record["id"]: record for record in records}


def test_offsets_point_at_the_words(analysed: dict[str, dict[str, Any]]) -> None:
    for record in analysed.values():
        text = record["text"]
        for entity in record["entities"]:
            assert text[entity["start"] : entity["end"]] == entity["text"]
        for quote in record["quotes"]:
            assert text[quote["start"] : quote["end"]] == quote["content"]
        for item in record["quantities"] + record["dates"]:
            assert text[item["start"] : item["end"]] == item["text"]


def test_the_named_entities_of_the_seeds_with_aliases_folded(
    analysed: dict[str, dict[str, Any]],
) -> None:
    canonical = {e["canonical"] for r in analysed.values() for e in r["entities"]}
    expected = {"Korea Selatan", "Korea Utara", "Rusia", "Ukraina", "Kim Tae-hyo"}
    expected |= {"Yoon Suk-yeol", "Kim Jong-un", "Vladimir Putin"}
    assert expected <= canonical, sorted(expected - canonical)
    # PBB is named inside "Dewan Keamanan PBB" and "Majelis Umum PBB": bodies of the UN.
    un = load_aliases().canonical("PBB")
    assert un and any(un in name for name in canonical), sorted(canonical)
    kinds = {e["canonical"]: e["kind"] for r in analysed.values() for e in r["entities"]}
    assert kinds["Kim Tae-hyo"] == "PERSON" and kinds["Vladimir Putin"] == "PERSON"
    # "Seoul ... menepis pernyataan tersebut": the capital acts for its government.
    by_text = {(e["text"], e["canonical"]) for r in analysed.values() for e in r["entities"]}
    assert ("Seoul", "Korea Selatan") in by_text


def test_short_forms_fold_into_one_name() -> None:
    # The seeds' "Korsel"/"Korut" sit in "Baca juga" lines that cleaning removes; the table
    # folds them wherever they do appear, in both languages.
    aliases = load_aliases()
    for name in ("Korsel", "Korea Selatan", "South Korea"):
        assert aliases.canonical(name) == "Korea Selatan"
    for name in ("Korut", "Korea Utara", "North Korea", "DPRK"):
        assert aliases.canonical(name) == "Korea Utara"


def test_the_quote_of_kim_tae_hyo_and_the_denial(analysed: dict[str, dict[str, Any]]) -> None:
    quotes = analysed["000"]["quotes"]
    kim = [q for q in quotes if q["content"].startswith("Pemerintah menyerukan penarikan")]
    assert kim and kim[0]["speaker"] == "Kim Tae-hyo" and kim[0]["kind"] == "direct"
    assert kim[0]["cue"] == "kata" and not kim[0]["denial"]
    rumour = [q for q in analysed["002"]["quotes"] if "rumor yang tidak berdasar" in q["content"]]
    assert rumour and all(q["denial"] for q in rumour)
    assert any(q["speaker"] and "Korea Utara" in q["speaker"] for q in rumour)


def test_the_numbers_each_seed_gives(analysed: dict[str, dict[str, Any]]) -> None:
    found = {(q["value"], q["noun"]) for q in analysed["000"]["quantities"]}
    assert {(12000, "tentara"), (1500, "tentara")} <= found
    assert (1500, "tentara") in {(q["value"], q["noun"]) for q in analysed["002"]["quantities"]}


def test_dates_resolve_against_the_publication_day(analysed: dict[str, dict[str, Any]]) -> None:
    dates = {d["text"]: d for d in analysed["000"]["dates"]}
    assert dates["Selasa (22/10)"]["value"] == "2024-10-22"
    assert dates["Selasa (22/10)"]["relative"] is True
    later = {d["value"] for d in analysed["002"]["dates"]}
    assert "2024-10-21" in later  # "pada hari Senin", the day before publication
