"""find_dates: the date forms of docs/annotating-analysis.md, resolved against publication."""

from __future__ import annotations

from datetime import datetime

import pytest

from kabar.clean.dates import WIB
from kabar.extract.dates import find_dates

PUBLISHED = datetime(2025, 6, 18, 15, 0, tzinfo=WIB)  # a Wednesday
SEED_DAY = datetime(2024, 10, 22, 16, 0, tzinfo=WIB)  # a Tuesday


def one(text: str, published: datetime = PUBLISHED) -> tuple[str, str | None, bool]:
    found = find_dates(text, published)
    assert len(found) == 1, found
    ref = found[0]
    assert text[ref.start : ref.end] == ref.text
    return ref.text, ref.value, ref.relative


@pytest.mark.parametrize(
    ("text", "words", "value", "relative"),
    [
        ("pada Selasa (17/6/2025) pukul", "Selasa (17/6/2025)", "2025-06-17", False),
        ("dikutip Rabu (18/6/2025).", "Rabu (18/6/2025)", "2025-06-18", False),
        ("diumumkan (17/6/2025).", "(17/6/2025)", "2025-06-17", False),
        ("lahir 22 Oktober 2024 di", "22 Oktober 2024", "2024-10-22", False),
        ("sejak Oktober 2024 ini", "Oktober 2024", "2024-10", False),
        ("pada tahun 2022 yang", "tahun 2022", "2022", False),
        ("terjadi pada 2021 yang", "2021", "2021", False),
        ("Pada Juni, Korea Selatan", "Juni", "2025-06", True),
        ("tiba hari ini di", "hari ini", "2025-06-18", True),
        ("tiba kemarin di", "kemarin", "2025-06-17", True),
        ("tiba besok di", "besok", "2025-06-19", True),
        ("tiba lusa di", "lusa", "2025-06-20", True),
        ("bertemu pekan lalu di", "pekan lalu", "2025-06-09/2025-06-15", True),
        ("bertemu minggu depan di", "minggu depan", "2025-06-23/2025-06-29", True),
        ("naik bulan lalu", "bulan lalu", "2025-05", True),
        ("naik tahun lalu", "tahun lalu", "2024", True),
        ("terjadi tiga tahun lalu", "tiga tahun lalu", "2022", True),
        ("dibuka awal Juni oleh", "awal Juni", "2025-06", True),
        ("selesai akhir 2024 lalu", "akhir 2024", "2024", False),
        ("digelar 17 Juli mendatang", "17 Juli mendatang", "2025-07-17", True),
        ("populer pada 1990-an", "1990-an", "1990/1999", False),
        ("juara musim 2024/2025 lalu", "musim 2024/2025", "2024/2025", False),
        ("tampil musim depan", "musim depan", "2025/2026", True),
    ],
)
def test_forms(text: str, words: str, value: str, relative: bool) -> None:
    assert one(text) == (words, value, relative)


def test_weekday_with_day_and_month_takes_the_nearest_year() -> None:
    assert one("Korea Selatan pada Selasa (22/10) berjanji", SEED_DAY) == (
        "Selasa (22/10)",
        "2024-10-22",
        True,
    )


def test_weekday_alone_is_the_last_one_unless_the_sentence_looks_ahead() -> None:
    assert one("Polisi menangkapnya pada Senin malam.") == ("Senin malam", "2025-06-16", True)
    assert one("Laga itu akan digelar pada Sabtu.")[1] == "2025-06-21"
    assert one("Ia mengatakan pada hari Rabu bahwa")[1] == "2025-06-18"
    assert one("Sidang dilanjutkan Kamis nanti.")[1] == "2025-06-19"


def test_weekday_then_modifier_is_one_mention() -> None:
    found = find_dates("Ia datang Senin (16/6) kemarin.", PUBLISHED)
    assert [d.value for d in found] == ["2025-06-16"]


def test_clock_times_and_durations_are_not_dates() -> None:
    assert find_dates("dimulai pukul 10.00 WIB selama tiga tahun", PUBLISHED) == ()


def test_english() -> None:
    found = find_dates(
        "He said on Tuesday that the June 17, 2025 vote, held last week", PUBLISHED, "en"
    )
    assert [(d.text, d.value) for d in found] == [
        ("on Tuesday", "2025-06-17"),
        ("June 17, 2025", "2025-06-17"),
        ("last week", "2025-06-09/2025-06-15"),
    ]
