"""The command line keeps the product's promises: seeds become a story, re-ingest is a no-op."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kabar.cli import main
from kabar.errors import SettingsError
from kabar.settings import ClusterSettings, load_settings

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
EXPORT_KEYS = {"id", "story", "duplicate_of", "outlet", "published", "title"}

XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No kabar.toml or KABAR_* variable of the machine running the tests leaks in."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("KABAR_")]:
        monkeypatch.delenv(name)


def cli(db: Path | None, *args: str, input: str | None = None, **env: str) -> Result:
    prefix = ["--db", str(db)] if db is not None else []
    return CliRunner(env=env or None).invoke(
        main, [*prefix, *args], input=input, catch_exceptions=False
    )


def cli_json(db: Path, *args: str) -> Any:
    result = cli(db, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def export_lines(db: Path) -> list[str]:
    result = cli(db, "export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def jsonl(*records: dict[str, Any]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A store holding the two seed articles."""
    assert sorted(p.suffix for p in SEEDS.iterdir()) == [".txt", ".txt"]
    db = tmp_path / "kabar.db"
    result = cli(db, "ingest", "--quiet", str(SEEDS))
    assert result.exit_code == 0, result.output
    assert "added 2 articles" in result.output
    return db


def test_seeds_become_one_story_of_two_articles(seeded: Path) -> None:
    stories = cli_json(seeded, "stories")
    assert len(stories) == 1, stories
    assert stories[0]["articles"] == 2
    story = cli_json(seeded, "story", stories[0]["id"])
    assert len(story["articles"]) == 2
    assert {row["id"] for row in story["articles"]} == {
        json.loads(line)["id"] for line in export_lines(seeded)
    }


def test_stories_and_story_list_every_seed_article(seeded: Path) -> None:
    stories = cli_json(seeded, "stories")
    assert isinstance(stories, list) and stories
    assert sum(story["articles"] for story in stories) == 2
    listed: set[str] = set()
    for row in stories:
        for key in ("id", "title", "articles", "outlets", "first_seen", "last_seen"):
            assert key in row
        story = cli_json(seeded, "story", row["id"])
        assert story["id"] == row["id"]
        assert len(story["articles"]) == row["articles"]
        listed |= {article["id"] for article in story["articles"]}
    exported = {json.loads(line)["id"] for line in export_lines(seeded)}
    assert listed == exported and len(listed) == 2


def test_unknown_story_is_a_clear_error(seeded: Path) -> None:
    result = cli(seeded, "story", "s-does-not-exist")
    assert result.exit_code == 2
    assert "not_found" in result.output


def test_export_gives_one_json_line_per_article(seeded: Path) -> None:
    lines = export_lines(seeded)
    assert len(lines) == 2
    rows = [json.loads(line) for line in lines]
    stories = {row["id"] for row in cli_json(seeded, "stories")}
    for row in rows:
        assert set(row) >= EXPORT_KEYS
        assert row["story"] in stories
        assert row["duplicate_of"] is None
        assert row["title"]
    assert {row["outlet"] for row in rows} >= {"ANTARA"}  # from the "Seoul (ANTARA) -" dateline


def test_article_shows_what_cleaning_removed_and_attributions(seeded: Path) -> None:
    rows = [json.loads(line) for line in export_lines(seeded)]
    antara = next(row for row in rows if row["outlet"] == "ANTARA")
    article = cli_json(seeded, "article", antara["id"])
    assert article["id"] == antara["id"]
    assert "raw" not in article  # only with --raw
    assert article["dateline"]["place"] == "Seoul"
    assert [a["value"] for a in article["attributions"]] == ["Yonhap-OANA"]
    assert article["removals"], "the seed's 'Baca juga' lines are removed and listed"
    for removal in article["removals"]:
        assert {"rule", "reason", "text", "start", "end"} <= set(removal)
        assert removal["text"] not in article["text"] or len(removal["text"]) < 3
    assert any(r["text"].startswith("Baca juga") for r in article["removals"])
    assert "Baca juga" not in article["text"]

    raw = cli_json(seeded, "article", antara["id"], "--raw")
    assert "Baca juga" in raw["raw"]  # the input as read is kept


