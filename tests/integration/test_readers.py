"""Each reader takes its input kind whole: CSV, HTML pages, RSS, Atom, feed URLs, JSONL html."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kabar.clean.outlets import canonical_outlet
from kabar.cli import main
from kabar.engine import ingest
from kabar.settings import load_settings

NOW = datetime(2025, 6, 20, 12, 0, tzinfo=UTC)

CSV_ROWS = [
    {
        "judul": "Harga Beras Naik Jelang Idul Adha",
        "isi_berita": "Harga beras medium di Pasar Induk Cipinang naik Rp1.000 per kilogram "
        "dalam sepekan. Pedagang menyebut pasokan dari Jawa Tengah berkurang.",
        "sumber": "Tempo",
        "tanggal_publikasi": "Diperbarui 18 Jun 2025, 16:00 WIB",
    },
    {
        "judul": "Timnas U-23 Lolos ke Final",
        "isi_berita": "Tim nasional U-23 Indonesia lolos ke final setelah menang adu penalti. "
        "Pelatih memuji mental para pemain yang tampil di bawah tekanan.",
        "sumber": "Bola.com",
        "tanggal_publikasi": "Diperbarui 19 Jun 2025, 08:15 WIB",
    },
]

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>Harga Cabai Melonjak di Pasar Minggu - Warta Contoh</title>
<meta property="og:site_name" content="Warta Contoh">
<meta property="og:title" content="Harga Cabai Melonjak di Pasar Minggu">
<meta property="article:published_time" content="2025-06-18T16:00:00+07:00">
<meta name="author" content="Budi Santoso">
</head>
<body>
<nav><a href="/">Beranda</a> <a href="/ekonomi">Ekonomi</a> <a href="/olahraga">Olahraga</a></nav>
<article>
<h1>Harga Cabai Melonjak di Pasar Minggu</h1>
<p>Harga cabai rawit merah di Pasar Minggu, Jakarta Selatan, melonjak menjadi Rp90.000 per
kilogram pada Rabu. Pedagang menyebut kenaikan terjadi sejak awal pekan.</p>
<p>Menurut pedagang, pasokan dari sentra produksi di Jawa Tengah dan Jawa Timur berkurang karena
hujan deras merusak tanaman. Pemerintah berjanji akan menggelar operasi pasar.</p>
<p>Badan Pangan Nasional meminta masyarakat tidak panik dan tidak membeli cabai secara
berlebihan karena harga diperkirakan turun dalam dua pekan.</p>
</article>
<footer>Hak cipta 2025 Warta Contoh. Seluruh hak dilindungi.</footer>
</body>
</html>
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Antara News</title>
<link>https://www.antaranews.com/</link>
<description>Berita terkini</description>
<item>
  <title>Jokowi Resmikan Bendungan di Aceh</title>
  <link>https://www.antaranews.com/berita/1001/bendungan-aceh</link>
  <guid>https://www.antaranews.com/berita/1001/bendungan-aceh</guid>
  <pubDate>Wed, 18 Jun 2025 09:00:00 +0700</pubDate>
  <description><![CDATA[<p>Presiden meresmikan Bendungan Keureuto di Aceh Utara pada Rabu.
  Bendungan itu mengairi ribuan hektare sawah.</p><p>Proyek ini dikerjakan sejak 2015.</p>]]>
  </description>
</item>
<item>
  <title>Harga Emas Antam Turun</title>
  <link>https://www.antaranews.com/berita/1002/emas-antam</link>
  <pubDate>Thu, 19 Jun 2025 02:30:00 GMT</pubDate>
  <content:encoded><![CDATA[<p>Harga emas batangan Antam turun Rp5.000 per gram pada Kamis
  pagi.</p><p>Harga pembelian kembali juga turun.</p>]]></content:encoded>
  <description>Ringkasan singkat.</description>
</item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Tempo Nasional</title>
  <link href="https://nasional.tempo.co/"/>
  <id>urn:uuid:tempo-nasional</id>
  <updated>2025-06-19T10:00:00+07:00</updated>
  <entry>
    <title>KPU Tetapkan Jadwal Pemungutan Suara Ulang</title>
    <link href="https://nasional.tempo.co/read/2001/psu"/>
    <id>urn:tempo:2001</id>
    <published>2025-06-18T14:00:00+07:00</published>
    <updated>2025-06-18T15:00:00+07:00</updated>
    <content type="html">&lt;p&gt;Komisi Pemilihan Umum menetapkan jadwal pemungutan suara
    ulang di tiga daerah di Papua Tengah.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>DPR Setujui RUU Perampasan Aset</title>
    <link href="https://nasional.tempo.co/read/2002/ruu-aset"/>
    <id>urn:tempo:2002</id>
    <updated>2025-06-19T09:30:00Z</updated>
    <summary>Rapat paripurna DPR menyetujui RUU Perampasan Aset menjadi undang-undang.</summary>
  </entry>
</feed>
"""


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No kabar.toml or KABAR_* variable of the machine running the tests leaks in."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("KABAR_")]:
        monkeypatch.delenv(name)


