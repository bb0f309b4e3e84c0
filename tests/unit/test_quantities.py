"""find_quantities on the Indonesian (and English) number forms of docs/annotating-analysis.md."""

from __future__ import annotations

import pytest

from kabar.extract.quantities import find_quantities
from kabar.model import Quantity


def one(text: str, lang: str = "id") -> Quantity:
    found = find_quantities(text, lang)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "words", "value", "unit"),
    [
        ("mengirim 12.000 tentara", "12.000", 12000, None),
        ("dana 1,5 juta", "1,5 juta", 1_500_000, None),
        ("kerugian Rp11,8 triliun.", "Rp11,8 triliun", 11_800_000_000_000, "IDR"),
        ("harga Rp 500 ribu per orang", "Rp 500 ribu", 500_000, "IDR"),
        ("biaya 25 juta euro.", "25 juta euro", 25_000_000, "EUR"),
        ("investasi US$5 miliar.", "US$5 miliar", 5_000_000_000, "USD"),
        ("sejauh 2.700 km dari", "2.700 km", 2700, "km"),
        ("naik 50 persen dari", "50 persen", 50, "%"),
        ("tumbuh 3,5% pada kuartal", "3,5%", 3.5, "%"),
        ("mengirim dua belas ribu tentara", "dua belas ribu", 12000, None),
        ("selama tiga tahun terakhir", "tiga tahun", 3, "year"),
        ("waktu 4 jam 30 menit.", "4 jam 30 menit", 270, "minute"),
        ("gempa Magnitudo 4,9 mengguncang", "Magnitudo 4,9", 4.9, "M"),
    ],
)
def test_forms(text: str, words: str, value: float, unit: str | None) -> None:
    found = one(text)
    assert (found.text, found.value, found.unit) == (words, value, unit)
    assert text[found.start : found.end] == words


def test_noun_and_approximate() -> None:
    found = find_quantities("mengirimkan sekitar 12.000 tentara dan 1.500 orang sudah tiba")
    assert [(q.value, q.noun, q.approximate) for q in found] == [
        (12000, "tentara", True),
        (1500, "orang", False),
    ]


def test_classifier_stays_with_its_noun() -> None:
    assert one("membangun 500 unit rumah bagi warga").noun == "unit rumah"


@pytest.mark.parametrize(("text", "value"), [("ribuan warga", 1000), ("puluhan ribu warga", 10000)])
def test_approximate_words(text: str, value: float) -> None:
    found = one(text)
    assert (found.value, found.approximate, found.noun) == (value, True, "warga")


@pytest.mark.parametrize(
    "text",
    [
        "Presiden ke-7 RI",
        "melanggar Pasal 2 ayat",
        "menang 2-1 atas",
        "pada 18 Juni 2025 lalu",
        "pukul 13.00 WIB",
        "pada tahun 2022",
        "Rabu (18/6/2025)",
        "salah satu pemain",
        "bermain di Liga 1 musim ini",
        "hubungi 0812-3456-7890",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == ()


def test_range_takes_the_unit_of_its_end() -> None:
    first, second = find_quantities("tumbuh 4,6 hingga 5,4 persen")
    assert (first.value, first.unit, second.value, second.unit) == (4.6, "%", 5.4, "%")


def test_hyphen_range_is_one_mention_at_its_lower_bound() -> None:
    found = one("warga berusia 18-44 tahun")
    assert (found.text, found.value, found.unit, found.approximate) == (
        "18-44 tahun",
        18,
        "year",
        True,
    )


def test_age_in_brackets() -> None:
    found = one("kata Sari (41), pedagang")
    assert (found.value, found.unit) == (41, "year")


@pytest.mark.parametrize(
    ("text", "words", "value", "unit", "noun"),
    [
        ("sent 12,000 troops", "12,000", 12000, None, "troops"),
        ("a $5 billion deal", "$5 billion", 5e9, "USD", "deal"),
        ("some 1.5 million people", "1.5 million", 1.5e6, None, "people"),
    ],
)
def test_english(text: str, words: str, value: float, unit: str | None, noun: str | None) -> None:
    found = one(text, "en")
    assert (found.text, found.value, found.unit, found.noun) == (words, value, unit, noun)


def test_sorted_and_offsets_are_exact() -> None:
    text = "Sebanyak 32 tim dan 48 laga, nilai Rp 2 triliun."
    found = find_quantities(text)
    assert [q.start for q in found] == sorted(q.start for q in found)
    assert all(text[q.start : q.end] == q.text for q in found)
