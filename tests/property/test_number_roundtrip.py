"""Numbers printed the Indonesian (or English) way read back to the same value."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kabar.extract.numbers import format_number, parse_number

UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
TEENS = {10: "sepuluh", 11: "sebelas"}


def below_thousand(n: int) -> str:
    """Indonesian words for 0 < n < 1000, written the way outlets print them."""
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append("seratus" if hundreds == 1 else f"{UNITS[hundreds]} ratus")
    if rest in TEENS:
        parts.append(TEENS[rest])
    elif 12 <= rest <= 19:
        parts.append(f"{UNITS[rest - 10]} belas")
    elif rest:
        tens, ones = divmod(rest, 10)
        if tens:
            parts.append(f"{UNITS[tens]} puluh")
        if ones:
            parts.append(UNITS[ones])
    return " ".join(parts)


def words(n: int) -> str:
    """Indonesian words for 0 < n < 10**12."""
    parts = []
    for scale, name in ((10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        count, n = divmod(n, scale)
        if count == 1 and scale == 1000:
            parts.append("seribu")
        elif count:
            parts.append(f"{below_thousand(count)} {name}")
    if n:
        parts.append(below_thousand(n))
    return " ".join(parts)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e18, max_value=1e18))
def test_indonesian_format_parses_back(value: float) -> None:
    assert parse_number(format_number(value, "id"), "id") == value


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e18, max_value=1e18))
def test_english_format_parses_back(value: float) -> None:
    assert parse_number(format_number(value, "en"), "en") == value


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_number_words_parse_to_their_value(n: int) -> None:
    assert parse_number(words(n), "id") == n


def test_known_words() -> None:
    assert parse_number("dua belas ribu") == 12000
    assert parse_number("seratus dua puluh lima") == 125
    assert parse_number("1,5 juta") == 1_500_000
    assert format_number(12000) == "12.000"
    assert format_number(1.5) == "1,5"