def cli(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def articles(db: Path) -> dict[str, dict[str, Any]]:
    """Every stored article in full, keyed by title."""
    result = cli(db, "export")
    assert result.exit_code == 0, result.output
    found = {}
    for line in result.stdout.splitlines():
        row = json.loads(line)
        shown = cli(db, "article", row["id"], "--format", "json")
        assert shown.exit_code == 0, shown.output
        found[row["title"]] = json.loads(shown.stdout) | {"story": row["story"]}
    return found


def rejections(db: Path) -> list[dict[str, Any]]:
    result = cli(db, "rejections", "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def write_csv(path: Path, rows: list[dict[str, str]], *, bom: bool = True) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))


def check_csv_articles(db: Path) -> None:
    stored = articles(db)
    assert set(stored) == {row["judul"] for row in CSV_ROWS}
    beras = stored["Harga Beras Naik Jelang Idul Adha"]
    assert beras["outlet"] == canonical_outlet("Tempo")  # the canonical name, from lang/
    assert utc(beras["published"]) == datetime(2025, 6, 18, 9, 0, tzinfo=UTC)  # 16:00 WIB
    assert beras["published_estimated"] == 0
    assert beras["text"].startswith("Harga beras medium")
    timnas = stored["Timnas U-23 Lolos ke Final"]
    assert utc(timnas["published"]) == datetime(2025, 6, 19, 1, 15, tzinfo=UTC)
    assert timnas["outlet"]
    assert rejections(db) == []


def test_csv_with_explicit_map_and_bom(tmp_path: Path) -> None:
    source = tmp_path / "berita.csv"
    write_csv(source, CSV_ROWS)
    db = tmp_path / "kabar.db"
    mapping = "title=judul,text=isi_berita,outlet=sumber,published=tanggal_publikasi"
    result = cli(db, "ingest", "--quiet", "--map", mapping, str(source))
    assert result.exit_code == 0, result.output
    assert "added 2 articles" in result.output
    check_csv_articles(db)


def test_csv_recognises_indonesian_column_names_without_map(tmp_path: Path) -> None:
    source = tmp_path / "berita.csv"
    write_csv(source, CSV_ROWS)
    db = tmp_path / "kabar.db"
    result = cli(db, "ingest", "--quiet", str(source))
    assert result.exit_code == 0, result.output
    check_csv_articles(db)


def test_csv_map_can_name_unusual_columns(tmp_path: Path) -> None:
    rows = [
        {"kepala": row["judul"], "badan": row["isi_berita"], "waktu": row["tanggal_publikasi"]}
        for row in CSV_ROWS
    ]
    source = tmp_path / "aneh.csv"
    write_csv(source, rows, bom=False)
    db = tmp_path / "kabar.db"
    without = cli(db, "ingest", "--quiet", str(source))
    assert without.exit_code == 1  # no text column recognised: nothing ingested
    assert [r["reason"] for r in rejections(db)] == ["missing_field"]
    mapped = cli(
        db,
        "ingest",
        "--quiet",
        "--map",
        "title=kepala",
        "--map",
        "text=badan,published=waktu",
        str(source),
    )
    assert mapped.exit_code == 0, mapped.output
    stored = articles(db)
    assert set(stored) == {row["judul"] for row in CSV_ROWS}
    beras = stored["Harga Beras Naik Jelang Idul Adha"]
    assert utc(beras["published"]) == datetime(2025, 6, 18, 9, 0, tzinfo=UTC)


def test_html_article_page(tmp_path: Path) -> None:
    page = tmp_path / "cabai.html"
    page.write_text(ARTICLE_PAGE, encoding="utf-8")
    db = tmp_path / "kabar.db"
    result = cli(db, "ingest", "--quiet", str(page))
    assert result.exit_code == 0, result.output
    stored = articles(db)
    assert list(stored) == ["Harga Cabai Melonjak di Pasar Minggu"]
    article = stored["Harga Cabai Melonjak di Pasar Minggu"]
    assert "Rp90.000 per" in article["text"]
    assert "operasi pasar" in article["text"]
    assert "Beranda" not in article["text"]  # navigation is not article text
    assert "Hak cipta" not in article["text"]
    assert article["outlet"] == "Warta Contoh"
    assert article["author"] == "Budi Santoso"
    assert article["published_estimated"] == 0
    assert utc(article["published"]) == datetime(2025, 6, 18, 9, 0, tzinfo=UTC)
    assert article["fmt"] == "html"


def check_feed_articles(db: Path, expected: dict[str, tuple[str, datetime]], feed: str) -> None:
    """The entries' titles, links and dates; the outlet from the feed's title or the link."""
    stored = articles(db)
    assert set(stored) == set(expected)
    for title, (link, published) in expected.items():
        article = stored[title]
        assert article["url"] == link
        assert utc(article["published"]) == published, title
        assert article["published_estimated"] == 0
        assert article["outlet"] == canonical_outlet(feed, link)
        assert article["text"].strip()
        assert "<p>" not in article["text"]
    assert rejections(db) == []


RSS_EXPECTED = {
    "Jokowi Resmikan Bendungan di Aceh": (
        "https://www.antaranews.com/berita/1001/bendungan-aceh",
        datetime(2025, 6, 18, 2, 0, tzinfo=UTC),
    ),
    "Harga Emas Antam Turun": (
        "https://www.antaranews.com/berita/1002/emas-antam",
        datetime(2025, 6, 19, 2, 30, tzinfo=UTC),
    ),
}


def test_rss_feed_file(tmp_path: Path) -> None:
    feed = tmp_path / "antara.rss"
    feed.write_text(RSS, encoding="utf-8")
    db = tmp_path / "kabar.db"
    result = cli(db, "ingest", "--quiet", str(feed))
    assert result.exit_code == 0, result.output
    check_feed_articles(db, RSS_EXPECTED, "Antara News")
    stored = articles(db)
    emas = stored["Harga Emas Antam Turun"]["text"]
    assert "Rp5.000 per gram" in emas  # content:encoded wins over the short description
    bendungan = stored["Jokowi Resmikan Bendungan di Aceh"]["text"]
    assert "Bendungan Keureuto" in bendungan and "sejak 2015" in bendungan


def test_atom_feed_file(tmp_path: Path) -> None:
    feed = tmp_path / "tempo.atom"
    feed.write_text(ATOM, encoding="utf-8")
    db = tmp_path / "kabar.db"
    result = cli(db, "ingest", "--quiet", str(feed))
    assert result.exit_code == 0, result.output
    expected = {
        "KPU Tetapkan Jadwal Pemungutan Suara Ulang": (
            "https://nasional.tempo.co/read/2001/psu",
            datetime(2025, 6, 18, 7, 0, tzinfo=UTC),  # published, not updated
        ),
        "DPR Setujui RUU Perampasan Aset": (
            "https://nasional.tempo.co/read/2002/ruu-aset",
            datetime(2025, 6, 19, 9, 30, tzinfo=UTC),
        ),
    }
    check_feed_articles(db, expected, "Tempo Nasional")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """A folder served over HTTP on 127.0.0.1 at an ephemeral port; shut down afterwards."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "feed.xml").write_text(RSS, encoding="utf-8")
    (root / "cabai.html").write_text(ARTICLE_PAGE, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_feed_url(served: str, tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    result = cli(db, "ingest", "--quiet", f"{served}/feed.xml")
    assert result.exit_code == 0, result.output
    check_feed_articles(db, RSS_EXPECTED, "Antara News")
    origins = {article["origin"] for article in articles(db).values()}
    assert origins == {f"{served}/feed.xml@1", f"{served}/feed.xml@2"}


def test_article_page_url_and_missing_url(served: str, tmp_path: Path) -> None:
    db = tmp_path / "kabar.db"
    settings = load_settings(db=db)
    report = ingest([f"{served}/cabai.html", f"{served}/hilang.xml"], settings, now=NOW)
    assert report.added == 1
    assert [(r.origin, r.reason) for r in report.rejections] == [(f"{served}/hilang.xml", "fetch")]
    article = articles(db)["Harga Cabai Melonjak di Pasar Minggu"]
    assert article["url"] == f"{served}/cabai.html"
    assert utc(article["published"]) == datetime(2025, 6, 18, 9, 0, tzinfo=UTC)


def test_jsonl_with_html_instead_of_text(tmp_path: Path) -> None:
    source = tmp_path / "halaman.jsonl"
    records = [
        {"id": "html-1", "url": "https://warta.contoh/cabai", "html": ARTICLE_PAGE},
        {
            "id": "html-2",
            "title": "Judul dari JSONL",
            "outlet": "Kompas",
            "published": "2025-06-19T07:00:00+07:00",
            "html": "<html><body><article><p>Kebakaran melanda pasar tradisional di Medan pada "
            "Kamis dini hari. Ratusan kios hangus dan kerugian ditaksir miliaran rupiah.</p>"
            "<p>Petugas pemadam kebakaran membutuhkan tiga jam untuk memadamkan api.</p>"
            "</article></body></html>",
        },
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "kabar.db"
    result = cli(db, "ingest", "--quiet", str(source))
    assert result.exit_code == 0, result.output
    stored = {article["id"]: article for article in articles(db).values()}
    assert set(stored) == {"html-1", "html-2"}
    assert stored["html-1"]["title"] == "Harga Cabai Melonjak di Pasar Minggu"
    assert "Rp90.000 per" in stored["html-1"]["text"]
    assert "<p>" not in stored["html-1"]["text"]
    kebakaran = stored["html-2"]
    assert kebakaran["title"] == "Judul dari JSONL"  # the record's own title wins
    assert "Ratusan kios hangus" in kebakaran["text"]
    assert "tiga jam" in kebakaran["text"]
    assert "<" not in kebakaran["text"]
    assert kebakaran["outlet"] == canonical_outlet("Kompas")
    assert utc(kebakaran["published"]) == datetime(2025, 6, 19, 0, 0, tzinfo=UTC)


def test_jsonl_is_read_line_by_line_whatever_each_line_is_encoded_in(tmp_path: Path) -> None:
    source = tmp_path / "campur.jsonl"
    good = {"id": "u-1", "title": "Kabar “baik”", "text": "Harga beras turun – kata pedagang."}
    legacy = {"id": "w-2", "title": "Café “lama”", "text": "Teks dari sistem lama – Windows."}
    source.write_bytes(
        (json.dumps(good, ensure_ascii=False) + "\n").encode("utf-8")
        + (json.dumps(legacy, ensure_ascii=False) + "\n").encode("cp1252")
        + b"\n"
    )
    db = tmp_path / "kabar.db"
    result = cli(db, "ingest", "--quiet", str(source))
    assert result.exit_code == 0, result.output
    stored = {article["id"]: article for article in articles(db).values()}
    assert stored["u-1"]["title"] == "Kabar “baik”"
    assert stored["w-2"]["title"] == "Café “lama”"
    assert "\ufffd" not in stored["w-2"]["text"]
