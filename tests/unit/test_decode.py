"""Bytes to text: UTF-8 first, UTF-16 by its BOM, Windows-1252 preferred for Latin-script text."""

from __future__ import annotations

import pytest

from kabar.errors import InputRejected, RejectReason
from kabar.ingest.decode import decode_bytes, sniff_encoding

SHORT_ID = "Judul\n\nKafe baru di Braga: menu café dan crème brûlée, kata René.\n"
SPANISH = (
    "El presidente habló en Madrid sobre la economía española. Además, añadió que no renunciará.\n"
)
RUSSIAN = "Президент России заявил в Москве, что экономика страны растёт. Министр: всё стабильно.\n"


@pytest.mark.parametrize("text", [SHORT_ID, SPANISH * 3])
def test_latin_text_that_is_not_utf8_reads_as_windows_1252(text: str) -> None:
    # charset-normalizer alone read these as cp775 ("cafķ") and cp1250 ("espańola").
    data = text.encode("cp1252")
    assert decode_bytes(data) == (text, "cp1252")
    assert sniff_encoding(data) == "cp1252"


def test_cyrillic_keeps_its_own_encoding() -> None:
    data = (RUSSIAN * 3).encode("cp1251")
    assert decode_bytes(data) == (RUSSIAN * 3, "cp1251")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_text_not_binary(codec: str) -> None:
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    data = bom + SHORT_ID.encode(codec)
    assert decode_bytes(data) == (SHORT_ID, "utf-16")


def test_utf8_comes_first_and_binary_is_still_rejected() -> None:
    assert decode_bytes(SHORT_ID.encode("utf-8")) == (SHORT_ID, "utf-8")
    for data in (b"PK\x03\x04\x00\x00" + bytes(range(256)) * 4, b"abc\x00def" * 50):
        with pytest.raises(InputRejected) as raised:
            decode_bytes(data)
        assert raised.value.reason == RejectReason.BINARY
