"""Bad input is rejected one item at a time, with a reason, and never costs what is stored."""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kabar.cli import main
from kabar.engine import ingest
from kabar.errors import RejectReason
from kabar.settings import load_settings

NOW = datetime(2025, 6, 20, 12, 0, tzinfo=UTC)

CP1252_TEXT = (
    "Pemerintah Kota Bandung meresmikan “Kafe Budaya” di Jalan Braga pada Senin pagi. "
    "Kafe itu menyajikan kopi dari petani lokal dan menjadi ruang pertunjukan seni – "
    "mulai dari musik keroncong hingga pembacaan puisi.\n\n"
    "Menurut Wali Kota, bangunan bergaya art déco itu dipugar selama dua tahun. "
    "“Kami ingin warga punya tempat berkumpul yang nyaman,” ujarnya. Seorang pengunjung, "
    "René Sitompul, mengatakan suasana kafe mengingatkannya pada Bandung tempo dulu.\n"
)

GOOD_TEXTS = {
    "gempa.txt": (
        "Gempa bermagnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, pada Senin siang. "
        "Warga berhamburan keluar rumah dan sejumlah bangunan sekolah dilaporkan retak.\n\n"
        "Badan Meteorologi, Klimatologi, dan Geofisika menyatakan gempa tidak berpotensi "
        "tsunami. Petugas masih mendata kerusakan di beberapa kecamatan.\n"
    ),
    "pemilu.txt": (
        "Komisi Pemilihan Umum menetapkan jadwal pemungutan suara ulang di tiga daerah di "
        "Papua Tengah. Keputusan itu diambil setelah Mahkamah Konstitusi mengabulkan gugatan "
        "salah satu pasangan calon.\n\n"
        "Ketua KPU mengatakan logistik pemilihan akan dikirim menggunakan pesawat kecil karena "
        "sebagian distrik hanya bisa dijangkau lewat udara.\n"
    ),
}

BROKEN_HTML = (
    "<html><head><title>Banjir Rendam Bekasi</title></head><body><div class='konten'>"
    "<p>Banjir melanda sejumlah perumahan di Bekasi, Jawa Barat, pada Selasa pagi setelah hujan "
    "deras mengguyur sejak malam. Ratusan rumah terendam air setinggi satu meter dan warga "
    "mengungsi ke masjid terdekat.<p>Petugas BPBD mengerahkan perahu karet untuk mengevakuasi "
    'warga lanjut usia dan anak-anak.<div><table><tr><td>Data <b>sementara<span class="ang'
)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No kabar.toml or KABAR_* variable of the machine running the tests leaks in."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("KABAR_")]:
        monkeypatch.delenv(name)


def cli(db: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], input=input, catch_exceptions=False)