def test_reingesting_the_seeds_changes_nothing(seeded: Path) -> None:
    before = export_lines(seeded)
    stories = cli_json(seeded, "stories")
    rejections = cli_json(seeded, "rejections")

    again = cli(seeded, "ingest", "--quiet", str(SEEDS))
    assert again.exit_code == 0, again.output
    assert "added 0 articles" in again.output
    assert "2 already stored" in again.output
    assert "0 new stories" in again.output

    assert export_lines(seeded) == before
    assert cli_json(seeded, "stories") == stories
    assert cli_json(seeded, "rejections") == rejections == []


def test_ingest_jsonl_from_stdin_keeps_given_ids(tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    records = [
        {
            "id": "kompas-001",
            "url": "https://nasional.kompas.com/read/2025/06/18/gempa-cianjur",
            "outlet": "Kompas",
            "published": "2025-06-18T16:00:00+07:00",
            "title": "Gempa Magnitudo 5,6 Guncang Cianjur",
            "text": "Gempa bermagnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, pada "
            "Rabu sore. Warga berhamburan keluar rumah dan beberapa sekolah retak.",
        },
        {
            "id": "detik-042",
            "url": "https://news.detik.com/berita/d-123/harga-cabai",
            "outlet": "detikNews",
            "published": "2025-06-18T10:30:00+07:00",
            "title": "Harga Cabai Rawit Melonjak",
            "text": "Harga cabai rawit di Pasar Minggu, Jakarta Selatan, melonjak menjadi "
            "Rp90.000 per kilogram karena pasokan dari Jawa Tengah berkurang.",
        },
    ]
    result = cli(db, "ingest", "--quiet", "-", input=jsonl(*records))
    assert result.exit_code == 0, result.output
    assert "added 2 articles" in result.output

    rows = {row["id"]: row for row in map(json.loads, export_lines(db))}
    assert set(rows) == {"kompas-001", "detik-042"}
    assert rows["kompas-001"]["title"] == "Gempa Magnitudo 5,6 Guncang Cianjur"
    assert rows["kompas-001"]["published"].startswith("2025-06-18T09:00:00")
    assert rows["detik-042"]["published"].startswith("2025-06-18T03:30:00")
    article = cli_json(db, "article", "kompas-001")
    assert article["url"] == records[0]["url"]
    assert article["origin"] == "stdin:1"
    assert article["text"].startswith("Gempa bermagnitudo 5,6")

    # Bad lines on stdin are rejected by line number; the good one still goes in.
    mixed = "not json\n" + jsonl({"id": "x-1", "title": "tanpa isi"})
    mixed += jsonl({"id": "ok-3", "title": "Banjir Bekasi", "text": "Banjir melanda Bekasi."})
    result = cli(db, "ingest", "--quiet", "-", input=mixed)
    assert result.exit_code == 0, result.output
    rejected = {row["origin"]: row["reason"] for row in cli_json(db, "rejections")}
    assert rejected == {"stdin:1": "malformed", "stdin:2": "missing_field"}
    assert "ok-3" in {json.loads(line)["id"] for line in export_lines(db)}


def test_stories_and_rejections_json_parse(tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    source = tmp_path / "in.jsonl"
    source.write_text(
        jsonl({"id": "a", "title": "Satu", "text": "Presiden meresmikan bendungan di Aceh."})
        + "{broken\n",
        encoding="utf-8",
    )
    assert cli(db, "ingest", "--quiet", str(source)).exit_code == 0
    stories = cli_json(db, "stories")
    assert [s["articles"] for s in stories] == [1]
    rejections = cli_json(db, "rejections")
    assert [(r["origin"], r["reason"]) for r in rejections] == [(f"{source}:2", "malformed")]
    # Table output is for people; it still names what is there.
    table = cli(db, "rejections")
    assert table.exit_code == 0 and "malformed" in table.output


def test_search_finds_an_article_by_a_body_word(seeded: Path) -> None:
    rows = [json.loads(line) for line in export_lines(seeded)]
    antara = next(row for row in rows if row["outlet"] == "ANTARA")
    # "Yoon" is not in the ANTARA article; "NSC" is in its body only.
    hits = cli_json(seeded, "search", "NSC")
    assert [hit["id"] for hit in hits] == [antara["id"]]
    assert cli_json(seeded, "search", "Pyongyang")  # in the other article
    assert cli_json(seeded, "search", "kucingterbangzzz") == []
    # What FTS5 cannot parse is searched as plain words; a query of no words is an error.
    assert cli_json(seeded, "search", '"NSC') == hits
    bad = cli(seeded, "search", "(")
    assert bad.exit_code == 2 and "store" in bad.output


def test_report_escapes_untrusted_text(tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    source = tmp_path / "xss.jsonl"
    source.write_text(
        jsonl(
            {
                "id": "xss-1",
                "outlet": f"Outlet {XSS}",
                "url": "javascript:alert(1)",
                "published": "2025-06-18T09:00:00+07:00",
                "title": f"Judul berbahaya {XSS}",
                "text": f"Isi berita yang memuat {XSS} di tengah kalimat tentang banjir Bekasi.",
            }
        ),
        encoding="utf-8",
    )
    assert cli(db, "ingest", "--quiet", str(source)).exit_code == 0
    out = tmp_path / "laporan" / "X.html"
    result = cli(db, "report", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote 1 stories" in result.output
    html = out.read_text(encoding="utf-8")
    assert "Judul berbahaya" in html
    assert XSS not in html
    assert "<script" not in html.lower()
    assert ESCAPED_XSS in html
    assert 'href="javascript:' not in html


def test_settings_lists_every_setting(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["settings", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    names = {row["setting"] for row in rows}
    assert {"db", "ingest.max_bytes", "ingest.timezone", "cluster.threshold"} <= names
    threshold = next(row for row in rows if row["setting"] == "cluster.threshold")
    assert json.loads(threshold["default"]) == ClusterSettings().threshold
    assert all(row["description"] for row in rows)


def test_kabar_db_environment_variable_names_the_store(tmp_path: Path) -> None:
    db = tmp_path / "from-env" / "kabar.db"
    result = cli(None, "ingest", "--quiet", str(SEEDS), KABAR_DB=str(db))
    assert result.exit_code == 0, result.output
    assert db.is_file()
    assert not (tmp_path / "kabar.db").exists()
    listed = cli(None, "export", KABAR_DB=str(db))
    assert len(listed.stdout.splitlines()) == 2
    # --db beats the environment.
    other = tmp_path / "other.db"
    assert cli(other, "ingest", "--quiet", str(SEEDS), KABAR_DB=str(db)).exit_code == 0
    assert other.is_file()


def test_settings_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default = ClusterSettings().threshold
    assert load_settings().cluster.threshold == default
    assert default not in (0.5, 0.6)
    (tmp_path / "kabar.toml").write_text(
        '[cluster]\nthreshold = 0.5\n[ingest]\noutlet = "Dari Toml"\n', encoding="utf-8"
    )
    assert load_settings().cluster.threshold == 0.5  # file beats defaults
    monkeypatch.setenv("KABAR_CLUSTER__THRESHOLD", "0.6")
    monkeypatch.setenv("KABAR_DB", str(tmp_path / "env.db"))
    settings = load_settings()
    assert settings.cluster.threshold == 0.6  # environment beats the file
    assert settings.ingest.outlet == "Dari Toml"  # nested settings merge, not replace
    assert settings.db == tmp_path / "env.db"
    overridden = load_settings(db=tmp_path / "cli.db", ingest={"outlet": "Dari CLI"})
    assert overridden.db == tmp_path / "cli.db"  # options beat the environment
    assert overridden.ingest.outlet == "Dari CLI"
    assert overridden.cluster.threshold == 0.6
    monkeypatch.setenv("KABAR_CLUSTER__THRESHOLD", "2")
    with pytest.raises(SettingsError, match="threshold"):
        load_settings()


def test_repeated_url_or_body_under_another_id_is_kept_as_a_duplicate(tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    body = (
        "Gunung Lewotobi Laki-laki kembali erupsi pada Selasa pagi dengan tinggi kolom abu "
        "sepuluh kilometer. Tiga bandara di Flores ditutup sementara."
    )
    base = {"outlet": "Liputan6", "title": "Lewotobi Erupsi Lagi", "text": body}
    records = [
        base | {"id": "a-1", "url": "https://x.test/1", "published": "2025-06-17T08:00:00+07:00"},
        # an updated version at the same URL, later
        base
        | {
            "id": "a-2",
            "url": "https://x.test/1",
            "published": "2025-06-17T09:00:00+07:00",
            "text": body + " Warga diminta menjauh.",
        },
        # a wire copy of the same text at another URL
        base
        | {
            "id": "a-3",
            "url": "https://y.test/9",
            "outlet": "Okezone",
            "published": "2025-06-17T10:00:00+07:00",
        },
    ]
    result = cli(db, "ingest", "--quiet", "-", input=jsonl(*records))
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in map(json.loads, export_lines(db))}
    assert set(rows) == {"a-1", "a-2", "a-3"}  # every id comes back in the export
    assert rows["a-1"]["duplicate_of"] is None
    assert rows["a-2"]["duplicate_of"] == "a-1"
    assert rows["a-3"]["duplicate_of"] == "a-1"
    assert len({row["story"] for row in rows.values()}) == 1


def test_explain_says_why_an_article_joined_its_story(seeded: Path) -> None:
    rows = [json.loads(line) for line in export_lines(seeded)]
    joined = cli_json(seeded, "explain", rows[-1]["id"])
    assert joined["story_id"] == rows[-1]["story"]
    assert joined["new_story"] == 0
    assert joined["candidates"][0]["story"] == joined["story_id"]
    assert {name for name, _, _ in joined["features"]} >= {"terms", "names", "hours"}
    shown = cli(seeded, "explain", rows[-1]["id"])
    assert "joined story" in shown.output and "terms" in shown.output
    assert "candidate stories" in shown.output
    # The first article had no story to compare with: one line, no empty tables under it.
    first = cli(seeded, "explain", rows[0]["id"])
    assert "no candidate story was open" in first.output
    assert "candidate stories" not in first.output and "signals of" not in first.output


def test_explain_names_the_veto_that_kept_an_article_out(tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    body = (
        "Majelis hakim Pengadilan Tipikor Jakarta membacakan vonis perkara suap tiga hakim PN "
        "Surabaya yang membebaskan Ronald Tannur. Terdakwa {who} dinyatakan terbukti memberi suap. "
        "{more}"
    )
    records = [
        {
            "id": f"v-{number}",
            "outlet": outlet,
            "url": f"https://{outlet.lower()}.test/{number}",
            "published": f"2025-06-18T1{number}:00:00+07:00",
            "title": f"Terbukti Suap Hakim, {who} Divonis {years} Tahun Penjara",
            "text": body.format(who=who, more=more),
        }
        for number, (outlet, who, years, more) in enumerate(
            [
                ("Okezone", "Lisa Rachmat", 11, "Izin advokatnya tidak dicabut oleh hakim."),
                ("Liputan6", "Meirizka Widjaja", 3, "Ia menerima putusan itu dan tidak banding."),
            ]
        )
    ]
    result = cli(db, "ingest", "--quiet", "-", input=jsonl(*records))
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in map(json.loads, export_lines(db))}
    assert rows["v-1"]["duplicate_of"] is None
    assert rows["v-0"]["story"] != rows["v-1"]["story"]
    assert cli_json(db, "explain", "v-1")["features"][0][0] == "figure_clash"
    shown = cli(db, "explain", "v-1").output
    assert "started story" in shown and "another figure in its titles (vetoed)" in shown


def test_an_edited_wire_copy_is_a_duplicate_and_stories_count_originals(tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    sentences = [
        "Gunung Lewotobi Laki-laki di Flores Timur kembali erupsi pada Selasa pagi.",
        "Tinggi kolom abu mencapai sepuluh kilometer di atas puncak gunung.",
        "Tiga bandara di Flores ditutup sementara karena sebaran abu vulkanik.",
        "Ribuan penumpang batal terbang ke Bali dan Labuan Bajo hari itu.",
        "Badan Geologi menaikkan status gunung menjadi Awas sejak Selasa siang.",
        "Warga dalam radius tujuh kilometer diminta mengungsi ke tempat aman.",
    ]
    original = " ".join(sentences)
    edited = "MAUMERE - " + " ".join([*sentences[:4], "Petugas membagikan masker.", *sentences[5:]])
    records = [
        {
            "id": "antara-1",
            "url": "https://a.test/1",
            "outlet": "ANTARA",
            "title": "Lewotobi erupsi",
            "published": "2025-06-17T08:00:00+07:00",
            "text": original,
        },
        {
            "id": "daerah-7",
            "url": "https://b.test/7",
            "outlet": "Tribunnews",
            "title": "Lewotobi Erupsi Lagi, Bandara Ditutup",
            "published": "2025-06-17T10:00:00+07:00",
            "text": edited,
        },
    ]
    result = cli(db, "ingest", "--quiet", "-", input=jsonl(*records))
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in map(json.loads, export_lines(db))}
    assert rows["daerah-7"]["duplicate_of"] == "antara-1"
    assert rows["daerah-7"]["story"] == rows["antara-1"]["story"]
    [story] = cli_json(db, "stories")
    assert (story["articles"], story["outlets"], story["originals"]) == (2, 2, 1)
