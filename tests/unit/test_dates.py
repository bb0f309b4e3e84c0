"""Unit tests for kabar.clean.dates: publication dates as Indonesian outlets print them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from kabar.clean.dates import STYLES, WIB, WIT, WITA, format_published, parse_published


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# (text printed by an outlet or feed, the UTC instant it means)
OUTLET_FORMS = [
    # Liputan6 (daily scrape and per-outlet file)
    ("Diperbarui 18 Jun 2025, 16:00 WIB", utc(2025, 6, 18, 9, 0)),
    ("Diperbarui 06 Jun 2025, 14:15 WIB", utc(2025, 6, 6, 7, 15)),
    # Detik
    ("Rabu, 18 Jun 2025 19:54 WIB", utc(2025, 6, 18, 12, 54)),
    ("Sabtu, 24 Mei  2025 16:40 WIB", utc(2025, 5, 24, 9, 40)),
    # Kompas, with and without a space before the dash
    ("Kompas.com- 18/06/2025, 21:35 WIB", utc(2025, 6, 18, 14, 35)),
    ("Kompas.com - 10/06/2025, 21:23 WIB", utc(2025, 6, 10, 14, 23)),
    # Okezone
    ("Senin, 16 Juni 2025 |15:20 WIB", utc(2025, 6, 16, 8, 20)),
    (", Jurnalis-Selasa, 17 Juni 2025 |17:09 WIB", utc(2025, 6, 17, 10, 9)),
    (",\xa0Jurnalis-Selasa, 17 Juni 2025 |17:09 WIB", utc(2025, 6, 17, 10, 9)),
    (",\xa0Jurnalis-Jum'at, 13 Juni 2025 |19:04 WIB", utc(2025, 6, 13, 12, 4)),
    ("10 Juni 2025 |04:01 WIB", utc(2025, 6, 9, 21, 1)),
    # Tempo: dot as the time separator
    ("13 Mei 2025 | 19.34 WIB", utc(2025, 5, 13, 12, 34)),
    ("11 Februari 2018 | 08.41 WIB", utc(2018, 2, 11, 1, 41)),
    # Tribun
    ("Tayang: Selasa, 10 Juni 2025 08:52 WIB", utc(2025, 6, 10, 1, 52)),
    # PosMetro, including the Excel "_x0000_" escape left by the xlsx conversion
    ("Selasa, 3 Juni 2025-  13:35 WIB", utc(2025, 6, 3, 6, 35)),
    ("Selasa, 10 Jun 2025 - 21:48 WIB_x0000_", utc(2025, 6, 10, 14, 48)),
    # SindoNews
    ("Selasa, 10 Juni 2025 - 07:00 WIB", utc(2025, 6, 10, 0, 0)),
    ("Jum'at, 06 Juni 2025 - 20:25 WIB", utc(2025, 6, 6, 13, 25)),
    # Republika (daily scrape: runs of spaces, no comma)
    ("Rabu   18 Jun 2025  22:02 WIB", utc(2025, 6, 18, 15, 2)),
    # Dates alone: midnight WIB
    ("18/06/2025", utc(2025, 6, 17, 17, 0)),
    ("2025-06-18", utc(2025, 6, 17, 17, 0)),
    ("10 Juni 2025", utc(2025, 6, 9, 17, 0)),
    # ISO 8601
    ("2025-06-18T09:00:00+07:00", utc(2025, 6, 18, 2, 0)),
    ("2025-06-18T02:00:00Z", utc(2025, 6, 18, 2, 0)),
    ("2025-06-18T09:00:00.123+07:00", datetime(2025, 6, 18, 2, 0, 0, 123000, tzinfo=UTC)),
    ("2025-06-18 09:00", utc(2025, 6, 18, 2, 0)),
    # RFC 2822, as feeds print it
    ("Wed, 18 Jun 2025 09:00:00 +0700", utc(2025, 6, 18, 2, 0)),
    ("Wed, 18 Jun 2025 02:00:00 GMT", utc(2025, 6, 18, 2, 0)),
    ("Wed, 18 Jun 2025 02:00:00 -0500", utc(2025, 6, 18, 7, 0)),
    # English
    ("June 18, 2025 4:00 PM", utc(2025, 6, 18, 9, 0)),
    ("June 18, 2025 12:30 AM", utc(2025, 6, 17, 17, 30)),
    ("Updated June 18, 2025 4:00 PM GMT+08:00", utc(2025, 6, 18, 8, 0)),
    # Other zones
    ("Rabu, 18 Jun 2025 19:54 WITA", utc(2025, 6, 18, 11, 54)),
    ("Rabu, 18 Jun 2025 19:54 WIT", utc(2025, 6, 18, 10, 54)),
    ("Rabu, 18 Jun 2025 19:54 wita", utc(2025, 6, 18, 11, 54)),
    ("18 Juni 2025 19:54 UTC", utc(2025, 6, 18, 19, 54)),
    ("18 Juni 2025 19:54 GMT+7", utc(2025, 6, 18, 12, 54)),
    ("18 Juni 2025 19:54 Waktu Indonesia Tengah", utc(2025, 6, 18, 11, 54)),
    # Month spellings from the data file
    ("17 Agustus 2025 10:00 WIB", utc(2025, 8, 17, 3, 0)),
    ("17 Agt 2025 10:00 WIB", utc(2025, 8, 17, 3, 0)),
    ("1 Peb 2024 10:00 WIB", utc(2024, 2, 1, 3, 0)),
    ("5 Nop 2024 10:00 WIB", utc(2024, 11, 5, 3, 0)),
    ("5 Sept. 2024 10:00 WIB", utc(2024, 9, 5, 3, 0)),
    ("31 Des 2024 23:59 WIB", utc(2024, 12, 31, 16, 59)),
    # Time before the date, "pukul"
    ("16:00 WIB, Rabu 18 Juni 2025", utc(2025, 6, 18, 9, 0)),
    ("Rabu, 18 Juni 2025 pukul 16.00 WIB", utc(2025, 6, 18, 9, 0)),
]


@pytest.mark.parametrize(("text", "expected"), OUTLET_FORMS)
def test_outlet_forms(text: str, expected: datetime) -> None:
    parsed = parse_published(text)
    assert parsed is not None
    assert parsed.tzinfo is not None
    assert parsed == expected


@pytest.mark.parametrize(
    ("date_text", "time_text", "expected"),
    [
        ("10 Juni 2025", "13:21", utc(2025, 6, 10, 6, 21)),  # KapanLagi
        ("06 Jun 2025", "21:02", utc(2025, 6, 6, 14, 2)),  # Detik
        ("10 Jun 2025", "21:55", utc(2025, 6, 10, 14, 55)),  # Republika
        ("10 Jun 2025", "21:55 WITA", utc(2025, 6, 10, 13, 55)),
        ("10 Jun 2025", "", utc(2025, 6, 9, 17, 0)),
        ("10 Jun 2025", "Tidak Ditemukan", utc(2025, 6, 9, 17, 0)),
        # A time in the date text wins over the separate column
        ("Sabtu, 24 Mei  2025 16:40 WIB", "16:41", utc(2025, 5, 24, 9, 40)),
        # ... but the column's zone fills in a missing one
        ("24 Mei 2025 16:40", "16:40 WIT", utc(2025, 5, 24, 7, 40)),
    ],
)
def test_separate_time_column(date_text: str, time_text: str, expected: datetime) -> None:
    assert parse_published(date_text, time_text=time_text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Scroll ke bawah untuk membaca berita",
        "Tidak Ditemukan",
        "Tidak ditemukan",
        "",
        "   ",
        "Diperbarui",
        "WIB",
        "16:00 WIB",
        "31/02/2025",
        "30 Februari 2025 10:00 WIB",
        "2025-13-01",
        "Juni 2025",
        "123 Juni 2025",
        "18 Juni 20255",
        "Rp 2.000.000",
        "ſep",
        "\x00\ud800",
    ],
)
def test_no_date(text: str) -> None:
    assert parse_published(text) is None


def test_zone_objects() -> None:
    assert WIB.utcoffset(None) == timedelta(hours=7)
    assert WITA.utcoffset(None) == timedelta(hours=8)
    assert WIT.utcoffset(None) == timedelta(hours=9)
    parsed = parse_published("Rabu, 18 Jun 2025 19:54 WITA")
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(hours=8)
    assert parsed.tzname() == "WITA"


def test_default_tz_used_without_zone_word() -> None:
    parsed = parse_published("18 Juni 2025 10:00", default_tz=WIT)
    assert parsed == utc(2025, 6, 18, 1, 0)
    jakarta = parse_published("18 Juni 2025", default_tz=ZoneInfo("Asia/Jakarta"))
    assert jakarta == utc(2025, 6, 17, 17, 0)
    # A printed zone beats default_tz.
    assert parse_published("18 Juni 2025 10:00 WIB", default_tz=UTC) == utc(2025, 6, 18, 3, 0)


def test_date_without_time_is_local_midnight() -> None:
    parsed = parse_published("18/06/2025", default_tz=WITA)
    assert parsed is not None
    assert (parsed.hour, parsed.minute, parsed.utcoffset()) == (0, 0, timedelta(hours=8))


def test_first_valid_date_wins() -> None:
    assert parse_published("31/02/2025 atau 18/06/2025") == utc(2025, 6, 17, 17, 0)


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("liputan6", "Diperbarui 18 Jun 2025, 16:00 WIB"),
        ("detik", "Rabu, 18 Jun 2025 16:00 WIB"),
        ("kompas", "Kompas.com - 18/06/2025, 16:00 WIB"),
        ("okezone", ", Jurnalis-Rabu, 18 Juni 2025 |16:00 WIB"),
        ("tempo", "18 Juni 2025 | 16.00 WIB"),
        ("tribun", "Tayang: Rabu, 18 Juni 2025 16:00 WIB"),
        ("sindonews", "Rabu, 18 Juni 2025 - 16:00 WIB"),
        ("posmetro", "Rabu, 18 Juni 2025-  16:00 WIB"),
        ("republika", "Rabu   18 Jun 2025  16:00 WIB"),
        ("iso", "2025-06-18T16:00:00+07:00"),
        ("rfc2822", "Wed, 18 Jun 2025 16:00:00 +0700"),
        ("english", "June 18, 2025 4:00 PM WIB"),
    ],
)
def test_format_published(style: str, expected: str) -> None:
    dt = datetime(2025, 6, 18, 16, 0, tzinfo=WIB)
    assert format_published(dt, style) == expected
    assert parse_published(expected) == dt


def test_styles_are_all_tested() -> None:
    assert set(STYLES) == {
        "liputan6",
        "detik",
        "kompas",
        "okezone",
        "tempo",
        "tribun",
        "sindonews",
        "posmetro",
        "republika",
        "iso",
        "rfc2822",
        "english",
    }


def test_format_converts_foreign_zones_to_wib() -> None:
    dt = datetime(2025, 6, 18, 2, 0, tzinfo=UTC)
    assert format_published(dt, "detik") == "Rabu, 18 Jun 2025 09:00 WIB"
    assert format_published(dt, "iso") == "2025-06-18T02:00:00+00:00"
    offset = datetime(2025, 6, 18, 2, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert format_published(offset, "english") == "June 18, 2025 2:00 AM GMT-05:00"
    assert parse_published(format_published(offset, "english")) == offset


def test_format_rejects_naive_and_unknown_style() -> None:
    with pytest.raises(ValueError, match="aware"):
        format_published(datetime(2025, 6, 18, 16, 0), "detik")
    with pytest.raises(ValueError, match="unknown date style"):
        format_published(datetime(2025, 6, 18, 16, 0, tzinfo=WIB), "antara")