def cli_json(db: Path, *args: str) -> Any:
    result = cli(db, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def export(db: Path) -> list[dict[str, Any]]:
    result = cli(db, "export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def write_bad_files(folder: Path) -> None:
    """Every kind of bad input, and nothing good."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    (folder / "empty.txt").write_bytes(b"")
    photo = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(rng.randrange(256) for _ in range(4000))
    (folder / "photo.jpg").write_bytes(photo + b"\x00" * 64)
    notes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4000))
    (folder / "notes.txt").write_bytes(notes)
    (folder / "nohtml.html").write_text(
        "<html><head><title></title><script>var x = 1;</script></head>"
        "<body><div></div><nav></nav></body></html>",
        encoding="utf-8",
    )
    (folder / "bad.rss").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Kabar Contoh</title><link>https://contoh.id/</link><ite",
        encoding="utf-8",
    )
    (folder / "missing.csv").write_text(
        "judul,tanggal,penulis\nBanjir di Bekasi,2025-06-18,Budi\n", encoding="utf-8"
    )
    with (folder / "big.txt").open("wb") as big:
        big.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing written


def write_mixed_folder(folder: Path) -> None:
    """The bad files plus good ones: cp1252 text, broken HTML, a JSONL with one good line."""
    write_bad_files(folder)
    (folder / "cp1252.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (folder / "broken.html").write_text(BROKEN_HTML, encoding="utf-8")
    lines = [
        json.dumps(
            {
                "id": "jsonl-good",
                "outlet": "Kompas",
                "published": "2025-06-18T09:00:00+07:00",
                "title": "Harga cabai melonjak di Pasar Minggu",
                "text": "Harga cabai rawit di Pasar Minggu, Jakarta Selatan, melonjak menjadi "
                "Rp90.000 per kilogram. Pedagang menyebut pasokan dari Jawa Tengah berkurang.",
            }
        ),
        '{"id": "broken-json", "title": "Tanpa penutup", "text": "abc',
        json.dumps({"id": "no-text", "title": "Judul tanpa isi berita"}),
    ]
    (folder / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name, text in GOOD_TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")


def by_name(rejections: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Rejections keyed by file name (and :LINE for JSONL lines); each origin at most once."""
    keyed: dict[str, dict[str, Any]] = {}
    for rejection in rejections:
        name = Path(rejection["origin"]).name
        assert name not in keyed, f"rejected twice: {rejection} and {keyed[name]}"
        keyed[name] = rejection
    return keyed


def article_with(db: Path, word: str) -> dict[str, Any]:
    hits = cli_json(db, "search", word)
    assert len(hits) == 1, hits
    return cli_json(db, "article", hits[0]["id"])


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "masukan"
    write_mixed_folder(folder)
    return folder


def test_each_bad_item_is_rejected_with_its_reason(mixed: Path, tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    result = cli(db, "ingest", "--quiet", str(mixed))
    assert result.exit_code == 0, result.output

    rejected = by_name(cli_json(db, "rejections"))
    expected = {
        "empty.txt": RejectReason.EMPTY,
        "notes.txt": RejectReason.BINARY,
        "nohtml.html": RejectReason.EMPTY,
        "bad.rss": RejectReason.MALFORMED,
        "missing.csv": RejectReason.MISSING_FIELD,
        "big.txt": RejectReason.TOO_LARGE,
        "mixed.jsonl:2": RejectReason.MALFORMED,
        "mixed.jsonl:3": RejectReason.MISSING_FIELD,
    }
    for name, reason in expected.items():
        assert name in rejected, f"{name} not rejected: {sorted(rejected)}"
        assert rejected[name]["reason"] == reason.value, rejected[name]
        assert rejected[name]["detail"].strip(), rejected[name]
    # A .jpg has no reader; the detail says the content is binary.
    assert rejected["photo.jpg"]["reason"] in {RejectReason.UNSUPPORTED, RejectReason.BINARY}
    assert "binary" in rejected["photo.jpg"]["detail"]
    # The CSV rejection names the columns it found, so the user can write --map.
    for column in ("judul", "tanggal", "penulis"):
        assert column in rejected["missing.csv"]["detail"]
    # Nothing else was rejected: the good files and the good JSONL line are not in the list.
    allowed = set(expected) | {"photo.jpg", "broken.html"}
    assert set(rejected) <= allowed, sorted(set(rejected) - allowed)
    assert "mixed.jsonl:1" not in rejected and "mixed.jsonl" not in rejected
    assert {r.value for r in RejectReason} >= {r["reason"] for r in rejected.values()}


def test_good_items_among_bad_ones_are_stored(mixed: Path, tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    assert cli(db, "ingest", "--quiet", str(mixed)).exit_code == 0

    ids = {row["id"] for row in export(db)}
    assert "jsonl-good" in ids
    titles = {row["title"] for row in export(db)}
    assert "Harga cabai melonjak di Pasar Minggu" in titles
    for word in ("Cianjur", "Papua"):
        assert article_with(db, word)["origin"].endswith((".txt",))

    # Windows-1252 text is read as text, with its typographic characters intact.
    cp1252 = article_with(db, "Braga")
    assert cp1252["origin"].endswith("cp1252.txt")
    for fragment in ("“Kafe Budaya”", "seni – mulai", "art déco", "René Sitompul"):
        assert fragment in cp1252["text"], fragment
    assert "\ufffd" not in cp1252["text"]

    # Broken HTML: either its paragraph made it in, or it was rejected with a reason.
    rejected = by_name(cli_json(db, "rejections"))
    hits = cli_json(db, "search", "Bekasi")
    if "broken.html" in rejected:
        assert rejected["broken.html"]["reason"] in {r.value for r in RejectReason}
        assert not hits
    else:
        assert len(hits) == 1
        text = cli_json(db, "article", hits[0]["id"])["text"]
        assert "Ratusan rumah terendam air" in text
        assert "<p>" not in text and "class=" not in text

    expected_count = 2 + 1 + 1 + (0 if "broken.html" in rejected else 1)
    assert len(ids) == expected_count


def test_rejections_json_lists_every_rejection_once(mixed: Path, tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    assert cli(db, "ingest", "--quiet", str(mixed)).exit_code == 0
    rows = cli_json(db, "rejections")
    assert isinstance(rows, list) and len(rows) >= 9
    for row in rows:
        assert {"origin", "reason", "detail", "at"} <= set(row)
    origins = [row["origin"] for row in rows]
    assert len(origins) == len(set(origins))
    jsonl = [o for o in origins if Path(o).name.startswith("mixed.jsonl")]
    assert sorted(Path(o).name for o in jsonl) == ["mixed.jsonl:2", "mixed.jsonl:3"]
    assert all(o.startswith(str(mixed)) for o in origins)


def test_only_bad_input_exits_1_and_keeps_earlier_articles(tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    good = tmp_path / "good"
    good.mkdir()
    for name, text in GOOD_TEXTS.items():
        (good / name).write_text(text, encoding="utf-8")
    first = cli(db, "ingest", "--quiet", str(good))
    assert first.exit_code == 0, first.output
    before = export(db)
    assert len(before) == 2
    stories_before = cli_json(db, "stories")

    bad = tmp_path / "bad"
    write_bad_files(bad)
    result = cli(db, "ingest", "--quiet", str(bad))
    assert result.exit_code == 1, result.output
    assert "rejected" in result.output

    assert export(db) == before
    assert cli_json(db, "stories") == stories_before
    assert len(cli_json(db, "rejections")) == len(list(bad.iterdir()))


def test_bad_input_ingest_keeps_earlier_articles(mixed: Path, tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text(
        json.dumps(
            {
                "id": "earlier-1",
                "outlet": "Tempo",
                "published": "2025-06-17T08:00:00+07:00",
                "title": "Kereta cepat tambah jadwal perjalanan",
                "text": "PT Kereta Cepat Indonesia China menambah jadwal perjalanan Whoosh "
                "selama libur sekolah. Penumpang diminta membeli tiket lebih awal.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert cli(db, "ingest", "--quiet", str(earlier)).exit_code == 0
    before = {row["id"]: row for row in export(db)}

    assert cli(db, "ingest", "--quiet", str(mixed)).exit_code == 0
    after = {row["id"]: row for row in export(db)}
    assert after["earlier-1"] == before["earlier-1"]
    assert len(after) > len(before)


def test_rerunning_the_same_bad_folder_adds_nothing(mixed: Path, tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    assert cli(db, "ingest", "--quiet", str(mixed)).exit_code == 0
    articles = export(db)
    rejections = cli_json(db, "rejections")
    stories = cli_json(db, "stories")

    again = cli(db, "ingest", "--quiet", str(mixed))
    assert again.exit_code == 0, again.output  # everything good is already stored
    assert "added 0 articles" in again.output
    assert f"{len(articles)} already stored" in again.output
    assert export(db) == articles
    assert cli_json(db, "rejections") == rejections
    assert cli_json(db, "stories") == stories


def test_too_large_file_is_rejected_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "besar"
    folder.mkdir()
    big = folder / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (folder / "gempa.txt").write_text(GOOD_TEXTS["gempa.txt"], encoding="utf-8")

    read: list[str] = []
    real_read_bytes = Path.read_bytes
    real_open = Path.open

    def spy_read_bytes(self: Path) -> bytes:
        read.append(self.name)
        return real_read_bytes(self)

    def spy_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "big.txt":
            read.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", spy_read_bytes)
    monkeypatch.setattr(Path, "open", spy_open)
    settings = load_settings(db=tmp_path / "kabar.db")
    report = ingest([str(folder)], settings, now=NOW)

    assert "big.txt" not in read
    assert "gempa.txt" in read  # the spy does see files that are read
    assert report.added == 1
    assert [(Path(r.origin).name, r.reason) for r in report.rejections] == [
        ("big.txt", RejectReason.TOO_LARGE.value)
    ]
    assert str(50 * 1024 * 1024) in report.rejections[0].detail


def test_a_worker_pool_gives_the_same_result_as_one_process(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from kabar.engine import ingest
    from kabar.settings import load_settings
    from kabar.store.sqlite import SqliteStore

    source = tmp_path / "many.jsonl"
    lines = []
    for number in range(600):  # two batches of 300, each above the size that starts the pool
        text = f"Berita nomor {number} tentang banjir di Kecamatan {number % 7}. " * 3
        lines.append(
            json.dumps(
                {
                    "id": f"n-{number}",
                    "title": f"Banjir {number}",
                    "text": text,
                    "published": f"2025-06-18T{number % 24:02d}:00:00+07:00",
                }
            )
        )
    lines.append("{broken")
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    exports = []
    # With a pool the second batch is cleaned while the first clusters: same stories still.
    for workers in (1, 2):
        settings = load_settings(db=tmp_path / f"w{workers}.db", ingest={"workers": workers})
        now = datetime(2025, 7, 1, tzinfo=UTC)
        report = ingest([str(source)], settings, now=now, batch_size=300)
        assert report.added == 600 and len(report.rejections) == 1
        assert report.seen == 601 and report.read == 600
        with SqliteStore(settings.db) as store:
            exports.append(list(store.export()))
    assert exports[0] == exports[1]


def test_batches_start_small_and_double_up_to_the_batch_size() -> None:
    import itertools

    from kabar.engine import FIRST_BATCH, batch_sizes

    assert FIRST_BATCH == 2_000
    assert list(itertools.islice(batch_sizes(20_000), 6)) == [
        2_000, 4_000, 8_000, 16_000, 20_000, 20_000
    ]  # fmt: skip
    assert list(itertools.islice(batch_sizes(300), 3)) == [300, 300, 300]
